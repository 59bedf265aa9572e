import type * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { AppError, isAppError, type ErrorInfo } from '../core/errors';
import type { ActivityName } from './activityNames';
import { checkActivityValue } from './activitySchemas';
import type {
  AggregateInput,
  BatchResult,
  CompareInput,
  ComparisonSummary,
  EvaluateBatchInput,
  ExperimentSummary,
  FinishInput,
  ReportInput,
  ReportResult,
  RunOutcome,
  RunPlan,
} from './contracts';
import type { RunRequest } from './runRequest';

/** Each activity's input and output: the one table both the handlers and the orchestrator are typed by. */
export interface ActivityContracts {
  planRun: { input: RunRequest; output: RunPlan };
  evaluateBatch: { input: EvaluateBatchInput; output: BatchResult };
  aggregateExperiment: { input: AggregateInput; output: ExperimentSummary };
  compareExperiment: { input: CompareInput; output: ComparisonSummary };
  writeReports: { input: ReportInput; output: ReportResult };
  finishRun: { input: FinishInput; output: RunOutcome };
}

export type ActivityInput<N extends ActivityName> = ActivityContracts[N]['input'];
export type ActivityOutput<N extends ActivityName> = ActivityContracts[N]['output'];

/**
 * A non-retryable failure, returned as data. `callActivityWithRetry` retries anything an
 * activity throws, so an error that cannot succeed on a second try (bad configuration, a
 * corrupt stored file) is returned in this envelope instead and never retried.
 */
export interface ActivityFailure {
  activityFailed: ErrorInfo;
}

/** Schedules an activity with its typed input (the name picks the input type), checked against its schema (activitySchemas.ts). */
export function callActivity<N extends ActivityName>(context: OrchestrationContext, name: N, retry: df.RetryOptions, input: ActivityInput<N>): Task {
  return context.df.callActivityWithRetry(name, retry, checkActivityValue(name, 'input', input));
}

/** The activity's output, checked against its schema; a returned ActivityFailure is thrown as the AppError it describes. */
export function activityResult<N extends ActivityName>(name: N, value: unknown): ActivityOutput<N> {
  if (isActivityFailure(value)) throw appErrorOf(value.activityFailed);
  return checkActivityValue(name, 'output', value);
}

export function isActivityFailure(value: unknown): value is ActivityFailure {
  return typeof value === 'object' && value !== null && 'activityFailed' in value;
}

/** Activity side: non-retryable AppErrors become data; everything else is thrown (and retried). */
export async function failuresAsData<T>(work: () => Promise<T>): Promise<T | ActivityFailure> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && !error.retryable) return { activityFailed: error.toErrorInfo() };
    throw error;
  }
}

function appErrorOf(info: ErrorInfo): AppError {
  return new AppError(info.code, info.message, { retryable: info.retryable, ...(info.details ? { details: info.details } : {}) });
}

/**
 * What an orchestrator caught, as ErrorInfo: an AppError as it is; a task that failed for
 * good arrives as `Error("<reason> \n <details>")`, where our driver puts the ErrorInfo JSON
 * in the details (the Functions host puts a stack there, so the reason is kept as message).
 */
export function caughtErrorInfo(error: unknown): ErrorInfo {
  if (isAppError(error)) return error.toErrorInfo();
  const text = error instanceof Error ? error.message : String(error);
  const split = text.indexOf(' \n ');
  const reason = split < 0 ? text : text.slice(0, split);
  const parsed = split < 0 ? undefined : parseInfo(text.slice(split + 3));
  return parsed ?? { code: 'INTERNAL', message: reason, retryable: false };
}

function parseInfo(text: string): ErrorInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<ErrorInfo>;
    if (typeof value.code !== 'string' || typeof value.message !== 'string') return undefined;
    return { code: value.code, message: value.message, retryable: value.retryable === true, ...(value.details ? { details: value.details } : {}) };
  } catch {
    return undefined;
  }
}
