import type { ResolvedExperiment, ResolvedRun } from '../../core/config/resolved';
import { hasSecretMarkers, redactSecrets, restoreSecrets } from '../../core/config/secrets';
import type { Registry } from '../../core/plugins/registry';
import { loadRequestConfig } from '../resolveRequest';
import { withSubmittedSuite } from '../triggers/suiteStore';
import { AppError } from '../../core/errors';
import type { BlobStore } from '../../core/ports';
import { requireJsonOf } from '../jsonBlobs';
import { STORED, type StoredPlan } from '../storedFormats';
import { paths } from '../storagePaths';

/** `runs/<runId>/plan.json`: declared in storedFormats.ts with the other stored formats. */
export type { StoredPlan } from '../storedFormats';

const MAX_CACHED_PLANS = 16;
const cache = new Map<string, Promise<StoredPlan>>();

/**
 * Plans never change once written, so each process reads one at most once. The cache is
 * keyed by container URL and run id, and bounded so a long-lived worker does not grow.
 */
export function loadStoredPlan(blobs: BlobStore, runId: string): Promise<StoredPlan> {
  const key = `${blobs.urlOf('')}|${runId}`;
  let plan = cache.get(key);
  if (!plan) {
    plan = requireJsonOf(blobs, paths.plan(runId), STORED.plan);
    plan.catch(() => cache.delete(key));
    cache.set(key, plan);
    if (cache.size > MAX_CACHED_PLANS) cache.delete(cache.keys().next().value!);
  }
  return plan;
}

/** The run as stored: literal secrets replaced by markers naming where they were written. */
export function withoutSecrets(run: ResolvedRun, registry: Registry): ResolvedRun {
  return redactSecrets(run, (kind, name) => (registry.has(kind, name) ? (registry.get(kind, name).secretOptions ?? []) : [])).run;
}

/**
 * The stored plan with its secrets back, for activities that build plugins. The values are
 * read again from the files the request names (on Azure, the deployed suite), never from
 * storage; the result lives in this process's memory only.
 */
export async function loadPlanWithSecrets(blobs: BlobStore, runId: string, registry: Registry): Promise<StoredPlan> {
  const plan = await loadStoredPlan(blobs, runId);
  if (!hasSecretMarkers(plan.run)) return plan;
  // A submitted suite is unpacked where this activity runs; a deployed one is already here.
  const { run: fresh, problems } = loadRequestConfig(await withSubmittedSuite(plan.request, { blobs }), registry);
  if (!fresh) throw new AppError('CONFIG_INVALID', `Run ${runId}: its configuration can no longer be read to restore its secrets: ${problems.errors.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('; ')}`);
  return { ...plan, run: restoreSecrets(plan.run, fresh) };
}

export function experimentOf(plan: StoredPlan, name: string): ResolvedExperiment {
  const experiment = plan.run.experiments.find((candidate) => candidate.name === name);
  if (!experiment) throw new AppError('INTERNAL', `Run ${plan.request.runId} has no experiment '${name}'`);
  return experiment;
}
