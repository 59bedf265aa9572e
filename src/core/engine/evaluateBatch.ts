import type { ConcurrencyConfig } from '../config/layer';
import type { FloatCells } from '../data/pandasCells';
import type { EarlyStopCheck, RateLimiter } from '../plugins/kinds';
import type { Clock } from '../ports';
import { checkObservation, observeRecord, type Observation } from './earlyStop';
import { evaluateRow, type RowEvaluator } from './evaluateRow';
import type { EarlyStopReason, Row, RowOutcome } from './records';

export interface IndexedRow {
  index: number;
  row: Row;
  /** Python text of the cells JSON cannot type (src/core/data/pandasCells.ts); absent when none. */
  floats?: FloatCells;
}

export interface BatchOptions {
  concurrency: ConcurrencyConfig;
  /**
   * Rows evaluated at once: the batch's call slots (its share of the run-wide
   * `max_workers`). Without it, `workerCount` decides from `concurrency` alone.
   */
  workers?: number;
  rateLimiter?: RateLimiter;
  clock: Clock;
  /** The experiment's early-stop checks: observed in every batch, checked inline only when sequential. */
  earlyStop?: EarlyStopCheck[];
  /** True when the checks hold the orchestrator's state and may stop this batch mid-way. */
  stopInline?: boolean;
  /** The baseline's observations of the same rows, for checks that pair with it. */
  baseline?: Map<number, Observation>;
  /** Checked before each row starts and after each row: true stops the batch (its budget share is spent). */
  shouldStop?: (progress: { started: number; finished: number }) => boolean | Promise<boolean>;
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

/** Parallel only when enabled, workers > 1 and the backlog is big enough (docs/original-behaviour.md §4.3). */
export function workerCount(concurrency: ConcurrencyConfig, pending: number): number {
  const workers = concurrency.max_workers ?? 4;
  const parallel = concurrency.enabled === true && workers > 1 && pending >= (concurrency.backlog_threshold ?? 50);
  return parallel ? Math.min(workers, pending) : 1;
}

/** Evaluates rows with a bounded pool; outcomes come back sorted by row index. */
export async function evaluateBatch(evaluator: RowEvaluator, rows: readonly IndexedRow[], options: BatchOptions): Promise<BatchOutcome> {
  const workers = options.workers !== undefined ? Math.max(1, Math.min(options.workers, rows.length)) : workerCount(options.concurrency, rows.length);
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
    if (await options.shouldStop?.({ started: i, finished: i })) return { outcomes, observations: [], skipped: rows.slice(i).map((r) => r.index), stopped: true };
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
  const notStarted: number[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (next < rows.length && !stopped) {
      await pauseWhileBusy(options);
      const item = rows[next++];
      if (!item) return;
      // A row taken while another worker decided to stop is not started either.
      if (stopped || (await options.shouldStop?.({ started: next - 1, finished: outcomes.length }))) {
        stopped = true;
        notStarted.push(item.index);
        return;
      }
      outcomes.push(await evaluateRow(evaluator, item.row, item.index, options.abortSignal));
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const skipped = [...notStarted, ...rows.slice(next).map((r) => r.index)].sort((a, b) => a - b);
  return stopped ? { outcomes, skipped, observations: [], stopped } : { outcomes, skipped, observations: [] };
}

/** Holds new submissions while the limiter is nearly saturated (docs/original-behaviour.md §4.3 utilization_pause). */
async function pauseWhileBusy(options: BatchOptions): Promise<void> {
  const limiter = options.rateLimiter;
  if (!limiter) return;
  const threshold = options.concurrency.utilization_pause ?? 0.8;
  const intervalInMs = (options.concurrency.pause_interval ?? 0.5) * 1000;
  while (limiter.utilization() >= threshold && !options.abortSignal?.aborted) {
    await options.clock.sleep(intervalInMs, options.abortSignal);
  }
}

