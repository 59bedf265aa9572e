import { joinBlocks, markdownTable } from './markdown';
import { countOf, formatNumber, formatPercent, formatSigned } from './numberFormat';
import { describeRecord, renderPluginOutput, renderVerdictTable, VERDICT_NOTE } from './pluginTables';
import type { SuiteExperimentSummary, SuiteSummary } from './suiteSummary';

/**
 * The suite's executive summary: what changed against the baseline comes first (verdicts),
 * then how each experiment did, then the comparison detail behind the verdicts, then notes
 * and failures.
 */
export function renderSuiteMarkdown(summary: SuiteSummary): string {
  return joinBlocks([
    `# Suite summary: ${summary.suite}`,
    headline(summary),
    verdictSection(summary),
    experimentsSection(summary),
    comparisonsSection(summary),
    budgetSection(summary),
    notesSection(summary),
    failuresSection(summary),
  ]);
}

function headline(summary: SuiteSummary): string {
  const { totals } = summary;
  const parts = [`Run \`${summary.run_id}\``, `baseline **${summary.baseline}**`, countOf(totals.experiments, 'experiment'), countOf(totals.rows, 'row'), countOf(totals.failures, 'failure')];
  if (summary.duration_in_ms !== null) parts.push(`${formatNumber(summary.duration_in_ms / 1000)} s`);
  return `${parts.join(' · ')}\n\nStarted ${summary.started_at}, finished ${summary.finished_at}.`;
}

function variants(summary: SuiteSummary): SuiteExperimentSummary[] {
  return summary.experiments.filter((experiment) => experiment.comparison !== null);
}

function verdictSection(summary: SuiteSummary): string {
  const rows = variants(summary).flatMap((experiment) => experiment.comparison!.verdicts.map((verdict) => ({ variant: experiment.name, verdict })));
  const silent = variants(summary).filter((experiment) => experiment.comparison!.verdicts.length === 0).map((experiment) => experiment.name);
  const parts = ['## Verdicts'];
  if (variants(summary).length === 0) parts.push('No variants: only the baseline ran.');
  else if (rows.length === 0) parts.push('No comparison plugin reached a verdict.');
  else parts.push(`**Recommendation:** ${summary.recommendation.reason}`, renderVerdictTable(rows, true), VERDICT_NOTE);
  if (rows.length > 0 && silent.length > 0) parts.push(`No verdicts for: ${silent.join(', ')}.`);
  return parts.join('\n\n');
}

function experimentsSection(summary: SuiteSummary): string {
  const headers = ['Experiment', 'Rows', 'Failures', ...summary.criteria.map((criterion) => `Mean ${criterion}`), 'Pass rate', 'Cost'];
  const rows = summary.experiments.map((experiment) => [
    experiment.is_baseline ? `${experiment.name} (baseline)` : experiment.name,
    experiment.rows,
    experiment.failures,
    ...summary.criteria.map((criterion) => experiment.score_stats.criteria[criterion]?.mean ?? null),
    formatPercent(experiment.score_stats.overall?.pass_rate),
    experiment.cost,
  ]);
  return `## Experiments\n\n${markdownTable(headers, rows)}`;
}

function comparisonsSection(summary: SuiteSummary): string | undefined {
  const parts = variants(summary).map((experiment) => {
    const comparison = experiment.comparison!;
    const baseline = summary.experiments.find((candidate) => candidate.name === comparison.baseline);
    const deltaRows = Object.entries(comparison.mean_delta).map(([criterion, delta]) => [
      criterion,
      baseline?.score_stats.criteria[criterion]?.mean ?? null,
      experiment.score_stats.criteria[criterion]?.mean ?? null,
      formatSigned(delta),
    ]);
    const blocks = [`### ${experiment.name} vs ${comparison.baseline}`];
    if (deltaRows.length > 0) blocks.push(markdownTable(['Criterion', 'Baseline mean', 'Variant mean', 'Δ mean'], deltaRows));
    for (const [plugin, output] of Object.entries(comparison.plugins)) {
      // score_verdict's whole output is the Verdicts section above; its inputs are in summary.json.
      if (plugin === 'score_verdict') continue;
      blocks.push(`#### ${plugin}\n\n${renderPluginOutput(output)}`);
    }
    return blocks.join('\n\n');
  });
  return parts.length === 0 ? undefined : `## Comparisons\n\n${parts.join('\n\n')}`;
}

