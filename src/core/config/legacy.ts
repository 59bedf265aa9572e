import { keyPath, type ProblemCollector } from './problems';

/** Which experiment-plugin family a name belongs to; used to split a legacy `plugins` list. */
export type PluginFamilyOf = (name: string) => 'row' | 'aggregator' | 'baseline' | undefined;

/** Own keys only: a key named `constructor` or `__proto__` is unknown, not Object.prototype's. */
const lookup = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const RENAMES: Record<string, string> = {
  promptPack: 'prompt_pack',
  promptPacks: 'prompt_packs',
  middlewares: 'llm_middlewares',
};

const RUNNER_KEYS: Record<string, string> = { retry: 'retry', checkpoint: 'checkpoint', earlyStop: 'early_stop' };

const FAMILY_KEYS: Record<string, 'row_plugins' | 'aggregator_plugins' | 'baseline_plugins'> = {
  row: 'row_plugins',
  row_plugins: 'row_plugins',
  aggregator: 'aggregator_plugins',
  aggregation: 'aggregator_plugins',
  aggregator_plugins: 'aggregator_plugins',
  baseline: 'baseline_plugins',
  baseline_plugins: 'baseline_plugins',
};

interface MigrationContext {
  file: string;
  path: string;
  problems: ProblemCollector;
  familyOf: PluginFamilyOf;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Rewrites the legacy keys of docs/original-behaviour.md §10 to their modern names with one warning each. A modern
 * key that is also present wins, and the legacy value is dropped with a warning saying so.
 */
export function migrateLegacyKeys(raw: Record<string, unknown>, ctx: MigrationContext): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [legacy, modern] of Object.entries(RENAMES)) {
    if (Object.hasOwn(out, legacy)) moveKey(out, legacy, modern, out[legacy], ctx);
  }
  if (Object.hasOwn(out, 'runner')) migrateRunner(out, ctx);
  if (Object.hasOwn(out, 'plugins')) migratePlugins(out, ctx);
  return out;
}

function moveKey(out: Record<string, unknown>, legacy: string, modern: string, value: unknown, ctx: MigrationContext): void {
  delete out[legacy];
  const at = keyPath(ctx.path, legacy);
  if (Object.hasOwn(out, modern)) {
    ctx.problems.warning(ctx.file, at, `legacy key '${legacy}' ignored because '${modern}' is also set`);
    return;
  }
  out[modern] = value;
  ctx.problems.warning(ctx.file, at, `legacy key '${legacy}' migrated to '${modern}'`);
}

function migrateRunner(out: Record<string, unknown>, ctx: MigrationContext): void {
  const runner = out.runner;
  delete out.runner;
  if (!isRecord(runner)) {
    ctx.problems.error(ctx.file, keyPath(ctx.path, 'runner'), 'legacy key runner must be an object');
    return;
  }
  for (const [key, value] of Object.entries(runner)) {
    const modern = lookup(RUNNER_KEYS, key);
    if (!modern) {
      ctx.problems.error(ctx.file, keyPath(ctx.path, 'runner', key), `unknown legacy key 'runner.${key}' (known: ${Object.keys(RUNNER_KEYS).join(', ')})`);
      continue;
    }
    moveKey(out, `runner.${key}`, modern, value, ctx);
  }
}

function migratePlugins(out: Record<string, unknown>, ctx: MigrationContext): void {
  const plugins = out.plugins;
  delete out.plugins;
  const at = keyPath(ctx.path, 'plugins');
  const grouped: Record<string, unknown[]> = {};
  if (isRecord(plugins)) {
    for (const [family, list] of Object.entries(plugins)) {
      const target = lookup(FAMILY_KEYS, family);
      if (!target || !Array.isArray(list)) {
        ctx.problems.error(ctx.file, keyPath(at, family), `cannot migrate legacy plugins.${family}: expected row, aggregator or baseline with a list`);
        continue;
      }
      (grouped[target] ??= []).push(...(list as unknown[]));
    }
  } else if (Array.isArray(plugins)) {
    plugins.forEach((entry, index) => classifyEntry(entry, index, grouped, at, ctx));
  } else {
    ctx.problems.error(ctx.file, at, 'legacy key plugins must be a list or an object of row/aggregator/baseline lists');
    return;
  }
  for (const [target, list] of Object.entries(grouped)) {
    const existing = Object.hasOwn(out, target) && Array.isArray(out[target]) ? (out[target] as unknown[]) : [];
    out[target] = [...existing, ...list];
  }
  ctx.problems.warning(ctx.file, at, `legacy key 'plugins' migrated to ${Object.keys(grouped).join(', ') || 'nothing'}`);
}

function classifyEntry(entry: unknown, index: number, grouped: Record<string, unknown[]>, at: string, ctx: MigrationContext): void {
  const name = typeof entry === 'string' ? entry : isRecord(entry) ? (entry.name ?? entry.plugin) : undefined;
  const family = typeof name === 'string' ? ctx.familyOf(name) : undefined;
  if (!family) {
    ctx.problems.error(ctx.file, keyPath(at, index), `cannot tell which family legacy plugin '${String(name)}' belongs to; move it to row_plugins, aggregator_plugins or baseline_plugins`);
    return;
  }
  (grouped[`${family}_plugins`] ??= []).push(entry);
}
