import fs from 'node:fs';
import path from 'node:path';
import type { SuiteSummary } from '../../core/reports/suiteSummary';
import { toJsonText } from '../../core/reports/json';
import { buildWorkbook } from '../../plugins/sink/common/workbook';
import { buildSuiteReportFiles, type ExperimentFiles } from './suiteReportFiles';

interface StoredPlanFile {
  run: { experiments: (Record<string, unknown> & { name: string })[] };
}

/**
 * `elspeth run --reports-dir DIR`: after the run, the original's suite reports are written
 * to DIR from the run's mirrored folder (`out/<runId>/`). Returns the files written.
 */
export async function writeReportsDir(runFolder: string, reportsDir: string, generatedAt: string): Promise<string[]> {
  const read = <T>(relative: string): T | undefined => {
    const file = path.join(runFolder, relative);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
  };
  const summary = read<SuiteSummary>('suite/summary.json');
  const plan = read<StoredPlanFile>('plan.json');
  if (!summary || !plan) return [];
  const experiments: ExperimentFiles[] = summary.experiments.map((experiment) => {
    const config = plan.run.experiments.find((entry) => entry.name === experiment.name) ?? { name: experiment.name };
    return {
      name: experiment.name,
      aggregates: read<{ aggregates: Record<string, unknown> }>(`${experiment.name}/aggregates.json`)?.aggregates ?? {},
      comparisons: read<{ comparisons: Record<string, unknown> }>(`${experiment.name}/comparison.json`)?.comparisons ?? {},
      config,
      failures: experiment.failures,
      rows: experiment.rows,
    };
  });
  const plugins = Object.fromEntries(['rowPlugins', 'aggregatorPlugins', 'baselinePlugins', 'sinks'].map((key) => [key, [...new Set(plan.run.experiments.flatMap((e) => pluginNames(e[key])))]]));
  const { files, sheets } = buildSuiteReportFiles({ summary, experiments, plugins, generatedAt });
  const written: string[] = [];
  for (const [relative, value] of Object.entries(files)) {
    written.push(put(reportsDir, relative, typeof value === 'string' ? value : toJsonText(value, { sortKeys: true })));
  }
  written.push(put(reportsDir, 'consolidated/analysis.xlsx', await buildWorkbook(sheets)));
  return written;
}

function pluginNames(defs: unknown): string[] {
  return Array.isArray(defs) ? defs.flatMap((def) => (def && typeof def === 'object' && typeof (def as { name?: unknown }).name === 'string' ? [(def as { name: string }).name] : [])) : [];
}

function put(root: string, relative: string, body: string | Buffer): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return file;
}
