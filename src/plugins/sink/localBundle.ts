import { z } from 'zod';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import type { ExperimentPayload } from '../../core/engine/records';
import { joinRelativePath, normalizeRelativePath, relativePathOption } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { compactToIso } from '../../core/artifacts/timestamps';
import { encodeCsvBytes } from '../../core/reports/csv';
import { toJsonText } from '../../core/reports/json';
import { buildResultsTable } from '../../core/reports/resultsTable';

export const LocalBundleOptionsSchema = options({
  base_path: relativePathOption({ experimentRoot: true }),
  /** Defaults to the experiment name (the original fell back to "experiment"). */
  bundle_name: relativePathOption().optional(),
  timestamped: z.boolean().default(true),
  write_json: z.boolean().default(true),
  write_csv: z.boolean().default(false),
  manifest_name: relativePathOption().default('manifest.json'),
  results_name: relativePathOption().default('results.json'),
  csv_name: relativePathOption().default('results.csv'),
  ...sinkCommonOptions,
});
export type LocalBundleOptions = z.infer<typeof LocalBundleOptionsSchema>;

/** docs/original-behaviour.md §2.12 manifest: `columns` is the sorted union of row keys. */
export function buildBundleManifest(payload: ExperimentPayload, generatedAt: string): Record<string, unknown> {
  const columns = new Set<string>();
  for (const record of payload.results) for (const key of Object.keys(record.row)) columns.add(key);
  const manifest: Record<string, unknown> = { generated_at: generatedAt, rows: payload.results.length, metadata: payload.metadata };
  if (Object.keys(payload.aggregates).length > 0) manifest.aggregates = payload.aggregates;
  if (payload.cost_summary !== undefined) manifest.cost_summary = payload.cost_summary;
  manifest.columns = [...columns].sort();
  return manifest;
}

export const localBundleSink = definePlugin({
  name: 'local_bundle',
  kind: 'sink',
  description: 'Writes a folder with a manifest, the whole payload as results.json and optionally the results CSV.',
  configSchema: LocalBundleOptionsSchema,
  create(config) {
    const basePath = normalizeRelativePath(config.base_path, 'base_path', { experimentRoot: true });
    const names = {
      manifest: normalizeRelativePath(config.manifest_name, 'manifest_name'),
      results: normalizeRelativePath(config.results_name, 'results_name'),
      csv: normalizeRelativePath(config.csv_name, 'csv_name'),
    };
    const bundleName = config.bundle_name === undefined ? undefined : normalizeRelativePath(config.bundle_name, 'bundle_name');
    return {
      async write(payload, ctx) {
        const name = bundleName ?? normalizeRelativePath(payload.metadata.experiment || 'experiment', 'bundle_name');
        const folder = joinRelativePath(basePath, config.timestamped ? `${name}_${ctx.timestamp}` : name);
        const manifest = buildBundleManifest(payload, compactToIso(ctx.timestamp));
        await ctx.writer.write(joinRelativePath(folder, names.manifest), toJsonText(manifest), 'application/json');
        if (config.write_json) {
          await ctx.writer.write(joinRelativePath(folder, names.results), toJsonText(payload), 'application/json');
        }
        if (config.write_csv) {
          const table = buildResultsTable(payload.results, { includeMetrics: true, includeRetry: true });
          await ctx.writer.write(joinRelativePath(folder, names.csv), encodeCsvBytes(table.columns, table.rows, { sanitizeFormulas: true }), 'text/csv');
        }
      },
    };
  },
});
