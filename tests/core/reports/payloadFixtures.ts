import type { ExperimentPayload, ExperimentRecord, FailureRecord } from '../../../src/core/engine/records';
import type { Verdict } from '../../../src/core/engine/verdict';

function record(index: number, id: string, title: string, analysis: number, prioritization: number): ExperimentRecord {
  return {
    status: 'ok',
    index,
    id,
    row: { APPID: id, title },
    response: { content: `{"score": ${analysis}}`, metrics: { score: analysis } },
    responses: {
      analysis: { content: `{"score": ${analysis}}`, metrics: { score: analysis } },
      prioritization: { content: `{"score": ${prioritization}}`, metrics: { score: prioritization } },
    },
    metrics: {
      score: prioritization,
      scores: { analysis, prioritization },
      score_flags: { analysis: analysis >= 0.7, prioritization: prioritization >= 0.7 },
    },
    metadata: {},
    retry: { attempts: index + 1, max_attempts: 3, history: [{ attempt: 1, status: 'success', duration: 0.5 }] },
    security_level: 'official',
  };
}

export const failure: FailureRecord = {
  status: 'error',
  index: 2,
  id: 'APP-003',
  row: { APPID: 'APP-003', title: '=HYPERLINK("x")' },
  error: 'rate limited',
  error_code: 'LLM_RATE_LIMITED',
  timestamp: 1767225600,
  retry: { attempts: 3, max_attempts: 3, history: [{ attempt: 1, status: 'error', duration: 0.1, error: 'rate limited' }] },
};

export const scoreStats = {
  criteria: {
    analysis: { count: 2, missing: 0, mean: 0.6, median: 0.6, min: 0.5, max: 0.7, std: 0.1, pass_rate: 0.5, passes: 1 },
    prioritization: { count: 2, missing: 0, mean: 0.8, median: 0.8, min: 0.8, max: 0.8, std: 0, pass_rate: 1, passes: 2 },
  },
  overall: { count: 4, missing: 0, mean: 0.7, median: 0.75, min: 0.5, max: 0.8, std: 0.1224744871391589, pass_rate: 0.75, passes: 3 },
};

/** A baseline payload: two results (one title needing CSV quoting), one failure. */
export function baselinePayload(): ExperimentPayload {
  const results = [record(0, 'APP-001', 'Onboarding, "fast"', 0.5, 0.8), record(1, 'APP-002', '-2 risk', 0.7, 0.8)];
  const aggregates = { score_stats: scoreStats };
  return {
    results,
    failures: [failure],
    aggregates,
    cost_summary: { prompt_tokens: 120, completion_tokens: 30, total_cost: 0.0125 },
    metadata: {
      experiment: 'baseline',
      run_id: 'run-1',
      rows: 2,
      row_count: 2,
      failures_count: 1,
      retry_summary: { total_requests: 3, total_retries: 3, exhausted: 1 },
      aggregates,
      cost_summary: { prompt_tokens: 120, completion_tokens: 30, total_cost: 0.0125 },
      failures: [failure],
      security_level: 'official',
      is_baseline: true,
      baseline: 'baseline',
    },
  };
}

export const verdicts: Verdict[] = [
  {
    criterion: 'analysis',
    verdict: 'improved',
    method: 'welch_t + holm',
    mean_difference: 0.15,
    p_value: 0.01,
    adjusted_p_value: 0.02,
    effect_size: 1.2,
    interval: [0.05, 0.25],
  },
  { criterion: 'prioritization', verdict: 'inconclusive', method: 'welch_t + holm', mean_difference: -0.0123456, p_value: 0.4, interval: [-0.1, 0.08] },
];

/** A variant whose analysis mean rose by 0.15, with comparisons computed before the sinks. */
export function variantPayload(withVerdicts: boolean): ExperimentPayload {
  const payload = baselinePayload();
  const stats = {
    criteria: {
      analysis: { ...scoreStats.criteria.analysis, mean: 0.75 },
      prioritization: { ...scoreStats.criteria.prioritization, mean: 0.7876544 },
    },
    overall: { ...scoreStats.overall, mean: 0.76882716, pass_rate: 0.5 },
  };
  const comparison: Record<string, Record<string, unknown>> = {
    score_delta: { analysis: 0.15, prioritization: -0.0123456 },
    score_cliffs_delta: { analysis: { delta: 0.5, interpretation: 'large', baseline_samples: 2, variant_samples: 2 } },
  };
  if (withVerdicts) comparison.score_significance = { verdicts, analysis: { p_value: 0.01, adjusted_p_value: 0.02 } };
  return {
    ...payload,
    failures: [],
    aggregates: { score_stats: stats },
    cost_summary: { total_cost: 0.02 },
    early_stop: { plugin: 'threshold', metric: 'score', value: 0.9, row_index: 1 },
    baseline_comparison: comparison,
    metadata: {
      ...payload.metadata,
      experiment: 'variant_a',
      failures_count: 0,
      failures: [],
      retry_summary: { total_requests: 2, total_retries: 1, exhausted: 0 },
      aggregates: { score_stats: stats },
      cost_summary: { total_cost: 0.02 },
      early_stop: { plugin: 'threshold', metric: 'score', value: 0.9, row_index: 1 },
      is_baseline: false,
      baseline_comparison: comparison,
    },
  };
}
