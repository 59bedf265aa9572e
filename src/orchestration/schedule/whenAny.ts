import type { OrchestrationContext, Task } from 'durable-functions';
import { AppError } from '../../core/errors';

/**
 * Internals of durable-functions 3.5.0 (pinned) that `whenAny` relies on; the test
 * tests/orchestration/schedule/whenAny.test.ts fails if they move.
 */
interface TaskInternals {
  alreadyScheduled?: boolean;
  actionObj?: { compoundActions?: unknown[] };
}

/**
 * `Task.any` over tasks some of which were yielded before: the sliding window of batches
 * (a finished batch's slots go at once to the next batch, no wave barrier).
 *
 * durable-functions 3.5.0 emits a WhenAny action with the actions of every child, already
 * scheduled ones included, and the host's replay shim calls the activity again for each
 * (azure-functions-durable-js#574; the Python SDK fixed the same in #446). So the action
 * keeps only the children never scheduled, in order, which is what the host must start;
 * with none, no action at all. The task still completes when any child does.
 */
export function whenAny(context: OrchestrationContext, tasks: Task[]): Task {
  const fresh = tasks.filter((task) => !(task as TaskInternals).alreadyScheduled);
  const any = context.df.Task.any(tasks) as Task & TaskInternals;
  if (!any.actionObj || !Array.isArray(any.actionObj.compoundActions)) {
    throw new AppError('INTERNAL', 'durable-functions internals changed: Task.any has no compound action to trim (see whenAny.ts)');
  }
  any.actionObj.compoundActions = fresh.map((task) => (task as TaskInternals).actionObj);
  if (fresh.length === 0) any.alreadyScheduled = true;
  return any;
}
