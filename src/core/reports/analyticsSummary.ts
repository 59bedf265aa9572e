import type { EarlyStopReason, ExperimentPayload, FailureRecord, RetrySummary } from '../engine/records';
import { collectVerdicts, type Verdict } from '../engine/verdict';

export interface AnalyticsSummaryOptions {
  includeMetadata: boolean;
  includeAggregates: boolean;
  includeComparisons: boolean;
}

/** What the `analytics_report` sink writes as JSON (docs/original-behaviour.md §2.12, with comparisons really present). */
export interface AnalyticsSummary {
  experiment: string;
  baseline: string | null;
  is_baseline: boolean;
  rows: number;
  failures: number;
  failure_examples: FailureRecord[];
  metadata?: {
    retry_summary: RetrySummary | null;
    early_stop: EarlyStopReason | null;
    cost_summary: Record<string, unknown> | null;
    security_level: string;
  };
  aggregates?: Record<string, Record<string, unknown>>;
  baseline_comparison?: Record<string, Record<string, unknown>> | null;
  analytics: Record<string, unknown>;
  verdicts: Verdict[];
}

/** The original's analytics keys (plus `score_bayes`), looked up in comparisons, then aggregates. */
export const ANALYTICS_PLUGINS = [
  'score_significance',
  'score_bayes',
  'score_cliffs_delta',
  'score_assumptions',
  'score_practical',
  'score_distribution',
  'score_power',
] as const;

const FAILURE_EXAMPLE_COUNT = 5;

/**
 * Comparisons run before sinks in this project (docs/original-behaviour.md §12.2 item 1), so a variant's payload
 * carries `baseline_comparison`; `include_comparisons: false` leaves comparisons, verdicts
 * and comparison-sourced analytics out.
 */
export function buildAnalyticsSummary(payload: ExperimentPayload, options: AnalyticsSummaryOptions): AnalyticsSummary {
  const { metadata } = payload;
  const comparison = options.includeComparisons ? (payload.baseline_comparison ?? metadata.baseline_comparison) : undefined;
  const summary: AnalyticsSummary = {
    experiment: metadata.experiment,
    baseline: metadata.baseline ?? null,
    is_baseline: metadata.is_baseline,
    rows: metadata.rows ?? payload.results.length,
    failures: payload.failures.length,
    failure_examples: payload.failures.slice(0, FAILURE_EXAMPLE_COUNT),
    analytics: collectAnalytics(comparison ?? {}, payload.aggregates),
    verdicts: collectVerdicts(comparison),
  };
  if (options.includeMetadata) {
    summary.metadata = {
      retry_summary: metadata.retry_summary ?? null,
      early_stop: payload.early_stop ?? metadata.early_stop ?? null,
      cost_summary: payload.cost_summary ?? metadata.cost_summary ?? null,
      security_level: metadata.security_level,
    };
  }
  if (options.includeAggregates) summary.aggregates = payload.aggregates;
  if (options.includeComparisons) summary.baseline_comparison = comparison ?? null;
  return summary;
}

function collectAnalytics(
  comparison: Record<string, Record<string, unknown>>,
  aggregates: Record<string, Record<string, unknown>>,
): Record<string, unknown> {
  const analytics: Record<string, unknown> = {};
  for (const name of ANALYTICS_PLUGINS) {
    const output = comparison[name] ?? aggregates[name];
    if (output !== undefined) analytics[name] = output;
  }
  return analytics;
}
