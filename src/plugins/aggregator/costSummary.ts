import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import type { ExperimentRecord } from '../../core/engine/records';
import { parseFloatText, parseIntText } from '../../core/python';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { maximum, mean, medianSorted, minimum, sortedCopy } from '../../core/stats/descriptive';

export const CostSummaryOptionsSchema = options({ on_error: OnErrorSchema });

const FIELDS = ['prompt_tokens', 'completion_tokens', 'cost'] as const;

/** The original's `int(value)`: numbers truncated toward zero, integer strings parsed; undefined where Python raises. */
export function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) || 0 : undefined;
  if (typeof value !== 'string') return undefined;
  const parsed = parseIntText(value, 10);
  return parsed === undefined ? undefined : Number(parsed);
}

/** The original's `float(value)`: numbers, booleans and numeric strings (`"0.25"`, `" 1e-3 "`). */
export function pythonFloat(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? parseFloatText(value) : undefined;
}

/** One pass over the records for all three fields (docs/original-behaviour.md §3.16); non-finite values are left out. */
function numbersOf(records: readonly ExperimentRecord[]): Record<(typeof FIELDS)[number], number[]> {
  const out = { prompt_tokens: [] as number[], completion_tokens: [] as number[], cost: [] as number[] };
  for (const record of records) {
    const metrics = record.metrics;
    for (const field of FIELDS) {
      const raw = metrics?.[field];
      const value = field === 'cost' ? pythonFloat(raw) : pythonInt(raw);
      if (value !== undefined && Number.isFinite(value)) out[field].push(value);
    }
  }
  return out;
}

/**
 * The original's `sum(values)`: Python 3.12's builtin sum of floats is Neumaier-compensated
 * (`sum([0.1] * 10)` is 1.0; numpy's pairwise sum and a plain loop give 0.9999999999999999).
 * The original ran Python 3.12 or later (docs/original-behaviour.md §0).
 */
export function pythonSum(values: readonly number[]): number {
  let total = 0;
  let compensation = 0;
  for (const x of values) {
    const next = total + x;
    compensation += Math.abs(total) >= Math.abs(x) ? total - next + x : x - next + total;
    total = next;
  }
  return compensation !== 0 && Number.isFinite(compensation) ? total + compensation : total;
}

function block(values: number[]): Record<string, number> {
  const sorted = sortedCopy(values);
  return { total: pythonSum(values), mean: mean(values), median: medianSorted(sorted), min: minimum(sorted), max: maximum(sorted) };
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
