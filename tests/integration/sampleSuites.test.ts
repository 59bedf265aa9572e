import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCsv } from '../../src/core/data/csv';
import type { ExperimentSummary, RunOutcome } from '../../src/orchestration/contracts';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { runLocally } from '../../src/local/runLocally';
import { createBuiltinRegistry } from '../../src/plugins';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';
import { createMemoryLogger } from '../fakes/pluginDeps';

const samples = path.join(__dirname, '../../samples');
const registry = createBuiltinRegistry();

async function json<T>(local: LocalServices, name: string): Promise<T> {
  const body = await local.services.blobs.get(name);
  if (!body) throw new Error(`missing blob ${name}`);
  return JSON.parse(body.toString('utf8')) as T;
}

const counts = (experiments: ExperimentSummary[]) => experiments.map((e) => [e.experiment, e.rows, e.ok, e.failed, e.skipped]);

describe('the original sample suite, end to end on Azurite', () => {
  let local: LocalServices;
  let outcome: RunOutcome;
  const runId = 'cli-sample-suite-it';

  beforeAll(async () => {
    local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('sample'), logger: createMemoryLogger(), env: {}, registry });
    const suiteRoot = path.join(samples, 'sample_suite');
    // slow_rate_limit_demo (one call every 5 s) is left out to keep the suite fast; the rest run.
    const experiments = ['baseline', 'variant_prompt', 'variant_rate_limit', 'early_stop_threshold', 'early_stop_fast_exit', 'prompt_shield_demo'];
    const result = await runLocally({
      services: local.services,
      request: { runId, trigger: 'cli', suite: 'sample_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot, experiments },
    });
    outcome = result.outcome;
  }, 60_000);

  afterAll(() => local?.close());

  it('evaluates every row of every experiment', () => {
    expect(outcome.status).toBe('completed');
    expect(counts(outcome.experiments)).toEqual([
      ['baseline', 3, 3, 0, 0],
      ['early_stop_fast_exit', 3, 3, 0, 0],
      ['early_stop_threshold', 3, 3, 0, 0],
      ['prompt_shield_demo', 3, 3, 0, 0],
      ['variant_prompt', 3, 3, 0, 0],
      ['variant_rate_limit', 3, 3, 0, 0],
    ]);
  });

  it('reproduces the golden baseline of the original (docs/original-behaviour.md §3.18)', async () => {
    const stored = await json<{ aggregates: Record<string, Record<string, unknown>> }>(local, `runs/${runId}/baseline/aggregates.json`);
    const stats = stored.aggregates.score_stats as { criteria: Record<string, Record<string, number>>; overall: Record<string, number> };
    expect(stats.criteria.analysis).toMatchObject({ count: 3, mean: 0.6222222222222222, std: 0.04272930491158474, passes: 0 });
    expect(stats.criteria.prioritization).toMatchObject({ count: 3, mean: 0.8228758169934641, std: 0.02271653228363762, passes: 3 });
    expect(stats.overall).toMatchObject({ count: 6, mean: 0.7225490196078432, std: 0.10600180867450235, pass_rate: 0.5 });
    expect(stored.aggregates.score_recommendation?.recommendation).toBe('prioritization leads with mean score 0.82, pass rate 100%, which is 0.10 above overall average');
  });

  it('compares variants with the baseline before reporting, and records early stops', async () => {
    const delta = await json<{ comparisons: Record<string, unknown> }>(local, `runs/${runId}/variant_rate_limit/comparison.json`);
    expect(delta.comparisons.score_delta).toEqual({ analysis: 0, prioritization: 0 });
    const report = await json<{ baseline_comparison: Record<string, unknown> }>(local, `runs/${runId}/variant_rate_limit/outputs/sample_suite/analytics_report.json`);
    expect(report.baseline_comparison.score_delta).toEqual({ analysis: 0, prioritization: 0 });
    const fastExit = outcome.experiments.find((e) => e.experiment === 'early_stop_fast_exit');
    expect(fastExit?.earlyStop).toMatchObject({ plugin: 'threshold', label: 'first_row_high', rows_observed: 1, row_index: 0 });
  });

  it('writes every report to blob storage and records the run', async () => {
    const blobs = await local.services.blobs.list(`runs/${runId}/`);
    for (const name of ['plan.json', 'baseline/outputs/sample_suite/latest_results.csv', 'baseline/outputs/sample_suite/analytics_report.md', 'suite/summary.json', 'suite/summary.md']) {
      expect(blobs).toContain(`runs/${runId}/${name}`);
    }
    const csv = (await local.services.blobs.get(`runs/${runId}/baseline/outputs/sample_suite/latest_results.csv`))!.toString();
    expect(csv.split('\n')[0]).toMatch(/^APPID,title,summary,industry,llm_content,llm_analysis,llm_prioritization,/);
    expect(parseCsv(csv, { source: 'latest_results.csv', dtype: 'str' }).rows.map((row) => row.APPID)).toEqual(['APP-001', 'APP-002', 'APP-003']);
    expect(await local.services.runIndex.get('sample_suite', runId)).toMatchObject({ status: 'completed', rows: 18, failures: 0 });
  });
});

