/**
 * Stored bytes are checked on read, against an Azurite that keeps its data on disk, so the
 * damage is done where a fault would do it: in the blob's extent file, behind the service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { createBlobStore } from '../../src/azure/blobStore';
import { contentMd5 } from '../../src/azure/blobIntegrity';
import type { BlobStore } from '../../src/core/ports';
import { startAzurite, type RunningAzurite } from '../../src/local/azurite';
import { loadExperimentOutcomes } from '../../src/orchestration/runtime/batchFiles';
import { paths } from '../../src/orchestration/storagePaths';

let azurite: RunningAzurite;
let folder: string;
let store: BlobStore;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-integrity-'));
  azurite = await startAzurite({ inMemory: false, location: folder });
  store = await createBlobStore({ connectionString: azurite.connectionString }, 'integrity');
});

afterAll(async () => {
  await azurite?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

const BATCH = [
  { status: 'ok', index: 0, id: '0', row: { q: 'a' }, response: { content: 'yes', metrics: {} }, metrics: { score: 1 }, metadata: {}, security_level: 'official' },
  { status: 'ok', index: 1, id: '1', row: { q: 'b' }, response: { content: 'no', metrics: {} }, metrics: { score: 9 }, metadata: {}, security_level: 'official' },
  { status: 'batch', skipped: [], cost: {} },
];
const batchText = BATCH.map((line) => JSON.stringify(line)).join('\n') + '\n';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** The extent file Azurite keeps the bytes in (one blob per test, so its text is unique). */
function extentHolding(bytes: Buffer): { file: string; offset: number } {
  const extents = path.join(folder, '__blobstorage__');
  for (const name of fs.readdirSync(extents)) {
    const file = path.join(extents, name);
    const offset = fs.readFileSync(file).indexOf(bytes);
    if (offset >= 0) return { file, offset };
  }
  throw new Error('extent not found');
}

describe('blob content is verified on read (Azurite on disk)', () => {
  it('writes the Content-MD5 with every blob', async () => {
    await store.put('runs/r0/plan.json', '{"a":1}');
    const properties = await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('integrity').getBlobClient('runs/r0/plan.json').getProperties();
    expect(Buffer.from(properties.contentMD5!)).toEqual(contentMd5(Buffer.from('{"a":1}')));
  });

  it('detects a changed byte in a stored batch file instead of reading it into results', async () => {
    const name = paths.batch('r1', 'exp', 0);
    await store.put(name, batchText.replace('"score":9', '"score":8'));
    const { file, offset } = extentHolding(Buffer.from('"score":8'));
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('9'), 0, 1, offset + '"score":'.length);
    fs.closeSync(fd);
    const error = await rejectionOf(loadExperimentOutcomes(store, 'r1', 'exp'));
    expect(error).toMatchObject({ code: 'STORAGE_FAILED', retryable: false, details: expect.objectContaining({ corrupt: true }) });
    expect((error as Error).message).toMatch(/^Blob 'integrity\/runs\/r1\/exp\/batches\/00000\.jsonl' changed after it was written: its bytes hash to MD5 /);
  });

  it('fails a truncated blob with an error naming it and the bytes missing', async () => {
    const name = paths.batch('r2', 'exp', 0);
    const text = batchText.replace('"q":"a"', '"q":"truncated"');
    await store.put(name, text);
    const { file, offset } = extentHolding(Buffer.from(text));
    fs.truncateSync(file, offset + 40);
    const error = await rejectionOf(store.get(name));
    expect(error).toMatchObject({ code: 'STORAGE_FAILED', retryable: false, details: expect.objectContaining({ corrupt: true, readBytes: 40, expectedBytes: text.length }) });
    expect((error as Error).message).toMatch(new RegExp(`^Blob 'integrity/runs/r2/exp/batches/00000\\.jsonl' is truncated: 40 of its ${text.length} bytes could be read`));
  });
});
