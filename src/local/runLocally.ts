import { randomBytes } from 'node:crypto';
import { ORCHESTRATOR_NAME } from '../orchestration/activityNames';
import { bindActivities } from '../orchestration/activities';
import type { RunOutcome, RunProgress } from '../orchestration/contracts';
import { runOrchestration, type DriverResult } from '../orchestration/driver/inProcessDriver';
import type { RunRequest } from '../orchestration/runRequest';
import type { RunServices } from '../orchestration/services';
import { createSuiteOrchestrator } from '../orchestration/suiteOrchestrator';
import { mirrorRun } from './mirrorRun';
import { putJson } from '../orchestration/jsonBlobs';
import { paths } from '../orchestration/storagePaths';

export interface LocalRunOptions {
  services: RunServices;
  request: RunRequest;
  /** Activities at once in this process (the host's maxConcurrentActivityFunctions). */
  maxConcurrentActivities?: number;
  /** Mirror reports to `<outDir>/<runId>/`; omit to skip. */
  outDir?: string;
  onProgress?(progress: RunProgress): void;
}

export interface LocalRunResult {
  outcome: RunOutcome;
  driver: DriverResult;
  mirrored: string[];
}

export const DEFAULT_LOCAL_ACTIVITIES = 16;

export function newLocalRunId(suite: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', 't');
  return `cli-${suite}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * The local path (docs/architecture.md, "The orchestration" (in-process driver)): the very orchestrator that runs on Azure, driven in-process
 * by the replay driver, with the activities bound to local services.
 */
export async function runLocally(options: LocalRunOptions): Promise<LocalRunResult> {
  const { services, request } = options;
  // The request is kept with the run so `elspeth resume <runId>` can finish it after a crash.
  if (!(await services.blobs.get(paths.request(request.runId)))) await putJson(services.blobs, paths.request(request.runId), request);
  const startedAt = new Date(services.clock.now()).toISOString();
  await services.runIndex.upsert({ suite: request.suite, runId: request.runId, status: 'running', trigger: request.trigger, startedAt });
  const driver = await runOrchestration({
    orchestrator: createSuiteOrchestrator(services.registry),
    orchestratorName: ORCHESTRATOR_NAME,
    activities: bindActivities(services),
    instanceId: request.runId,
    input: request,
    maxConcurrentActivities: options.maxConcurrentActivities ?? DEFAULT_LOCAL_ACTIVITIES,
    onCustomStatus: (status) => options.onProgress?.(status as RunProgress),
  });
  const outcome = driver.output as RunOutcome;
  // The finish activity records finished runs; a run that failed before it is recorded here.
  if (outcome.status === 'failed') {
    await services.runIndex.upsert({ suite: request.suite, runId: request.runId, status: 'failed', trigger: request.trigger, startedAt, finishedAt: new Date(services.clock.now()).toISOString() });
  }
  const mirrored = options.outDir ? await mirrorRun(services.blobs, request.runId, options.outDir) : [];
  return { outcome, driver, mirrored };
}
