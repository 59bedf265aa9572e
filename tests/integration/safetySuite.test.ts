import path from 'node:path';
import { parseCsv } from '../../src/core/data/csv';
import type { RunOutcome } from '../../src/orchestration/contracts';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { runLocally } from '../../src/local/runLocally';
import { createBuiltinRegistry } from '../../src/plugins';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';
import { createMemoryLogger, type LogEntry } from '../fakes/pluginDeps';

const suiteRoot = path.join(__dirname, '../../samples/safety_suite');
const runId = 'cli-safety-suite-it';
const EXPERIMENTS = ['baseline', 'shield_abort', 'stronger_model'];
const ROWS = 60;

/** Tickets the mock Content Safety rates at severity 4 or more (the last also names a password). */
const FLAGGED = ['TKT-026', 'TKT-027', 'TKT-028', 'TKT-057', 'TKT-058', 'TKT-060'];
/** Tickets with a denied term only: masked in baseline and stronger_model, blocked in shield_abort. */
const DENIED_TERMS = ['TKT-023', 'TKT-024', 'TKT-025', 'TKT-054', 'TKT-055', 'TKT-056'];

interface AttemptEntry {
  attempt: number;
  status: 'success' | 'error';
  http_status?: number;
  retry_after_ms?: number;
}

interface TableRow {
  id: string;
  error_code?: string;
  error?: string;
  attempts: number;
  maxAttempts: number;
  history: AttemptEntry[];
}

