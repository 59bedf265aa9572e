import { z } from 'zod';
import { computeScoreStats, type ScoreStatsResult, type ScoreSummary } from '../../core/analytics/scoreSummary';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { formatFixed, formatPercent } from '../../core/python';

export const ScoreRecommendationOptionsSchema = options({
  min_samples: z.number().int().min(0).default(5),
  improvement_margin: z.number().default(0.05),
  source_field: z.string().default('scores'),
  flag_field: z.string().default('score_flags'),
});
export type ScoreRecommendationOptions = z.infer<typeof ScoreRecommendationOptionsSchema>;

function bestCriterion(stats: ScoreStatsResult): [string, ScoreSummary] | undefined {
  let best: [string, ScoreSummary] | undefined;
  for (const [criterion, summary] of Object.entries(stats.criteria)) {
    if (summary.mean === undefined) continue;
    // Strict >: the first criterion seen wins ties, as in the original.
    if (!best || summary.mean > best[1].mean!) best = [criterion, summary];
  }
  return best;
}

/** "<crit> leads with mean score 0.70, pass rate 60%[, which is 0.10 above overall average]". */
export function recommendationMessage(criterion: string, summary: ScoreSummary, overallMean: number | undefined, margin: number): string {
  const clauses = [`${criterion} leads with mean score ${formatFixed(summary.mean!, 2)}`];
  if (summary.pass_rate !== undefined) clauses.push(`pass rate ${formatPercent(summary.pass_rate, 0)}`);
  if (overallMean !== undefined) {
    const difference = summary.mean! - overallMean;
    if (Math.abs(difference) >= margin) {
      clauses.push(`which is ${formatFixed(Math.abs(difference), 2)} ${difference > 0 ? 'above' : 'below'} overall average`);
    }
  }
  return clauses.join(', ');
}

export const scoreRecommendation = definePlugin({
  name: 'score_recommendation',
  kind: 'aggregator',
  description: 'A one-line recommendation naming the leading criterion, with the overall summary.',
  configSchema: ScoreRecommendationOptionsSchema,
  create(config) {
    return {
      name: 'score_recommendation',
      finalize(records) {
        const stats = computeScoreStats(records, { sourceField: config.source_field, flagField: config.flag_field, ddof: 0 });
        if (stats.overall.count < config.min_samples) {
          return { recommendation: 'Insufficient data for confident recommendation', summary: stats.overall };
        }
        const best = bestCriterion(stats);
        if (!best) return { recommendation: 'No clear leader across criteria', summary: stats.overall };
        const [criterion, summary] = best;
        return {
          recommendation: recommendationMessage(criterion, summary, stats.overall.mean, config.improvement_margin),
          summary: stats.overall,
          best_criteria: criterion,
          best_stats: summary,
        };
      },
    };
  },
});
