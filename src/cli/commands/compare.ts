import { AppError, errorMessage, isAppError } from '../../core/errors';
import type { ExperimentPayload } from '../../core/engine/records';
import { noopLogger, noopTelemetry } from '../../core/ports';
import type { BaselineComparer, PluginDeps } from '../../core/plugins/kinds';
import { createRegistry } from '../../core/plugins/registry';
import { scoreStats } from '../../plugins/aggregator/scoreStats';
import { baselinePlugins } from '../../plugins/baseline';
import { listFlag, parseFlags } from '../args';
import type { CompareIo } from '../compare/compareIo';
import { loadRecords, type LoadedRecords } from '../compare/loadRecords';
import { readPluginOptions, type ComparePluginOptions } from '../compare/pluginOptions';
import { renderComparison } from '../compare/renderComparison';

export type { CompareIo } from '../compare/compareIo';

const USAGE = 'Usage: elspeth compare --baseline A --variant B [--plugins p1,p2] [--criteria c1,c2] [--options JSON|@file] [--json]\n' +
  '  A and B: a run folder (<dir>/batches/*.jsonl), a .jsonl file of records, or blob:<prefix>\n' +
  '  --options: per-plugin options, e.g. \'{"score_distribution": {"compat": true}}\' (they override --criteria)\n';

const registry = createRegistry(baselinePlugins);
const DEFAULT_PLUGINS = registry.names('baseline').filter((name) => name !== 'noop');

const deps: PluginDeps = {
  logger: noopLogger,
  telemetry: noopTelemetry,
  clock: { now: () => 0, sleep: () => Promise.resolve() },
  env: {},
  fetch: () => Promise.reject(new AppError('REQUEST_INVALID', 'compare works offline')),
  baseDir: '.',
  createLlm: () => {
    throw new AppError('REQUEST_INVALID', 'compare does not call models');
  },
};

/** A payload as the engine would hand it to baseline plugins, with score_stats aggregated. */
function toPayload(loaded: LoadedRecords, experiment: string, isBaseline: boolean): ExperimentPayload {
  const aggregator = scoreStats.create(scoreStats.configSchema.parse({}), deps);
  const stats = aggregator.finalize(loaded.records) as Record<string, unknown>;
  const count = loaded.records.length;
  return {
    results: loaded.records,
    failures: [],
    aggregates: { score_stats: stats },
    metadata: { experiment, run_id: 'compare', rows: count, row_count: count, failures_count: loaded.failures, security_level: 'unofficial', is_baseline: isBaseline },
  };
}

/** Options for one plugin: `criteria` where the plugin takes it, then its `--options` entry. */
function optionsFor(name: string, criteria: string[] | undefined, given: ComparePluginOptions): Record<string, unknown> {
  const takesCriteria = registry.check('baseline', { name, options: { criteria: [] } }).length === 0;
  return { ...(criteria && takesCriteria ? { criteria } : {}), ...given[name] };
}

interface PluginSelection {
  names: string[];
  criteria: string[] | undefined;
  options: ComparePluginOptions;
}

/** Built before any records are read, so bad options are reported first. */
function createPlugins(selection: PluginSelection): [string, BaselineComparer][] {
  return selection.names.map((name) => [name, registry.create('baseline', { name, options: optionsFor(name, selection.criteria, selection.options) }, deps)]);
}

function runPlugins(plugins: [string, BaselineComparer][], baseline: ExperimentPayload, variant: ExperimentPayload) {
  const results: Record<string, Record<string, unknown>> = {};
  for (const [name, plugin] of plugins) results[name] = plugin.compare(baseline, variant);
  return results;
}

/** `elspeth compare`: re-analyses stored results offline. Returns the exit code (2 for bad input). */
export async function runCompare(argv: readonly string[], io: CompareIo): Promise<number> {
  try {
    const { values } = parseFlags(argv, {
      baseline: { type: 'string' },
      variant: { type: 'string' },
      plugins: { type: 'string' },
      criteria: { type: 'string' },
      options: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (!values.baseline || !values.variant) throw new AppError('REQUEST_INVALID', '--baseline and --variant are required');
    const names = listFlag(values.plugins) ?? DEFAULT_PLUGINS;
    for (const name of names) registry.get('baseline', name);
    const selection = { names, criteria: listFlag(values.criteria), options: await readPluginOptions(values.options, names, io) };
    const plugins = createPlugins(selection);
    const [before, after] = await Promise.all([loadRecords(values.baseline, io), loadRecords(values.variant, io)]);
    const results = runPlugins(plugins, toPayload(before, 'baseline', true), toPayload(after, 'variant', false));
    io.stdout(values.json ? `${JSON.stringify(results, jsonSafe, 2)}\n` : renderComparison(values.baseline, values.variant, results));
    return 0;
  } catch (error) {
    const badInput = isAppError(error) && ['REQUEST_INVALID', 'PLUGIN_NOT_FOUND', 'PLUGIN_OPTIONS_INVALID'].includes(error.code);
    io.stderr(`error: ${errorMessage(error)}\n${badInput ? USAGE : ''}`);
    return badInput ? 2 : 1;
  }
}

/** JSON has no NaN or Infinity: they print as null (score_practical flags infinity separately). */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
