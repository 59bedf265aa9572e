import type { Aggregator, BaselineComparer } from '../plugins/kinds';
import type { EarlyStopReason, ExperimentPayload, ExperimentRecord, FailureRecord, RetrySummary } from './records';

const isNonEmpty = (value: Record<string, unknown> | undefined): value is Record<string, unknown> =>
  value !== undefined && value !== null && Object.keys(value).length > 0;

/** Each aggregator's `finalize`; only non-empty outputs are kept, keyed by plugin name (docs/original-behaviour.md §1.5 step 6). */
export async function runAggregators(aggregators: readonly Aggregator[], records: ExperimentRecord[]): Promise<Record<string, Record<string, unknown>>> {
  const aggregates: Record<string, Record<string, unknown>> = {};
  for (const aggregator of aggregators) {
    const output = await aggregator.finalize(records);
    if (isNonEmpty(output)) aggregates[aggregator.name] = output;
  }
  return aggregates;
}

/** Baseline plugins on (baseline, variant); non-empty results keyed by plugin name (docs/original-behaviour.md §1.4 step 6). */
export function runComparisons(comparers: readonly BaselineComparer[], baseline: ExperimentPayload, variant: ExperimentPayload): Record<string, Record<string, unknown>> {
  const comparisons: Record<string, Record<string, unknown>> = {};
  for (const comparer of comparers) {
    const output = comparer.compare(baseline, variant);
    if (isNonEmpty(output)) comparisons[comparer.name] = output;
  }
  return comparisons;
}

/** `{total_requests, total_retries, exhausted}` (docs/original-behaviour.md §1.6), or undefined when nothing carries retry info. */
export function summarizeRetries(records: readonly ExperimentRecord[], failures: readonly FailureRecord[]): RetrySummary | undefined {
  const withRetry = [...records, ...failures].filter((item) => item.retry !== undefined);
  if (withRetry.length === 0) return undefined;
  return {
    total_requests: records.length + failures.length,
    total_retries: withRetry.reduce((sum, item) => sum + Math.max(0, (item.retry?.attempts ?? 1) - 1), 0),
    // Failures whose retries ran out; safety blocks and bad templates are failures, not exhaustion.
    exhausted: failures.filter((failure) => failure.retry !== undefined && failure.retry.attempts >= failure.retry.max_attempts).length,
  };
}

export interface PayloadParts {
  runId: string;
  experiment: string;
  isBaseline: boolean;
  baseline: string;
  records: ExperimentRecord[];
  failures: FailureRecord[];
  aggregates: Record<string, Record<string, unknown>>;
  securityLevel: string;
  costSummary?: Record<string, unknown>;
  earlyStop?: EarlyStopReason;
  extraMetadata?: Record<string, unknown>;
}

/** The payload and metadata sinks and baseline plugins see (docs/original-behaviour.md §1.6), with the experiment named. */
export function buildPayload(parts: PayloadParts): ExperimentPayload {
  const retry = summarizeRetries(parts.records, parts.failures);
  const payload: ExperimentPayload = {
    results: parts.records,
    failures: parts.failures,
    aggregates: parts.aggregates,
    metadata: {
      ...parts.extraMetadata,
      experiment: parts.experiment,
      run_id: parts.runId,
      rows: parts.records.length,
      row_count: parts.records.length,
      failures_count: parts.failures.length,
      security_level: parts.securityLevel,
      is_baseline: parts.isBaseline,
      baseline: parts.baseline,
    },
  };
  if (retry) payload.metadata.retry_summary = retry;
  if (Object.keys(parts.aggregates).length > 0) payload.metadata.aggregates = parts.aggregates;
  if (isNonEmpty(parts.costSummary)) {
    payload.cost_summary = parts.costSummary;
    payload.metadata.cost_summary = parts.costSummary;
  }
  if (parts.failures.length > 0) payload.metadata.failures = parts.failures;
  if (parts.earlyStop) {
    payload.early_stop = parts.earlyStop;
    payload.metadata.early_stop = parts.earlyStop;
  }
  return payload;
}

/** Attaches comparisons before sinks run, so reports include them (docs/original-behaviour.md §12.2 item 1). */
export function withComparisons(payload: ExperimentPayload, comparisons: Record<string, Record<string, unknown>>): ExperimentPayload {
  if (Object.keys(comparisons).length === 0) return payload;
  return { ...payload, baseline_comparison: comparisons, metadata: { ...payload.metadata, baseline_comparison: comparisons } };
}
