import { canonicalJson, type PluginDef } from '../plugins/pluginDef';
import { keyPath, type ProblemCollector } from './problems';
import type { ResolvedExperiment, ResolvedRun } from './resolved';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Options ending in `_env` name an environment variable (an app setting) that holds an
 * endpoint, key or connection string. A variable that is named but unset or empty is a
 * deployment mistake that would otherwise surface as a failure on every row, after the run
 * started; it is reported here with the option's key path, never the variable's value.
 */
export function checkEnvNames(run: ResolvedRun, env: Env, problems: ProblemCollector): void {
  const seen = new Set<string>();
  for (const def of pluginDefsOf(run)) {
    const at = def.origin ?? { file: run.settingsFile, path: '' };
    const key = `${at.file}\u0000${at.path}\u0000${canonicalJson(def.options)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    visit(def.options, keyPath(at.path, 'options'), (path, option, variable) => {
      const value = env[variable];
      if (value === undefined) problems.error(at.file, path, `environment variable '${variable}' (${option}) is not set`);
      else if (value.trim() === '') problems.error(at.file, path, `environment variable '${variable}' (${option}) is empty`);
    });
  }
}

function visit(value: unknown, path: string, found: (path: string, option: string, variable: string) => void): void {
  if (Array.isArray(value)) return value.forEach((item, index) => visit(item, keyPath(path, index), found));
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.endsWith('_env') && typeof inner === 'string') found(keyPath(path, key), key, inner);
    else visit(inner, keyPath(path, key), found);
  }
}

const EXPERIMENT_LISTS = ['rowPlugins', 'aggregatorPlugins', 'baselinePlugins', 'validationPlugins', 'llmMiddlewares', 'earlyStopPlugins', 'sinks'] as const;

/** Every plugin definition a run uses: the datasource and each experiment's. */
export function pluginDefsOf(run: ResolvedRun): PluginDef[] {
  return [run.datasource, ...run.experiments.flatMap(experimentDefs)];
}

function experimentDefs(experiment: ResolvedExperiment): PluginDef[] {
  const singles = [experiment.llm, experiment.rateLimiter, experiment.costTracker].filter((def): def is PluginDef => def !== undefined);
  return [...singles, ...EXPERIMENT_LISTS.flatMap((key) => experiment[key])];
}
