import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import type { EarlyStopCheck } from '../core/plugins/kinds';
import type { Registry } from '../core/plugins/registry';
import { noopLogger, noopTelemetry } from '../core/ports';
import { activityResult, callActivity, caughtErrorInfo } from './activityCalls';
import { ACTIVITY } from './activityNames';
import type { AggregateInput, BatchResult, PlannedExperiment, RunOutcome } from './contracts';
import {
  applyResults,
  createEvaluationState,
  markWaveFailed,
  nextWave,
  progressOf,
  unscheduledBatches,
  type EvaluationState,
} from './evaluationState';
import type { RunRequest } from './runRequest';
import { paths } from './storagePaths';

/** Activities throw only for infrastructure faults; those are retried by the Durable runtime. */
export function activityRetryOptions(): df.RetryOptions {
  const options = new df.RetryOptions(2000, 3);
  options.backoffCoefficient = 2;
  return options;
}

/**
 * The suite orchestrator: plan, evaluate batches in waves, aggregate, compare with the
 * baseline, write reports, finish. Only `context.df` calls and pure functions between
 * yields; rows travel through blob storage, never through history.
 */
export function createSuiteOrchestrator(registry: Registry): OrchestrationHandler {
  const runSuite = function* (context: OrchestrationContext): Generator<Task, RunOutcome, unknown> {
    const request = context.df.getInput<RunRequest>();
    const retry = activityRetryOptions();
    const startedAt = context.df.currentUtcDateTime.toISOString();
    context.df.setCustomStatus({ phase: 'planning', experiments: {}, costInUsd: 0 });
    const plan = activityResult(ACTIVITY.plan, yield callActivity(context, ACTIVITY.plan, retry, request));
    const state = createEvaluationState(plan, (experiment) => createChecks(registry, experiment, context));
    yield* evaluateInWaves(context, state, retry);

    context.df.setCustomStatus(progressOf(state, 'aggregating'));
    const aggregateTasks = state.experiments.map((experiment) =>
      callActivity(context, ACTIVITY.aggregate, retry, aggregateInput(state, experiment.plan.name)),
    );
    const summaries = ((yield context.df.Task.all(aggregateTasks)) as unknown[]).map((value) => activityResult(ACTIVITY.aggregate, value));

    context.df.setCustomStatus(progressOf(state, 'comparing'));
    const variants = plan.experiments.filter((experiment) => !experiment.isBaseline);
    const compareTasks = variants.map((variant) =>
      callActivity(context, ACTIVITY.compare, retry, { runId: plan.runId, baseline: plan.baseline, variant: variant.name }),
    );
    if (compareTasks.length > 0) ((yield context.df.Task.all(compareTasks)) as unknown[]).forEach((value) => activityResult(ACTIVITY.compare, value));

    context.df.setCustomStatus(progressOf(state, 'reporting'));
    const reportTasks = plan.experiments.map((experiment) =>
      callActivity(context, ACTIVITY.report, retry, { runId: plan.runId, experiment: experiment.name }),
    );
    const reports = ((yield context.df.Task.all(reportTasks)) as unknown[]).map((value) => activityResult(ACTIVITY.report, value));

    const outcome = activityResult(ACTIVITY.finish, yield callActivity(context, ACTIVITY.finish, retry, {
      runId: plan.runId,
      experiments: summaries,
      reports,
      startedAt,
      ...(state.stopReason ? { stopReason: state.stopReason } : {}),
    }));
    context.df.setCustomStatus(progressOf(state, 'done'));
    return outcome;
  };
  // A run that cannot go on ends as a failed outcome carrying the error's code and message,
  // so callers read an error rather than the orchestration's internal state.
  return function* suiteOrchestrator(context: OrchestrationContext): Generator<Task, RunOutcome, unknown> {
    try {
      return yield* runSuite(context);
    } catch (error) {
      const request = context.df.getInput<RunRequest>();
      if (!context.df.isReplaying) context.error('[orchestrator] run failed', { runId: request.runId, error: String(error) });
      return { runId: request.runId, suite: request.suite, status: 'failed', experiments: [], reportPrefix: paths.runPrefix(request.runId), reports: [], costInUsd: 0, error: caughtErrorInfo(error) };
    }
  };
}

function* evaluateInWaves(context: OrchestrationContext, state: EvaluationState, retry: df.RetryOptions): Generator<Task, void, unknown> {
  context.df.setCustomStatus(progressOf(state, 'evaluating'));
  for (let wave = nextWave(state, state.plan.runId); wave.length > 0; wave = nextWave(state, state.plan.runId)) {
    const tasks = wave.map((input) => context.df.callActivityWithRetry(ACTIVITY.evaluateBatch, retry, input));
    try {
      applyResults(state, (yield context.df.Task.all(tasks)) as BatchResult[]);
    } catch (error) {
      // Re-yielding the other tasks would schedule them again (azure-functions-durable-js#485);
      // the aggregate step settles these batches from storage instead.
      markWaveFailed(state, wave, error);
      if (!context.df.isReplaying) context.warn('[orchestrator] batch wave failed', { runId: state.plan.runId, error: String(error) });
    }
    context.df.setCustomStatus(progressOf(state, 'evaluating'));
  }
}

function aggregateInput(state: EvaluationState, name: string): AggregateInput {
  const experiment = state.experiments.find((candidate) => candidate.plan.name === name)!;
  const input: AggregateInput = {
    runId: state.plan.runId,
    experiment: name,
    cost: experiment.cost,
    failedBatches: experiment.failedBatches,
    unscheduledBatches: unscheduledBatches(state, experiment),
  };
  if (experiment.earlyStop) input.earlyStop = experiment.earlyStop;
  return input;
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
