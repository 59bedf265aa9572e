import { z } from 'zod';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mcnemarPValues } from '../../core/stats/mcnemar';
import { wilsonInterval } from '../../core/stats/proportions';

export const PairwiseSummaryOptionsSchema = options({
  /** The `llm_pairwise_judge` criterion. */
  criterion: z.string().min(1).default('pairwise'),
  details_field: z.string().min(1).default('pairwise'),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
});
export type PairwiseSummaryOptions = z.infer<typeof PairwiseSummaryOptionsSchema>;

interface Tally {
  rows: number;
  variant_wins: number;
  baseline_wins: number;
  ties: number;
}

const emptyTally = (): Tally => ({ rows: 0, variant_wins: 0, baseline_wins: 0, ties: 0 });

function add(tally: Tally, winner: unknown): void {
  tally.rows++;
  if (winner === 'variant') tally.variant_wins++;
  else if (winner === 'baseline') tally.baseline_wins++;
  else tally.ties++;
}

/** Share of decisive judgements the variant won; null without any. */
const winShare = (tally: Tally) => {
  const decisive = tally.variant_wins + tally.baseline_wins;
  return decisive === 0 ? null : tally.variant_wins / decisive;
};

/**
 * How much the presentation order mattered. `first_shown_win_share`: of the decisive
 * judgements, how often the answer shown first won (0.5 without position bias), with its
 * Wilson interval and an exact two-sided binomial p-value against 0.5. `order_agreement`:
 * 1 minus the gap between the variant's win share when shown first and when shown second
 * (1 when the order did not change the outcome rates).
 */
function positionReport(first: Tally, second: Tally, confidence: number): Record<string, unknown> {
  const shownFirstWins = first.variant_wins + second.baseline_wins;
  const shownSecondWins = first.baseline_wins + second.variant_wins;
  const decisive = shownFirstWins + shownSecondWins;
  const [a, b] = [winShare(first), winShare(second)];
  return {
    variant_first: first,
    variant_second: second,
    first_shown_win_share: decisive === 0 ? null : shownFirstWins / decisive,
    first_shown_win_share_ci: decisive === 0 ? null : wilsonInterval(shownFirstWins, decisive, confidence),
    position_bias_p_value: decisive === 0 ? null : mcnemarPValues(shownFirstWins, shownSecondWins).exact,
    order_agreement: a === null || b === null ? null : 1 - Math.abs(a - b),
  };
}

export function summarizePairwise(records: readonly ExperimentRecord[], config: PairwiseSummaryOptions): Record<string, unknown> {
  const all = emptyTally();
  const [first, second] = [emptyTally(), emptyTally()];
  let unscored = 0;
  for (const record of records) {
    const details = (record.metrics?.[config.details_field] as Record<string, { winner?: unknown; variant_position?: unknown }> | undefined)?.[config.criterion];
    if (!details || details.winner === undefined) {
      if ((record.metrics?.scores as Record<string, unknown> | undefined)?.[config.criterion] !== undefined) unscored++;
      continue;
    }
    add(all, details.winner);
    add(details.variant_position === 'A' ? first : second, details.winner);
  }
  const decisive = all.variant_wins + all.baseline_wins;
  return {
    ...all,
    unscored,
    win_rate: all.rows === 0 ? null : (all.variant_wins + all.ties / 2) / all.rows,
    variant_win_share: winShare(all),
    variant_win_share_ci: decisive === 0 ? null : wilsonInterval(all.variant_wins, decisive, config.confidence),
    sign_test_p_value: decisive === 0 ? null : mcnemarPValues(all.baseline_wins, all.variant_wins).exact,
    position: positionReport(first, second, config.confidence),
  };
}

export const pairwiseSummary = definePlugin({
  name: 'pairwise_summary',
  kind: 'aggregator',
  description: "Wins, losses and ties of an llm_pairwise_judge criterion, a sign test, and how much the answers' order mattered.",
  configSchema: PairwiseSummaryOptionsSchema,
  create(config) {
    return { name: 'pairwise_summary', finalize: (records) => ({ [config.criterion]: summarizePairwise(records, config) }) };
  },
});
