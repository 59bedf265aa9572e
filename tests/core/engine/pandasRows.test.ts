import { parseCsv } from '../../../src/core/data/csv';
import { evaluateRow, type RowEvaluator } from '../../../src/core/engine/evaluateRow';
import type { ExperimentRecord } from '../../../src/core/engine/records';
import { createLlmCaller } from '../../../src/core/llm/pipeline';
import { retryPolicyFrom } from '../../../src/core/llm/retryPolicy';
import { mockMetadataRepr, mockScore } from '../../../src/core/llm/mockScore';
import type { LlmClient, LlmRequest } from '../../../src/core/llm/types';
import { mockGenerate } from '../../../src/plugins/llm/mock';
import { compileTemplate } from '../../../src/core/prompts';
import { buildResultsTable } from '../../../src/core/reports/resultsTable';
import { encodeCsv } from '../../../src/core/reports/csv';
import { createFakeClock } from '../../fakes/pluginDeps';

function mockClient(): LlmClient & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    name: 'mock',
    requests,
    generate: async (request) => {
      requests.push(request);
      return mockGenerate(request, 42);
    },
  };
}

function evaluator(client: LlmClient, user: string): RowEvaluator {
  const clock = createFakeClock();
  return {
    experiment: 'exp',
    system: compileTemplate('Grade {title}.'),
    user: compileTemplate(user),
    criteria: [],
    promptDefaults: {},
    call: createLlmCaller({ experiment: 'exp', client, middlewares: [], validators: [], policy: retryPolicyFrom({ max_attempts: 1 }), clock, random: () => 0.5 }),
    rowPlugins: [],
    securityLevel: 'official',
    runId: 'run-1',
    clock,
  };
}

const CSV = 'APPID,title,note,amount,count\nA1,One,,1000.0,1\nA2,Two,hi,-0.0,\n';

describe('rows reach templates, call metadata, records and the CSV as pandas values', () => {
  it('renders empty cells as nan (truthy) and float columns as Python floats', async () => {
    const client = mockClient();
    const { rows } = parseCsv(CSV, { source: 'data.csv' });
    const template = '{% if note %}note={{ note }}{% endif %} amount={{ amount }} count={{ count }}';
    const records = await Promise.all(rows.map((row, index) => evaluateRow(evaluator(client, template), row, index)));
    // The same prompts Jinja2 renders from pandas' rows (tests/core/data/fixtures/pandasRowsGolden.json).
    expect(client.requests.map((request) => request.userPrompt)).toEqual(['note=nan amount=1000.0 count=1.0', 'note=hi amount=-0.0 count=nan']);
    expect(records.map((record) => (record as ExperimentRecord).row_floats)).toEqual([
      { note: 'nan', amount: '1000.0', count: '1.0' },
      { amount: '-0.0', count: 'nan' },
    ]);
    // The record keeps the JSON row and the raw templates (docs/original-behaviour.md §1.5 step 7).
    expect(records[0]).toMatchObject({
      row: { APPID: 'A1', title: 'One', note: null, amount: 1000, count: 1 },
      metadata: { prompt_system_template: 'Grade {title}.', prompt_user_template: template, prompt_system: 'Grade One.' },
    });
    const table = buildResultsTable(records as ExperimentRecord[], { includeMetrics: false, includeRetry: false });
    const csv = encodeCsv(['APPID', 'title', 'note', 'amount', 'count'], table.rows, { sanitizeFormulas: true });
    expect(csv).toBe('APPID,title,note,amount,count\nA1,One,,1000.0,1.0\nA2,Two,hi,-0.0,\n');
  });

  it('takes row_id from APPID only: an id column is not used, an empty APPID cell is NaN', async () => {
    const client = mockClient();
    const withId = parseCsv('id,title\nX1,One\n', { source: 'a.csv' }).rows[0]!;
    const emptyAppId = parseCsv('APPID,title\nA1,One\n,Two\n', { source: 'b.csv' }).rows[1]!;
    await evaluateRow(evaluator(client, 'Rate {{ title }}'), withId, 0);
    await evaluateRow(evaluator(client, 'Rate {{ title }}'), emptyAppId, 1);
    expect(client.requests.map((request) => request.metadata.row_id)).toEqual([null, Number.NaN]);
    // The mock hashes repr(sorted(metadata.items())): [('attempt', 1), ('row_id', None)] and ('row_id', nan).
    expect(client.requests.map((request) => request.metadata)).toEqual([{ row_id: null, attempt: 1 }, { row_id: Number.NaN, attempt: 1 }]);
    expect(mockScore('Grade Two.', 'Rate Two', { row_id: Number.NaN, attempt: 1 }, 42)).not.toBe(mockScore('Grade Two.', 'Rate Two', { row_id: null, attempt: 1 }, 42));
  });

  it('gives an APPID of integers with a gap (float64) to the mock as 1.0, and writes it to JSON as 1', async () => {
    const client = mockClient();
    const row = parseCsv('APPID,title\n1,One\n,Two\n', { source: 'c.csv' }).rows[0]!;
    await evaluateRow(evaluator(client, 'Rate {{ title }}'), row, 0);
    const metadata = client.requests[0]!.metadata;
    expect(mockMetadataRepr(metadata)).toBe("[('attempt', 1), ('row_id', 1.0)]");
    expect(JSON.stringify(metadata)).toBe('{"row_id":1,"attempt":1}');
  });

  it('gives a missing cell of a nullable dtype as pd.NA: printed <NA>, and {% if %} on it fails that row only', async () => {
    const client = mockClient();
    const { rows } = parseCsv('APPID,title,n\nA1,One,1\nA2,Two,\n', { source: 'd.csv', dtype: { n: 'Int64' } });
    const printed = await Promise.all(rows.map((row, index) => evaluateRow(evaluator(client, 'n={{ n }}'), row, index)));
    expect(client.requests.map((request) => request.userPrompt)).toEqual(['n=1', 'n=<NA>']);
    expect(printed.map((outcome) => outcome.status)).toEqual(['ok', 'ok']);
    // As Jinja2 on pandas: bool(pd.NA) raises TypeError, so the original's row failed.
    const tested = await Promise.all(rows.map((row, index) => evaluateRow(evaluator(client, '{% if n %}set{% endif %}'), row, index)));
    expect(tested.map((outcome) => outcome.status)).toEqual(['ok', 'error']);
    expect(tested[1]).toMatchObject({ error_code: 'PROMPT_RENDER_FAILED', error: expect.stringContaining('boolean value of NA is ambiguous'), row_floats: { n: '<NA>' } });
  });
});
