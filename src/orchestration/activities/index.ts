import { ACTIVITY, type ActivityName } from '../activityNames';
import type { RunServices } from '../services';
import { aggregateExperiment } from './aggregateExperiment';
import { compareExperiment } from './compareExperiment';
import { evaluateBatchActivity } from './evaluateBatch';
import { finishRun } from './finishRun';
import { planRun } from './planRun';
import { writeReports } from './writeReports';

type Handler = (input: never, services: RunServices) => Promise<unknown>;

/** Activity name -> handler. The same table feeds the Functions registrations and the local driver. */
export const ACTIVITY_HANDLERS: Record<ActivityName, Handler> = {
  [ACTIVITY.plan]: planRun,
  [ACTIVITY.evaluateBatch]: evaluateBatchActivity,
  [ACTIVITY.aggregate]: aggregateExperiment,
  [ACTIVITY.compare]: compareExperiment,
  [ACTIVITY.report]: writeReports,
  [ACTIVITY.finish]: finishRun,
};

/** Binds every handler to one set of services. */
export function bindActivities(services: RunServices | (() => Promise<RunServices>)): Record<ActivityName, (input: unknown) => Promise<unknown>> {
  const resolve = typeof services === 'function' ? services : () => Promise.resolve(services);
  const bound = {} as Record<ActivityName, (input: unknown) => Promise<unknown>>;
  for (const [name, handler] of Object.entries(ACTIVITY_HANDLERS) as [ActivityName, Handler][]) {
    bound[name] = async (input: unknown) => handler(input as never, await resolve());
  }
  return bound;
}
