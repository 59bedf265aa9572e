import { createLlmCaller } from '../../../src/core/llm/pipeline';
import { requestKey } from '../../../src/core/llm/requestKey';
import { retryPolicyFrom } from '../../../src/core/llm/retryPolicy';
import type { LlmClient, LlmRequest } from '../../../src/core/llm/types';
import { AppError } from '../../../src/core/errors';
import { openBatchCheckpoint } from '../../../src/orchestration/runtime/batchCheckpoint';
import { paths } from '../../../src/orchestration/storagePaths';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';
import { createFakeClock, createMemoryLogger } from '../../fakes/pluginDeps';

const request = (row: number, attempt?: number): LlmRequest => ({
  systemPrompt: 's',
  userPrompt: `row ${row}`,
  metadata: { row_id: `APP-${row}`, ...(attempt ? { attempt } : {}) },
  requestId: `run/exp/${row}/default`,
});

describe('request keys', () => {
  it('ignore the attempt number and differ by request id and prompt', () => {
    expect(requestKey(request(1, 1))).toBe(requestKey(request(1, 3)));
    expect(requestKey(request(1))).not.toBe(requestKey({ ...request(1), requestId: 'other-run/exp/1/default' }));
    expect(requestKey(request(1))).not.toBe(requestKey(request(2)));
    expect(requestKey(request(1))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('batch checkpoints', () => {
  const location = { runId: 'run', experiment: 'exp', batch: 3 };

  it('writes answers at most once per interval, restores them, and is deleted once discarded', async () => {
    const blobs = createMemoryBlobStore();
    const first = await openBatchCheckpoint(blobs, location, { flushIntervalInMs: 5, logger: createMemoryLogger() });
    first.put('a', { content: 'A', metrics: {} });
    first.put('b', { content: 'B', metrics: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await first.close();
    const second = await openBatchCheckpoint(blobs, location, { logger: createMemoryLogger() });
    expect([second.restored, second.get('a')?.content, second.get('b')?.content]).toEqual([2, 'A', 'B']);
    await second.discard();
    expect(await blobs.get(paths.batchCheckpoint('run', 'exp', 3))).toBeUndefined();
  });

  it('lets a resumed batch answer from the checkpoint without calling the model, and counts its cost again', async () => {
    let calls = 0;
    const client: LlmClient = { name: 'counting', generate: async () => (calls++, { content: 'fresh', metrics: {}, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }) };
    const costs: number[] = [];
    const blobs = createMemoryBlobStore();
    const checkpoint = await openBatchCheckpoint(blobs, location, { logger: createMemoryLogger() });
    const call = createLlmCaller({
      experiment: 'exp',
      client,
      middlewares: [],
      validators: [],
      costTracker: { record: () => (costs.push(1), { cost: 1 }), summary: () => ({}) },
      policy: retryPolicyFrom({}),
      clock: createFakeClock(),
      random: () => 0.5,
      cache: checkpoint,
    });
    const first = await call(request(7), {});
    const again = await call(request(7), {});
    expect([calls, again, costs.length]).toEqual([1, first, 2]);
  });

  const name = paths.batchCheckpoint('run', 'exp', 3);
  const saved = JSON.stringify({ a: { content: 'A', metrics: {} } });

  it.each([
    ['cut short (not JSON)', (blobs: ReturnType<typeof createMemoryBlobStore>) => blobs.put(name, saved.slice(0, 20))],
    ['not the checkpoint format', (blobs: ReturnType<typeof createMemoryBlobStore>) => blobs.put(name, JSON.stringify({ a: { content: 42 } }))],
    [
      'changed after it was written (content check)',
      async (blobs: ReturnType<typeof createMemoryBlobStore>) => {
        await blobs.put(name, saved);
        blobs.blobs.get(name)!.body = Buffer.from(saved.replace('"A"', '"B"'));
      },
    ],
  ])('a checkpoint %s is discarded with a warning, so its rows are asked again', async (_case, damage) => {
    const blobs = createMemoryBlobStore();
    await damage(blobs);
    const logger = createMemoryLogger();
    const checkpoint = await openBatchCheckpoint(blobs, location, { logger });
    expect([checkpoint.restored, checkpoint.get('a')]).toEqual([0, undefined]);
    expect(await blobs.get(name)).toBeUndefined();
    expect(logger.entries).toEqual([
      { level: 'warn', message: '[checkpoint] discarded a corrupt batch checkpoint; its rows are asked again', context: { name, error: expect.stringContaining(name) } },
    ]);
    // The next attempt writes a good one again.
    checkpoint.put('a', { content: 'A2', metrics: {} });
    await checkpoint.close();
  });

  it('does not discard a checkpoint it could not read because storage is down', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put(name, saved);
    const outage = { ...blobs, get: () => Promise.reject(new AppError('STORAGE_FAILED', 'Storage get failed (503)', { retryable: true })) };
    await expect(openBatchCheckpoint(outage, location, { logger: createMemoryLogger() })).rejects.toMatchObject({ code: 'STORAGE_FAILED', retryable: true });
    expect((await blobs.get(name))?.toString()).toBe(saved);
  });
});
