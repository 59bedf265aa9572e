import type { ExperimentPayload } from '../../core/engine/records';
import type { SinkContext } from '../../core/plugins/kinds';
import { createDigestBuilder } from '../../core/reports/html/digest';
import { buildHtmlReport } from '../../core/reports/html/htmlReport';
import { buildSuiteSummary } from '../../core/reports/suiteSummary';

/**
 * The experiment's HTML report as the `analytics_report` sink writes it: the same page
 * as the suite's per-experiment report, built from this payload alone (its verdicts
 * against the baseline come with the payload's comparisons).
 */
export async function renderExperimentHtml(payload: ExperimentPayload, ctx: SinkContext): Promise<string> {
  const name = payload.metadata.experiment || ctx.experiment;
  const isBaseline = payload.metadata.is_baseline === true;
  const builder = createDigestBuilder(name);
  if (ctx.records) await ctx.records.each((record) => builder.visit(record));
  else for (const record of payload.results) builder.visit(record);
  builder.addFailures(payload.failures);
  const summary = buildSuiteSummary({
    runId: ctx.runId,
    suite: typeof payload.metadata.suite === 'string' ? payload.metadata.suite : name,
    baseline: payload.metadata.baseline ?? name,
    experiments: [{ name, isBaseline, payload }],
    startedAt: '',
    finishedAt: '',
  });
  const report = await buildHtmlReport({ summary, digests: [builder.result()], aggregates: { [name]: payload.aggregates }, title: `Experiment report: ${name}` });
  return report.html;
}
