import { getJsonLinesOf, getJsonOf } from '../../src/orchestration/jsonBlobs';
import { STORED } from '../../src/orchestration/storedFormats';
import { createMemoryBlobStore } from '../fakes/memoryBlobStore';

const record = { status: 'ok', index: 0, id: '0', row: { q: 'a' }, response: { content: 'yes', metrics: {} }, metrics: { scores: { q: 1 } }, metadata: {}, security_level: 'official' };
const failure = { status: 'error', index: 1, id: '1', row: { q: 'b' }, error: 'timeout', error_code: 'LLM_TIMEOUT', timestamp: 1 };
const trailer = { status: 'batch', skipped: [2], cost: { total_cost: 0.5 }, earlyStop: { plugin: 'threshold' }, budgetStopped: true };
const lines = (...items: unknown[]) => items.map((item) => JSON.stringify(item)).join('\n') + '\n';

async function read(text: string) {
  const blobs = createMemoryBlobStore();
  await blobs.put('runs/r/exp/batches/00000.jsonl', text);
  return getJsonLinesOf(blobs, 'runs/r/exp/batches/00000.jsonl', STORED.batchLine);
}

describe('stored formats (storedFormats.ts)', () => {
  it('read a batch file as written: records, failures and the one trailer', async () => {
    expect(await read(lines(record, failure, trailer))).toEqual([record, failure, trailer]);
  });

  it.each([
    ['a record without metrics', lines({ ...record, metrics: 'high' }, trailer), "Blob 'runs/r/exp/batches/00000.jsonl:1' is not a batch file line: metrics: "],
    ['a failure without its code', lines(record, { ...failure, error_code: undefined }, trailer), "Blob 'runs/r/exp/batches/00000.jsonl:2' is not a batch file line: error_code: "],
    ['a trailer with a key no writer writes', lines(record, { ...trailer, skipped: [], extra: 1 }), "Blob 'runs/r/exp/batches/00000.jsonl:2' is not a batch file line: "],
    ['a trailer whose cost is not a number', lines(record, { ...trailer, cost: { total_cost: 'free' } }), "Blob 'runs/r/exp/batches/00000.jsonl:2' is not a batch file line: cost.total_cost: "],
    ['a line of unknown status', lines({ status: 'maybe' }), "Blob 'runs/r/exp/batches/00000.jsonl:1' is not a batch file line: status: "],
  ])('refuse %s, naming the blob, line and key', async (_case, text, message) => {
    await expect(read(text)).rejects.toMatchObject({ code: 'STORAGE_FAILED', retryable: false, message: expect.stringContaining(message), details: expect.objectContaining({ corrupt: true }) });
  });

  it('refuse a plan that lost a field activities rely on', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put('runs/r/plan.json', JSON.stringify({ request: { runId: 'r', trigger: 'cli', suite: 's', settingsFile: 'x' }, run: { suite: 's', baseline: 'b', experiments: [{ name: 'b' }] }, rowCount: 1, batchCount: 1, securityLevel: 'official', columns: [], datasetSource: 'd', createdAt: 't' }));
    await expect(getJsonOf(blobs, 'runs/r/plan.json', STORED.plan)).rejects.toMatchObject({ message: expect.stringContaining("Blob 'runs/r/plan.json' is not a run plan: batchSize: ") });
  });
});
