import type { ConcurrencyConfig } from '../config/layer';
import type { EarlyStopCheck, RateLimiter } from '../plugins/kinds';
import type { Clock } from '../ports';
import { checkObservation, observeRecord, type Observation } from './earlyStop';
import { evaluateRow, type RowEvaluator } from './evaluateRow';
import type { EarlyStopReason, Row, RowOutcome } from './records';

export interface IndexedRow {
  index: number;
  row: Row;
}

export interface BatchOptions {
  concurrency: ConcurrencyConfig;
  rateLimiter?: RateLimiter;
  clock: Clock;
  /** The experiment's early-stop checks: observed in every batch, checked inline only when sequential. */
  earlyStop?: EarlyStopCheck[];
  /** True when the checks hold the orchestrator's state and may stop this batch mid-way. */
  stopInline?: boolean;
  /** The baseline's observations of the same rows, for checks that pair with it. */
  baseline?: Map<number, Observation>;
  /** Checked before each row starts: true stops the batch (its budget share is spent). */
  shouldStop?: (progress: { started: number; finished: number }) => boolean;
  abortSignal?: AbortSignal;
}

export interface BatchOutcome {
  outcomes: RowOutcome[];
  /** Rows not evaluated because early stop fired inside this batch. */
  skipped: number[];
  earlyStop?: EarlyStopReason;
  /** What the early-stop checks saw, for the orchestrator to replay in row order. */
  observations: Observation[];
  /** True when `shouldStop` ended the batch before every row ran. */
  stopped?: boolean;
}

/** Parallel only when enabled, workers > 1 and the backlog is big enough (§4.3). */
export function workerCount(concurrency: ConcurrencyConfig, pending: number): number {
  const workers = concurrency.max_workers ?? 4;
  const parallel = concurrency.enabled === true && workers > 1 && pending >= (concurrency.backlog_threshold ?? 50);
  return parallel ? Math.min(workers, pending) : 1;
}

/** Evaluates rows with a bounded pool; outcomes come back sorted by row index. */
export async function evaluateBatch(evaluator: RowEvaluator, rows: readonly IndexedRow[], options: BatchOptions): Promise<BatchOutcome> {
  const workers = workerCount(options.concurrency, rows.length);
  const result = workers === 1 ? await runSequential(evaluator, rows, options) : await runParallel(evaluator, rows, options, workers);
  result.outcomes.sort((a, b) => a.index - b.index);
  const checks = options.earlyStop ?? [];
  const observations: Observation[] = [];
  for (const outcome of result.outcomes) {
    const observation = outcome.status === 'ok' ? observeRecord(checks, outcome) : undefined;
    if (observation) observations.push(observation);
  }
  return { ...result, observations };
}

async function runSequential(evaluator: RowEvaluator, rows: readonly IndexedRow[], options: BatchOptions): Promise<BatchOutcome> {
  const outcomes: RowOutcome[] = [];
  const checks = options.stopInline ? (options.earlyStop ?? []) : [];
  for (let i = 0; i < rows.length; i++) {
    if (options.shouldStop?.({ started: i, finished: i })) return { outcomes, observations: [], skipped: rows.slice(i).map((r) => r.index), stopped: true };
    const { index, row } = rows[i]!;
    const outcome = await evaluateRow(evaluator, row, index, options.abortSignal);
    outcomes.push(outcome);
    const observation = outcome.status === 'ok' ? observeRecord(checks, outcome) : undefined;
    const reason = observation ? checkObservation(checks, observation, options.baseline) : undefined;
    if (reason) return { outcomes, observations: [], skipped: rows.slice(i + 1).map((r) => r.index), earlyStop: reason };
  }
  return { outcomes, observations: [], skipped: [] };
}

async function runParallel(evaluator: RowEvaluator, rows: readonly IndexedRow[], options: BatchOptions, workers: number): Promise<BatchOutcome> {
  const outcomes: RowOutcome[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (next < rows.length && !stopped) {
      await pauseWhileBusy(options);
      if (options.shouldStop?.({ started: next, finished: outcomes.length })) stopped = true;
      if (stopped) return;
      const item = rows[next++];
      if (!item) return;
      outcomes.push(await evaluateRow(evaluator, item.row, item.index, options.abortSignal));
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const skipped = rows.slice(next).map((r) => r.index);
  return stopped ? { outcomes, skipped, observations: [], stopped } : { outcomes, skipped, observations: [] };
}

/** Holds new submissions while the limiter is nearly saturated (§4.3 utilization_pause). */
async function pauseWhileBusy(options: BatchOptions): Promise<void> {
  const limiter = options.rateLimiter;
  if (!limiter) return;
  const threshold = options.concurrency.utilization_pause ?? 0.8;
  const intervalInMs = (options.concurrency.pause_interval ?? 0.5) * 1000;
  while (limiter.utilization() >= threshold && !options.abortSignal?.aborted) {
    await options.clock.sleep(intervalInMs, options.abortSignal);
  }
}

