import { inputPolicyFor, type InputPolicy } from '../core/config/inputPolicy';
import type { ExperimentContext, PluginDeps } from '../core/plugins/kinds';
import type { PluginDef } from '../core/plugins/pluginDef';
import type { Registry } from '../core/plugins/registry';
import type { BlobStore, Clock, Logger, RunIndex, Telemetry } from '../core/ports';

/**
 * What activities need from the world, built once per process by a composition root
 * (functions/ on Azure, cli/ locally) and passed down.
 */
export interface RunServices {
  blobs: BlobStore;
  runIndex: RunIndex;
  registry: Registry;
  logger: Logger;
  telemetry: Telemetry;
  clock: Clock;
  /** Environment snapshot parsed at the edge; plugins read `*_env` options from it. */
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof fetch;
  random: () => number;
}

/** Where a run's inputs live: its settings folder and input policy (plans stored before the policy get the default). */
export interface RunInputs {
  baseDir: string;
  settingsFile: string;
  suiteRoot?: string;
  inputs?: InputPolicy;
}

/** Plugin dependencies for one run (and experiment, when given); relative data paths resolve against `baseDir`. */
export function pluginDepsFor(services: RunServices, run: RunInputs, experiment?: ExperimentContext): PluginDeps {
  const deps: PluginDeps = {
    logger: services.logger,
    telemetry: services.telemetry,
    clock: services.clock,
    env: services.env,
    fetch: services.fetch,
    baseDir: run.baseDir,
    inputs: run.inputs ?? inputPolicyFor({ settingsFile: run.settingsFile, ...(run.suiteRoot ? { suiteRoot: run.suiteRoot } : {}) }),
    blobs: services.blobs,
    createLlm: (def: PluginDef) => services.registry.create('llm', def, deps),
  };
  if (experiment) deps.experiment = experiment;
  return deps;
}

/** A real clock: sleeps that an abort signal can cut short. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, abortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (abortSignal?.aborted) return reject(abortSignal.reason as Error);
      const timer = setTimeout(() => {
        abortSignal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortSignal?.reason as Error);
      };
      abortSignal?.addEventListener('abort', onAbort, { once: true });
    }),
};
