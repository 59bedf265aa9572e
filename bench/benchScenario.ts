import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalServices } from '../src/local/localServices';
import { runLocally } from '../src/local/runLocally';
import { createConsoleLogger } from '../src/observability/logger';
import { createBuiltinRegistry } from '../src/plugins';
import { writeBenchSuite } from './benchSuite';

/** What `bench.ts` asks one scenario process to run. */
export interface ScenarioSpec {
  rows: number;
  maxWorkers: number;
  experiments: number;
}

/**
 * One benchmark scenario in its own process (so peak RSS is this run's alone): the suite
 * through the in-process driver, embedded Azurite and the mock server named by
 * ELSPETH_MOCK_LLM_URL. Prints one JSON line of figures.
 */
async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ScenarioSpec;
  const mockUrl = process.env.ELSPETH_MOCK_LLM_URL;
  if (!mockUrl) throw new Error('ELSPETH_MOCK_LLM_URL must point at the mock server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-bench-'));
  const { settingsFile, suiteRoot } = writeBenchSuite({ dir, rows: spec.rows, maxWorkers: spec.maxWorkers, experiments: spec.experiments });
  const local = await startLocalServices({
    azurite: { inMemory: true },
    logger: createConsoleLogger({ level: 'error' }),
    env: { ELSPETH_MOCK_LLM_URL: mockUrl },
    registry: createBuiltinRegistry(),
  });
  try {
    const started = process.hrtime.bigint();
    const result = await runLocally({
      services: local.services,
      request: { runId: `cli-bench-${spec.rows}`, trigger: 'cli', suite: 'bench_suite', settingsFile, suiteRoot },
      // As many activities as the derived layout has lanes, like a host sized for the cap.
      maxConcurrentActivities: spec.maxWorkers + 4,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rowExperiments = spec.rows * spec.experiments;
    process.stdout.write(
      `${JSON.stringify({
        rows: rowExperiments,
        ok: result.outcome.experiments.reduce((sum, e) => sum + e.ok, 0),
        failed: result.outcome.experiments.reduce((sum, e) => sum + e.failed, 0),
        seconds,
        rowsPerSecond: rowExperiments / seconds,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        historyBytes: result.driver.historyBytes,
        peakHistoryEvents: result.driver.peakHistoryEvents,
        activityCalls: result.driver.activityCalls,
        replays: result.driver.replays,
        replayMs: result.driver.replayMs,
        executions: result.driver.executions,
      })}\n`,
    );
  } finally {
    await local.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
