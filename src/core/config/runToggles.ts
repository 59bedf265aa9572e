import type { PluginDef } from '../plugins/pluginDef';
import type { ResolvedExperiment, ResolvedRun } from './resolved';

/** Aggregators that are not metrics and so survive `--disable-metrics`. */
const NOT_METRICS = new Set(['prompt_variants', 'noop']);

/**
 * `--disable-metrics`: the original stripped only four names (docs/original-behaviour.md §7); we strip every row,
 * aggregation and baseline analytics plugin (docs/original-behaviour.md §12.2 item 18).
 */
export function withoutMetrics(run: ResolvedRun): ResolvedRun {
  const keep = (defs: PluginDef[]) => defs.filter((def) => NOT_METRICS.has(def.name));
  return mapExperiments(run, (experiment) => ({
    ...experiment,
    rowPlugins: keep(experiment.rowPlugins),
    aggregatorPlugins: keep(experiment.aggregatorPlugins),
    baselinePlugins: keep(experiment.baselinePlugins),
  }));
}

const REPO_SINKS = new Set(['github_repo', 'azure_devops_repo']);

/**
 * Without `--live-outputs` every repository sink, and every sink with a `dry_run` option,
 * runs dry. Unlike the original this also covers sinks declared in an experiment's own
 * config.json, and keeps their name and security level.
 */
export function withDryRunSinks(run: ResolvedRun, live: boolean): ResolvedRun {
  const toggle = (def: PluginDef): PluginDef =>
    REPO_SINKS.has(def.name) || 'dry_run' in def.options ? { ...def, options: { ...def.options, dry_run: !live } } : def;
  return mapExperiments(run, (experiment) => ({ ...experiment, sinks: experiment.sinks.map(toggle) }));
}

/** Keeps only the named experiments (the baseline always stays, comparisons need it). */
export function onlyExperiments(run: ResolvedRun, names: readonly string[]): ResolvedRun {
  const wanted = new Set([...names, run.baseline]);
  return { ...run, experiments: run.experiments.filter((experiment) => wanted.has(experiment.name)) };
}

function mapExperiments(run: ResolvedRun, change: (experiment: ResolvedExperiment) => ResolvedExperiment): ResolvedRun {
  return { ...run, experiments: run.experiments.map(change) };
}
