import { failuresAsData, type ActivityInput, type ActivityOutput } from '../activityCalls';
import { ACTIVITY, type ActivityName } from '../activityNames';
import { checkActivityValue } from '../activitySchemas';
import type { RunServices } from '../services';
import { aggregateExperiment } from './aggregateExperiment';
import { compareExperiment } from './compareExperiment';
import { evaluateBatchActivity } from './evaluateBatch';
import { finishRun } from './finishRun';
import { planRun } from './planRun';
import { writeReports } from './writeReports';

type Handlers = { [N in ActivityName]: (input: ActivityInput<N>, services: RunServices) => Promise<ActivityOutput<N>> };

/** Activity name -> handler. The same table feeds the Functions registrations and the local driver. */
export const ACTIVITY_HANDLERS: Handlers = {
  [ACTIVITY.plan]: planRun,
  [ACTIVITY.evaluateBatch]: evaluateBatchActivity,
  [ACTIVITY.aggregate]: aggregateExperiment,
  [ACTIVITY.compare]: compareExperiment,
  [ACTIVITY.report]: writeReports,
  [ACTIVITY.finish]: finishRun,
};

/**
 * Non-retryable failures come back as data (see activityCalls.ts), so the orchestrator acts
 * at once instead of retrying: it fails the run, or for a batch, counts that batch failed.
 */
const FAILURES_AS_DATA: ReadonlySet<ActivityName> = new Set(Object.values(ACTIVITY));

/** Binds every handler to one set of services. */
export function bindActivities(services: RunServices | (() => Promise<RunServices>)): Record<ActivityName, (input: unknown) => Promise<unknown>> {
  const resolve = typeof services === 'function' ? services : () => Promise.resolve(services);
  const bound = {} as Record<ActivityName, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(ACTIVITY_HANDLERS) as ActivityName[]) {
    const handler = ACTIVITY_HANDLERS[name] as (input: unknown, services: RunServices) => Promise<unknown>;
    // Inputs come from orchestration history: checked here too, so a handler never sees a malformed one.
    const run = async (input: unknown) => handler(checkActivityValue(name, 'input', input), await resolve());
    bound[name] = FAILURES_AS_DATA.has(name) ? (input) => failuresAsData(() => run(input)) : run;
  }
  return bound;
}
