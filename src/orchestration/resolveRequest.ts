import { loadRunConfig, type LoadRunResult } from '../core/config/loadRun';
import type { Registry } from '../core/plugins/registry';
import type { RunRequest } from './runRequest';

/** Loads and validates the configuration files a request names (validateRun.ts adds the rest). */
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
    ...(request.inputRoot ? { inputRoot: request.inputRoot } : {}),
    ...(request.noCache ? { noCache: true } : {}),
  });
}
