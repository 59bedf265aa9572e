/**
 * The realistic-dataset differential: a messy CSV (BOM, CRLF, quoted newlines, unicode, leading
 * zeros, pandas NA spellings, gaps in numeric columns, booleans in several spellings, big
 * integers, a column mixing numbers and text) goes through this project's real path (the
 * local_csv datasource, the plan's JSON chunks, context building, the prompt engine, the run's
 * model pipeline with the mock model, the CSV sink's table) and every prompt, every call's
 * metadata and every mock score must equal what the original sends and scores. Goldens:
 * tests/integration/fixtures/originalPrompts/generateOriginalPrompts.py (Debian's pandas and Jinja2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOrderedJson } from '../../src/core/data/orderedJson';
import { attachFloatCells, floatCellsFor } from '../../src/core/data/pandasCells';
import type { CsvDtype } from '../../src/core/data/csv';
import { evaluateRow, type RowEvaluator } from '../../src/core/engine/evaluateRow';
import type { ExperimentRecord, Row, RowOutcome } from '../../src/core/engine/records';
import { createLlmCaller } from '../../src/core/llm/pipeline';
import { mockMetadataRepr } from '../../src/core/llm/mockScore';
import { retryPolicyFrom } from '../../src/core/llm/retryPolicy';
import type { LlmClient, LlmRequest } from '../../src/core/llm/types';
import { compileTemplate } from '../../src/core/prompts';
import { encodeCsv } from '../../src/core/reports/csv';
import { buildResultsTable } from '../../src/core/reports/resultsTable';
import { InputRowSchema } from '../../src/orchestration/storedFormats';
import type { IndexedRow } from '../../src/core/engine/evaluateBatch';
import { parseJsonLines, toJsonLines } from '../../src/orchestration/jsonBlobs';
import { fromStoredOutcome, toStoredOutcome } from '../../src/orchestration/runtime/storedRecords';
import { createLocalCsvDatasource, LocalCsvOptionsSchema } from '../../src/plugins/datasource/localCsvFile';
import { mockGenerate } from '../../src/plugins/llm/mock';
import { createFakeClock, createTestDeps } from '../fakes/pluginDeps';

const fixtures = path.join(__dirname, 'fixtures', 'originalPrompts');

interface GoldenCall {
  criteria: string | null;
  system?: string;
  user?: string;
  metadata_repr?: string;
  score?: number;
  error?: string;
}
interface GoldenRow {
  index: number;
  calls: GoldenCall[];
  failed: boolean;
}
interface GoldenExperiment {
  name: string;
  system: string;
  user: string;
  criteria: { name: string; template?: string; defaults?: Record<string, unknown> }[];
  prompt_fields?: string[];
  prompt_defaults: Record<string, unknown>;
  dtype?: CsvDtype;
  rows: GoldenRow[];
  csv_sink: string;
}
// Read keeping the written key order of prompt_defaults mappings ({"2024": 10, "2023": 5}).
const golden = parseOrderedJson(readFileSync(path.join(fixtures, 'originalPromptsGolden.json'), 'utf8')) as { seed: number; experiments: GoldenExperiment[] };

/** The rows as an evaluateBatch activity sees them: read by local_csv, through the plan's JSON input chunks. */
async function loadRows(dtype: CsvDtype | undefined): Promise<{ columns: string[]; rows: Row[] }> {
  const config = LocalCsvOptionsSchema.parse({ path: 'messy.csv', ...(dtype ? { dtype } : {}) });
  const dataset = await createLocalCsvDatasource('local_csv', config, createTestDeps({ baseDir: fixtures })).load();
  const lines = dataset.rows.map((row, index) => {
    const floats = floatCellsFor(row);
    return floats ? { index, row, floats } : { index, row };
  });
  // As planRun writes the input chunks and evaluateBatch reads them back.
  const chunk = parseJsonLines<unknown>(toJsonLines(lines), 'chunk').map((line) => InputRowSchema.parse(line) && (line as IndexedRow));
  for (const { row, floats } of chunk) attachFloatCells(row, floats);
  return { columns: dataset.columns, rows: chunk.map((line) => line.row) };
}

