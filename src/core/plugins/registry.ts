import { z } from 'zod';
import { AppError } from '../errors';
import { didYouMean, unknownNameMessage } from './didYouMean';
import type { AnyPlugin, Plugin, PluginDeps, PluginInstanceByKind, PluginKind } from './kinds';
import type { PluginDef } from './pluginDef';

/** Human names for error messages, close to the original's wording. */
export const KIND_LABELS: Record<PluginKind, string> = {
  datasource: 'datasource plugin',
  llm: 'llm plugin',
  middleware: 'LLM middleware',
  row: 'row experiment plugin',
  aggregator: 'aggregation experiment plugin',
  baseline: 'baseline comparison plugin',
  validation: 'validation plugin',
  earlyStop: 'early-stop plugin',
  rateLimiter: 'rate limiter plugin',
  costTracker: 'cost tracker plugin',
  sink: 'sink plugin',
};

export interface OptionProblem {
  path: (string | number)[];
  message: string;
}

export interface Registry {
  has(kind: PluginKind, name: string): boolean;
  get<K extends PluginKind>(kind: K, name: string): Plugin<K>;
  list(kind?: PluginKind): AnyPlugin[];
  names(kind: PluginKind): string[];
  /** Problems with a definition's name or options; empty when it is valid. */
  check(kind: PluginKind, def: PluginDef): OptionProblem[];
  create<K extends PluginKind>(kind: K, def: PluginDef, deps: PluginDeps): PluginInstanceByKind[K];
}

/** Builds a registry from plugin lists. Duplicate (kind, name) pairs are a programming error. */
export function createRegistry(plugins: readonly AnyPlugin[]): Registry {
  const byKind = new Map<PluginKind, Map<string, AnyPlugin>>();
  for (const plugin of plugins) {
    const table = byKind.get(plugin.kind) ?? new Map<string, AnyPlugin>();
    if (table.has(plugin.name)) throw new Error(`Duplicate ${plugin.kind} plugin '${plugin.name}'`);
    table.set(plugin.name, plugin);
    byKind.set(plugin.kind, table);
  }
  const names = (kind: PluginKind) => [...(byKind.get(kind)?.keys() ?? [])].sort();

  const get = <K extends PluginKind>(kind: K, name: string): Plugin<K> => {
    const plugin = byKind.get(kind)?.get(name);
    if (!plugin) {
      throw new AppError('PLUGIN_NOT_FOUND', unknownNameMessage(KIND_LABELS[kind], name, names(kind)), {
        details: { kind, name, available: names(kind) },
      });
    }
    return plugin as unknown as Plugin<K>;
  };

  const parse = (kind: PluginKind, def: PluginDef): unknown => {
    const result = get(kind, def.name).configSchema.safeParse(def.options);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '<options>'}: ${issue.message}`);
      throw new AppError('PLUGIN_OPTIONS_INVALID', `Invalid options for ${KIND_LABELS[kind]} '${def.name}': ${problems.join('; ')}`, {
        details: { kind, name: def.name, issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })) },
      });
    }
    return result.data;
  };

  return {
    has: (kind, name) => byKind.get(kind)?.has(name) ?? false,
    get,
    names,
    list: (kind) =>
      kind ? [...(byKind.get(kind)?.values() ?? [])] : [...byKind.values()].flatMap((table) => [...table.values()]),
    check(kind, def) {
      if (!byKind.get(kind)?.has(def.name)) {
        return [{ path: ['name'], message: unknownNameMessage(KIND_LABELS[kind], def.name, names(kind)) }];
      }
      const schema = get(kind, def.name).configSchema;
      const result = schema.safeParse(def.options);
      if (result.success) return [];
      return result.error.issues.flatMap((issue) => {
        const path = ['options', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
        // A schema's own wording (e.g. which pandas_kwargs are honoured) is kept as it is.
        if (issue.code !== 'unrecognized_keys' || !issue.message.startsWith('Unrecognized key')) return [{ path, message: issue.message }];
        const allowed = issue.path.length === 0 ? optionNames(schema) : [];
        return issue.keys.map((key) => ({ path: [...path, key], message: unknownOptionMessage(key, allowed) }));
      });
    },
    create(kind, def, deps) {
      const options = parse(kind, def);
      return get(kind, def.name).create(options, deps);
    },
  };
}

/** Option names of an object schema (refinements keep the shape; transforms hide it). */
function optionNames(schema: z.ZodType): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).sort() : [];
}

function unknownOptionMessage(key: string, allowed: string[]): string {
  const hint = didYouMean(key, allowed);
  return `unknown option '${key}'.${hint ? ` Did you mean '${hint}'?` : ''}${allowed.length > 0 ? ` Allowed options: ${allowed.join(', ')}.` : ''}`;
}

/** Shorthand for an options schema that rejects unknown keys. */
export const options = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
