import { errorMessage } from '../../core/errors';
import type { ExperimentPayload } from '../../core/engine/records';
import { createDigestBuilder, type ExperimentDigest } from '../../core/reports/html/digest';
import { buildHtmlReport } from '../../core/reports/html/htmlReport';
import type { ReportChartsInput } from '../../core/reports/html/reportCharts';
import type { SuiteSummary } from '../../core/reports/suiteSummary';
import { createRecordStream, loadExperimentFailures } from '../runtime/batchFiles';
import type { RunServices } from '../services';
import { paths } from '../storagePaths';

const HTML = 'text/html; charset=utf-8';
const SVG = 'image/svg+xml';

/**
 * `suite/report.html` with its charts also as `suite/charts/*.svg` (per-experiment pages
 * come from the `analytics_report` sink's `html` format). Records are read a batch file at a time.
 * A chart that cannot be drawn must not lose a finished run, so a failure here is logged
 * and the run keeps its other reports.
 */
export async function writeHtmlReports(services: RunServices, runId: string, summary: SuiteSummary, payloads: readonly ExperimentPayload[]): Promise<string[]> {
  try {
    const digests = await Promise.all(summary.experiments.map((experiment) => digestOf(services, runId, experiment.name, experiment.rows)));
    const aggregates = Object.fromEntries(payloads.map((payload) => [payload.metadata.experiment, payload.aggregates]));
    const input: ReportChartsInput = { summary, digests, aggregates };
    const written: string[] = [];
    const suiteReport = await buildHtmlReport({ ...input, title: `Suite report: ${summary.suite}` });
    written.push(await put(services, paths.suiteFile(runId, 'report.html'), suiteReport.html, HTML));
    for (const { name, svg } of suiteReport.svgs) written.push(await put(services, paths.suiteFile(runId, `charts/${name}`), svg, SVG));
    return written;
  } catch (error) {
    services.logger.error('[report] HTML report failed; the other reports stand', { runId, error: errorMessage(error) });
    return [];
  }
}

async function digestOf(services: RunServices, runId: string, experiment: string, rows: number): Promise<ExperimentDigest> {
  const builder = createDigestBuilder(experiment);
  await createRecordStream(services.blobs, runId, experiment, rows).each((record) => builder.visit(record));
  builder.addFailures(await loadExperimentFailures(services.blobs, runId, experiment));
  return builder.result();
}

async function put(services: RunServices, name: string, body: string, contentType: string): Promise<string> {
  await services.blobs.put(name, body, { contentType });
  return name;
}
