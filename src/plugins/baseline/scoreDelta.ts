import { z } from 'zod';
import { sharedCriteria } from '../../core/analytics/scores';
import type { ExperimentPayload } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const ScoreDeltaOptionsSchema = options({
  metric: z.string().default('mean'),
  criteria: z.array(z.string()).nullish(),
});
export type ScoreDeltaOptions = z.infer<typeof ScoreDeltaOptionsSchema>;

/** `aggregates.score_stats.criteria`: score_delta needs the score_stats aggregator. */
function statsCriteria(payload: ExperimentPayload): Record<string, Record<string, unknown>> | undefined {
  const stats = payload.aggregates?.score_stats;
  const criteria = stats?.criteria;
  return criteria !== null && typeof criteria === 'object' ? (criteria as Record<string, Record<string, unknown>>) : undefined;
}

export const scoreDelta = definePlugin({
  name: 'score_delta',
  kind: 'baseline',
  description: "Variant minus baseline of one score_stats metric per criterion (needs the score_stats aggregator).",
  configSchema: ScoreDeltaOptionsSchema,
  create(config) {
    return {
      name: 'score_delta',
      compare(baseline, variant) {
        const base = statsCriteria(baseline);
        const other = statsCriteria(variant);
        if (!base || !other) return {};
        const deltas: Record<string, number> = {};
        for (const criterion of sharedCriteria(Object.keys(base), Object.keys(other), config.criteria)) {
          const before = base[criterion]?.[config.metric];
          const after = other[criterion]?.[config.metric];
          if (typeof before === 'number' && typeof after === 'number') deltas[criterion] = after - before;
        }
        return deltas;
      },
    };
  },
});
