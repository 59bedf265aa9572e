import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { collectScores, comparePython, CriteriaOptionSchema } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean, std } from '../../core/stats/descriptive';
import { oneSamplePower, requiredSampleSize } from '../../core/stats/power';

const clamp = (low: number, high: number) => (value: number) => Math.min(high, Math.max(low, value));

export const ScorePowerOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(2).default(2),
  alpha: z.number().default(0.05).transform(clamp(1e-6, 0.25)),
  target_power: z.number().default(0.8).transform(clamp(0.1, 0.999)),
  effect_size: z.number().nullish(),
  null_mean: z.number().default(0.0),
  on_error: OnErrorSchema,
});
export type ScorePowerOptions = z.infer<typeof ScorePowerOptionsSchema>;

function criterionPower(values: number[], config: ScorePowerOptions): Record<string, unknown> {
  const n = values.length;
  const average = mean(values);
  const sd = n > 1 ? std(values, 1) : 0;
  const observed = sd > 0 ? (average - config.null_mean) / sd : null;
  // A truthy effect_size wins (0 counts as unset, as in the original).
  const target = config.effect_size ? config.effect_size : observed;
  const design = { alpha: config.alpha };
  const required = target !== null && target > 0
    ? requiredSampleSize((size) => oneSamplePower(target, size, design), config.target_power, 2)
    : null;
  const achieved = target !== null && target > 0 && observed ? oneSamplePower(observed, n, design) : null;
  return {
    samples: n,
    mean: average,
    std: sd,
    observed_effect_size: observed,
    target_effect_size: target,
    required_samples: required,
    achieved_power: achieved,
    alpha: config.alpha,
    target_power: config.target_power,
    method: 'one_sample_t_power (noncentral t, two-sided)',
  };
}

export const scorePower = definePlugin({
  name: 'score_power',
  kind: 'aggregator',
  description: 'One-sample t-test power per criterion: achieved power and the samples needed for a target power.',
  configSchema: ScorePowerOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_power',
      finalize: (records) =>
        guardAnalytics('score_power', config.on_error, deps.logger, () => {
          const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
          const output: Record<string, unknown> = {};
          const byCriterion = collectScores(records);
          for (const criterion of [...byCriterion.keys()].sort(comparePython)) {
            const values = byCriterion.get(criterion)!;
            if ((wanted && !wanted.has(criterion)) || values.length < config.min_samples) continue;
            output[criterion] = criterionPower(values, config);
          }
          return output;
        }),
    };
  },
});
