import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { RunOutcome } from '../../src/orchestration/contracts';
import type { SuiteSummary } from '../../src/core/reports';
import { startLocalServices, type LocalServices } from '../../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { runLocally } from '../../src/local/runLocally';
import { createBuiltinRegistry } from '../../src/plugins';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';
import { createMemoryLogger } from '../fakes/pluginDeps';

/**
 * The demo suite (a baseline and two variants, 400 rows each) under a budget that covers
 * about a fifth of it, and with an early stop on one variant: experiments advance
 * together, so whatever stops leaves every variant a paired comparison (docs/budget.md).
 */
const DEMO = path.join(__dirname, '../../samples/demo_suite');
/** The whole demo costs about 0.12 USD on the mock's prices. */
const BUDGET = 0.024;

type Settings = { default: Record<string, unknown> };

function copyDemo(edit: (settings: Settings, root: string) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-demo-'));
  fs.cpSync(DEMO, root, { recursive: true });
  const file = path.join(root, 'settings.yaml');
  const settings = parse(fs.readFileSync(file, 'utf8')) as Settings;
  edit(settings, root);
  fs.writeFileSync(file, stringify(settings));
  return root;
}

async function runDemo(local: LocalServices, root: string, runId: string, maxRows?: number): Promise<{ outcome: RunOutcome; summary: SuiteSummary; batchSize: number }> {
  const request = { runId, trigger: 'cli' as const, suite: 'demo_suite', settingsFile: path.join(root, 'settings.yaml'), suiteRoot: root, ...(maxRows ? { maxRows } : {}) };
  const { outcome } = await runLocally({ services: local.services, request });
  const read = async <T>(name: string) => JSON.parse((await local.services.blobs.get(`runs/${runId}/${name}`))!.toString('utf8')) as T;
  const summary = await read<SuiteSummary>('suite/summary.json');
  const plan = await read<{ batchSize: number }>('plan.json');
  return { outcome, summary, batchSize: plan.batchSize };
}

// Each test runs the demo suite end to end (about 10 s alone, several times that on a loaded 2-core CI machine).
jest.setTimeout(120_000);

describe('a budget or an early stop still leaves a comparison', () => {
  let mock: MockLlmServer;
  let local: LocalServices;
  const roots: string[] = [];

  beforeAll(async () => {
    mock = await startMockLlmServer({ seed: 42 });
    local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('budget'), logger: createMemoryLogger(), env: { ELSPETH_MOCK_LLM_URL: mock.url }, registry: createBuiltinRegistry() });
  });

  afterAll(async () => {
    await local?.close();
    await mock?.close();
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it('spends at most the budget, on the same rows for every experiment, and every variant gets verdicts', async () => {
    const root = copyDemo((settings) => (settings.default.budget = { max_cost: BUDGET, currency: 'USD' }));
    roots.push(root);
    const { outcome, summary, batchSize } = await runDemo(local, root, 'cli-demo-budget');
    expect(outcome.status).toBe('stopped');
    expect(outcome.stopReason).toMatch(/^budget of 0.024 USD reached/);
    expect(outcome.costInUsd).toBeLessThanOrEqual(BUDGET);
    // Most of the budget was used: the stop came near the end of the money, not early.
    expect(outcome.costInUsd).toBeGreaterThan(BUDGET * 0.75);
    const evaluated = outcome.experiments.map((e) => e.ok + e.failed);
    expect(Math.max(...evaluated) - Math.min(...evaluated)).toBeLessThanOrEqual(batchSize);
    expect(Math.min(...evaluated)).toBeGreaterThan(40);
    for (const experiment of outcome.experiments) expect(experiment.ok + experiment.failed + experiment.skipped).toBe(400);
    const variants = summary.experiments.filter((e) => !e.is_baseline);
    expect(variants.map((v) => v.comparison!.verdicts.length)).toEqual([2, 2]);
    expect(summary.budget).toMatchObject({ max_cost: BUDGET, currency: 'USD', order: 'balanced' });
    expect(summary.budget!.spent).toBeLessThanOrEqual(BUDGET);
    expect(summary.budget!.comparisons.map((c) => [c.variant, c.criterion])).toEqual([
      ['stronger_model', 'usefulness'], ['stronger_model', 'clarity'], ['terse_prompt', 'usefulness'], ['terse_prompt', 'clarity'],
    ]);
    for (const comparison of summary.budget!.comparisons) {
      expect(comparison.paired_rows).toBeGreaterThan(40);
      expect(comparison.minimum_detectable_effect).toBeGreaterThan(0);
      expect(comparison.minimum_detectable_effect).toBeLessThan(1);
    }
    const markdown = (await local.services.blobs.get('runs/cli-demo-budget/suite/summary.md'))!.toString('utf8');
    expect(markdown).toContain('## What the budget bought');
  });

  it('keeps the baseline and the other variant going to the end when one variant stops early', async () => {
    const root = copyDemo((_settings, dir) => {
      const file = path.join(dir, 'terse_prompt', 'config.json');
      const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      config.early_stop = { metric: 'scores.usefulness', threshold: 0.5, comparison: 'gte', min_rows: 30 };
      fs.writeFileSync(file, JSON.stringify(config));
    });
    roots.push(root);
    const { outcome } = await runDemo(local, root, 'cli-demo-early-stop', 200);
    const byName = Object.fromEntries(outcome.experiments.map((e) => [e.experiment, e]));
    expect(byName.terse_prompt!.earlyStop).toMatchObject({ plugin: 'threshold' });
    expect(byName.terse_prompt!.skipped).toBeGreaterThan(0);
    expect([byName.baseline!.ok + byName.baseline!.failed, byName.stronger_model!.ok + byName.stronger_model!.failed]).toEqual([200, 200]);
  });
});
