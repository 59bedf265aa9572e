import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServices, type LocalServices } from '../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../src/local/mockLlm';
import { createNodeFetch } from '../src/http/nodeFetch';
import { runLocally } from '../src/local/runLocally';
import { createConsoleLogger } from '../src/observability/logger';
import { loadExperimentOutcomes } from '../src/orchestration/runtime/batchFiles';
import { createBuiltinRegistry } from '../src/plugins';
import { writeQuotaSuite, type QuotaSuiteOptions } from './quotaSuite';

/**
 * `npm run bench:quota` (also run by `npm run bench`): N rows (default 3,000) through the whole
 * local path against the mock model enforcing an Azure-style per-second quota (default 100
 * requests a second, answered after 100 ms), with 100 calls in flight at most. Scenarios:
 * the quota declared (`adaptive`, and `shared` with its ledger in Azurite), nothing declared
 * (adaptive concurrency finds the capacity), and the declared suite run again with the
 * response cache on. Prints figures and checks them against the targets of issue 12.
 */
interface Figures {
  rows: number;
  /** From the first model call sent to the last answer received. */
  callSeconds: number;
  ok: number;
  failed: number;
  calls: number;
  succeeded: number;
  refused: number;
  evaluatingSeconds: number;
  scores: string;
}

interface Scenario {
  name: string;
  suite: Omit<QuotaSuiteOptions, 'dir' | 'rows' | 'maxWorkers'>;
  checks(figures: Figures, quota: number): Record<string, boolean>;
}

/** Quota use: successful calls a second while the run was calling the model (first call to last answer). */
const ratio = (figures: Figures, quota: number) => figures.succeeded / figures.callSeconds / quota;
const refusedShare = (figures: Figures) => (figures.calls === 0 ? 0 : figures.refused / figures.calls);

const declaredChecks = (figures: Figures, quota: number) => ({
  'every row a result': figures.ok === figures.rows,
  'successful calls >= 0.95 of the quota': ratio(figures, quota) >= 0.95,
  '429s <= 1% of requests': refusedShare(figures) <= 0.01,
});

const SCENARIOS: Scenario[] = [
  { name: 'quota declared (adaptive limiter, this process)', suite: { limiter: 'adaptive', cache: false, label: 'declared' }, checks: declaredChecks },
  { name: 'quota declared (shared limiter, ledger in Azurite)', suite: { limiter: 'shared', cache: false, label: 'shared' }, checks: declaredChecks },
  {
    name: 'nothing declared (adaptive concurrency)',
    suite: { cache: false, label: 'undeclared' },
    checks: (figures, quota) => ({
      'every row a result': figures.ok === figures.rows,
      'successful calls >= 0.85 of the quota': ratio(figures, quota) >= 0.85,
      '429s <= 5% of requests': refusedShare(figures) <= 0.05,
    }),
  },
];

/** A fetch that notes when model calls start and end, so quota use is measured while the run calls the model. */
function timedFetch(): { fetch: typeof fetch; span(): { first: number; last: number }; reset(): void } {
  const inner = createNodeFetch();
  let first = Infinity;
  let last = -Infinity;
  const timed = (async (input: string | URL | Request, init?: RequestInit) => {
    first = Math.min(first, performance.now());
    try {
      return await inner(input, init);
    } finally {
      last = Math.max(last, performance.now());
    }
  }) as typeof fetch;
  return { fetch: timed, span: () => ({ first, last }), reset: () => ((first = Infinity), (last = -Infinity)) };
}

const calls = timedFetch();

async function runScenario(local: LocalServices, mock: MockLlmServer, dir: string, rows: number, maxWorkers: number, scenario: Scenario['suite'], runId: string): Promise<Figures> {
  const files = writeQuotaSuite({ dir: path.join(dir, runId), rows, maxWorkers, ...scenario });
  const before = mock.stats();
  calls.reset();
  const started = process.hrtime.bigint();
  const phases: Record<string, number> = {};
  const onProgress = (progress: { phase: string }) => (phases[progress.phase] ??= Number(process.hrtime.bigint() - started) / 1e9);
  const { outcome } = await runLocally({ services: local.services, request: { runId, trigger: 'cli', suite: 'quota_suite', ...files }, maxConcurrentActivities: maxWorkers, onProgress });
  const after = mock.stats();
  const summary = outcome.experiments[0]!;
  const stored = await loadExperimentOutcomes(local.services.blobs, runId, 'baseline');
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const span = calls.span();
  return {
    rows,
    callSeconds: span.last > span.first ? (span.last - span.first) / 1000 : 0,
    ok: summary.ok,
    failed: summary.failed,
    calls: after.totalRequests - before.totalRequests,
    succeeded: after.outcomes.ok - before.outcomes.ok,
    refused: after.outcomes.quota_exceeded - before.outcomes.quota_exceeded,
    evaluatingSeconds: (phases.aggregating ?? elapsed) - (phases.evaluating ?? 0),
    scores: JSON.stringify(stored.records.map((record) => [record.id, record.metrics.score])),
  };
}

