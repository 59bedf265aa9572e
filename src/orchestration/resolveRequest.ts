import { loadRunConfig, type LoadRunResult } from '../core/config/loadRun';
import { configInvalid, type ConfigProblem } from '../core/config/problems';
import type { ResolvedRun } from '../core/config/resolved';
import type { Registry } from '../core/plugins/registry';
import type { RunRequest } from './runRequest';

/** Loads and validates the configuration a request names; used by every door and by the plan. */
export function loadRequestConfig(request: RunRequest, registry: Registry): LoadRunResult {
  return loadRunConfig({
    settingsFile: request.settingsFile,
    registry,
    ...(request.profile ? { profile: request.profile } : {}),
    ...(request.suiteRoot ? { suiteRoot: request.suiteRoot } : {}),
    ...(request.singleRun ? { singleRun: true } : {}),
    ...(request.experiments ? { experiments: request.experiments } : {}),
    ...(request.disableMetrics ? { disableMetrics: true } : {}),
    ...(request.liveOutputs ? { liveOutputs: true } : {}),
  });
}

/** The resolved run, or CONFIG_INVALID listing every problem. */
export function resolveRequestOrThrow(request: RunRequest, registry: Registry): { run: ResolvedRun; warnings: ConfigProblem[] } {
  const { run, problems } = loadRequestConfig(request, registry);
  if (!run) throw configInvalid(problems.errors);
  return { run, warnings: problems.warnings };
}