async function table(local: LocalServices, name: string): Promise<TableRow[]> {
  const body = await local.services.blobs.get(`runs/${runId}/${name}`);
  if (!body) return [];
  const rows = parseCsv(body.toString('utf8'), { source: name, dtype: 'str' }).rows as Record<string, string>[];
  return rows.map((row) => ({
    id: row.id!,
    ...(row.error_code === undefined ? {} : { error_code: row.error_code, error: row.error }),
    attempts: Number(row.retry_attempts),
    maxAttempts: Number(row.retry_max_attempts),
    history: JSON.parse(row.retry_history!) as AttemptEntry[],
  }));
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const logged = (entries: LogEntry[], event: string) => entries.filter((entry) => entry.context?.event === event);

describe('the safety suite: screening, injected faults and retries, end to end', () => {
  let local: LocalServices;
  let mock: MockLlmServer;
  let outcome: RunOutcome;
  const logger = createMemoryLogger();
  const results: Record<string, TableRow[]> = {};
  const failures: Record<string, TableRow[]> = {};

  beforeAll(async () => {
    mock = await startMockLlmServer({ seed: 42 });
    const env = { ELSPETH_MOCK_LLM_URL: mock.url };
    local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('safety'), logger, env, registry: createBuiltinRegistry() });
    ({ outcome } = await runLocally({
      services: local.services,
      request: { runId, trigger: 'cli', suite: 'safety_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot },
    }));
    for (const experiment of EXPERIMENTS) {
      results[experiment] = await table(local, `${experiment}/results.csv`);
      failures[experiment] = await table(local, `${experiment}/results_failures.csv`);
    }
  }, 60_000);

  afterAll(async () => {
    await local?.close();
    await mock?.close();
  });

  it('accounts for every row of every experiment as a result or a recorded failure', () => {
    expect(outcome.experiments.map((e) => e.experiment)).toEqual(EXPERIMENTS);
    for (const summary of outcome.experiments) {
      expect({ experiment: summary.experiment, rows: summary.rows, accounted: summary.ok + summary.failed + summary.skipped }).toEqual({ experiment: summary.experiment, rows: ROWS, accounted: ROWS });
      expect([results[summary.experiment]!.length, failures[summary.experiment]!.length]).toEqual([summary.ok, summary.failed]);
    }
  });

  it('records safety blocks as SAFETY_BLOCKED failures, attempted once and never retried', () => {
    const blocked = (experiment: string) => failures[experiment]!.filter((f) => f.error_code === 'SAFETY_BLOCKED');
    expect(blocked('baseline').map((f) => f.id)).toEqual(FLAGGED);
    expect(blocked('stronger_model').map((f) => f.id)).toEqual(FLAGGED);
    expect(blocked('shield_abort').map((f) => f.id).sort()).toEqual([...DENIED_TERMS, ...FLAGGED].sort());
    // The shield runs first: the ticket with both a denied term and a flagged word stops there.
    const shieldBlocked = blocked('shield_abort').filter((f) => f.error?.startsWith('Prompt contains blocked term'));
    expect(shieldBlocked.map((f) => f.id).sort()).toEqual([...DENIED_TERMS, 'TKT-060'].sort());
    for (const failure of EXPERIMENTS.flatMap(blocked)) {
      expect({ attempts: failure.attempts, maxAttempts: failure.maxAttempts, statuses: failure.history.map((h) => h.status) }).toEqual({ attempts: 1, maxAttempts: 4, statuses: ['error'] });
    }
    // Masked tickets reach the model and come back as results.
    expect(results.baseline!.map((r) => r.id)).toEqual(expect.arrayContaining(DENIED_TERMS));
  });

  it('retries injected 429s and 500s and records every attempt', () => {
    const everything = EXPERIMENTS.flatMap((experiment) => [...results[experiment]!, ...failures[experiment]!]);
    const failedAttempts = everything.flatMap((row) => row.history.filter((h) => h.status === 'error' && h.http_status !== undefined));
    expect(new Set(failedAttempts.map((h) => h.http_status))).toEqual(new Set([429, 500]));
    expect(failedAttempts.filter((h) => h.http_status === 429).every((h) => h.retry_after_ms === 100)).toBe(true);
    const retried = results.baseline!.filter((row) => row.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const row of everything) {
      expect(row.history.map((h) => h.attempt)).toEqual(Array.from({ length: row.attempts }, (_, i) => i + 1));
      expect(row.maxAttempts).toBe(4);
    }
    // A failure that is not a safety block used all four attempts.
    const exhausted = everything.filter((row) => row.error_code !== undefined && row.error_code !== 'SAFETY_BLOCKED');
    expect(exhausted.every((row) => row.attempts === 4)).toBe(true);
  });

  it('called the mock Content Safety for every attempt the prompt shield let through', () => {
    const attempts = (experiment: string) => sum([...results[experiment]!, ...failures[experiment]!].map((row) => row.attempts));
    const allAttempts = sum(EXPERIMENTS.map(attempts));
    const stoppedByShield = DENIED_TERMS.length + 1;
    const blockedBeforeModel = sum(EXPERIMENTS.map((e) => failures[e]!.filter((f) => f.error_code === 'SAFETY_BLOCKED').length));
    const stats = mock.stats();
    expect(stats.contentSafety).toEqual({ requests: allAttempts - stoppedByShield, outcomes: { ok: allAttempts - stoppedByShield, unauthorized: 0, bad_request: 0 }, detected: expect.any(Number) });
    expect(stats.contentSafety.detected).toBeGreaterThanOrEqual(FLAGGED.length * 3 - 1);
    expect(stats.totalRequests).toBe(allAttempts - blockedBeforeModel);
  });

  it('logs an audit line and a health heartbeat for every attempt', () => {
    const allAttempts = sum(EXPERIMENTS.flatMap((e) => [...results[e]!, ...failures[e]!].map((row) => row.attempts)));
    const failedAttempts = sum(EXPERIMENTS.flatMap((e) => [...results[e]!, ...failures[e]!].map((row) => row.history.filter((h) => h.status === 'error').length)));
    expect(logged(logger.entries, 'llm_request')).toHaveLength(allAttempts);
    expect(logged(logger.entries, 'llm_response')).toHaveLength(allAttempts - failedAttempts);
    expect(logged(logger.entries, 'llm_error')).toHaveLength(failedAttempts);
    const heartbeats = logged(logger.entries, 'health_heartbeat');
    expect(heartbeats).toHaveLength(allAttempts);
    expect(heartbeats[0]).toEqual({ level: 'info', message: '[dmp.health] health heartbeat', context: expect.objectContaining({ channel: 'dmp.health', requests: expect.any(Number), failures: expect.any(Number) }) });
    expect(logged(logger.entries, 'safety_violation').length).toBeGreaterThan(0);
  });

  it('prices each model from its table entry, within the run budget', async () => {
    const perThousand = { baseline: [0.0005, 0.0015], shield_abort: [0.0005, 0.0015], stronger_model: [0.001, 0.003] } as Record<string, [number, number]>;
    for (const summary of outcome.experiments) {
      const [prompt, completion] = perThousand[summary.experiment]!;
      const { prompt_tokens: promptTokens = NaN, completion_tokens: completionTokens = NaN, total_cost: totalCost = NaN } = summary.cost;
      expect(promptTokens).toBeGreaterThan(0);
      expect(totalCost).toBeCloseTo((promptTokens * prompt + completionTokens * completion) / 1000, 12);
    }
    const plan = JSON.parse((await local.services.blobs.get(`runs/${runId}/plan.json`))!.toString('utf8')) as { run: { budget?: unknown } };
    expect(plan.run.budget).toEqual({ maxCost: 0.05, currency: 'USD', order: 'balanced' });
    expect({ status: outcome.status, stopReason: outcome.stopReason, underBudget: outcome.costInUsd < 0.05 }).toEqual({ status: 'completed_with_failures', stopReason: undefined, underBudget: true });
  });
});