/** The declared suite twice with the response cache on: the second run must not call the model. */
async function cacheScenario(local: LocalServices, mock: MockLlmServer, dir: string, rows: number, maxWorkers: number): Promise<boolean> {
  const suite = { limiter: 'adaptive', cache: true, label: 'cache' } as const;
  const first = await runScenario(local, mock, dir, rows, maxWorkers, suite, 'cli-quota-cache-1');
  const again = await runScenario(local, mock, dir, rows, maxWorkers, suite, 'cli-quota-cache-2');
  const checks = { 'no model call': again.calls === 0, 'every row a result': again.ok === rows, "scores equal the first run's": again.scores === first.scores };
  process.stdout.write(
    `\nthe declared suite twice, response cache on\n` +
      `  first run: ${first.calls} model calls, ${first.evaluatingSeconds.toFixed(2)} s evaluating\n` +
      `  second run: ${again.calls} model calls, ${again.ok} results, ${again.evaluatingSeconds.toFixed(2)} s evaluating\n` +
      Object.entries(checks).map(([check, ok]) => `  ${ok ? 'ok  ' : 'FAIL'} ${check}\n`).join(''),
  );
  return !Object.values(checks).includes(false);
}

function report(name: string, figures: Figures, quota: number, checks: Record<string, boolean>): void {
  const rate = figures.succeeded / figures.callSeconds;
  const overall = figures.succeeded / figures.evaluatingSeconds;
  process.stdout.write(
    `\n${name}\n` +
      `  rows ${figures.rows} = ${figures.ok} results + ${figures.failed} failures, ${figures.evaluatingSeconds.toFixed(2)} s evaluating, model called for ${figures.callSeconds.toFixed(2)} s\n` +
      `  model calls ${figures.calls}: ${figures.succeeded} ok, ${figures.refused} x 429 (${(refusedShare(figures) * 100).toFixed(2)}%)\n` +
      `  successful calls ${rate.toFixed(1)}/s while calling = ${(rate / quota).toFixed(3)} of the quota (${overall.toFixed(1)}/s = ${(overall / quota).toFixed(3)} over the whole evaluation phase)\n` +
      Object.entries(checks).map(([check, ok]) => `  ${ok ? 'ok  ' : 'FAIL'} ${check}\n`).join(''),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '3000' },
      quota: { type: 'string', default: '100' },
      'latency-ms': { type: 'string', default: '100' },
      'max-workers': { type: 'string', default: '100' },
      /** Comma-separated: declared, shared, undeclared, cache (the declared suite twice with the cache on). */
      scenarios: { type: 'string', default: 'declared,shared,undeclared,cache' },
    },
  });
  const wanted = new Set(values.scenarios.split(',').map((name) => name.trim()));
  const rows = Number(values.rows);
  const quota = Number(values.quota);
  const maxWorkers = Number(values['max-workers']);
  const latencyMs = Number(values['latency-ms']);
  process.stdout.write(`Quota: ${rows} rows, mock model allowing ${quota} requests/s (Azure-style per-second windows, checked on arrival), ${latencyMs} ms latency, max_workers ${maxWorkers}\n`);
  const mock = await startMockLlmServer({ seed: 12, latencyMs, requestsPerSecond: quota });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-quota-'));
  const local = await startLocalServices({ azurite: { inMemory: true }, logger: createConsoleLogger({ level: 'error' }), env: { ELSPETH_MOCK_LLM_URL: mock.url }, registry: createBuiltinRegistry(), fetch: calls.fetch });
  let failed = false;
  try {
    for (const scenario of SCENARIOS.filter((candidate) => wanted.has(candidate.suite.label))) {
      const figures = await runScenario(local, mock, dir, rows, maxWorkers, scenario.suite, `cli-quota-${scenario.suite.label}`);
      const checks = scenario.checks(figures, quota);
      report(scenario.name, figures, quota, checks);
      failed ||= Object.values(checks).includes(false);
    }
    if (wanted.has('cache')) failed = !(await cacheScenario(local, mock, dir, rows, maxWorkers)) || failed;
  } finally {
    await local.close();
    await mock.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
