import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import type { EarlyStopCheck } from '../core/plugins/kinds';
import type { Registry } from '../core/plugins/registry';
import { noopLogger, noopTelemetry } from '../core/ports';
import { activityResult, callActivity, caughtErrorInfo, isActivityFailure, type ActivityInput, type ActivityOutput } from './activityCalls';
import { ACTIVITY, type ActivityName } from './activityNames';
import type { EvaluateBatchInput, PlannedExperiment, RunOutcome } from './contracts';
import type { RunRequest } from './runRequest';
import { canCarry, carry, restore, type CarriedSchedule } from './schedule/carry';
import { batchFailed, batchFinished } from './schedule/finishBatch';
import { startBatches } from './schedule/nextBatches';
import { aggregateInput, progressOf } from './schedule/progress';
import { createSchedule, isOpen, type RunSchedule } from './schedule/runSchedule';
import { whenAny } from './schedule/whenAny';
import { paths } from './storagePaths';

/** Activities throw only for infrastructure faults; those are retried by the Durable runtime. */
export function activityRetryOptions(): df.RetryOptions {
  const options = new df.RetryOptions(2000, 3);
  options.backoffCoefficient = 2;
  return options;
}

/**
 * Batches one execution finishes before it hands over to a fresh one (`continueAsNew`):
 * replaying a history costs time in its length, so bounding it keeps a run linear.
 */
export const BATCHES_PER_EXECUTION = 100;

/** The input of every execution after the first: the run so far, without its history. */
export interface ContinuedRun {
  continued: true;
  startedAt: string;
  schedule: CarriedSchedule;
}

const isContinued = (input: RunRequest | ContinuedRun): input is ContinuedRun => (input as ContinuedRun).continued === true;

/**
 * The suite orchestrator (docs/orchestration.md): plan, evaluate batches in a sliding
 * window under the run-wide cap on calls in flight, aggregate, compare with the baseline,
 * write reports, finish. Only `context.df` calls and pure functions between yields; rows
 * travel through blob storage, never through history.
 */
export function createSuiteOrchestrator(registry: Registry): OrchestrationHandler {
  const runSuite = function* (context: OrchestrationContext): Generator<Task, RunOutcome | undefined, unknown> {
    const input = context.df.getInput<RunRequest | ContinuedRun>();
    const retry = activityRetryOptions();
    const checksFor = (experiment: PlannedExperiment) => createChecks(registry, experiment, context);
    let schedule: RunSchedule;
    let startedAt: string;
    if (isContinued(input)) {
      schedule = restore(input.schedule, checksFor);
      startedAt = input.startedAt;
    } else {
      startedAt = context.df.currentUtcDateTime.toISOString();
      context.df.setCustomStatus({ phase: 'planning', experiments: {}, costInUsd: 0 });
      schedule = createSchedule(yield* call(context, ACTIVITY.plan, retry, input), checksFor);
    }
    if ((yield* evaluate(context, schedule, retry)) === 'continue') {
      context.df.continueAsNew({ continued: true, startedAt, schedule: carry(schedule) } satisfies ContinuedRun);
      return undefined;
    }
    return yield* conclude(context, schedule, retry, startedAt);
  };
  // A run that cannot go on ends as a failed outcome carrying the error's code and message,
  // so callers read an error rather than the orchestration's internal state.
  return function* suiteOrchestrator(context: OrchestrationContext): Generator<Task, RunOutcome | undefined, unknown> {
    try {
      return yield* runSuite(context);
    } catch (error) {
      const { runId, suite } = identityOf(context.df.getInput<RunRequest | ContinuedRun>());
      if (!context.df.isReplaying) context.error('[orchestrator] run failed', { runId, error: String(error) });
      return { runId, suite, status: 'failed', experiments: [], reportPrefix: paths.runPrefix(runId), reports: [], costInUsd: 0, error: caughtErrorInfo(error) };
    }
  };
}

function identityOf(input: RunRequest | ContinuedRun): { runId: string; suite: string } {
  return isContinued(input) ? { runId: input.schedule.plan.runId, suite: input.schedule.plan.suite } : { runId: input.runId, suite: input.suite };
}

/** Calls one activity and waits for its typed result; a non-retryable failure is thrown. */
function* call<N extends ActivityName>(context: OrchestrationContext, name: N, retry: df.RetryOptions, input: ActivityInput<N>): Generator<Task, ActivityOutput<N>, unknown> {
  return activityResult(name, yield callActivity(context, name, retry, input));
}

