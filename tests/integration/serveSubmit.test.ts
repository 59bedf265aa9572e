import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { createMemoryIo } from '../cli/cliTestKit';
import { testStorageConnectionString } from '../support/testStorage';

/**
 * The pipeline loop without the Functions host (issue 8, part 4): `elspeth serve` serves the
 * app's HTTP API over the in-process driver; `elspeth submit` uploads a suite folder from
 * "the product repository's checkout", starts it by reference, waits and gates on the
 * verdicts. The variant's model is the mock's `mock+0.3` (scores higher) or `mock-0.3`.
 */
const ROWS = 60;

function writeSuite(root: string, variantModel: string): string {
  const folder = path.join(root, `gate_${variantModel.replace('+', '_up_').replace('-', '_down_').replace(/[^a-z0-9_]/gi, '')}`);
  const llm = (model: string) => ({ plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', model, timeout: 20 } });
  fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'baseline'));
  fs.mkdirSync(path.join(folder, 'candidate'));
  const rows = Array.from({ length: ROWS }, (_, i) => `APP-${String(i + 1).padStart(3, '0')},Tool ${i + 1},Summary number ${i * 7} of a tool.`);
  fs.writeFileSync(path.join(folder, 'data', 'rows.csv'), ['APPID,title,summary', ...rows, ''].join('\n'));
  fs.writeFileSync(
    path.join(folder, 'settings.yaml'),
    [
      'default:',
      '  datasource: { plugin: local_csv, options: { path: data/rows.csv } }',
      `  llm: ${JSON.stringify(llm('mock'))}`,
      '  prompts:',
      '    system: "Answer with JSON {\\"score\\": <0-1>}."',
      '    user: "{{ APPID }}: {{ title }}. {{ summary }}"',
      '  prompt_fields: [APPID, title, summary]',
      '  criteria: [usefulness]',
      '  row_plugins: [{ name: score_extractor, options: { threshold: 0.5 } }]',
      '  aggregator_plugins: [{ name: score_stats }]',
      '  baseline_plugins: [{ name: score_verdict }]',
      '  sinks: [{ plugin: csv, options: { path: results.csv } }]',
      '  suite_defaults: { concurrency: { enabled: true, max_workers: 8 } }',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(folder, 'baseline', 'config.json'), JSON.stringify({ name: 'baseline', enabled: true, is_baseline: true }));
  fs.writeFileSync(path.join(folder, 'candidate', 'config.json'), JSON.stringify({ name: 'candidate', enabled: true, llm: llm(variantModel) }));
  return folder;
}

let work: string;
let url: string;
let stopServe: () => void;
let served: Promise<number>;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-serve-'));
  let stop!: () => void;
  const untilShutdown = new Promise<void>((resolve) => (stop = resolve));
  stopServe = stop;
  const io = { ...createMemoryIo(work, { ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() }), untilShutdown };
  served = main(['serve', '--port', '0'], io);
  for (let i = 0; i < 600 && !/listening on /.test(io.out()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(io.out());
  if (!match) throw new Error(`serve did not start: ${io.out()} ${io.err()}`);
  url = match[1]!;
}, 60_000);

afterAll(async () => {
  stopServe?.();
  await served;
  fs.rmSync(work, { recursive: true, force: true });
});

async function submit(folder: string, ...extra: string[]) {
  const io = createMemoryIo(work, {});
  const junit = path.join(work, `${path.basename(folder)}.xml`);
  const code = await main(['submit', '--url', url, '--suite', folder, '--fail-on', 'degraded', '--junit', junit, '--poll-ms', '200', ...extra], io);
  return { code, out: io.out(), err: io.err(), junit: fs.existsSync(junit) ? fs.readFileSync(junit, 'utf8') : '' };
}

describe('elspeth serve + elspeth submit', () => {
  it('an improving suite passes the gate: exit 0, a JUnit case per variant and criterion, no failure', async () => {
    const result = await submit(writeSuite(work, 'mock+0.3'));
    expect(result.err).toMatch(/^Submitted gate_mock_up_03 \(sha256:[0-9a-f]{12}…, 4 files\) as run run-gate_mock_up_03-/);
    expect(result.out).toMatch(/ok {3}candidate \/ usefulness: improved, difference 0\.\d+/);
    expect(result.code).toBe(0);
    expect(result.junit).toContain('<testcase classname="gate_mock_up_03.candidate" name="candidate usefulness"></testcase>');
    expect(result.junit).not.toContain('<failure');
  }, 120_000);

  it('a degrading suite fails it: exit 1 and a failing JUnit case', async () => {
    const result = await submit(writeSuite(work, 'mock-0.3'));
    expect(result.out).toMatch(/FAIL candidate \/ usefulness: degraded, difference -0\.\d+/);
    expect(result.code).toBe(1);
    expect(result.junit).toContain('<testcase classname="gate_mock_down_03.candidate" name="candidate usefulness">');
    expect(result.junit).toMatch(/<failure message="degraded: verdict degraded; method [^"]+" type="degraded">/);
    expect(result.junit).toContain('tests="1" failures="1"');
  }, 120_000);

  it('the same content is stored once: a second upload is acknowledged, not rewritten', async () => {
    const folder = path.join(work, 'gate_mock_up_03');
    const response = await fetch(`${url}/api/runs/run-unknown-1`);
    expect(response.status).toBe(404);
    const again = await submit(folder, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out.slice(again.out.indexOf('{'))) as unknown).toMatchObject({ status: 'Completed', verdicts: [{ variant: 'candidate', criterion: 'usefulness', verdict: 'improved' }], failing: [] });
  }, 120_000);

  it('a suite the app refuses exits 2 with every problem, and nothing runs', async () => {
    const folder = writeSuite(work, 'mock+0.1');
    fs.writeFileSync(path.join(folder, 'settings.yaml'), fs.readFileSync(path.join(folder, 'settings.yaml'), 'utf8').replace('plugin: local_csv', 'plugin: no_such_source'));
    const result = await submit(folder);
    expect(result.code).toBe(2);
    expect(result.err).toContain('error: start refused with HTTP 400');
    expect(result.err).toContain('no_such_source');
  }, 60_000);

  it('refuses a suite folder with a symbolic link, before sending anything', async () => {
    const folder = writeSuite(work, 'mock+0.2');
    fs.symlinkSync('/etc/passwd', path.join(folder, 'data', 'leak.csv'));
    const result = await submit(folder);
    expect(result.code).toBe(2);
    expect(result.err).toContain('is a symbolic link; submit sends plain files only');
  });
});

describe('elspeth run --fail-on / --junit / --json', () => {
  it('gates a local run on its verdicts the same way, and --json carries the verdict table', async () => {
    const folder = writeSuite(work, 'mock-0.2');
    const junit = path.join(work, 'local-run.xml');
    const io = createMemoryIo(work, { ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() });
    const code = await main(['run', '--settings', path.join(folder, 'settings.yaml'), '--suite-root', folder, '--no-progress', '--json', '--fail-on', 'degraded', '--junit', junit, '--out', path.join(work, 'out')], io);
    expect(code).toBe(1);
    const printed = JSON.parse(io.out()) as { status: string; verdicts: unknown[] };
    expect(printed).toMatchObject({ status: 'completed', verdicts: [{ variant: 'candidate', criterion: 'usefulness', verdict: 'degraded', difference: expect.any(Number), interval: [expect.any(Number), expect.any(Number)], adjustedP: expect.any(Number) }] });
    expect(fs.readFileSync(junit, 'utf8')).toContain('failures="1"');
    expect(io.err()).toContain('FAIL candidate / usefulness: degraded');
  }, 120_000);
});
