import { z } from 'zod';
import type { Artifact, ArtifactDescriptor } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { joinRelativePath, normalizeRelativePath, relativePathOption } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { renderAnalyticsMarkdown } from '../../core/reports/analyticsMarkdown';
import { buildAnalyticsSummary } from '../../core/reports/analyticsSummary';
import { toJsonText } from '../../core/reports/json';
import { renderExperimentHtml } from './experimentHtml';

/** The original dropped unknown formats silently; here a typo is reported with the choices. */
const ReportFormatSchema = z
  .string()
  .transform((format) => format.trim().toLowerCase())
  .transform((format) => (format === 'markdown' ? 'md' : format))
  .pipe(z.enum(['json', 'md', 'html'], { error: (issue) => `unknown report format '${String(issue.input)}'; expected json, md (or markdown) or html` }))
  // Editors see the choices (the loader also accepts any letter case).
  .meta({ enum: ['json', 'md', 'markdown', 'html'] });

export const AnalyticsReportOptionsSchema = options({
  base_path: relativePathOption({ experimentRoot: true }),
  file_stem: relativePathOption().default('analytics_report'),
  /** json, md (or "markdown") and html; an unknown format is a configuration error; [] means ["json"]. */
  formats: z.array(ReportFormatSchema).default(['json', 'md']),
  include_metadata: z.boolean().default(true),
  include_aggregates: z.boolean().default(true),
  include_comparisons: z.boolean().default(true),
  ...sinkCommonOptions,
});
export type AnalyticsReportOptions = z.infer<typeof AnalyticsReportOptionsSchema>;

type ReportFormat = z.infer<typeof ReportFormatSchema>;

export function normalizeFormats(formats: readonly ReportFormat[]): ReportFormat[] {
  return formats.length === 0 ? ['json'] : [...new Set(formats)];
}

/** `file/json` and `file/markdown` replace the original's invalid `application/json` (docs/original-behaviour.md §12.2 item 8). */
const FORMAT_OUTPUT = {
  json: { artifact: 'analytics_report', type: 'file/json', extension: 'json', contentType: 'application/json', alias: 'analytics' },
  md: { artifact: 'analytics_report_md', type: 'file/markdown', extension: 'md', contentType: 'text/markdown', alias: undefined },
  html: { artifact: 'analytics_report_html', type: 'file/html', extension: 'html', contentType: 'text/html; charset=utf-8', alias: undefined },
} as const;

export const analyticsReportSink = definePlugin({
  name: 'analytics_report',
  kind: 'sink',
  description: 'Writes an analytics summary (JSON), a Markdown report and a self-contained HTML report with charts, each led by the verdicts against the baseline.',
  configSchema: AnalyticsReportOptionsSchema,
  create(config) {
    const basePath = normalizeRelativePath(config.base_path, 'base_path', { experimentRoot: true });
    const stem = normalizeRelativePath(config.file_stem, 'file_stem');
    const formats = normalizeFormats(config.formats);
    const collected: Record<string, Artifact> = {};
    return {
      // HTML draws score distributions and latencies, so it reads the records (streamed).
      records: formats.includes('html') ? 'stream' : 'none',
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
          const body = format === 'json' ? toJsonText(summary, { sortKeys: true }) : format === 'md' ? renderAnalyticsMarkdown(summary) : await renderExperimentHtml(payload, ctx);
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
