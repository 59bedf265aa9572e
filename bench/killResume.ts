import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../src/local/mockLlm';
import { applicationsCsv, generateApplications } from './syntheticDataset';

/**
 * `npm run bench:resume`: runs a suite once uninterrupted, then again several times killed
 * with SIGKILL at different moments and finished with `elspeth resume`, and checks that
 * every resumed run has exactly the records, aggregates and comparisons of the reference.
 * Prints how many model calls each run made (answers received after the last checkpoint
 * are asked again; nothing else is).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const ROWS = 800;

function writeSuite(dir: string): { settings: string; suite: string } {
  const suite = path.join(dir, 'resume_suite');
  for (const name of ['baseline', 'variant']) fs.mkdirSync(path.join(suite, name), { recursive: true });
  fs.writeFileSync(path.join(suite, 'rows.csv'), applicationsCsv(generateApplications(ROWS)));
  const experiment = (name: string, extra: Record<string, unknown>) =>
    fs.writeFileSync(path.join(suite, name, 'config.json'), JSON.stringify({ name, temperature: 0, max_tokens: 32, enabled: true, ...extra }));
  experiment('baseline', { is_baseline: true });
  experiment('variant', { llm: { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', model: 'mock+0.05' } } });
  fs.writeFileSync(
    path.join(suite, 'settings.yaml'),
    `default:
  datasource: { plugin: local_csv, options: { path: rows.csv } }
  llm: { plugin: http_openai, options: { api_base_env: ELSPETH_MOCK_LLM_URL, model: mock } }
  sinks: [{ plugin: csv, options: { path: results.csv } }, { plugin: analytics_report, options: { base_path: reports } }]
  prompts: { system: "Score applications.", user: "{{ APPID }}: {{ title }}" }
  criteria: [{ name: usefulness, template: "Usefulness of {{ title }}" }, { name: clarity, template: "Clarity of {{ summary }}" }]
  row_plugins: [{ name: score_extractor, options: { threshold: 0.7 } }]
  aggregator_plugins: [{ name: score_stats }, { name: cost_summary }]
  baseline_plugins: [{ name: score_delta }, { name: score_significance }, { name: score_cliffs_delta }]
  cost_tracker: { plugin: fixed_price, options: { prompt_token_price: 0.000001, completion_token_price: 0.000002 } }
  concurrency: { enabled: true, max_workers: 10, backlog_threshold: 1 }
  orchestration: { batch_size: 50, max_batches_in_flight: 4 }
`,
  );
  return { settings: path.join(suite, 'settings.yaml'), suite };
}

interface Cli {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs the CLI; with `killWhen`, SIGKILLs it as soon as that holds (polled every 10 ms), so
 * the moment is a point in the run's progress, not a time that a slow machine would miss.
 */
function runCli(cli: Cli, killWhen?: () => boolean): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'elspeth.js'), ...cli.args, '--no-progress'], { cwd: cli.cwd, env: cli.env, stdio: 'ignore' });
    let killed = false;
    const timer = killWhen === undefined ? undefined : setInterval(() => {
      if (!killed && killWhen()) killed = child.kill('SIGKILL');
    }, 10);
    child.once('exit', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, killed });
    });
  });
}

/** What must be equal between runs: everything but timings and the mock's response ids. */
function comparable(dir: string, runId: string): string {
  const out = path.join(dir, 'out', runId);
  const parts: unknown[] = [];
  for (const experiment of ['baseline', 'variant']) {
    const batches = path.join(out, experiment, 'batches');
    const lines = fs.readdirSync(batches).sort().flatMap((file) => fs.readFileSync(path.join(batches, file), 'utf8').trim().split('\n'));
    parts.push(lines.map((line) => JSON.parse(line, withoutTimings) as unknown));
    const aggregates = JSON.parse(fs.readFileSync(path.join(out, experiment, 'aggregates.json'), 'utf8'), withoutTimings) as unknown;
    parts.push(aggregates);
  }
  parts.push(JSON.parse(fs.readFileSync(path.join(out, 'variant', 'comparison.json'), 'utf8')) as unknown);
  return JSON.stringify(parts);
}

function withoutTimings(key: string, value: unknown): unknown {
  return ['latency_seconds', 'duration', 'timestamp', 'id'].includes(key) && typeof value !== 'object' ? undefined : value;
}

async function main(): Promise<void> {
  const mock: MockLlmServer = await startMockLlmServer({ seed: 3, latencyMs: 20 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-resume-'));
  try {
    const { settings, suite } = writeSuite(dir);
    const cli = (args: string[]): Cli => ({ args, cwd: dir, env: { ...process.env, ELSPETH_MOCK_LLM_URL: mock.url } });
    const runArgs = (runId: string) => ['run', '--settings', settings, '--suite-root', suite, '--run-id', runId];
    const calls = () => mock.stats().totalRequests;

    let before = calls();
    let started = Date.now();
    await runCli(cli(runArgs('cli-reference')));
    const referenceCalls = calls() - before;
    const referenceSeconds = (Date.now() - started) / 1000;
    const reference = comparable(dir, 'cli-reference');
    process.stdout.write(`Reference run: ${ROWS} rows x 2 experiments x 2 criteria, ${referenceCalls} model calls, ${referenceSeconds.toFixed(1)} s\n`);

    // Kill points as shares of the reference run's model calls; 0 is as soon as the run has
    // recorded its request (so it can be resumed) and before any call.
    const trials = [
      { name: 'killed while starting', kills: [0] },
      { name: 'killed mid-evaluation', kills: [0.35] },
      { name: 'killed late in evaluation', kills: [0.85] },
      { name: 'killed twice (run, then resume)', kills: [0.25, 0.5] },
    ];
    let failures = 0;
    for (const [index, trial] of trials.entries()) {
      const runId = `cli-trial-${index}`;
      before = calls();
      started = Date.now();
      const remembered = path.join(dir, '.elspeth', 'runs', `${runId}.json`);
      const at = (share: number) => () => fs.existsSync(remembered) && calls() - before >= share * referenceCalls;
      const first = await runCli(cli(runArgs(runId)), at(trial.kills[0]!));
      const kills = [first.killed];
      for (const share of trial.kills.slice(1)) kills.push((await runCli(cli(['resume', runId]), at(share))).killed);
      const final = await runCli(cli(['resume', runId]));
      const same = final.code === 0 && comparable(dir, runId) === reference;
      if (!same) failures++;
      const made = calls() - before;
      process.stdout.write(
        `${trial.name}: SIGKILL at ${trial.kills.map((share) => `${Math.round(share * 100)}% of the calls`).join(', then ')} (${kills.filter(Boolean).length} killed), ` +
          `resumed to exit ${final.code}: ${same ? 'identical records, aggregates and comparisons' : 'RESULTS DIFFER'}; ` +
          `${made} model calls (${made - referenceCalls} asked again), ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    process.stdout.write(failures === 0 ? 'All resumed runs equal the uninterrupted run.\n' : `${failures} resumed run(s) differ.\n`);
    process.exitCode = failures === 0 ? 0 : 1;
  } finally {
    await mock.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
