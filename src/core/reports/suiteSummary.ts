import { recommendShip, type ShipRecommendation } from '../analytics/recommendation';
import type { ExperimentPayload, RetrySummary } from '../engine/records';
import { collectVerdicts, type Verdict } from '../engine/verdict';
import { summarizeBudget, type BudgetSettings, type BudgetSummary } from './budgetSummary';
import { finiteOrNull, isRecord, toJsonSafe } from './json';

export interface SuiteSummaryInput {
  runId: string;
  suite: string;
  baseline: string;
  experiments: { name: string; isBaseline: boolean; payload: ExperimentPayload }[];
  costEstimate?: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  /** Why the run stopped before every row ran (budget), if it did. */
  stopReason?: string;
  budget?: BudgetSettings;
}

export interface CriterionSummary {
  count: number;
  mean: number | null;
  median: number | null;
  std: number | null;
  pass_rate: number | null;
}

export interface VariantComparison {
  baseline: string;
  /** variant mean − baseline mean per criterion, from both experiments' `score_stats`. */
  mean_delta: Record<string, number | null>;
  /** Every baseline plugin's output, keyed by plugin name. */
  plugins: Record<string, unknown>;
  verdicts: Verdict[];
}

export interface SuiteExperimentSummary {
  name: string;
  is_baseline: boolean;
  rows: number;
  failures: number;
  /** Rows never evaluated because the experiment or the run stopped early. */
  skipped: number;
  security_level: string;
  retries: RetrySummary | null;
  /** `total_cost` of the cost summary, when the tracker reports one. */
  cost: number | null;
  cost_summary: Record<string, unknown> | null;
  early_stop: Record<string, unknown> | null;
  score_stats: { overall: CriterionSummary | null; criteria: Record<string, CriterionSummary> };
  /** Null for the baseline. */
  comparison: VariantComparison | null;
  failure_examples: { id: string; error_code: string; error: string; attempts: number }[];
}

/** A JSON-safe digest of a whole suite run (no Infinity or NaN anywhere). */
export interface SuiteSummary {
  run_id: string;
  suite: string;
  baseline: string;
  started_at: string;
  finished_at: string;
  duration_in_ms: number | null;
  cost_estimate: Record<string, unknown> | null;
  stop_reason: string | null;
  /** Every criterion seen in any experiment's `score_stats`, sorted. */
  criteria: string[];
  totals: { experiments: number; rows: number; failures: number; cost: number | null };
  /** The baseline first, then the variants in the order given. */
  experiments: SuiteExperimentSummary[];
  /** Set when the run had a budget: what it bought. */
  budget: BudgetSummary | null;
  /** Which experiment to ship, decided from the verdicts (src/core/analytics/recommendation.ts). */
  recommendation: ShipRecommendation;
}

const FAILURE_EXAMPLE_COUNT = 5;

export function buildSuiteSummary(input: SuiteSummaryInput): SuiteSummary {
  const ordered = [...input.experiments].sort((a, b) => Number(b.isBaseline) - Number(a.isBaseline));
  const baselinePayload = ordered.find((experiment) => experiment.name === input.baseline)?.payload;
  const experiments = ordered.map((experiment) => summarizeExperiment(experiment, input.baseline, baselinePayload));
  const costs = experiments.map((experiment) => experiment.cost).filter((cost): cost is number => cost !== null);
  const criteria = [...new Set(experiments.flatMap((experiment) => Object.keys(experiment.score_stats.criteria)))].sort();
  const duration = Date.parse(input.finishedAt) - Date.parse(input.startedAt);
  const summary: SuiteSummary = {
    run_id: input.runId,
    suite: input.suite,
    baseline: input.baseline,
    started_at: input.startedAt,
    finished_at: input.finishedAt,
    duration_in_ms: Number.isFinite(duration) ? duration : null,
    cost_estimate: input.costEstimate ?? null,
    stop_reason: input.stopReason ?? null,
    criteria,
    totals: {
      experiments: experiments.length,
      rows: sum(experiments.map((experiment) => experiment.rows)),
      failures: sum(experiments.map((experiment) => experiment.failures)),
      cost: costs.length > 0 ? sum(costs) : null,
    },
    experiments,
    budget: null,
    recommendation: recommendShip(input.baseline, experiments.filter((e) => e.comparison !== null).map((e) => ({ variant: e.name, verdicts: e.comparison!.verdicts }))),
  };
  if (input.budget) summary.budget = summarizeBudget(input.budget, experiments, summary.totals.cost);
  return toJsonSafe(summary) as SuiteSummary;
}

