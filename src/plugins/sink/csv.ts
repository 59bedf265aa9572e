import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Artifact, ArtifactWriter, RecordStream } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { normalizeRelativePath, pathStem, relativePathOption } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { createCsvEncoder, encodeCsvBytes, type CsvOptions } from '../../core/reports/csv';
import {
  buildFailuresTable,
  buildResultsTable,
  createColumnUnion,
  mergeSections,
  resultSections,
  type ResultsTableOptions,
} from '../../core/reports/resultsTable';
import type { ExperimentRecord } from '../../core/engine/records';

export const CsvSinkOptionsSchema = options({
  path: relativePathOption({ experimentRoot: true }),
  overwrite: z.boolean().default(true),
  /** Beyond the original: `metric_<k>` columns (docs/original-behaviour.md §7 flattening). */
  include_metrics: z.boolean().default(true),
  /** Beyond the original: `retry_attempts`, `retry_max_attempts`, `retry_history`. */
  include_retry: z.boolean().default(true),
  sanitize_formulas: z.boolean().default(true),
  ...sinkCommonOptions,
});
export type CsvSinkOptions = z.infer<typeof CsvSinkOptionsSchema>;

const CONTENT_TYPE = 'text/csv';

/** Refuses to replace an existing file when `overwrite` is false (the original's FileExistsError). */
async function assertWritable(writer: ArtifactWriter, relativePath: string, overwrite: boolean): Promise<void> {
  if (overwrite || !(await writer.exists?.(relativePath))) return;
  throw new AppError('SINK_FAILED', `CSV sink will not overwrite existing file '${relativePath}' (overwrite: false)`, {
    details: { path: relativePath, conflict: true },
  });
}

export const csvSink = definePlugin({
  name: 'csv',
  kind: 'sink',
  description: 'Writes results as CSV: row fields, model output per criterion, flattened metrics and retries; failures to <stem>_failures.csv.',
  configSchema: CsvSinkOptionsSchema,
  create(config) {
    const path = normalizeRelativePath(config.path, 'path', { experimentRoot: true });
    const failuresPath = `${pathStem(path).stem}_failures.csv`;
    const csvOptions = { sanitizeFormulas: config.sanitize_formulas };
    let written: Artifact | undefined;
    return {
      records: 'stream',
      produces: () => [{ name: 'csv', type: 'file/csv', alias: 'csv', persist: true }],
      collectArtifacts: (): Record<string, Artifact> => (written ? { csv: written } : {}),
      async write(payload, ctx) {
        const tableOptions = { includeMetrics: config.include_metrics, includeRetry: config.include_retry };
        await assertWritable(ctx.writer, path, config.overwrite);
        if (payload.failures.length > 0) await assertWritable(ctx.writer, failuresPath, config.overwrite);
        const body = ctx.records ? await encodeStreamed(ctx.records, tableOptions, csvOptions) : encodeResults(payload.results, tableOptions, csvOptions);
        const blobName = await ctx.writer.write(path, body, CONTENT_TYPE);
        if (payload.failures.length > 0) {
          const failures = buildFailuresTable(payload.failures, tableOptions);
          await ctx.writer.write(failuresPath, encodeCsvBytes(failures.columns, failures.rows, csvOptions), CONTENT_TYPE);
        }
        written = {
          id: '',
          type: 'file/csv',
          path: blobName,
          metadata: { path, blob: blobName, content_type: CONTENT_TYPE, security_level: ctx.securityLevel },
          persist: true,
          security_level: ctx.securityLevel,
        };
      },
    };
  },
});

function encodeResults(records: readonly ExperimentRecord[], tableOptions: ResultsTableOptions, csvOptions: CsvOptions): Buffer {
  const results = buildResultsTable(records, tableOptions);
  return encodeCsvBytes(results.columns, results.rows, csvOptions);
}

/** Two passes over the stored records (columns, then rows), never holding them all. */
async function encodeStreamed(records: RecordStream, tableOptions: ResultsTableOptions, csvOptions: CsvOptions): Promise<Buffer> {
  const union = createColumnUnion();
  await records.each((record) => union.add(resultSections(record, tableOptions)));
  const encoder = createCsvEncoder(union.columns(), csvOptions);
  await records.each((record) => encoder.add(mergeSections(resultSections(record, tableOptions))));
  return encoder.finish();
}
