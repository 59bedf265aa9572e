import type { InvocationContext, Timer } from '@azure/functions';
import type { Registry } from '../../core/plugins/registry';
import type { RunIndex } from '../../core/ports';
import { ORCHESTRATOR_NAME } from '../activityNames';
import type { RunRequest } from '../runRequest';
import type { CloudPolicy } from '../cloudPolicy';
import { validateRequest } from '../validateRun';
import { findStatus, type RunClient } from './durableClientPort';
import { locateSuite, type SuiteLocation } from './suites';

export interface ScheduledRunOptions {
  registry: Registry;
  suitesRoot: string;
  /** The app settings the run's activities will see. */
  env: Readonly<Record<string, string | undefined>>;
  /** From app settings: which suite and profile the schedule runs. */
  suite?: string;
  profile?: string;
  getClient(context: InvocationContext): RunClient;
  /** With both: a suite the app does not ship re-runs the blessed (or latest) submitted run's suite. */
  runIndex?(): Promise<RunIndex>;
  locateSubmitted?(suiteRef: string, name: string): Promise<SuiteLocation | { error: string }>;
  /** The Functions app: models only through named connections (cloudPolicy.ts). */
  cloud?: CloudPolicy;
  now?(): Date;
}

/** The schedule slot of an invocation: its UTC minute. Two firings in one minute are one slot. */
export function slotOf(time: Date): string {
  return time.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', 't');
}

/**
 * Timer trigger: starts the configured suite under `sched-<suite>-<slot>`, after checking
 * that this slot has no run yet, so a retried or duplicated firing starts nothing new.
 */
export function createScheduledRunHandler(options: ScheduledRunOptions) {
  return async (_timer: Timer, context: InvocationContext): Promise<string | undefined> => {
    if (!options.suite) {
      context.warn('[timer] ELSPETH_SCHEDULED_SUITE is not set; nothing to run');
      return undefined;
    }
    const located = await locateScheduled(options, options.suite);
    if ('error' in located) {
      context.error(`[timer] ${located.error}`);
      return undefined;
    }
    const slot = slotOf(options.now?.() ?? new Date());
    const runId = `sched-${options.suite}-${slot}`;
    const client = options.getClient(context);
    if (await findStatus(client, runId)) {
      context.info('[timer] this schedule slot already has a run', { runId });
      return undefined;
    }
    const request: RunRequest = { runId, trigger: 'timer', suite: options.suite, slot, settingsFile: located.settingsFile, suiteRoot: located.suiteRoot };
    if (located.suiteRef) request.suiteRef = located.suiteRef;
    if (options.profile) request.profile = options.profile;
    const { run, problems } = await validateRequest(request, { registry: options.registry, env: options.env, ...(options.cloud ? { cloud: options.cloud } : {}) });
    if (!run) {
      context.error('[timer] scheduled suite configuration is invalid', { runId, problems: problems.errors.map((p) => `${p.file}: ${p.path}: ${p.message}`) });
      return undefined;
    }
    await client.startNew(ORCHESTRATOR_NAME, { instanceId: runId, input: request });
    context.info('[timer] scheduled run started', { runId });
    return runId;
  };
}

/**
 * A suite shipped with the app (ELSPETH_SUITES_ROOT) by folder name; otherwise, in the
 * cloud, the submitted suite of the suite's blessed run, else of its latest finished
 * submitted run (docs/scheduled-regression.md): the timer re-runs the very files that
 * were accepted, so a degraded verdict means the model changed, not the suite.
 */
async function locateScheduled(options: ScheduledRunOptions, suite: string): Promise<(SuiteLocation & { suiteRef?: string }) | { error: string }> {
  const deployed = locateSuite(options.suitesRoot, suite);
  if (!('error' in deployed) || !options.runIndex || !options.locateSubmitted) return deployed;
  const entries = await (await options.runIndex()).list(suite);
  const submitted = entries.filter((entry) => entry.suiteRef !== undefined && FINISHED.has(entry.status));
  const chosen = submitted.filter((entry) => entry.blessed === true).sort((a, b) => (b.blessedAt ?? '').localeCompare(a.blessedAt ?? ''))[0] ?? submitted[0];
  if (!chosen?.suiteRef) return { error: `${deployed.error} No finished run of a submitted suite named '${suite}' either: submit it once (elspeth submit --name ${suite}) and bless that run.` };
  const located = await options.locateSubmitted(chosen.suiteRef, suite);
  return 'error' in located ? located : { ...located, suiteRef: chosen.suiteRef };
}

const FINISHED = new Set(['completed', 'completed_with_failures']);