describe('the demo suite over the mock model on HTTP', () => {
  let local: LocalServices;
  let mock: MockLlmServer;

  beforeAll(async () => {
    mock = await startMockLlmServer({ seed: 42 });
    local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('demo'), logger: createMemoryLogger(), env: { ELSPETH_MOCK_LLM_URL: mock.url }, registry });
  });

  afterAll(async () => {
    await local?.close();
    await mock?.close();
  });

  it('runs every experiment through http_openai and leads the summary with verdicts', async () => {
    const suiteRoot = path.join(samples, 'demo_suite');
    const { outcome } = await runLocally({
      services: local.services,
      request: { runId: 'cli-demo-it', trigger: 'cli', suite: 'demo_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot, maxRows: 60 },
    });
    expect(counts(outcome.experiments)).toEqual([
      ['baseline', 60, 60, 0, 0],
      ['stronger_model', 60, 60, 0, 0],
      ['terse_prompt', 60, 60, 0, 0],
    ]);
    expect(mock.stats().totalRequests).toBe(60 * 3 * 2);
    const markdown = (await local.services.blobs.get('runs/cli-demo-it/suite/summary.md'))!.toString();
    expect(markdown.indexOf('## Verdicts')).toBeGreaterThan(0);
    expect(markdown.indexOf('## Verdicts')).toBeLessThan(markdown.indexOf('## Experiments'));
    const summary = await json<{ experiments: { name: string; comparison: { verdicts: { criterion: string; verdict: string }[] } | null }[] }>(local, 'runs/cli-demo-it/suite/summary.json');
    const stronger = summary.experiments.find((e) => e.name === 'stronger_model');
    expect(stronger?.comparison?.verdicts.map((v) => v.criterion).sort()).toEqual(['clarity', 'usefulness']);
  });

  it('counts both criteria calls of each row in metric_cost: the per-row costs add up to the summary total', async () => {
    const summary = await json<{ experiments: { name: string; cost: number }[] }>(local, 'runs/cli-demo-it/suite/summary.json');
    for (const experiment of summary.experiments) {
      const csvName = (await local.services.blobs.list(`runs/cli-demo-it/${experiment.name}/`)).find((name) => name.endsWith('/results.csv'))!;
      const rows = parseCsv((await local.services.blobs.get(csvName))!.toString(), { source: 'results.csv', dtype: 'str' }).rows;
      const perRow = rows.reduce((sum, row) => sum + Number(row.metric_cost), 0);
      expect([experiment.name, rows.length, perRow]).toEqual([experiment.name, 60, expect.closeTo(experiment.cost, 9)]);
      expect(experiment.cost).toBeGreaterThan(0);
    }
  });
});

describe('the early-stop suite saves model calls', () => {
  it('stops the variants whose answer is settled and counts the rows never sent', async () => {
    const mock = await startMockLlmServer({ seed: 42 });
    const local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('stop'), logger: createMemoryLogger(), env: { ELSPETH_MOCK_LLM_URL: mock.url }, registry });
    try {
      const suiteRoot = path.join(samples, 'early_stop_suite');
      const { outcome } = await runLocally({
        services: local.services,
        request: { runId: 'cli-stop-it', trigger: 'cli', suite: 'early_stop_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot },
      });
      const byName = Object.fromEntries(outcome.experiments.map((e) => [e.experiment, e]));
      expect(byName.baseline).toMatchObject({ rows: 600, ok: 600, skipped: 0 });
      expect(byName.better_model?.earlyStop).toMatchObject({ plugin: 'sequential_difference', decision: 'difference', direction: 'variant_above_baseline' });
      expect(byName.guardrail?.earlyStop).toMatchObject({ plugin: 'threshold', label: 'high_score_guardrail' });
      for (const name of ['better_model', 'guardrail']) {
        const experiment = byName[name]!;
        expect(experiment.skipped).toBeGreaterThan(0);
        expect(experiment.ok + experiment.failed + experiment.skipped).toBe(600);
      }
      const saved = byName.better_model!.skipped + byName.guardrail!.skipped + byName.reworded!.skipped;
      expect(mock.stats().totalRequests).toBe(4 * 600 - saved);
    } finally {
      await local.close();
      await mock.close();
    }
  }, 60_000);
});

describe('a run budget', () => {
  it('stops the run cleanly within the budget, writes the reports of what ran, and says why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-budget-'));
    fs.cpSync(path.join(samples, 'demo_suite'), dir, { recursive: true });
    const settingsFile = path.join(dir, 'settings.yaml');
    fs.writeFileSync(settingsFile, fs.readFileSync(settingsFile, 'utf8').replace('  retry:', '  budget:\n    max_cost: 0.012\n  retry:'));
    const mock = await startMockLlmServer({ seed: 42 });
    const local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('budget'), logger: createMemoryLogger(), env: { ELSPETH_MOCK_LLM_URL: mock.url }, registry });
    try {
      const { outcome } = await runLocally({ services: local.services, request: { runId: 'cli-budget-it', trigger: 'cli', suite: 'demo_suite', settingsFile, suiteRoot: dir } });
      expect(outcome.status).toBe('stopped');
      expect(outcome.stopReason).toMatch(/^budget of 0.012 USD reached/);
      expect(outcome.costInUsd).toBeGreaterThan(0);
      expect(outcome.costInUsd).toBeLessThanOrEqual(0.012);
      for (const experiment of outcome.experiments) expect(experiment.ok + experiment.failed + experiment.skipped).toBe(400);
      expect(outcome.experiments.reduce((sum, e) => sum + e.skipped, 0)).toBeGreaterThan(0);
      const markdown = (await local.services.blobs.get('runs/cli-budget-it/suite/summary.md'))!.toString();
      expect(markdown).toContain('The run stopped early: budget of 0.012 USD reached');
      expect(await local.services.blobs.get('runs/cli-budget-it/baseline/results.csv')).toBeDefined();
    } finally {
      await local.close();
      await mock.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
