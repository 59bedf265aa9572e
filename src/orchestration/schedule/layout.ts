import type { ConcurrencyConfig } from '../../core/config/layer';

/**
 * How a run is cut into activities, derived from the run-wide cap on model calls in
 * flight (`concurrency.max_workers`; docs/concurrency.md). Batches in flight × call slots
 * per batch never exceed the cap; `orchestration` keys may change the layout, never the cap.
 */
export interface BatchLayout {
  /** Model calls in flight across the whole run, at most. */
  maxCallsInFlight: number;
  batchesInFlight: number;
  /** Slots a batch gets at most; a batch takes what is free up to this. */
  slotsPerBatch: number;
  batchSize: number;
}

export interface LayoutInput {
  rows: number;
  experiments: number;
  maxCallsInFlight: number;
  /** Early stop or a budget: smaller batches, so decisions come often and stops are even. */
  fineGrained: boolean;
  /** Experiments advance in rounds (a budget, balanced): one batch per experiment in flight. */
  rounds?: boolean;
  batchSize?: number;
  maxBatchesInFlight?: number;
}

/** An activity's slots beyond this leave too many idle while its last rows finish. */
export const MAX_SLOTS_PER_BATCH = 10;
export const MAX_BATCH_ROWS = 200;
export const FINE_BATCH_ROWS = 50;

export function deriveLayout(input: LayoutInput): BatchLayout {
  const cap = Math.max(1, input.maxCallsInFlight);
  const lanes = input.rounds ? input.experiments : derivedLanes(cap, input.experiments);
  const batchesInFlight = Math.max(1, Math.min(input.maxBatchesInFlight ?? lanes, cap));
  // Where a stop is expected (budget, early stop), every batch gets the same slots, so
  // experiments advance at the same pace; otherwise the last batch takes what is left.
  const slotsPerBatch = input.fineGrained ? Math.max(1, Math.floor(cap / batchesInFlight)) : Math.ceil(cap / batchesInFlight);
  // Enough batches to fill every lane once; no bigger than a checkpoint-friendly size.
  const oneWave = Math.ceil((Math.max(1, input.rows) * Math.max(1, input.experiments)) / batchesInFlight);
  const batchSize = input.batchSize ?? Math.max(1, Math.min(oneWave, input.fineGrained ? FINE_BATCH_ROWS : MAX_BATCH_ROWS));
  return { maxCallsInFlight: cap, batchesInFlight, slotsPerBatch, batchSize };
}

/**
 * Enough batches that none needs more than MAX_SLOTS_PER_BATCH slots, at least one per
 * experiment, and a multiple of the experiments so the batches of one row chunk run side
 * by side for all of them.
 */
function derivedLanes(cap: number, experiments: number): number {
  const lanes = Math.max(Math.ceil(cap / MAX_SLOTS_PER_BATCH), Math.min(experiments, cap));
  return experiments > 1 ? Math.min(cap, Math.ceil(lanes / experiments) * experiments) : lanes;
}

/**
 * An experiment's own cap: `max_workers` when concurrency is enabled and the dataset
 * reaches `backlog_threshold` (the original's rule), else one call at a time.
 */
export function experimentCap(concurrency: ConcurrencyConfig, rows: number): number {
  const workers = concurrency.max_workers ?? 4;
  const parallel = concurrency.enabled === true && workers > 1 && rows >= (concurrency.backlog_threshold ?? 50);
  return parallel ? workers : 1;
}
