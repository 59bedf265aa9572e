import { zipSync, strToU8, type Zippable } from 'fflate';
import { z } from 'zod';
import type { Artifact, ArtifactDescriptor } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { normalizeRelativePath } from '../../core/artifacts/paths';
import { mostRestrictive } from '../../core/artifacts/securityLevels';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { compactToIso } from '../../core/artifacts/timestamps';
import { encodeCsvBytes } from '../../core/reports/csv';
import { toJsonText } from '../../core/reports/json';
import { buildResultsTable } from '../../core/reports/resultsTable';
import { artifactBytes, artifactFileName, bundleManifest, bundlePath, consumedArtifacts, fileArtifact } from './common/bundleParts';

export const ZipBundleOptionsSchema = options({
  base_path: z.string().min(1),
  bundle_name: z.string().min(1).optional(),
  timestamped: z.boolean().default(true),
  include_manifest: z.boolean().default(true),
  include_results: z.boolean().default(true),
  include_csv: z.boolean().default(false),
  manifest_name: z.string().min(1).default('manifest.json'),
  results_name: z.string().min(1).default('results.json'),
  csv_name: z.string().min(1).default('results.csv'),
  ...sinkCommonOptions,
});

const CONTENT_TYPE = 'application/zip';

/**
 * A deflate-compressed `<base>/<name>[_<ts>].zip` with the payload, its manifest, the
 * optional results CSV and every artifact consumed from upstream sinks (docs/original-behaviour.md §2.12).
 * Its level is the stricter of the run's and of its inputs'.
 */
export const zipBundleSink = definePlugin({
  name: 'zip_bundle',
  kind: 'sink',
  description: 'Writes one zip with results.json, a manifest, the optional CSV and every artifact consumed from other sinks.',
  configSchema: ZipBundleOptionsSchema,
  create(config) {
    const basePath = normalizeRelativePath(config.base_path, 'base_path');
    const bundleName = config.bundle_name === undefined ? undefined : normalizeRelativePath(config.bundle_name, 'bundle_name');
    const names = { manifest: config.manifest_name, results: config.results_name, csv: config.csv_name };
    let written: Artifact | undefined;
    return {
      produces: (): ArtifactDescriptor[] => [{ name: 'zip', type: 'file/zip' }],
      collectArtifacts: (): Record<string, Artifact> => (written ? { zip: written } : {}),
      async write(payload, ctx) {
        const entries = Object.create(null) as Zippable; // an upstream file may be named __proto__
        if (config.include_results) entries[names.results] = strToU8(toJsonText(payload, { sortKeys: true }));
        if (config.include_manifest) entries[names.manifest] = strToU8(toJsonText(bundleManifest(payload, compactToIso(ctx.timestamp), { failures: true }), { sortKeys: true }));
        if (config.include_csv) {
          const table = buildResultsTable(payload.results, { includeMetrics: true, includeRetry: true });
          entries[names.csv] = encodeCsvBytes(table.columns, table.rows, { sanitizeFormulas: true });
        }
        const inputs = consumedArtifacts(ctx);
        for (const [position, artifact] of inputs.entries()) {
          entries[uniqueName(entries, artifactFileName(artifact, position))] = await artifactBytes(artifact, ctx);
        }
        const path = `${bundlePath(basePath, bundleName, 'experiment', config.timestamped, ctx)}.zip`;
        const bytes = Buffer.from(zipSync(entries, { level: 6, mtime: new Date(compactToIso(ctx.timestamp)) }));
        const level = mostRestrictive(ctx.securityLevel, ...inputs.map((artifact) => artifact.security_level));
        written = fileArtifact('file/zip', await ctx.writer.write(path, bytes, CONTENT_TYPE), path, CONTENT_TYPE, level);
      },
    };
  },
});

/** `report.md`, then `report_1.md`, ...: two upstream files of one name both land in the zip. */
function uniqueName(entries: Zippable, name: string): string {
  if (!(name in entries)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) if (!(`${stem}_${n}${extension}` in entries)) return `${stem}_${n}${extension}`;
}
