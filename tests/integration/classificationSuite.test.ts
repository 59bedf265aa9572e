import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { parseCsv } from '../../src/core/data/csv';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { createMemoryIo } from '../cli/cliTestKit';
import { testStorageConnectionString } from '../support/testStorage';

/**
 * samples/classification_suite end to end through `elspeth run` (issue 9 §5, §6): 300 labelled
 * tickets, a reworded prompt and a larger model against the baseline, gold_match, an
 * llm_judge, classification_metrics and verdicts, on the mock model over HTTP.
 */
const SUITE = path.join(__dirname, '../../samples/classification_suite');
const EXPERIMENTS = ['baseline', 'clearer_prompt', 'larger_model'];

let mock: MockLlmServer;
let out: string;
let runDir: string;
let code: number;
let printed: string;

beforeAll(async () => {
  // The CLI's embedded mock uses seed 42 too: these are the figures `npx elspeth run` prints.
  mock = await startMockLlmServer({ seed: 42 });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-classification-'));
  const io = createMemoryIo(out, { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() });
  code = await main(['run', '--settings', path.join(SUITE, 'settings.yaml'), '--suite-root', SUITE, '--no-progress', '--out', path.join(out, 'reports')], io);
  printed = io.out();
  runDir = path.join(out, 'reports', fs.readdirSync(path.join(out, 'reports'))[0]!);
}, 120_000);

afterAll(async () => {
  await mock?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

const readJson = <T>(...parts: string[]): T => JSON.parse(fs.readFileSync(path.join(runDir, ...parts), 'utf8')) as T;

interface Aggregates {
  aggregates: { classification_metrics: { correct: { n: number; correct: number; accuracy: number; macro_f1: number } } };
  cost_summary: { total_cost: number };
}

it('the generator script reproduces the committed dataset byte for byte', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-tickets-'));
  fs.copyFileSync(path.join(SUITE, 'data', 'generate_tickets.js'), path.join(copy, 'generate_tickets.js'));
  // Run as a child of this process's Node, in the copy's folder, so the committed file is untouched.
  execFileSync(process.execPath, [path.join(copy, 'generate_tickets.js')], { cwd: copy });
  expect(fs.readFileSync(path.join(copy, 'tickets.csv'), 'utf8')).toBe(fs.readFileSync(path.join(SUITE, 'data', 'tickets.csv'), 'utf8'));
  fs.rmSync(copy, { recursive: true, force: true });
});

it('completes every row of every experiment', () => {
  expect(code).toBe(0);
  const summary = readJson<{ experiments: { name: string; rows: number; failures: number }[] }>('suite', 'summary.json');
  expect(summary.experiments.map((e) => [e.name, e.rows, e.failures])).toEqual(EXPERIMENTS.map((name) => [name, 300, 0]));
});

it('measures each accuracy against the labels, and it equals the right answers the mock says it gave', () => {
  const metrics = EXPERIMENTS.map((name) => readJson<Aggregates>(name, 'aggregates.json').aggregates.classification_metrics.correct);
  expect(metrics.map((m) => [m.n, m.correct, m.accuracy])).toEqual([
    [300, 244, 244 / 300],
    [300, 241, 241 / 300],
    [300, 276, 276 / 300],
  ]);
  // Every labelling answer of the run (judge calls are counted apart, as judgements).
  expect(mock.stats().labels).toEqual({ answered: 900, right: metrics.reduce((sum, m) => sum + m.correct, 0) });
  expect(mock.stats().judgements.answered).toBe(900);
});

it('keeps the reworded prompt inconclusive and ships the larger model', () => {
  const summary = readJson<{ recommendation: { action: string; experiment: string }; experiments: { name: string; comparison: { verdicts: { criterion: string; verdict: string }[] } | null }[] }>('suite', 'summary.json');
  const verdicts = summary.experiments.map((e) => [e.name, e.comparison?.verdicts.map((v) => `${v.criterion}=${v.verdict}`) ?? null]);
  expect(verdicts).toEqual([
    ['baseline', null],
    ['clearer_prompt', ['correct=inconclusive', 'judge=inconclusive']],
    ['larger_model', ['correct=improved', 'judge=improved']],
  ]);
  expect(summary.recommendation).toMatchObject({ action: 'ship', experiment: 'larger_model' });
  expect(printed).toContain('Recommendation: Ship larger_model: improved correct, judge with no criterion degraded.');
});

it('counts both model calls of each row (answer and judge) in its cost: the per-row costs add up to the total', () => {
  for (const name of EXPERIMENTS) {
    const csv = parseCsv(fs.readFileSync(path.join(runDir, name, 'results.csv'), 'utf8'), { source: 'results.csv', dtype: 'str' });
    const perRow = csv.rows.reduce((sum, row) => sum + Number(row.metric_cost), 0);
    expect([name, perRow]).toEqual([name, expect.closeTo(readJson<Aggregates>(name, 'aggregates.json').cost_summary.total_cost, 9)]);
  }
});