/** Calls several activities of one kind at once and waits for all of them. */
function* callAll<N extends ActivityName>(context: OrchestrationContext, name: N, retry: df.RetryOptions, inputs: ActivityInput<N>[]): Generator<Task, ActivityOutput<N>[], unknown> {
  if (inputs.length === 0) return [];
  const results = (yield context.df.Task.all(inputs.map((input) => callActivity(context, name, retry, input)))) as unknown[];
  return results.map((value) => activityResult(name, value));
}

/**
 * The sliding window: start what the schedule allows, wait for any batch, count it, start
 * the next. A batch that fails for good is counted alone; the others keep their results.
 */
function* evaluate(context: OrchestrationContext, schedule: RunSchedule, retry: df.RetryOptions): Generator<Task, 'done' | 'continue', unknown> {
  const running: { task: Task; input: EvaluateBatchInput }[] = [];
  const mayHandOver = canCarry(schedule);
  context.df.setCustomStatus(progressOf(schedule, 'evaluating'));
  for (;;) {
    const handingOver = mayHandOver && schedule.finishedThisExecution >= (schedule.plan.batchesPerExecution ?? BATCHES_PER_EXECUTION);
    if (!handingOver) {
      for (const input of startBatches(schedule)) running.push({ input, task: callActivity(context, ACTIVITY.evaluateBatch, retry, input) });
    }
    if (running.length === 0) return handingOver && hasWorkLeft(schedule) ? 'continue' : 'done';
    const winner = (yield whenAny(context, running.map((entry) => entry.task))) as Task;
    const [finished] = running.splice(running.findIndex((entry) => entry.task === winner), 1);
    if (winner.isFaulted || isActivityFailure(winner.result)) {
      const error = winner.isFaulted ? caughtErrorInfo(winner.result) : (winner.result as { activityFailed: { message: string } }).activityFailed;
      batchFailed(schedule, finished!.input, error.message);
      if (!context.df.isReplaying) context.warn('[orchestrator] batch failed', { runId: schedule.plan.runId, experiment: finished!.input.experiment, batch: finished!.input.batch, error: error.message });
    } else {
      batchFinished(schedule, finished!.input, activityResult(ACTIVITY.evaluateBatch, winner.result));
    }
    context.df.setCustomStatus(progressOf(schedule, 'evaluating'));
  }
}

const hasWorkLeft = (schedule: RunSchedule) => schedule.experiments.some((track) => isOpen(schedule, track));

function* conclude(context: OrchestrationContext, schedule: RunSchedule, retry: df.RetryOptions, startedAt: string): Generator<Task, RunOutcome, unknown> {
  const { plan } = schedule;
  context.df.setCustomStatus(progressOf(schedule, 'aggregating'));
  const summaries = yield* callAll(context, ACTIVITY.aggregate, retry, plan.experiments.map((experiment) => aggregateInput(schedule, experiment.name)));
  context.df.setCustomStatus(progressOf(schedule, 'comparing'));
  const variants = plan.experiments.filter((experiment) => !experiment.isBaseline);
  yield* callAll(context, ACTIVITY.compare, retry, variants.map((variant) => ({ runId: plan.runId, baseline: plan.baseline, variant: variant.name })));
  context.df.setCustomStatus(progressOf(schedule, 'reporting'));
  const reports = yield* callAll(context, ACTIVITY.report, retry, plan.experiments.map((experiment) => ({ runId: plan.runId, experiment: experiment.name })));
  const outcome = yield* call(context, ACTIVITY.finish, retry, {
    runId: plan.runId,
    experiments: summaries,
    reports,
    startedAt,
    ...(schedule.stopReason ? { stopReason: schedule.stopReason } : {}),
  });
  context.df.setCustomStatus(progressOf(schedule, 'done'));
  return outcome;
}

/** Early-stop checks are pure plugins: the orchestrator may create them and replay them. */
function createChecks(registry: Registry, experiment: PlannedExperiment, context: OrchestrationContext): EarlyStopCheck[] {
  const deps = {
    logger: noopLogger,
    telemetry: noopTelemetry,
    clock: { now: () => context.df.currentUtcDateTime.getTime(), sleep: () => Promise.reject(new Error('orchestrators cannot sleep')) },
    env: {},
    fetch: () => Promise.reject(new Error('orchestrators cannot fetch')),
    baseDir: '.',
    createLlm: () => {
      throw new Error('orchestrators cannot call models');
    },
  };
  return experiment.earlyStop.map((def) => registry.create('earlyStop', def, deps));
}
