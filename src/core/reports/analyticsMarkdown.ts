import type { FailureRecord } from '../engine/records';
import type { AnalyticsSummary } from './analyticsSummary';
import { joinBlocks, markdownTable } from './markdown';
import { countOf, formatNumber } from './numberFormat';
import { describeRecord, renderPluginOutput, renderScoreStatsTable, renderVerdictTable, VERDICT_NOTE } from './pluginTables';

/**
 * The analytics report in Markdown: the verdicts first (what a reviewer came for), then
 * the run's vital signs, then aggregates and comparisons as tables, then failures.
 */
export function renderAnalyticsMarkdown(summary: AnalyticsSummary): string {
  const shown = new Set<string>([...Object.keys(summary.aggregates ?? {}), ...Object.keys(summary.baseline_comparison ?? {})]);
  return joinBlocks([
    '# Analytics Report',
    introLine(summary),
    summary.verdicts.length > 0 ? `## Verdicts\n\n${renderVerdictTable(summary.verdicts.map((verdict) => ({ verdict })), false)}\n\n${VERDICT_NOTE}` : undefined,
    `## Summary\n\n${summaryBullets(summary).join('\n')}`,
    section('Aggregates', summary.aggregates),
    comparisonSection(summary),
    section('Analytics', Object.fromEntries(Object.entries(summary.analytics).filter(([name]) => !shown.has(name)))),
    failureSection(summary.failure_examples),
  ]);
}

function introLine(summary: AnalyticsSummary): string {
  if (summary.is_baseline) return `Experiment **${summary.experiment}** (baseline).`;
  const against = summary.baseline === null ? '' : `, compared with baseline **${summary.baseline}**`;
  return `Experiment **${summary.experiment}**${against}.`;
}

function summaryBullets(summary: AnalyticsSummary): string[] {
  const bullets = [`- Rows: ${summary.rows}`, `- Failures: ${summary.failures}`];
  const metadata = summary.metadata;
  if (!metadata) return bullets;
  bullets.push(`- Security level: ${metadata.security_level}`);
  if (metadata.cost_summary) bullets.push(`- Cost: ${describeRecord(metadata.cost_summary)}`);
  const retries = metadata.retry_summary;
  if (retries) {
    bullets.push(`- Retries: ${countOf(retries.total_requests, 'request')}, ${countOf(retries.total_retries, 'retry', 'retries')}, ${retries.exhausted} exhausted`);
  }
  const stop = metadata.early_stop;
  if (stop) {
    const { plugin, ...reason } = stop;
    bullets.push(`- Early stop: triggered by '${plugin}' (${describeRecord(reason)})`);
  } else {
    bullets.push('- Early stop: not triggered');
  }
  return bullets;
}

/** One `### <plugin>` per output; `score_stats` gets its dedicated table. */
export function section(title: string, outputs: Record<string, unknown> | undefined): string | undefined {
  if (!outputs || Object.keys(outputs).length === 0) return undefined;
  const parts = Object.entries(outputs).map(([name, output]) => {
    const table = name === 'score_stats' ? renderScoreStatsTable(output) : undefined;
    return `### ${name}\n\n${table ?? renderPluginOutput(output)}`;
  });
  return `## ${title}\n\n${parts.join('\n\n')}`;
}

function comparisonSection(summary: AnalyticsSummary): string | undefined {
  if (summary.baseline_comparison === undefined) return undefined;
  if (summary.baseline_comparison === null || Object.keys(summary.baseline_comparison).length === 0) {
    const why = summary.is_baseline ? 'this experiment is the baseline' : 'no comparison plugin produced a result';
    return `## Baseline Comparison\n\nNo comparison: ${why}.`;
  }
  return section('Baseline Comparison', summary.baseline_comparison);
}

function failureSection(failures: readonly FailureRecord[]): string | undefined {
  if (failures.length === 0) return undefined;
  const rows = failures.map((failure) => [failure.id, failure.error_code, failure.error, formatNumber(failure.retry?.attempts ?? 1)]);
  return `## Failure Examples\n\n${markdownTable(['Row', 'Error code', 'Error', 'Attempts'], rows)}`;
}
