import type { AnyPlugin } from '../core/plugins/kinds';
import { createRegistry, type Registry } from '../core/plugins/registry';
import { aggregatorPlugins } from './aggregator';
import { baselinePlugins } from './baseline';
import { costTrackerPlugins } from './costTracker';
import { datasourcePlugins } from './datasource';
import { earlyStopPlugins } from './earlyStop';
import { llmPlugins } from './llm';
import { middlewarePlugins } from './middleware';
import { rateLimiterPlugins } from './rateLimiter';
import { rowPlugins } from './row';
import { sinkPlugins } from './sink';
import { validationPlugins } from './validation';

/** Every built-in plugin. Registries are built from lists; nothing registers itself on import. */
export const builtinPlugins: readonly AnyPlugin[] = [
  ...datasourcePlugins,
  ...llmPlugins,
  ...middlewarePlugins,
  ...rowPlugins,
  ...aggregatorPlugins,
  ...baselinePlugins,
  ...validationPlugins,
  ...earlyStopPlugins,
  ...rateLimiterPlugins,
  ...costTrackerPlugins,
  ...sinkPlugins,
] as readonly AnyPlugin[];

export function createBuiltinRegistry(extra: readonly AnyPlugin[] = []): Registry {
  return createRegistry([...builtinPlugins, ...extra]);
}
