import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { maximum, mean, medianSorted, minimum, sortedCopy, sum } from '../../core/stats/descriptive';

export const CostSummaryOptionsSchema = options({ on_error: OnErrorSchema });

const FIELDS = ['prompt_tokens', 'completion_tokens', 'cost'] as const;

/** One pass over the records for all three fields. */
function numbersOf(records: readonly ExperimentRecord[]): Record<(typeof FIELDS)[number], number[]> {
  const out = { prompt_tokens: [] as number[], completion_tokens: [] as number[], cost: [] as number[] };
  for (const record of records) {
    const metrics = record.metrics;
    for (const field of FIELDS) {
      const value = metrics?.[field];
      if (typeof value === 'number' && Number.isFinite(value)) out[field].push(value);
    }
  }
  return out;
}

function block(values: number[]): Record<string, number> {
  const sorted = sortedCopy(values);
  return { total: sum(values), mean: mean(values), median: medianSorted(sorted), min: minimum(sorted), max: maximum(sorted) };
}

export function summariseCost(records: readonly ExperimentRecord[]): Record<string, unknown> {
  const numbers = numbersOf(records);
  const output: Record<string, unknown> = { total_requests: records.length, requests_with_cost: numbers.cost.length };
  for (const field of FIELDS) {
    if (numbers[field].length > 0) output[field] = block(numbers[field]);
  }
  return output;
}

export const costSummary = definePlugin({
  name: 'cost_summary',
  kind: 'aggregator',
  description: 'Token and cost totals and distribution per experiment.',
  configSchema: CostSummaryOptionsSchema,
  create(config, deps) {
    return {
      name: 'cost_summary',
      finalize: (records) => guardAnalytics('cost_summary', config.on_error, deps.logger, () => summariseCost(records)),
    };
  },
});
