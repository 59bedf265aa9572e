import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServices } from '../src/local/localServices';
import { startMockLlmServer } from '../src/local/mockLlm';
import { runLocally } from '../src/local/runLocally';
import { applicationsCsv, generateApplications } from './syntheticDataset';
import { createConsoleLogger } from '../src/observability/logger';
import { loadExperimentOutcomes } from '../src/orchestration/runtime/batchFiles';
import { createBuiltinRegistry } from '../src/plugins';

/**
 * `npm run bench:faults`: N rows (default 5,000) through the whole local path while the mock
 * model answers 20% of calls with 429 (retry-after 50 ms) and 5% with 500. Prints the counts
 * and checks that they reconcile: every row is a result or a recorded failure, every failed
 * attempt the mock served is in a row's retry history, no prompt was answered twice, and
 * the call rate stays within 15% of what the rate limiter allows.
 */
function writeSuite(dir: string, rows: number, rate: number): { settingsFile: string; suiteRoot: string } {
  const suiteRoot = path.join(dir, 'fault_suite');
  fs.mkdirSync(path.join(suiteRoot, 'baseline'), { recursive: true });
  fs.writeFileSync(path.join(suiteRoot, 'rows.csv'), applicationsCsv(generateApplications(rows)));
  fs.writeFileSync(path.join(suiteRoot, 'baseline', 'config.json'), JSON.stringify({ name: 'baseline', temperature: 0, max_tokens: 32, enabled: true, is_baseline: true }));
  fs.writeFileSync(
    path.join(suiteRoot, 'settings.yaml'),
    `default:
  datasource: { plugin: local_csv, options: { path: rows.csv } }
  llm: { plugin: http_openai, options: { api_base_env: ELSPETH_MOCK_LLM_URL, model: "mock;429=0.2;500=0.05;retry-after-ms=50" } }
  sinks: [{ plugin: csv, options: { path: results.csv } }]
  prompts: { system: "Score applications.", user: "{{ APPID }}: {{ title }}. {{ summary }}" }
  row_plugins: [{ name: score_extractor }]
  aggregator_plugins: [{ name: score_stats }]
  retry: { max_attempts: 5, initial_delay: 0.05, backoff_multiplier: 2, max_delay: 1, jitter: 0.2 }
  # Injected 429s are random faults, not a spent quota: the limiter paces, and only the refused call waits.
  rate_limiter: { plugin: fixed_window, options: { requests: ${rate}, per_seconds: 1, backoff_on_429: false } }
  # The limiter itself paces calls; no extra pause at high utilisation (the original's 0.8 default idles workers).
  # max_workers is the run-wide cap on calls in flight: enough that callers always wait at the limiter.
  concurrency: { enabled: true, max_workers: 100, backlog_threshold: 1, utilization_pause: 1 }
  orchestration: { batch_size: 200, max_batches_in_flight: 5 }
`,
  );
  return { settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000' }, rate: { type: 'string', default: '250' } } });
  const rows = Number(values.rows);
  const rate = Number(values.rate);
  const mock = await startMockLlmServer({ seed: 11, latencyMs: 10 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-faults-'));
  const local = await startLocalServices({ azurite: { inMemory: true }, logger: createConsoleLogger({ level: 'error' }), env: { ELSPETH_MOCK_LLM_URL: mock.url }, registry: createBuiltinRegistry() });
  try {
    const { settingsFile, suiteRoot } = writeSuite(dir, rows, rate);
    const started = process.hrtime.bigint();
    const phases: Record<string, number> = {};
    const onProgress = (progress: { phase: string }) => (phases[progress.phase] ??= Number(process.hrtime.bigint() - started) / 1e9);
    const { outcome } = await runLocally({ services: local.services, request: { runId: 'cli-faults', trigger: 'cli', suite: 'fault_suite', settingsFile, suiteRoot }, maxConcurrentActivities: 9, onProgress });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const evaluating = (phases.aggregating ?? seconds) - (phases.evaluating ?? 0);
    const summary = outcome.experiments[0]!;
    const stored = await loadExperimentOutcomes(local.services.blobs, 'cli-faults', 'baseline');
    const stats = mock.stats();
    const served429 = stats.outcomes.rate_limited;
    const served500 = stats.outcomes.server_error;
    const histories = [...stored.records, ...stored.failures].map((item) => item.retry?.history ?? []);
    const failedAttempts = histories.flat().filter((attempt) => attempt.status === 'error');
    const recordedFailedAttempts = failedAttempts.length;
    const otherFailures = failedAttempts.filter((attempt) => attempt.http_status !== 429 && attempt.http_status !== 500).map((attempt) => attempt.error_code ?? attempt.error);
    const recorded429 = histories.flat().filter((attempt) => attempt.http_status === 429).length;
    const recorded500 = histories.flat().filter((attempt) => attempt.http_status === 500).length;
    const answeredTwice = Object.values(stats.promptAnswers).filter((count) => count > 1).length;
    const callRate = stats.totalRequests / evaluating;
    const checks = {
      'rows = results + failures + skipped': summary.rows === summary.ok + summary.failed + summary.skipped && summary.rows === rows && summary.skipped === 0,
      'every 429 and 500 the mock served is recorded in a retry history': recorded429 === served429 && recorded500 === served500,
      'every recorded failure carries its attempts': stored.failures.every((failure) => (failure.retry?.history.length ?? 0) === failure.retry?.attempts),
      'no prompt was answered twice': answeredTwice === 0,
      'call rate within 15% of the limiter': callRate >= 0.85 * rate && callRate <= 1.15 * rate,
    };
    process.stdout.write(
      `Fault injection: ${rows} rows, mock answering 20% 429 (retry-after 50 ms) and 5% 500, fixed_window limiter ${rate} requests/s, up to 5 attempts\n` +
        `  rows ${summary.rows} = ${summary.ok} results + ${summary.failed} recorded failures + ${summary.skipped} skipped\n` +
        `  model calls ${stats.totalRequests}: ${stats.outcomes.ok} ok, ${served429} x 429, ${served500} x 500\n` +
        `  failed attempts in retry histories: ${recordedFailedAttempts} (${recorded429} x 429, ${recorded500} x 500${otherFailures.length > 0 ? `, other: ${otherFailures.join(', ')}` : ''})\n` +
        `  prompts answered more than once: ${answeredTwice}\n` +
        `  ${seconds.toFixed(2)} s in all, ${evaluating.toFixed(2)} s evaluating; call rate while evaluating ${callRate.toFixed(1)}/s = ${(callRate / rate).toFixed(3)} of the limiter's ${rate}/s\n` +
        Object.entries(checks).map(([name, ok]) => `  ${ok ? 'ok  ' : 'FAIL'} ${name}\n`).join(''),
    );
    process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
  } finally {
    await local.close();
    await mock.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
