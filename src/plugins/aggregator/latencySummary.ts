import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { maximum, mean, medianSorted, minimum, percentileSorted, sortedCopy, std } from '../../core/stats/descriptive';

export const LatencySummaryOptionsSchema = options({ on_error: OnErrorSchema });

export function summariseLatency(records: readonly ExperimentRecord[]): Record<string, unknown> {
  const values = records
    .map((record) => record.metrics.latency_seconds)
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0);
  const output: Record<string, unknown> = { total_requests: records.length, requests_with_latency: values.length };
  if (values.length === 0) return output;
  const sorted = sortedCopy(values);
  output.latency_seconds = {
    mean: mean(values),
    median: medianSorted(sorted),
    std: values.length > 1 ? std(values, 1) : 0,
    min: minimum(sorted),
    max: maximum(sorted),
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
  };
  return output;
}

export const latencySummary = definePlugin({
  name: 'latency_summary',
  kind: 'aggregator',
  description: 'Latency distribution (mean, median, std, percentiles) from metrics.latency_seconds.',
  configSchema: LatencySummaryOptionsSchema,
  create(config, deps) {
    return {
      name: 'latency_summary',
      finalize: (records) => guardAnalytics('latency_summary', config.on_error, deps.logger, () => summariseLatency(records)),
    };
  },
});
