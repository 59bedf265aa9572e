import { renderSuiteMarkdown } from '../../core/reports/suiteMarkdown';
import type { SuiteExperimentSummary, SuiteSummary } from '../../core/reports/suiteSummary';
import { formatPercent, formatSignificant } from '../../core/reports/numberFormat';
import type { SheetData } from '../../plugins/sink/common/workbook';

/** What one experiment left in the run folder (aggregates.json, comparison.json, its plan entry). */
export interface ExperimentFiles {
  name: string;
  aggregates: Record<string, unknown>;
  comparisons: Record<string, unknown>;
  config: Record<string, unknown>;
  failures: number;
  rows: number;
}

export interface SuiteReportInput {
  summary: SuiteSummary;
  experiments: ExperimentFiles[];
  plugins: Record<string, string[]>;
  generatedAt: string;
}

/**
 * The original's `--reports-dir` files (docs/original-behaviour.md §2.13, SuiteReportGenerator), built
 * from a finished run: per-experiment stats, a consolidated folder with the comparative
 * analysis, recommendations, failure analysis, configuration inventory, executive summary.
 * Returns relative path -> JSON value or text; the workbook's sheets separately.
 */
export function buildSuiteReportFiles(input: SuiteReportInput): { files: Record<string, unknown>; sheets: SheetData[] } {
  const { summary, experiments } = input;
  const files: Record<string, unknown> = {};
  for (const experiment of experiments) {
    files[`${experiment.name}/stats.json`] = { experiment: experiment.name, row_count: experiment.rows, failures: experiment.failures, aggregates: experiment.aggregates, config: experiment.config, timestamp: input.generatedAt };
  }
  const baseline = experiments.find((experiment) => experiment.name === summary.baseline);
  files['consolidated/validation_results.json'] = { errors: [], warnings: [], preflight: { experiments: experiments.length, baseline: summary.baseline } };
  files['consolidated/comparative_analysis.json'] = {
    baseline: summary.baseline,
    baseline_stats: baseline?.aggregates.score_stats ?? null,
    variants: Object.fromEntries(experiments.filter((e) => e !== baseline).map((e) => [e.name, { stats: e.aggregates.score_stats ?? null, comparisons: e.comparisons }])),
    generated_at: input.generatedAt,
  };
  files['consolidated/recommendations.json'] = Object.fromEntries(
    experiments.map((e) => [e.name, { score_recommendation: e.aggregates.score_recommendation ?? null, score_variant_ranking: e.aggregates.score_variant_ranking ?? null }]),
  );
  files['consolidated/analysis_config.json'] = { suite: { name: summary.suite, run_id: summary.run_id, baseline: summary.baseline, experiments: experiments.map((e) => e.name) }, plugins: input.plugins };
  files['consolidated/suite_export.json'] = { suite_metadata: { experiment_count: experiments.length, baseline: summary.baseline, exported_at: input.generatedAt }, experiments: experiments.map((e) => ({ name: e.name, ...e.config })) };
  files['consolidated/failure_analysis.json'] = Object.fromEntries(summary.experiments.map((e) => [e.name, { failures: e.failures, examples: e.failure_examples, retries: e.retries }]));
  files['consolidated/executive_summary.md'] = executiveSummary(summary);
  files['consolidated/suite_summary.md'] = renderSuiteMarkdown(summary);
  return { files, sheets: workbookSheets(summary) };
}

/** Baseline mean, then variants by mean with pass rate, verdicts and the recommendation. */
function executiveSummary(summary: SuiteSummary): string {
  const baseline = summary.experiments.find((e) => e.is_baseline);
  const variants = summary.experiments.filter((e) => !e.is_baseline).sort((a, b) => (b.score_stats.overall?.mean ?? -Infinity) - (a.score_stats.overall?.mean ?? -Infinity));
  const lines = [`# Executive summary: ${summary.suite}`, '', `Baseline **${summary.baseline}**: mean ${formatSignificant(baseline?.score_stats.overall?.mean ?? null)}, pass rate ${formatPercent(baseline?.score_stats.overall?.pass_rate)}.`, ''];
  for (const variant of variants) lines.push(`- **${variant.name}**: mean ${formatSignificant(variant.score_stats.overall?.mean ?? null)}, pass rate ${formatPercent(variant.score_stats.overall?.pass_rate)}; ${recommendation(variant)}`);
  if (variants.length === 0) lines.push('Only the baseline ran.');
  return `${lines.join('\n')}\n`;
}

function recommendation(variant: SuiteExperimentSummary): string {
  const verdicts = variant.comparison?.verdicts ?? [];
  if (verdicts.length === 0) return 'no verdict was reached.';
  const degraded = verdicts.filter((v) => v.verdict === 'degraded').map((v) => v.criterion);
  const improved = verdicts.filter((v) => v.verdict === 'improved').map((v) => v.criterion);
  if (degraded.length > 0) return `do not adopt: worse on ${degraded.join(', ')}.`;
  if (improved.length > 0) return `adopt: better on ${improved.join(', ')}, no criterion worse.`;
  return 'no significant difference from the baseline.';
}

function workbookSheets(summary: SuiteSummary): SheetData[] {
  const summaryRows = summary.experiments.map((e) => [e.name, e.is_baseline, e.rows, e.failures, e.score_stats.overall?.mean ?? null, e.score_stats.overall?.pass_rate ?? null, e.cost]);
  const comparisons = summary.experiments.flatMap((e) =>
    Object.entries(e.comparison?.mean_delta ?? {}).map(([criterion, delta]) => [e.name, 'mean_delta', criterion, delta]),
  );
  const recommendations = summary.experiments.filter((e) => !e.is_baseline).map((e) => [e.name, recommendation(e)]);
  return [
    { name: 'Summary', headers: ['experiment', 'baseline', 'rows', 'failures', 'mean', 'pass_rate', 'cost'], rows: summaryRows },
    { name: 'Comparisons', headers: ['experiment', 'plugin', 'metric', 'delta'], rows: comparisons },
    { name: 'Recommendations', headers: ['experiment', 'recommendation'], rows: recommendations },
  ];
}
