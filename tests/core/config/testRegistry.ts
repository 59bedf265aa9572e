import { z } from 'zod';
import { createRegistry } from '../../../src/core/plugins/registry';
import { definePlugin, type AnyPlugin, type PluginKind } from '../../../src/core/plugins/kinds';

/** A registry of inert plugins with the names config tests use; options are free-form except where noted. */
function inert(kind: PluginKind, name: string, schema: z.ZodType = z.record(z.string(), z.unknown())): AnyPlugin {
  return definePlugin({ name, kind, description: `${name} (test)`, configSchema: schema, create: () => ({}) as never }) as AnyPlugin;
}

export const testRegistry = createRegistry([
  inert('datasource', 'local_csv'),
  inert('llm', 'mock', z.strictObject({ seed: z.number().optional() })),
  inert('sink', 'csv'),
  inert('sink', 'analytics_report'),
  inert('row', 'score_extractor'),
  inert('row', 'noop'),
  inert('aggregator', 'score_stats'),
  inert('aggregator', 'score_recommendation'),
  inert('baseline', 'score_delta'),
  inert('baseline', 'score_significance'),
  inert('middleware', 'prompt_shield'),
  inert('middleware', 'audit_logger'),
  inert('earlyStop', 'threshold'),
  inert('rateLimiter', 'fixed_window'),
  inert('costTracker', 'fixed_price'),
  inert('validation', 'json'),
]);
