import type { IndexedRegression } from '../core/ports';
import type { EarlyStopReason } from '../core/engine/records';
import type { ErrorInfo } from '../core/errors';
import type { Observation } from '../core/engine/earlyStop';
import type { PluginDef } from '../core/plugins/pluginDef';

/**
 * Everything that crosses the orchestrator/activity boundary. It lands in orchestration
 * history, so it stays small: references and counts, never rows.
 */

export interface PlannedExperiment {
  name: string;
  isBaseline: boolean;
  /** Rows one at a time and one batch in flight: concurrency is off for this experiment. */
  sequential: boolean;
  earlyStop: PluginDef[];
  calls: number;
  /** Its early-stop checks or row plugins compare with the baseline row by row (batch k waits for baseline batch k). */
  pairsWithBaseline?: boolean;
  /** Its own cap on calls in flight (its `max_workers`, or 1 when concurrency is off). */
  maxCalls: number;
}

export interface CostEstimate {
  rows: number;
  experiments: number;
  requests: number;
  estimated_prompt_tokens: number;
  estimated_completion_tokens: number;
  estimated_cost: number | null;
}

export interface RunPlan {
  runId: string;
  suite: string;
  baseline: string;
  rowCount: number;
  batchSize: number;
  batchCount: number;
  maxBatchesInFlight: number;
  /** The run-wide cap on model calls in flight (docs/concurrency.md). */
  maxCallsInFlight: number;
  /** Call slots a batch gets at most. */
  slotsPerBatch: number;
  /** Experiments advance in rounds: chunk k starts once every open experiment finished chunk k − 1. */
  rounds?: boolean;
  /** Batches one orchestrator execution finishes before `continueAsNew` (bounds history). */
  batchesPerExecution?: number;
  experiments: PlannedExperiment[];
  securityLevel: string;
  costEstimate: CostEstimate;
  budget?: { maxCost: number; currency: string; order: 'balanced' | 'in_order' };
}

export interface EvaluateBatchInput {
  runId: string;
  experiment: string;
  batch: number;
  /** Early-stop state for sequential experiments, so the batch can stop mid-way. */
  earlyStopState?: unknown[];
  /** Model calls this batch may have in flight: its share of the run-wide cap. */
  slots: number;
  /** The baseline stopped before this batch: row plugins reading its rows do not wait for them. */
  baselineAbsent?: boolean;
}

export interface BatchResult {
  experiment: string;
  batch: number;
  rows: number;
  ok: number;
  failed: number;
  skipped: number;
  /** Additive cost fields of this batch (tokens, cost). */
  cost: Record<string, number>;
  observations: Observation[];
  /** The baseline's records of the same rows, observed by this experiment's checks. */
  baselineObservations?: Observation[];
  /** The batch spent its budget share and left rows unevaluated. */
  budgetStopped?: boolean;
  earlyStop?: EarlyStopReason;
}

export interface FailedBatch {
  batch: number;
  error: string;
}

export interface AggregateInput {
  runId: string;
  experiment: string;
  earlyStop?: EarlyStopReason;
  cost: Record<string, number>;
  /** Batches whose activity failed for good: their rows become failure records. */
  failedBatches: FailedBatch[];
  /** Batches never scheduled because the experiment stopped early. */
  unscheduledBatches: number[];
}

export interface ExperimentSummary {
  experiment: string;
  rows: number;
  ok: number;
  failed: number;
  skipped: number;
  cost: Record<string, number>;
  earlyStop?: EarlyStopReason;
}

export interface CompareInput {
  runId: string;
  baseline: string;
  variant: string;
}

export interface ComparisonSummary {
  variant: string;
  plugins: string[];
  verdicts: { criterion: string; verdict: string }[];
}

export interface ReportInput {
  runId: string;
  experiment: string;
}

export interface ReportResult {
  experiment: string;
  files: string[];
}

export interface FinishInput {
  runId: string;
  experiments: ExperimentSummary[];
  reports: ReportResult[];
  startedAt: string;
  stopReason?: string;
}

/** What a budget bought: rows per experiment and the comparisons they allow (docs/budget.md). */
export interface BudgetReport {
  maxCost: number;
  currency: string;
  spent: number;
  order: 'balanced' | 'in_order';
  rows: Record<string, number>;
}

export interface RunOutcome {
  runId: string;
  suite: string;
  /** `stopped`: the budget ran out (or another run-wide stop); reports cover what ran. */
  status: 'completed' | 'completed_with_failures' | 'stopped' | 'failed';
  experiments: ExperimentSummary[];
  reportPrefix: string;
  reports: string[];
  costInUsd: number;
  stopReason?: string;
  /** Why a `failed` run could not go on: the error's code and message. */
  error?: ErrorInfo;
  /** Timer runs: the comparison with the blessed (or last good) run (docs/scheduled-regression.md). */
  regression?: IndexedRegression;
}

/** Custom status: what `GET /api/runs/{id}` and the CLI progress bar show. */
export interface RunProgress {
  phase: 'planning' | 'evaluating' | 'aggregating' | 'comparing' | 'reporting' | 'done';
  experiments: Record<string, { done: number; total: number; failed: number; stopped?: boolean }>;
  costInUsd: number;
  /** Known once planned: what the run is expected to cost before it spends anything. */
  estimate?: CostEstimate;
}
