import { createSinkBinding, runSinkPipeline } from '../../core/artifacts';
import type { ReportInput, ReportResult } from '../contracts';
import { createBlobArtifactWriter } from '../blobArtifactWriter';
import { getExperimentRuntime } from '../runtime/experimentRuntime';
import { loadPayload } from '../runtime/loadPayload';
import { createRecordStream } from '../runtime/batchFiles';
import type { RunServices } from '../services';
import { paths } from '../storagePaths';

/**
 * Report activity: the experiment's sinks as a DAG over its payload, comparisons
 * included. Files go to `runs/<run>/<experiment>/...` with the data's security level.
 */
export async function writeReports(input: ReportInput, services: RunServices): Promise<ReportResult> {
  const runtime = await getExperimentRuntime(services, input.runId, input.experiment);
  const bindings = runtime.experiment.sinks.map((def, index) => createSinkBinding(def, services.registry.create('sink', def, runtime.deps), index));
  // Only sinks that need every record in memory make us load them; others stream or skip them.
  const streaming = bindings.every((binding) => binding.sink.records === 'none' || binding.sink.records === 'stream');
  const payload = await loadPayload(services.blobs, input.runId, input.experiment, { withComparisons: true, withRecords: !streaming });
  const writer = createBlobArtifactWriter(services.blobs, paths.experimentPrefix(input.runId, input.experiment), runtime.securityLevel);
  const result = await runSinkPipeline(bindings, payload, {
    writer,
    runId: input.runId,
    experiment: input.experiment,
    securityLevel: runtime.securityLevel,
    timestamp: runtime.plan.createdAt,
    logger: services.logger,
    ...(streaming ? { records: createRecordStream(services.blobs, input.runId, input.experiment, payload.metadata.rows) } : {}),
  });
  for (const skipped of result.skipped) {
    services.logger.warn('[report] sink skipped', { runId: input.runId, experiment: input.experiment, sink: skipped.sinkId, errorCode: skipped.error.code });
  }
  return { experiment: input.experiment, files: result.files.map((file) => file.blobName) };
}
