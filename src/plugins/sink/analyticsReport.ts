import { z } from 'zod';
import type { Artifact, ArtifactDescriptor } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { joinRelativePath, normalizeRelativePath } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { renderAnalyticsMarkdown } from '../../core/reports/analyticsMarkdown';
import { buildAnalyticsSummary } from '../../core/reports/analyticsSummary';
import { toJsonText } from '../../core/reports/json';

export const AnalyticsReportOptionsSchema = options({
  base_path: z.string().min(1),
  file_stem: z.string().min(1).default('analytics_report'),
  /** "markdown" means md; unknown formats are dropped; nothing left means ["json"]. */
  formats: z.array(z.string()).default(['json', 'md']),
  include_metadata: z.boolean().default(true),
  include_aggregates: z.boolean().default(true),
  include_comparisons: z.boolean().default(true),
  ...sinkCommonOptions,
});
export type AnalyticsReportOptions = z.infer<typeof AnalyticsReportOptionsSchema>;

type ReportFormat = 'json' | 'md';

export function normalizeFormats(formats: readonly string[]): ReportFormat[] {
  const known = formats
    .map((format) => format.trim().toLowerCase())
    .map((format) => (format === 'markdown' ? 'md' : format))
    .filter((format): format is ReportFormat => format === 'json' || format === 'md');
  return known.length === 0 ? ['json'] : [...new Set(known)];
}

/** `file/json` and `file/markdown` replace the original's invalid `application/json` (§12.2 item 8). */
const FORMAT_OUTPUT = {
  json: { artifact: 'analytics_report', type: 'file/json', extension: 'json', contentType: 'application/json', alias: 'analytics' },
  md: { artifact: 'analytics_report_md', type: 'file/markdown', extension: 'md', contentType: 'text/markdown', alias: undefined },
} as const;

export const analyticsReportSink = definePlugin({
  name: 'analytics_report',
  kind: 'sink',
  description: 'Writes an analytics summary (JSON) and a Markdown report led by the verdicts against the baseline.',
  configSchema: AnalyticsReportOptionsSchema,
  create(config) {
    const basePath = normalizeRelativePath(config.base_path, 'base_path');
    const stem = normalizeRelativePath(config.file_stem, 'file_stem');
    const formats = normalizeFormats(config.formats);
    const collected: Record<string, Artifact> = {};
    return {
      records: 'none',
      produces: (): ArtifactDescriptor[] =>
        formats.map((format) => {
          const { artifact, type, alias } = FORMAT_OUTPUT[format];
          return alias === undefined ? { name: artifact, type } : { name: artifact, type, alias };
        }),
      collectArtifacts: () => ({ ...collected }),
      async write(payload, ctx) {
        const summary = buildAnalyticsSummary(payload, {
          includeMetadata: config.include_metadata,
          includeAggregates: config.include_aggregates,
          includeComparisons: config.include_comparisons,
        });
        for (const format of formats) {
          const output = FORMAT_OUTPUT[format];
          const path = joinRelativePath(basePath, `${stem}.${output.extension}`);
          const body = format === 'json' ? toJsonText(summary, { sortKeys: true }) : renderAnalyticsMarkdown(summary);
          const blobName = await ctx.writer.write(path, body, output.contentType);
          collected[output.artifact] = {
            id: '',
            type: output.type,
            path: blobName,
            metadata: { path, blob: blobName, content_type: output.contentType, security_level: ctx.securityLevel },
            persist: false,
            security_level: ctx.securityLevel,
          };
        }
      },
    };
  },
});
