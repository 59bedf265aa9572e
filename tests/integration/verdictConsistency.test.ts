import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { createMemoryIo } from '../cli/cliTestKit';
import { testStorageConnectionString } from '../support/testStorage';

/**
 * One verdict, one p-value and one interval (issue 9 §4, DESIGN §14 "Scores have kinds"):
 * every report of a run shows the numbers score_verdict computed, for a binary criterion
 * (gold_match: McNemar mid-p, Newcombe's paired interval) and a continuous one (a 0-1 judge:
 * paired t, bootstrap interval): summary.md, report.html, summary.json and each variant's
 * analytics_report.md, .html and .json. score_significance's own test (Welch's t, the
 * original's plugin) is a separate analysis, and every Markdown report says so.
 */
const SAMPLE = path.join(__dirname, '../../samples/classification_suite');
const VARIANTS = ['clearer_prompt', 'larger_model'];

let mock: MockLlmServer;
let dir: string;
let runDir: string;

beforeAll(async () => {
  mock = await startMockLlmServer({ seed: 42 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-verdicts-'));
  const suite = path.join(dir, 'suite');
  fs.cpSync(SAMPLE, suite, { recursive: true });
  // The judge on a 0-1 scale makes `judge` continuous; score_significance adds its own table.
  const settings = fs.readFileSync(path.join(suite, 'settings.yaml'), 'utf8').replace('scale: pass/fail', "scale: '0-1'").replace('        pair_by: id\n', '        pair_by: id\n    - name: score_significance\n');
  fs.writeFileSync(path.join(suite, 'settings.yaml'), settings);
  const io = createMemoryIo(dir, { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() });
  const code = await main(['run', '--settings', path.join(suite, 'settings.yaml'), '--suite-root', suite, '--no-progress', '--max-rows', '120', '--out', path.join(dir, 'out')], io);
  if (code !== 0) throw new Error(`run failed: ${io.err()}`);
  runDir = path.join(dir, 'out', fs.readdirSync(path.join(dir, 'out'))[0]!);
}, 120_000);

afterAll(async () => {
  await mock?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const read = (...parts: string[]) => fs.readFileSync(path.join(runDir, ...parts), 'utf8');

/** The verdict table of a Markdown report: variant, criterion, verdict, difference, interval, adjusted p, method. */
function markdownVerdicts(markdown: string, variant?: string): string[][] {
  const section = markdown.split('\n## Verdicts\n')[1]!.split('\n## ')[0]!;
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.includes('| Criterion |'));
  return rows.map((line) => line.slice(2, -2).split(' | ')).map((cells) => (variant === undefined ? cells : [variant, ...cells]));
}

function htmlVerdicts(html: string): string[][] {
  const section = /<section id="verdicts">([^]*?)<\/section>/.exec(html)![1]!;
  const rows = [...section.matchAll(/<tr>(<td[^]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#39;/g, "'")));
  return rows;
}

interface Verdict {
  criterion: string;
  p_value: number | null;
  adjusted_p_value: number | null;
  interval: [number, number] | null;
  method: string;
  verdict: string;
}

it('shows the same verdict numbers in summary.md, report.html and every analytics_report.md and .html', () => {
  const summaryMd = markdownVerdicts(read('suite', 'summary.md'));
  expect(summaryMd.map((row) => [row[0], row[1]])).toEqual([
    ['clearer_prompt', 'correct'],
    ['clearer_prompt', 'judge'],
    ['larger_model', 'correct'],
    ['larger_model', 'judge'],
  ]);
  expect(summaryMd.map((row) => row[6]!.split(':')[0])).toEqual(['Binary (declared)', 'Continuous (declared)', 'Binary (declared)', 'Continuous (declared)']);
  expect(htmlVerdicts(read('suite', 'report.html'))).toEqual(summaryMd);
  for (const variant of VARIANTS) {
    const own = summaryMd.filter((row) => row[0] === variant);
    expect(markdownVerdicts(read(variant, 'reports', 'analytics_report.md'), variant)).toEqual(own);
    expect(htmlVerdicts(read(variant, 'reports', 'analytics_report.html'))).toEqual(own);
  }
});

it('stores the same p-values and intervals in summary.json, comparison.json and every analytics_report.json', () => {
  const summary = JSON.parse(read('suite', 'summary.json')) as { experiments: { name: string; comparison: { verdicts: Verdict[] } | null }[] };
  for (const variant of VARIANTS) {
    const fromSummary = summary.experiments.find((e) => e.name === variant)!.comparison!.verdicts;
    const fromReport = (JSON.parse(read(variant, 'reports', 'analytics_report.json')) as { verdicts: Verdict[] }).verdicts;
    const pick = (verdicts: Verdict[]) => verdicts.map((v) => [v.criterion, v.verdict, v.p_value, v.adjusted_p_value, v.interval, v.method]);
    expect(pick(fromReport)).toEqual(pick(fromSummary));
    expect(fromSummary.every((v) => typeof v.p_value === 'number' && v.interval !== null)).toBe(true);
    // The plugin's own record: the verdict tests ran once; the reports copy them.
    const comparison = JSON.parse(read(variant, 'comparison.json')) as { comparisons: { score_verdict: { criteria: Record<string, { p_value: number; mean_difference_interval: [number, number]; method: string }> } } };
    const criteria = comparison.comparisons.score_verdict.criteria;
    expect(fromSummary.map((v) => [v.criterion, v.p_value, v.interval])).toEqual(fromSummary.map((v) => [v.criterion, criteria[v.criterion]!.p_value, criteria[v.criterion]!.mean_difference_interval]));
    expect([criteria.correct!.method, criteria.judge!.method]).toEqual(['mcnemar_mid_p', 'paired_t']);
  }
});

it("labels score_significance's Welch t as a separate analysis wherever it is shown next to the verdicts", () => {
  const note = 'tables of other plugins (score_significance, score_bayes, ...) are separate analyses with their own tests';
  expect(read('suite', 'summary.md')).toContain(note);
  for (const variant of VARIANTS) expect(read(variant, 'reports', 'analytics_report.md')).toContain(note);
  expect(read('suite', 'summary.md')).toContain('#### score_significance');
});
