import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, compareByCriterion } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { cliffsDelta, interpretCliffs } from '../../core/stats/cliffsDelta';

export const ScoreCliffsDeltaOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(1).default(1),
  on_error: OnErrorSchema,
});

export const scoreCliffsDelta = definePlugin({
  name: 'score_cliffs_delta',
  kind: 'baseline',
  description: "Cliff's delta per criterion: how often variant scores exceed baseline scores, minus the reverse.",
  configSchema: ScoreCliffsDeltaOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_cliffs_delta',
      compare: (baseline, variant) =>
        guardAnalytics('score_cliffs_delta', config.on_error, deps.logger, () =>
          compareByCriterion(baseline.results, variant.results, { criteria: config.criteria, minSamples: config.min_samples }, (b, v) => {
            const empty = b.length === 0 || v.length === 0;
            const delta = empty ? 0 : cliffsDelta(b, v);
            return {
              delta,
              interpretation: empty ? 'no_data' : interpretCliffs(delta),
              baseline_samples: b.length,
              variant_samples: v.length,
              method: 'cliffs_delta',
            };
          }),
        ),
    };
  },
});
