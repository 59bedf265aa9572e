import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairedScores, pairRecordsCached, PairBySchema } from '../../core/analytics/pairing';
import { CriteriaOptionSchema, roundTo } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const ScoreFlipAnalysisOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  pass_threshold: z.number().default(3.0),
  fail_threshold: z.number().default(2.0),
  major_change: z.number().default(2.0),
  pair_by: PairBySchema.default('index'),
  on_error: OnErrorSchema,
});
export type ScoreFlipAnalysisOptions = z.infer<typeof ScoreFlipAnalysisOptionsSchema>;

type FlipKind = 'fail_to_pass' | 'pass_to_fail' | 'major_drops' | 'major_gains';
const KINDS: FlipKind[] = ['fail_to_pass', 'pass_to_fail', 'major_drops', 'major_gains'];

/**
 * One rule for the overall and the per-criterion counts. The original's per-criterion loop used
 * independent `if`s, so at `major_change: 0` an unchanged pair counted as a drop and a gain
 * there (not overall), and with `fail_threshold` ≥ `pass_threshold` a pair in the overlap as
 * fail→pass and pass→fail; here a drop only and fail→pass only, everywhere (README, deliberate differences).
 */
function classify(b: number, v: number, config: ScoreFlipAnalysisOptions): FlipKind[] {
  const kinds: FlipKind[] = [];
  if (b <= config.fail_threshold && v >= config.pass_threshold) kinds.push('fail_to_pass');
  else if (b >= config.pass_threshold && v <= config.fail_threshold) kinds.push('pass_to_fail');
  const change = v - b;
  if (change <= -config.major_change) kinds.push('major_drops');
  else if (change >= config.major_change) kinds.push('major_gains');
  return kinds;
}

function counts(tally: Record<FlipKind, number>): Record<string, number> {
  return {
    fail_to_pass_count: tally.fail_to_pass,
    pass_to_fail_count: tally.pass_to_fail,
    major_drops_count: tally.major_drops,
    major_gains_count: tally.major_gains,
    net_flip_impact: tally.fail_to_pass - tally.pass_to_fail,
  };
}

const emptyTally = (): Record<FlipKind, number> => ({ fail_to_pass: 0, pass_to_fail: 0, major_drops: 0, major_gains: 0 });

export const scoreFlipAnalysis = definePlugin({
  name: 'score_flip_analysis',
  kind: 'baseline',
  description: 'Counts of rows that flipped between fail and pass, and of major gains and drops.',
  configSchema: ScoreFlipAnalysisOptionsSchema,
  create(config, deps) {
    const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
    return {
      name: 'score_flip_analysis',
      compare: (baseline, variant) =>
        guardAnalytics('score_flip_analysis', config.on_error, deps.logger, () => {
          const pairs = pairRecordsCached(baseline.results, variant.results, config.pair_by);
          const byCriterion = pairedScores(pairs, baseline.results, variant.results);
          const total = emptyTally();
          const examples: Record<FlipKind, [number, number][]> = { fail_to_pass: [], pass_to_fail: [], major_drops: [], major_gains: [] };
          const criteria: Record<string, unknown> = {};
          // The original's criterion order: as criteria first appear in the baseline's scores, so its examples too.
          for (const criterion of byCriterion.keys()) {
            if (wanted && !wanted.has(criterion)) continue;
            const tally = emptyTally();
            const column = byCriterion.get(criterion)!;
            for (let i = 0; i < column.baseline.length; i++) {
              const b = column.baseline[i]!;
              const v = column.variant[i]!;
              for (const kind of classify(b, v, config)) {
                tally[kind] += 1;
                total[kind] += 1;
                if (examples[kind].length < 5) examples[kind].push([roundTo(b, 2), roundTo(v, 2)]);
              }
            }
            criteria[criterion] = counts(tally);
          }
          if (Object.keys(criteria).length === 0) return {};
          return { ...counts(total), examples: Object.fromEntries(KINDS.map((kind) => [kind, examples[kind]])), criteria, method: `paired by ${config.pair_by}` };
        }),
    };
  },
});
