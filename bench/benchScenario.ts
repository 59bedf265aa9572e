import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalServices } from '../src/local/localServices';
import { runLocally } from '../src/local/runLocally';
import { createConsoleLogger } from '../src/observability/logger';
import { createBuiltinRegistry } from '../src/plugins';
import { writeBenchSuite } from './benchSuite';

/**
 * One benchmark scenario in its own process (so peak RSS is this run's alone): the suite
 * through the in-process driver, embedded Azurite and the mock server named by
 * ELSPETH_MOCK_LLM_URL. Prints one JSON line of figures.
 */
async function main(): Promise<void> {
  const [rows, batchSize, batchesInFlight, workers] = process.argv.slice(2).map(Number) as [number, number, number, number];
  const mockUrl = process.env.ELSPETH_MOCK_LLM_URL;
  if (!mockUrl) throw new Error('ELSPETH_MOCK_LLM_URL must point at the mock server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-bench-'));
  const { settingsFile, suiteRoot } = writeBenchSuite({ dir, rows, batchSize, batchesInFlight, workersPerBatch: workers });
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
      request: { runId: `cli-bench-${rows}`, trigger: 'cli', suite: 'bench_suite', settingsFile, suiteRoot },
      maxConcurrentActivities: batchesInFlight + 4,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const experiment = result.outcome.experiments[0]!;
    process.stdout.write(
      `${JSON.stringify({
        rows,
        ok: experiment.ok,
        failed: experiment.failed,
        seconds,
        rowsPerSecond: rows / seconds,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        historyBytes: result.driver.historyBytes,
        historyEvents: result.driver.historyEvents,
        activityCalls: result.driver.activityCalls,
        replays: result.driver.replays,
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
