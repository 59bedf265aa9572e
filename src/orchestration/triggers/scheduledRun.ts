import type { InvocationContext, Timer } from '@azure/functions';
import type { Registry } from '../../core/plugins/registry';
import { ORCHESTRATOR_NAME } from '../activityNames';
import type { RunRequest } from '../runRequest';
import { validateRequest } from '../validateRun';
import { findStatus, type RunClient } from './durableClientPort';
import { locateSuite } from './suites';

export interface ScheduledRunOptions {
  registry: Registry;
  suitesRoot: string;
  /** The app settings the run's activities will see. */
  env: Readonly<Record<string, string | undefined>>;
  /** From app settings: which suite and profile the schedule runs. */
  suite?: string;
  profile?: string;
  getClient(context: InvocationContext): RunClient;
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
    const located = locateSuite(options.suitesRoot, options.suite);
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
    if (options.profile) request.profile = options.profile;
    const { run, problems } = await validateRequest(request, { registry: options.registry, env: options.env });
    if (!run) {
      context.error('[timer] scheduled suite configuration is invalid', { runId, problems: problems.errors.map((p) => `${p.file}: ${p.path}: ${p.message}`) });
      return undefined;
    }
    await client.startNew(ORCHESTRATOR_NAME, { instanceId: runId, input: request });
    context.info('[timer] scheduled run started', { runId });
    return runId;
  };
}
