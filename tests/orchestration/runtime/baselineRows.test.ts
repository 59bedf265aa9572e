import type { RowOutcome } from '../../../src/core/engine/records';
import type { RunPlan } from '../../../src/orchestration/contracts';
import { batchFinished } from '../../../src/orchestration/schedule/finishBatch';
import { startBatches } from '../../../src/orchestration/schedule/nextBatches';
import { createSchedule } from '../../../src/orchestration/schedule/runSchedule';
import { putJsonLines } from '../../../src/orchestration/jsonBlobs';
import { createBaselineRows } from '../../../src/orchestration/runtime/baselineRows';
import { paths } from '../../../src/orchestration/storagePaths';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';
import { createFakeClock, createMemoryLogger } from '../../fakes/pluginDeps';

const outcome = (index: number): RowOutcome => ({ status: 'error', index, id: String(index), row: {}, error: 'e', error_code: 'LLM_TIMEOUT', timestamp: 0 });

function setup(absent = false) {
  const blobs = createMemoryBlobStore();
  const clock = createFakeClock(0);
  const logger = createMemoryLogger();
  const reader = createBaselineRows({ blobs, clock, logger, runId: 'run', baseline: 'base', batch: 2, absent });
  const write = () => putJsonLines(blobs, paths.batch('run', 'base', 2), [outcome(10), outcome(11), { status: 'batch', skipped: [12], cost: {} }]);
  return { blobs, clock, logger, reader, write };
}

describe('baseline rows for pairwise row plugins', () => {
  it('reads the baseline batch file once and answers every row of the batch from it', async () => {
    const { blobs, reader, write } = setup();
    await write();
    const get = jest.spyOn(blobs, 'get');
    expect((await Promise.all([reader(10, 1000), reader(11, 1000), reader(12, 1000)])).map((found) => found?.index)).toEqual([10, 11, undefined]);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('polls with backoff until the file appears within the wait', async () => {
    const { clock, reader, write } = setup();
    const sleep = clock.sleep;
    let polls = 0;
    clock.sleep = async (ms) => {
      polls++;
      if (polls === 3) await write();
      return sleep(ms);
    };
    expect((await reader(11, 60_000))?.index).toBe(11);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up after the wait, warns once, and does not wait again for later rows', async () => {
    const { clock, logger, reader } = setup();
    expect(await reader(10, 3000)).toBeUndefined();
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(await reader(11, 3000)).toBeUndefined();
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(1);
  });

  it('does not wait at all when the orchestrator says the baseline stopped before this batch', async () => {
    const { clock, reader } = setup(true);
    expect(await reader(10, 60_000)).toBeUndefined();
    expect(clock.sleeps).toEqual([]);
  });
});

describe('scheduling a variant whose row plugins read the baseline', () => {
  const plan: RunPlan = {
    runId: 'run',
    suite: 's',
    baseline: 'base',
    rowCount: 40,
    batchSize: 10,
    batchCount: 4,
    maxBatchesInFlight: 2,
    maxCallsInFlight: 4,
    slotsPerBatch: 2,
    securityLevel: 'official',
    costEstimate: { rows: 40, experiments: 2, requests: 80, estimated_prompt_tokens: 0, estimated_completion_tokens: 0, estimated_cost: null },
    experiments: [
      { name: 'base', isBaseline: true, sequential: false, earlyStop: [], calls: 1, maxCalls: 4 },
      { name: 'variant', isBaseline: false, sequential: false, earlyStop: [], calls: 1, maxCalls: 4, pairsWithBaseline: true },
    ],
  };
  const result = (experiment: string, batch: number) => ({ experiment, batch, rows: 10, ok: 10, failed: 0, skipped: 0, cost: {}, observations: [] });

  it('schedules batch k after the baseline batch k, and marks batches the stopped baseline will never write', () => {
    const schedule = createSchedule(plan, () => []);
    const first = startBatches(schedule);
    // The variant's batch 0 waits for the baseline's: the second lane takes the baseline's batch 1.
    expect(first.map((input) => [input.experiment, input.batch])).toEqual([['base', 0], ['base', 1]]);
    for (const input of first) batchFinished(schedule, input, result(input.experiment, input.batch));
    // The baseline stops here (as early stop would): its batches 2 and 3 never run.
    schedule.experiments[0]!.earlyStop = { plugin: 'threshold' };
    const later: ReturnType<typeof startBatches> = [];
    for (let started = startBatches(schedule); started.length > 0; started = startBatches(schedule)) {
      later.push(...started);
      for (const input of started) batchFinished(schedule, input, result(input.experiment, input.batch));
    }
    expect(later.map((input) => [input.experiment, input.batch, input.baselineAbsent ?? false])).toEqual([
      ['variant', 0, false],
      ['variant', 1, false],
      ['variant', 2, true],
      ['variant', 3, true],
    ]);
    schedule.stopReason = 'done';
    expect(startBatches(schedule)).toEqual([]);
  });
});
