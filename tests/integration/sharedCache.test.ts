import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentRecord } from '../../src/core/engine/records';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { runLocally } from '../../src/local/runLocally';
import { applicationsCsv, generateApplications } from '../../bench/syntheticDataset';
import type { RunOutcome } from '../../src/orchestration/contracts';
import { loadExperimentOutcomes } from '../../src/orchestration/runtime/batchFiles';
import type { RunRequest } from '../../src/orchestration/runRequest';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryLogger } from '../fakes/pluginDeps';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';

const ROWS = 12;

/** Two deterministic experiments (temperature 0) and one sampled (0.7), priced, through the mock server. */
function writeSuite(dir: string): { settingsFile: string; suiteRoot: string } {
  const suiteRoot = path.join(dir, 'cache_suite');
  for (const [name, config] of Object.entries({
    baseline: { temperature: 0, max_tokens: 32, is_baseline: true },
    reworded: { temperature: 0, max_tokens: 32, prompt_system: 'Score applications strictly.' },
    sampled: { temperature: 0.7, max_tokens: 32 },
  })) {
    fs.mkdirSync(path.join(suiteRoot, name), { recursive: true });
    fs.writeFileSync(path.join(suiteRoot, name, 'config.json'), JSON.stringify({ name, enabled: true, ...config }));
  }
  fs.writeFileSync(path.join(suiteRoot, 'rows.csv'), applicationsCsv(generateApplications(ROWS)));
  const settingsFile = path.join(suiteRoot, 'settings.yaml');
  fs.writeFileSync(
    settingsFile,
    `default:
  datasource: { plugin: local_csv, options: { path: rows.csv } }
  llm: { plugin: http_openai, options: { api_base_env: ELSPETH_MOCK_LLM_URL, model: mock } }
  sinks: [{ plugin: csv, options: { path: results.csv } }]
  prompts: { system: "Score applications.", user: "{{ APPID }}: {{ title }}" }
  row_plugins: [{ name: score_extractor }]
  aggregator_plugins: [{ name: score_stats }]
  cost_tracker: { plugin: fixed_price, options: { prompt_token_price: 0.001, completion_token_price: 0.002 } }
  cache: { enabled: true, ttl: 3600 }
`,
  );
  return { settingsFile, suiteRoot };
}

describe('the response cache shared by runs (Azurite + mock model)', () => {
  let local: LocalServices;
  let mock: MockLlmServer;
  let dir: string;
  let files: { settingsFile: string; suiteRoot: string };

  beforeAll(async () => {
    mock = await startMockLlmServer({ seed: 3 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-cache-'));
    files = writeSuite(dir);
    local = await startLocalServices({
      connectionString: testStorageConnectionString(),
      container: uniqueContainerName('cache'),
      logger: createMemoryLogger(),
      env: { ELSPETH_MOCK_LLM_URL: mock.url },
      registry: createBuiltinRegistry(),
    });
  });
  afterAll(async () => {
    await local?.close();
    await mock?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (runId: string, extra: Partial<RunRequest> = {}): Promise<{ outcome: RunOutcome; calls: number }> => {
    const before = mock.stats().totalRequests;
    const { outcome } = await runLocally({ services: local.services, request: { runId, trigger: 'cli', suite: 'cache_suite', ...files, ...extra } });
    return { outcome, calls: mock.stats().totalRequests - before };
  };
  const records = async (runId: string, experiment: string): Promise<ExperimentRecord[]> => (await loadExperimentOutcomes(local.services.blobs, runId, experiment)).records;
  const scores = async (runId: string, experiment: string) => (await records(runId, experiment)).map((record) => [record.id, record.metrics.score]);
  const costOf = (outcome: RunOutcome, experiment: string) => outcome.experiments.find((e) => e.experiment === experiment)!.cost;

  it('answers a second run of the same suite from the cache: no model call for deterministic requests, equal scores, zero cost, savings reported', async () => {
    const first = await run('cli-cache-first');
    expect(first.calls).toBe(3 * ROWS);
    expect(costOf(first.outcome, 'baseline')).toMatchObject({ cache_hits: 0 });
    expect(costOf(first.outcome, 'baseline').total_cost).toBeGreaterThan(0);

    const second = await run('cli-cache-second');
    // Only the sampled experiment (temperature 0.7) asks the model again.
    expect(second.calls).toBe(ROWS);
    for (const experiment of ['baseline', 'reworded']) {
      expect(await scores('cli-cache-second', experiment)).toEqual(await scores('cli-cache-first', experiment));
      expect((await records('cli-cache-second', experiment)).every((record) => record.metrics.cached === true)).toBe(true);
      expect(costOf(second.outcome, experiment)).toMatchObject({ total_cost: 0, cache_hits: ROWS, cache_saved_cost: costOf(first.outcome, experiment).total_cost });
    }
    expect((await records('cli-cache-second', 'sampled')).some((record) => record.metrics.cached === true)).toBe(false);
    expect(costOf(second.outcome, 'sampled')).toMatchObject({ cache_hits: 0 });
    expect(second.outcome.costInUsd).toBeCloseTo(costOf(second.outcome, 'sampled').total_cost!, 10);

    const summary = (await local.services.blobs.get('runs/cli-cache-second/suite/summary.md'))!.toString();
    expect(summary).toContain(`- baseline: ${ROWS} calls answered from the shared response cache, saving`);
    const csv = (await local.services.blobs.get('runs/cli-cache-second/baseline/results.csv'))!.toString();
    expect(csv.split('\n')[0]).toContain('cached');
  });

  it('--no-cache asks the model again even though the profile enables the cache', async () => {
    const uncached = await run('cli-cache-off', { noCache: true });
    expect(uncached.calls).toBe(3 * ROWS);
    expect(costOf(uncached.outcome, 'baseline').cache_hits).toBeUndefined();
    expect(await scores('cli-cache-off', 'baseline')).toEqual(await scores('cli-cache-first', 'baseline'));
  });

  it('keeps answers in cache/<sha256>.json, apart from the per-batch checkpoints, and no key or file names a run', async () => {
    const names = await local.services.blobs.list('cache/');
    expect(names.length).toBeGreaterThanOrEqual(2 * ROWS);
    expect(names.every((name) => /^cache\/[0-9a-f]{64}\.json$/.test(name))).toBe(true);
  });
});
