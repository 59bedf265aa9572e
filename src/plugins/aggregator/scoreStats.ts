import { z } from 'zod';
import { computeScoreStats } from '../../core/analytics/scoreSummary';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const ScoreStatsOptionsSchema = options({
  source_field: z.string().default('scores'),
  flag_field: z.string().default('score_flags'),
  ddof: z.number().int().min(0).default(0),
});
export type ScoreStatsPluginOptions = z.infer<typeof ScoreStatsOptionsSchema>;

export const scoreStats = definePlugin({
  name: 'score_stats',
  kind: 'aggregator',
  description: 'Per-criterion and overall count, missing, mean, median, min, max, std and pass rate.',
  configSchema: ScoreStatsOptionsSchema,
  create(config) {
    return {
      name: 'score_stats',
      finalize(records) {
        const stats = computeScoreStats(records, { sourceField: config.source_field, flagField: config.flag_field, ddof: config.ddof });
        return { criteria: stats.criteria, overall: stats.overall };
      },
    };
  },
});
