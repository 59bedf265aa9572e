import { z } from 'zod';
import { definePlugin, type EarlyStopCheck, type EarlyStopMeta } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { asNumber, metricAt } from './metricValue';

const COMPARISONS = {
  gte: (value: number, threshold: number) => value >= threshold,
  gt: (value: number, threshold: number) => value > threshold,
  lte: (value: number, threshold: number) => value <= threshold,
  lt: (value: number, threshold: number) => value < threshold,
} as const;
type Comparison = keyof typeof COMPARISONS;

export const ThresholdOptionsSchema = options({
  /** Dotted path inside `record.metrics`, e.g. `scores.analysis` or `score`. */
  metric: z.string().min(1),
  threshold: z.union([z.number(), z.string()]).transform((value, ctx) => {
    const parsed = asNumber(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `Invalid threshold value ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return parsed;
  }),
  /** gte, gt, lte or lt; anything else means gte, as in the original. */
  comparison: z.string().default('gte').transform((value): Comparison => (Object.hasOwn(COMPARISONS, value) ? (value as Comparison) : 'gte')),
  /** Clamped to at least 1. */
  min_rows: z.number().int().default(1).transform((value) => Math.max(1, value)),
  label: z.string().optional(),
});
export type ThresholdOptions = z.infer<typeof ThresholdOptionsSchema>;

const StateSchema = z.object({ rows_observed: z.number().int().min(0), reason: z.record(z.string(), z.unknown()).nullable() });

/**
 * docs/original-behaviour.md §6 `threshold`: counts rows that have the metric; once `min_rows` have been seen, stops at
 * the first value that passes the comparison. The reason is kept, so later checks repeat it.
 */
export function createThresholdCheck(config: ThresholdOptions): EarlyStopCheck {
  let rowsObserved = 0;
  let reason: Record<string, unknown> | undefined;
  return {
    name: 'threshold',
    observe: (record) => asNumber(metricAt(record, config.metric)),
    reset() {
      rowsObserved = 0;
      reason = undefined;
    },
    check(value: number, meta: EarlyStopMeta) {
      if (reason) return reason;
      rowsObserved += 1;
      if (rowsObserved < config.min_rows || !COMPARISONS[config.comparison](value, config.threshold)) return undefined;
      reason = { metric: config.metric, comparison: config.comparison, threshold: config.threshold, value, rows_observed: rowsObserved };
      if (config.label !== undefined) reason.label = config.label;
      Object.assign(reason, meta);
      return reason;
    },
    snapshot: () => ({ rows_observed: rowsObserved, reason: reason ?? null }),
    restore(state) {
      const parsed = StateSchema.parse(state);
      rowsObserved = parsed.rows_observed;
      reason = parsed.reason ?? undefined;
    },
  };
}

export const thresholdEarlyStop = definePlugin({
  name: 'threshold',
  kind: 'earlyStop',
  description: 'Stops an experiment once a metric reaches a threshold, after a minimum number of rows.',
  configSchema: ThresholdOptionsSchema,
  create: (config) => createThresholdCheck(config),
});
