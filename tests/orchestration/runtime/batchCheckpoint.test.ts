import { createLlmCaller } from '../../../src/core/llm/pipeline';
import { requestKey } from '../../../src/core/llm/requestKey';
import { retryPolicyFrom } from '../../../src/core/llm/retryPolicy';
import type { LlmClient, LlmRequest } from '../../../src/core/llm/types';
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
});
