import { describeRunIndexContract } from '../azure/runIndexContract';
import { createMemoryRunIndex } from './memoryRunIndex';

describeRunIndexContract('memory fake', async () => createMemoryRunIndex());

describe('createMemoryRunIndex', () => {
  it('exposes its entries and returns copies, so callers cannot mutate the store', async () => {
    const index = createMemoryRunIndex();
    await index.upsert({ suite: 's', runId: 'r', status: 'running', trigger: 'cli', startedAt: '2026-01-01T00:00:00Z' });
    const entry = await index.get('s', 'r');
    entry!.status = 'changed';
    expect((await index.get('s', 'r'))?.status).toBe('running');
    expect(index.entries.size).toBe(1);
  });
});
