import { VERDICT_COLORS } from '../charts/chartSpecs';
import { describeMethod } from '../methodWords';
import { countOf, formatPercent, formatSignificant, formatSigned } from '../numberFormat';
import { formatInterval, pValueCell } from '../pluginTables';
import type { SuiteExperimentSummary, SuiteSummary } from '../suiteSummary';
import { escapeHtml, htmlTable, inlineJson, REPORT_CSS } from './htmlParts';
import type { ReportChart } from './reportCharts';

export interface RenderedChart extends Pick<ReportChart, 'id' | 'section'> {
  /** The chart as SVG markup, ids already scoped (see scopeSvgIds). */
  svg: string;
}

export interface HtmlReportOptions {
  title: string;
  summary: SuiteSummary;
  charts: readonly RenderedChart[];
}

/**
 * One self-contained page: styles, charts (inline SVG) and data inline, and a content
 * security policy that forbids every fetch, so the file works offline and from e-mail.
 * Verdicts first; then distributions, cost, latency and failures, the early-stop and
 * budget story when there is one, and confusion matrices for classification criteria.
 */
export function renderHtmlReport(options: HtmlReportOptions): string {
  const { summary } = options;
  const sections = [
    verdictSection(summary, options.charts),
    experimentsSection(summary),
    chartSection('Score distributions', 'distributions', options.charts, 'Rows per score bin; bins are shared across experiments of a criterion.'),
    chartSection('Cost against quality', 'cost', options.charts, 'Total cost reported by the cost trackers against the mean of every criterion.'),
    latencyAndFailures(summary, options.charts),
    stopStory(summary),
    chartSection('Classification: confusion matrices', 'classification', options.charts, 'Rows per expected (vertical) and predicted (horizontal) label.'),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(options.title)}</h1>
<p class="meta">${headline(summary)}</p>
</header>
${sections.filter((section) => section !== '').join('\n')}
<script type="application/json" id="report-data">${inlineJson(summary)}</script>
</body>
</html>
`;
}

function headline(summary: SuiteSummary): string {
  const parts = [
    `Run <code>${escapeHtml(summary.run_id)}</code>`,
    `baseline <strong>${escapeHtml(summary.baseline)}</strong>`,
    countOf(summary.totals.experiments, 'experiment'),
    countOf(summary.totals.rows, 'row'),
    countOf(summary.totals.failures, 'failure'),
  ];
  if (summary.duration_in_ms !== null) parts.push(`${formatSignificant(summary.duration_in_ms / 1000, 3)} s`);
  const times = summary.started_at === '' ? '' : `<br>Started ${escapeHtml(summary.started_at)}, finished ${escapeHtml(summary.finished_at)}.`;
  return `${parts.join(' · ')}${times}`;
}

function figures(charts: readonly RenderedChart[], section: RenderedChart['section']): string {
  return charts.filter((chart) => chart.section === section).map((chart) => `<figure data-chart="${escapeHtml(chart.id)}">${chart.svg}</figure>`).join('\n');
}

function chartSection(title: string, section: RenderedChart['section'], charts: readonly RenderedChart[], caption: string): string {
  const body = figures(charts, section);
  return body === '' ? '' : `<section id="${section}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n<p class="meta">${escapeHtml(caption)}</p>\n</section>`;
}

function badge(verdict: string): string {
  const color = (VERDICT_COLORS as Record<string, string>)[verdict] ?? '#6e7781';
  return `<span class="badge" style="background:${color}">${escapeHtml(verdict.replace(/_/g, ' '))}</span>`;
}

