import type { Verdict } from '../engine/verdict';
import { formatNumber, formatSigned } from './numberFormat';
import type { SuiteExperimentSummary, SuiteSummary } from './suiteSummary';

interface Column {
  header: string;
  numeric: boolean;
  cell(experiment: SuiteExperimentSummary): string;
}

/**
 * A fixed-width plain-text table for the terminal: one line per experiment with its mean
 * per criterion, the difference from the baseline and the verdicts. Numbers align right.
 */
export function renderSummaryTable(summary: SuiteSummary): string {
  const columns = summaryColumns(summary);
  const cells = summary.experiments.map((experiment) => columns.map((column) => column.cell(experiment)));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((row) => row[index]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, index) => (columns[index]!.numeric ? value.padStart(widths[index]!) : value.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const recommendation = summary.recommendation.action === 'no_verdicts' ? [] : ['', `Recommendation: ${summary.recommendation.reason}`];
  return `${[line(columns.map((column) => column.header)), rule, ...cells.map(line), ...recommendation].join('\n')}\n`;
}

function summaryColumns(summary: SuiteSummary): Column[] {
  const meanColumns = summary.criteria.map((criterion) => ({
    header: criterion,
    numeric: true,
    cell: (experiment: SuiteExperimentSummary) => formatNumber(experiment.score_stats.criteria[criterion]?.mean ?? null),
  }));
  const deltaColumns = summary.criteria.map((criterion) => ({
    header: `Δ ${criterion}`,
    numeric: true,
    cell: (experiment: SuiteExperimentSummary) =>
      experiment.comparison === null ? '-' : formatSigned(experiment.comparison.mean_delta[criterion] ?? null),
  }));
  return [
    { header: 'Experiment', numeric: false, cell: (experiment) => experiment.name },
    { header: 'Baseline', numeric: false, cell: (experiment) => (experiment.is_baseline ? 'yes' : '') },
    { header: 'Rows', numeric: true, cell: (experiment) => String(experiment.rows) },
    { header: 'Failures', numeric: true, cell: (experiment) => String(experiment.failures) },
    // Only when something stopped early: how many rows were never sent to the model.
    ...(summary.experiments.some((experiment) => experiment.skipped > 0)
      ? [{ header: 'Skipped', numeric: true, cell: (experiment: SuiteExperimentSummary) => String(experiment.skipped) }]
      : []),
    ...meanColumns,
    ...deltaColumns,
    { header: 'Verdicts', numeric: false, cell: (experiment) => verdictCell(experiment.comparison?.verdicts) },
  ];
}

/** `analysis=improved, prioritization=inconclusive`; identical pairs from several methods once. */
function verdictCell(verdicts: Verdict[] | undefined): string {
  if (verdicts === undefined) return '-';
  if (verdicts.length === 0) return 'none';
  return [...new Set(verdicts.map((verdict) => `${verdict.criterion}=${verdict.verdict}`))].join(', ');
}
