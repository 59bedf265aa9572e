import { z } from 'zod';
import { definePlugin, type EarlyStopCheck, type EarlyStopMeta } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { addToSequence, emptySequence, optimalRho2, type SequenceSettings, type SequenceState } from './confidenceSequence';
import { asNumber, metricAt } from './metricValue';

export const SequentialDifferenceOptionsSchema = options({
  /** Criterion name: the score read is `metrics.scores.<criterion>`. */
  criterion: z.string().min(1).optional(),
  /** Dotted path inside `record.metrics`, when `criterion` is not given. */
  metric: z.string().min(1).default('score'),
  /** Chance of ever stopping on a difference that is not there, however often it is checked. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** empirical_bernstein (adapts to the spread of the differences) or hoeffding (normal mixture, range only). */
  method: z.enum(['empirical_bernstein', 'hoeffding']).default('empirical_bernstein'),
  /** Pairs needed before any decision. */
  min_pairs: z.number().int().min(1).default(10),
  /** Bounds of the score scale; differences lie within ±(score_max − score_min). */
  score_min: z.number().default(0),
  score_max: z.number().default(1),
  /** hoeffding only: pairs at which the interval is tuned to be narrowest (a planning guess; any value is valid). */
  planned_pairs: z.number().int().min(1).default(100),
  /** When > 0, also stop once the whole interval lies within ±margin (no meaningful difference). */
  equivalence_margin: z.number().min(0).default(0),
  label: z.string().optional(),
}).refine((value) => value.score_max > value.score_min, { path: ['score_max'], message: 'score_max must be greater than score_min' });
export type SequentialDifferenceOptions = z.infer<typeof SequentialDifferenceOptionsSchema>;

const StateSchema = z.object({
  count: z.number().int().min(0),
  sum: z.number(),
  squares: z.number(),
  lambdas: z.number(),
  weighted: z.number(),
  penalty: z.number(),
  lower: z.number(),
  upper: z.number(),
  clipped: z.number().int().min(0),
  reason: z.record(z.string(), z.unknown()).nullable(),
});

const METHOD_LABELS = {
  empirical_bernstein: 'predictable plug-in empirical-Bernstein confidence sequence (Waudby-Smith & Ramdas 2024)',
  hoeffding: 'normal-mixture confidence sequence (Howard et al. 2021)',
} as const;

type Decision = { decision: 'difference'; direction: 'variant_above_baseline' | 'variant_below_baseline' } | { decision: 'equivalence'; direction: 'within_margin' };

function decide([lower, upper]: readonly [number, number], margin: number): Decision | undefined {
  if (lower > 0) return { decision: 'difference', direction: 'variant_above_baseline' };
  if (upper < 0) return { decision: 'difference', direction: 'variant_below_baseline' };
  if (margin > 0 && lower >= -margin && upper <= margin) return { decision: 'equivalence', direction: 'within_margin' };
  return undefined;
}

/**
 * Stops a variant once its paired difference from the baseline is settled: a time-uniform
 * confidence sequence on the mean of (variant − baseline) per row excludes 0 (or, with an
 * equivalence margin, lies inside ±margin). See docs/early-stop.md for the method and its
 * assumptions. Rows without a baseline value (and the baseline itself) are ignored.
 */
export function createSequentialDifferenceCheck(config: SequentialDifferenceOptions): EarlyStopCheck {
  const path = config.criterion === undefined ? config.metric : `scores.${config.criterion}`;
  const range = config.score_max - config.score_min;
  const settings: SequenceSettings = { method: config.method, alpha: config.alpha, rho2: optimalRho2(config.planned_pairs, config.alpha) };
  let sequence: SequenceState = emptySequence();
  let clipped = 0;
  let reason: Record<string, unknown> | undefined;

  // Differences lie in [−range, range]; the sequences work on [0, 1].
  const toUnit = (difference: number) => (difference + range) / (2 * range);
  const fromUnit = (x: number) => 2 * range * x - range;
  const interval = (): [number, number] => [fromUnit(sequence.lower), fromUnit(sequence.upper)];

  const reasonFor = (decision: Decision, meta: EarlyStopMeta): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      metric: path,
      method: METHOD_LABELS[config.method],
      alpha: config.alpha,
      ...decision,
      pairs: sequence.count,
      mean_difference: fromUnit(sequence.sum / sequence.count),
      interval: interval(),
    };
    if (config.equivalence_margin > 0) out.equivalence_margin = config.equivalence_margin;
    if (clipped > 0) out.clipped_pairs = clipped;
    if (config.label !== undefined) out.label = config.label;
    out.row_index = meta.row_index;
    return out;
  };

  return {
    name: 'sequential_difference',
    pairsWithBaseline: true,
    observe: (record) => asNumber(metricAt(record, path)),
    reset() {
      sequence = emptySequence();
      clipped = 0;
      reason = undefined;
    },
    check(value, meta) {
      if (reason || meta.baseline_value === undefined) return reason;
      const raw = value - meta.baseline_value;
      const difference = Math.min(range, Math.max(-range, raw));
      if (difference !== raw) clipped += 1;
      sequence = addToSequence(sequence, toUnit(difference), settings);
      if (sequence.count < config.min_pairs) return undefined;
      const decision = decide(interval(), config.equivalence_margin);
      if (decision) reason = reasonFor(decision, meta);
      return reason;
    },
    snapshot: () => ({ ...sequence, clipped, reason: reason ?? null }),
    restore(state) {
      const { clipped: restoredClipped, reason: restoredReason, ...restored } = StateSchema.parse(state);
      sequence = restored;
      clipped = restoredClipped;
      reason = restoredReason ?? undefined;
    },
  };
}

export const sequentialDifferenceEarlyStop = definePlugin({
  name: 'sequential_difference',
  kind: 'earlyStop',
  description: "Stops a variant once a time-uniform confidence sequence settles its paired difference from the baseline (error rate ≤ alpha under continuous monitoring).",
  configSchema: SequentialDifferenceOptionsSchema,
  create: (config) => createSequentialDifferenceCheck(config),
});