function verdictSection(summary: SuiteSummary, charts: readonly RenderedChart[]): string {
  const variants = summary.experiments.filter((experiment) => experiment.comparison !== null);
  const rows = variants.flatMap((experiment) =>
    experiment.comparison!.verdicts.map((verdict) => [
      escapeHtml(experiment.name),
      escapeHtml(verdict.criterion),
      badge(verdict.verdict),
      escapeHtml(formatSigned(verdict.mean_difference === undefined || verdict.mean_difference === null ? null : Number(formatSignificant(verdict.mean_difference)))),
      escapeHtml(formatInterval(verdict.interval)),
      escapeHtml(pValueCell(verdict)),
      escapeHtml(describeMethod(verdict.method)),
    ]),
  );
  let body: string;
  if (variants.length === 0) body = '<p>No variants: only the baseline ran.</p>';
  else if (rows.length === 0) body = '<p>No comparison plugin reached a verdict.</p>';
  else body = `${figures(charts, 'verdicts')}\n${htmlTable(['Variant', 'Criterion', 'Verdict', 'Difference', 'Interval', 'Adjusted p', 'Method'], rows, [3, 4, 5])}`;
  return `<section id="verdicts">\n<h2>Verdicts</h2>\n${body}\n</section>`;
}

function experimentsSection(summary: SuiteSummary): string {
  const headers = ['Experiment', 'Rows', 'Failures', 'Skipped', ...summary.criteria.map((criterion) => `Mean ${criterion}`), 'Pass rate', 'Cost'];
  const rows = summary.experiments.map((experiment) => [
    escapeHtml(experiment.is_baseline ? `${experiment.name} (baseline)` : experiment.name),
    String(experiment.rows),
    String(experiment.failures),
    String(experiment.skipped),
    ...summary.criteria.map((criterion) => escapeHtml(formatSignificant(experiment.score_stats.criteria[criterion]?.mean ?? null))),
    escapeHtml(formatPercent(experiment.score_stats.overall?.pass_rate)),
    escapeHtml(formatSignificant(experiment.cost)),
  ]);
  const numeric = headers.map((_, index) => index).filter((index) => index > 0);
  return `<section id="experiments">\n<h2>Experiments</h2>\n${htmlTable(headers, rows, numeric)}\n</section>`;
}

function latencyAndFailures(summary: SuiteSummary, charts: readonly RenderedChart[]): string {
  const examples = summary.experiments.flatMap((experiment) =>
    experiment.failure_examples.map((failure) => [experiment.name, failure.id, failure.error_code, failure.error, String(failure.attempts)].map(escapeHtml)),
  );
  const table = examples.length === 0 ? '<p>No failures.</p>' : htmlTable(['Experiment', 'Row', 'Error code', 'Error', 'Attempts'], examples, [4]);
  return `<section id="latency">\n<h2>Latency and failures</h2>\n${figures(charts, 'latency')}\n${figures(charts, 'outcomes')}\n${table}\n</section>`;
}

/** Only when something stopped early: why, and what it saved. */
function stopStory(summary: SuiteSummary): string {
  const lines: string[] = [];
  if (summary.stop_reason) lines.push(`The run stopped before every row ran: ${escapeHtml(summary.stop_reason)}. Reports cover the rows that ran.`);
  for (const experiment of summary.experiments) {
    if (experiment.early_stop) lines.push(earlyStopLine(experiment));
    else if (experiment.skipped > 0) lines.push(`${escapeHtml(experiment.name)}: ${countOf(experiment.skipped, 'row')} not evaluated.`);
  }
  if (lines.length === 0) return '';
  const cost = summary.totals.cost === null ? '' : `<p>Cost reported by the trackers: ${escapeHtml(formatSignificant(summary.totals.cost))}.</p>`;
  return `<section id="early-stop">\n<h2>Early stop and budget</h2>\n<div class="note">${lines.map((line) => `<p>${line}</p>`).join('')}</div>\n${cost}\n</section>`;
}

function earlyStopLine(experiment: SuiteExperimentSummary): string {
  const { plugin, ...reason } = experiment.early_stop!;
  const details = Object.entries(reason).map(([key, value]) => `${key} ${typeof value === 'number' ? formatSignificant(value) : String(value)}`).join(', ');
  const saved = experiment.skipped > 0 ? `; ${countOf(experiment.skipped, 'row')} not sent to the model` : '';
  return `${escapeHtml(experiment.name)}: stopped early by <code>${escapeHtml(String(plugin))}</code> (${escapeHtml(details)})${saved}.`;
}
