import type { LlmResponse, RetryInfo } from '../llm/types';

export type Row = Record<string, unknown>;

/** A successful row: the original record shape (docs/original-behaviour.md §1.6) plus its position and id. */
export interface ExperimentRecord {
  status: 'ok';
  index: number;
  id: string;
  row: Row;
  /** Python text of row cells JSON cannot type: `{"x": "1000.0", "note": "nan"}` (src/core/data/pandasCells.ts). */
  row_floats?: Record<string, string>;
  response: LlmResponse;
  responses?: Record<string, LlmResponse>;
  metrics: Record<string, unknown>;
  metadata: Record<string, unknown>;
  retry?: RetryInfo;
  security_level: string;
}

/** A row that did not produce a result. Failures are data, never lost. */
export interface FailureRecord {
  status: 'error';
  index: number;
  id: string;
  row: Row;
  row_floats?: Record<string, string>;
  error: string;
  error_code: string;
  /** Epoch seconds, as in the original. */
  timestamp: number;
  retry?: RetryInfo;
  criteria?: string;
}

export type RowOutcome = ExperimentRecord | FailureRecord;

export interface RetrySummary {
  total_requests: number;
  total_retries: number;
  exhausted: number;
}

export interface EarlyStopReason {
  plugin: string;
  [key: string]: unknown;
}

/** Everything aggregators, baseline plugins and sinks see about one experiment. */
export interface ExperimentPayload {
  results: ExperimentRecord[];
  failures: FailureRecord[];
  aggregates: Record<string, Record<string, unknown>>;
  cost_summary?: Record<string, unknown>;
  early_stop?: EarlyStopReason;
  baseline_comparison?: Record<string, Record<string, unknown>>;
  metadata: PayloadMetadata;
}

export interface PayloadMetadata {
  experiment: string;
  run_id: string;
  rows: number;
  row_count: number;
  failures_count: number;
  retry_summary?: RetrySummary;
  aggregates?: Record<string, Record<string, unknown>>;
  cost_summary?: Record<string, unknown>;
  failures?: FailureRecord[];
  security_level: string;
  early_stop?: EarlyStopReason;
  is_baseline: boolean;
  baseline?: string;
  baseline_comparison?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