function budgetSection(summary: SuiteSummary): string | undefined {
  const budget = summary.budget;
  if (!budget) return undefined;
  const spent = budget.spent === null ? 'an unknown amount' : `${formatNumber(budget.spent)} ${budget.currency}`;
  const order = budget.order === 'balanced' ? 'experiments advanced together, row by row' : 'experiments ran one after another';
  const rows = Object.entries(budget.rows).map(([name, count]) => `${name} ${count}`).join(', ');
  const table = markdownTable(
    ['Variant', 'Criterion', 'Paired rows', 'Minimum detectable effect (d)', 'In score units, at most'],
    budget.comparisons.map((c) => [c.variant, c.criterion, c.paired_rows, c.minimum_detectable_effect, c.minimum_detectable_difference]),
  );
  const design = `${budget.design.test}, alpha ${budget.design.alpha}, power ${formatPercent(budget.design.power)}`;
  return `## What the budget bought

Budget ${formatNumber(budget.max_cost)} ${budget.currency}, spent ${spent}; ${order}. Rows evaluated: ${rows}.

${table}

Smallest differences these rows detect (${design}).`;
}

function notesSection(summary: SuiteSummary): string | undefined {
  const notes: string[] = [];
  if (summary.stop_reason) notes.push(`- The run stopped early: ${summary.stop_reason}. Reports cover the rows that ran; the rest are counted as skipped.`);
  if (summary.cost_estimate) notes.push(`- Cost estimate before the run: ${describeRecord(summary.cost_estimate)}`);
  if (summary.totals.cost !== null) notes.push(`- Cost reported by the trackers: ${formatNumber(summary.totals.cost)}`);
  for (const experiment of summary.experiments) {
    if (experiment.early_stop) {
      const { plugin, ...reason } = experiment.early_stop;
      const saved = experiment.skipped > 0 ? `; ${experiment.skipped} rows were not evaluated` : '';
      notes.push(`- ${experiment.name}: stopped early by '${String(plugin)}' (${describeRecord(reason)})${saved}`);
    }
    const cached = experiment.cost_summary?.cache_hits;
    if (typeof cached === 'number' && cached > 0) {
      const saved = experiment.cost_summary?.cache_saved_cost;
      notes.push(`- ${experiment.name}: ${countOf(cached, 'call')} answered from the shared response cache${typeof saved === 'number' ? `, saving ${formatNumber(saved)}` : ''}`);
    }
    const retries = experiment.retries;
    if (retries && (retries.total_retries > 0 || retries.exhausted > 0)) {
      notes.push(`- ${experiment.name}: ${countOf(retries.total_retries, 'retry', 'retries')} over ${countOf(retries.total_requests, 'request')}, ${retries.exhausted} exhausted`);
    }
  }
  return notes.length === 0 ? undefined : `## Run notes\n\n${notes.join('\n')}`;
}

function failuresSection(summary: SuiteSummary): string {
  const rows = summary.experiments.flatMap((experiment) =>
    experiment.failure_examples.map((failure) => [experiment.name, failure.id, failure.error_code, failure.error, failure.attempts]),
  );
  if (rows.length === 0) return '## Failures\n\nNo failures.';
  const counts = summary.experiments.filter((experiment) => experiment.failures > 0).map((experiment) => `${experiment.name} ${experiment.failures}`);
  return `## Failures\n\nFailed rows: ${counts.join(', ')} (first examples below).\n\n${markdownTable(['Experiment', 'Row', 'Error code', 'Error', 'Attempts'], rows)}`;
}