function evaluatorFor(experiment: GoldenExperiment, client: LlmClient): RowEvaluator {
  const clock = createFakeClock();
  const user = compileTemplate(experiment.user, { name: `${experiment.name}:user` });
  const evaluator: RowEvaluator = {
    experiment: experiment.name,
    system: compileTemplate(experiment.system, { name: `${experiment.name}:system` }),
    user,
    criteria: experiment.criteria.map((criterion) => ({
      name: criterion.name,
      template: criterion.template === undefined ? user : compileTemplate(criterion.template, { name: criterion.name }),
      defaults: criterion.defaults ?? {},
    })),
    promptDefaults: experiment.prompt_defaults,
    call: createLlmCaller({ experiment: experiment.name, client, middlewares: [], validators: [], policy: retryPolicyFrom({ max_attempts: 1 }), clock, random: () => 0.5 }),
    rowPlugins: [],
    securityLevel: 'official',
    runId: 'differential',
    clock,
  };
  if (experiment.prompt_fields) evaluator.promptFields = experiment.prompt_fields;
  return evaluator;
}

interface SentCall {
  criteria: string | null;
  system: string;
  user: string;
  metadata_repr: string;
  score: number;
}

async function runExperiment(experiment: GoldenExperiment) {
  const { rows } = await loadRows(experiment.dtype);
  const sent: LlmRequest[] = [];
  const client: LlmClient = { name: 'mock', generate: async (request) => (sent.push(request), mockGenerate(request, golden.seed)) };
  const evaluator = evaluatorFor(experiment, client);
  const outcomes: RowOutcome[] = [];
  const perRow: { calls: SentCall[]; failed: boolean }[] = [];
  for (const [index, row] of rows.entries()) {
    const before = sent.length;
    const outcome = await evaluateRow(evaluator, row, index);
    outcomes.push(outcome);
    const calls = sent.slice(before).map((request) => ({
      criteria: (request.metadata.criteria as string | undefined) ?? null,
      system: request.systemPrompt,
      user: request.userPrompt,
      metadata_repr: mockMetadataRepr(request.metadata),
      score: mockGenerate(request, golden.seed).metrics.score as number,
    }));
    perRow.push({ calls, failed: outcome.status === 'error' });
  }
  return { outcomes, perRow };
}

const expectedCalls = (row: GoldenRow) => row.calls.filter((call) => call.error === undefined);

describe.each(golden.experiments.map((experiment) => [experiment.name, experiment] as const))('the original system on a messy dataset: %s', (_name, experiment) => {
  let result: Awaited<ReturnType<typeof runExperiment>>;
  beforeAll(async () => {
    result = await runExperiment(experiment);
  });

  it('sends every prompt the original sends, with its metadata, and gets the same mock score', () => {
    const differing = experiment.rows.flatMap((row, index) => {
      const ours = result.perRow[index]!;
      const expected = { calls: expectedCalls(row), failed: row.failed };
      return JSON.stringify(ours) === JSON.stringify(expected) ? [] : [{ index, ours, expected }];
    });
    const calls = experiment.rows.reduce((sum, row) => sum + Math.max(1, row.calls.length), 0);
    if (differing.length > 0) process.stderr.write(`${experiment.name}: ${differing.length} of ${experiment.rows.length} rows (${calls} prompts) differ\n`);
    expect(differing.slice(0, 2)).toEqual([]);
    expect(differing).toHaveLength(0);
  });

  it('writes the CSV the original csv sink writes (row fields, llm_content, llm_<criterion>)', () => {
    // Through a batch file, as the sinks read the records.
    const stored = parseJsonLines<RowOutcome>(toJsonLines(result.outcomes.map(toStoredOutcome)), 'batch').map((outcome) => fromStoredOutcome(outcome));
    const records = stored.filter((outcome): outcome is ExperimentRecord => outcome.status === 'ok');
    const table = buildResultsTable(records, { includeMetrics: false, includeRetry: false });
    expect(encodeCsv(table.columns, table.rows, { sanitizeFormulas: false })).toBe(experiment.csv_sink);
  });
});
