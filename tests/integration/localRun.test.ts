import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createRegistry } from '../../src/core/plugins/registry';
import type { AnyPlugin } from '../../src/core/plugins/kinds';
import { aggregatorPlugins } from '../../src/plugins/aggregator';
import { baselinePlugins } from '../../src/plugins/baseline';
import { datasourcePlugins } from '../../src/plugins/datasource';
import { llmPlugins } from '../../src/plugins/llm';
import { rowPlugins } from '../../src/plugins/row';
import { sinkPlugins } from '../../src/plugins/sink';
import { startLocalServices } from '../../src/local/localServices';
import { runLocally } from '../../src/local/runLocally';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';
import { createMemoryLogger } from '../fakes/pluginDeps';

const suiteRoot = path.join(__dirname, '../fixtures/suites/mini_suite');
const registry = createRegistry([...datasourcePlugins, ...llmPlugins, ...rowPlugins, ...aggregatorPlugins, ...baselinePlugins, ...sinkPlugins] as AnyPlugin[]);

describe('local run of a suite through the real orchestrator, driver and Azurite', () => {
  it('evaluates every row of every experiment and writes reports', async () => {
    const local = await startLocalServices({ connectionString: testStorageConnectionString(), container: uniqueContainerName('run'), logger: createMemoryLogger(), env: {}, registry });
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-out-'));
    try {
      const progress: unknown[] = [];
      const result = await runLocally({
        services: local.services,
        request: { runId: 'cli-mini-test', trigger: 'cli', suite: 'mini_suite', settingsFile: path.join(suiteRoot, 'settings.yaml'), suiteRoot },
        outDir,
        onProgress: (p) => progress.push(p),
      });
      expect(result.outcome.status).toBe('completed');
      expect(result.outcome.experiments.map((e) => [e.experiment, e.rows, e.ok, e.failed, e.skipped])).toEqual([
        ['baseline', 10, 10, 0, 0],
        ['variant_b', 10, 10, 0, 0],
      ]);
      const blobs = await local.services.blobs.list('runs/cli-mini-test/');
      expect(blobs).toEqual(expect.arrayContaining([
        'runs/cli-mini-test/plan.json',
        'runs/cli-mini-test/baseline/results.csv',
        'runs/cli-mini-test/variant_b/reports/analytics_report.json',
        'runs/cli-mini-test/suite/summary.md',
      ]));
      expect(fs.existsSync(path.join(outDir, 'cli-mini-test', 'suite', 'summary.json'))).toBe(true);
      const comparison = JSON.parse((await local.services.blobs.get('runs/cli-mini-test/variant_b/comparison.json'))!.toString()) as { comparisons: Record<string, unknown> };
      expect(Object.keys(comparison.comparisons)).toEqual(['score_delta']);
      expect(result.driver.activityCalls).toBe(1 + 3 * 2 + 2 + 1 + 2 + 1);
    } finally {
      await local.close();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
