import { z } from 'zod';
import type { ExperimentPayload, ExperimentRecord } from '../../core/engine/records';
import type { Artifact, ArtifactDescriptor } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { normalizeRelativePath } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { compactToIso } from '../../core/artifacts/timestamps';
import { bundlePath, fileArtifact } from './common/bundleParts';
import { buildWorkbook, cellValue, type SheetData } from './common/workbook';

export const ExcelWorkbookOptionsSchema = options({
  base_path: z.string().min(1),
  workbook_name: z.string().min(1).optional(),
  timestamped: z.boolean().default(true),
  results_sheet: z.string().min(1).default('Results'),
  manifest_sheet: z.string().min(1).default('Manifest'),
  aggregates_sheet: z.string().min(1).default('Aggregates'),
  include_manifest: z.boolean().default(true),
  include_aggregates: z.boolean().default(true),
  /** Text cells starting with = + - @ get a leading quote so they never run as formulas. */
  sanitize_formulas: z.boolean().default(true),
  ...sinkCommonOptions,
});

const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The original's workbook (docs/original-behaviour.md §2.12): Results, Manifest and Aggregates sheets. */
export const excelWorkbookSink = definePlugin({
  name: 'excel_workbook',
  kind: 'sink',
  description: 'Writes an .xlsx workbook: one Results row per record, a Manifest sheet and an Aggregates sheet.',
  configSchema: ExcelWorkbookOptionsSchema,
  create(config) {
    const basePath = normalizeRelativePath(config.base_path, 'base_path');
    const workbookName = config.workbook_name === undefined ? undefined : normalizeRelativePath(config.workbook_name, 'workbook_name');
    let written: Artifact | undefined;
    return {
      records: 'stream',
      produces: (): ArtifactDescriptor[] => [{ name: 'excel', type: 'file/xlsx' }],
      collectArtifacts: (): Record<string, Artifact> => (written ? { excel: written } : {}),
      async write(payload, ctx) {
        const records: ExperimentRecord[] = [];
        if (ctx.records) await ctx.records.each((record) => records.push(record));
        else records.push(...payload.results);
        const sheets = [resultsSheet(config.results_sheet, records)];
        if (config.include_manifest) sheets.push(manifestSheet(config.manifest_sheet, payload, compactToIso(ctx.timestamp), records.length));
        if (config.include_aggregates) sheets.push(aggregatesSheet(config.aggregates_sheet, payload));
        const path = `${bundlePath(basePath, workbookName, 'experiment', config.timestamped, ctx)}.xlsx`;
        const bytes = await buildWorkbook(sheets, config.sanitize_formulas);
        written = fileArtifact('file/xlsx', await ctx.writer.write(path, bytes, CONTENT_TYPE), path, CONTENT_TYPE, ctx.securityLevel);
      },
    };
  },
});

/** Row fields as `row.<key>`, other top-level keys as they are (objects as sorted-key JSON). */
export function resultsSheet(name: string, records: readonly ExperimentRecord[]): SheetData {
  const flat = records.map((record) => {
    const cells: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === 'row') for (const [field, item] of Object.entries(record.row)) cells[`row.${field}`] = item;
      else cells[key] = value;
    }
    return cells;
  });
  const headers = [...new Set(flat.flatMap((cells) => Object.keys(cells)))].sort();
  if (headers.length === 0) return { name, headers: ['no_results'], rows: [] };
  return { name, headers, rows: flat.map((cells) => headers.map((header) => cellValue(cells[header]))) };
}

function manifestSheet(name: string, payload: ExperimentPayload, generatedAt: string, rows: number): SheetData {
  const entries: [string, unknown][] = [
    ['generated_at', generatedAt],
    ['rows', rows],
    ['metadata', payload.metadata],
    ['cost_summary', payload.cost_summary ?? null],
    ['failures', payload.failures],
  ];
  return { name, headers: ['key', 'value'], rows: entries.map(([key, value]) => [key, cellValue(value)]) };
}

function aggregatesSheet(name: string, payload: ExperimentPayload): SheetData {
  return { name, headers: ['metric', 'value'], rows: Object.entries(payload.aggregates).map(([metric, value]) => [metric, cellValue(value)]) };
}
