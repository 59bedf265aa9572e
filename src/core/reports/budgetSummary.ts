import { oneSamplePower, minimumDetectableEffect } from '../stats/power';
import type { SuiteExperimentSummary } from './suiteSummary';

/** The design the minimum detectable effect is stated for. */
const ALPHA = 0.05;
const POWER = 0.8;

export interface BudgetSettings {
  maxCost: number;
  currency: string;
  order: 'balanced' | 'in_order';
}

/** What a run's budget bought (docs/budget.md): rows per experiment and what they can show. */
export interface BudgetSummary {
  max_cost: number;
  currency: string;
  spent: number | null;
  order: 'balanced' | 'in_order';
  /** Rows evaluated per experiment (results and failures; skipped rows excluded). */
  rows: Record<string, number>;
  comparisons: BudgetComparison[];
  design: { alpha: number; power: number; test: string };
}

export interface BudgetComparison {
  variant: string;
  criterion: string;
  /** Rows scored in both experiments: what a paired comparison can use. */
  paired_rows: number;
  /** Smallest standardized paired effect (Cohen's d_z) found with 80% power at this size. */
  minimum_detectable_effect: number | null;
  /**
   * The same in score units, with the spread of the paired differences taken as
   * √(sd_baseline² + sd_variant²): exact for unrelated rows, larger than the truth when a
   * row's two scores move together (the usual case), so the real threshold is lower.
   */
  minimum_detectable_difference: number | null;
}

export function summarizeBudget(budget: BudgetSettings, experiments: SuiteExperimentSummary[], spent: number | null): BudgetSummary {
  const baseline = experiments.find((experiment) => experiment.is_baseline);
  const comparisons: BudgetComparison[] = [];
  for (const variant of experiments.filter((experiment) => experiment.comparison !== null)) {
    for (const [criterion, stats] of Object.entries(variant.score_stats.criteria)) {
      const paired = Math.min(stats.count, baseline?.score_stats.criteria[criterion]?.count ?? 0);
      const effect = paired >= 2 ? minimumDetectableEffect((d) => oneSamplePower(d, paired, { alpha: ALPHA }), POWER) : null;
      comparisons.push({
        variant: variant.name,
        criterion,
        paired_rows: paired,
        minimum_detectable_effect: effect,
        minimum_detectable_difference: effect === null ? null : inScoreUnits(effect, stats.std, baseline?.score_stats.criteria[criterion]?.std),
      });
    }
  }
  return {
    max_cost: budget.maxCost,
    currency: budget.currency,
    spent,
    order: budget.order,
    rows: Object.fromEntries(experiments.map((experiment) => [experiment.name, experiment.rows + experiment.failures])),
    comparisons,
    design: { alpha: ALPHA, power: POWER, test: 'paired t-test, two-sided' },
  };
}

function inScoreUnits(effect: number, variantSd: number | null, baselineSd: number | null | undefined): number | null {
  if (variantSd === null || baselineSd === null || baselineSd === undefined) return null;
  return effect * Math.sqrt(variantSd ** 2 + baselineSd ** 2);
}