function summarizeExperiment(
  experiment: SuiteSummaryInput['experiments'][number],
  baseline: string,
  baselinePayload: ExperimentPayload | undefined,
): SuiteExperimentSummary {
  const { payload } = experiment;
  const costSummary = payload.cost_summary ?? payload.metadata.cost_summary ?? null;
  const scoreStats = readScoreStats(payload);
  return {
    name: experiment.name,
    is_baseline: experiment.isBaseline,
    // Metadata counts, so a summary can be built from aggregates without every record.
    rows: payload.metadata.rows ?? payload.results.length,
    failures: payload.metadata.failures_count ?? payload.failures.length,
    skipped: typeof payload.metadata.skipped === 'number' ? payload.metadata.skipped : 0,
    security_level: payload.metadata.security_level,
    retries: payload.metadata.retry_summary ?? null,
    cost: finiteOrNull(costSummary?.total_cost),
    cost_summary: costSummary,
    early_stop: payload.early_stop ?? payload.metadata.early_stop ?? null,
    score_stats: scoreStats,
    comparison: experiment.isBaseline ? null : compareWith(payload, baseline, baselinePayload, scoreStats),
    failure_examples: payload.failures.slice(0, FAILURE_EXAMPLE_COUNT).map((failure) => ({
      id: failure.id,
      error_code: failure.error_code,
      error: failure.error,
      attempts: failure.retry?.attempts ?? 1,
    })),
  };
}

function compareWith(
  payload: ExperimentPayload,
  baseline: string,
  baselinePayload: ExperimentPayload | undefined,
  variantStats: SuiteExperimentSummary['score_stats'],
): VariantComparison {
  const plugins = payload.baseline_comparison ?? payload.metadata.baseline_comparison ?? {};
  const baselineCriteria = baselinePayload ? readScoreStats(baselinePayload).criteria : {};
  const meanDelta: Record<string, number | null> = {};
  for (const [criterion, stats] of Object.entries(variantStats.criteria)) {
    const before = baselineCriteria[criterion]?.mean ?? null;
    meanDelta[criterion] = stats.mean === null || before === null ? null : stats.mean - before;
  }
  return { baseline, mean_delta: meanDelta, plugins, verdicts: collectVerdicts(plugins) };
}

function readScoreStats(payload: ExperimentPayload): SuiteExperimentSummary['score_stats'] {
  const stats = payload.aggregates.score_stats;
  const criteria: Record<string, CriterionSummary> = {};
  if (stats && isRecord(stats.criteria)) {
    for (const [criterion, value] of Object.entries(stats.criteria)) criteria[criterion] = criterionSummary(value);
  }
  return { overall: stats && isRecord(stats.overall) ? criterionSummary(stats.overall) : null, criteria };
}

function criterionSummary(value: unknown): CriterionSummary {
  const stats = isRecord(value) ? value : {};
  return {
    count: finiteOrNull(stats.count) ?? 0,
    mean: finiteOrNull(stats.mean),
    median: finiteOrNull(stats.median),
    std: finiteOrNull(stats.std),
    // Without any pass/fail flag (no threshold) a pass rate of 0 would be a made-up number.
    pass_rate: stats.flagged === 0 ? null : finiteOrNull(stats.pass_rate),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
