/**
 * Behaviour every BlobStore must have. Run against the Azure adapter (on Azurite) and the
 * in-memory fake, so the fake cannot drift from the real thing.
 */
import { hasErrorCode } from '../../src/core/errors';
import type { BlobStore } from '../../src/core/ports';

/**
 * Changes a stored blob's bytes behind the store's back (what a disk fault or a hand edit
 * does), keeping the checksum recorded when it was written.
 */
export type TamperWithBlob<S extends BlobStore> = (store: S, name: string, change: (bytes: Buffer) => Buffer) => Promise<void>;

export function describeBlobStoreContract<S extends BlobStore>(label: string, createStore: () => Promise<S>, tamper: TamperWithBlob<S>): void {
  describe(`${label}: BlobStore contract`, () => {
    let store: S;
    beforeEach(async () => {
      store = await createStore();
    });

    it('stores and returns text and bytes', async () => {
      await store.put('runs/r1/plan.json', '{"a":1}', { contentType: 'application/json' });
      await store.put('runs/r1/blob.bin', Buffer.from([0, 1, 2, 255]));
      expect((await store.get('runs/r1/plan.json'))?.toString('utf8')).toBe('{"a":1}');
      expect(await store.get('runs/r1/blob.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
    });

    it('answers undefined for a missing blob', async () => {
      expect(await store.get('runs/none/plan.json')).toBeUndefined();
    });

    it('overwrites by default', async () => {
      await store.put('a.txt', 'one');
      await store.put('a.txt', 'two');
      expect((await store.get('a.txt'))?.toString()).toBe('two');
    });

    it('refuses to overwrite with ifNoneMatch, flagging a conflict', async () => {
      await store.put('once.json', 'first', { ifNoneMatch: true });
      const error: unknown = await store.put('once.json', 'second', { ifNoneMatch: true }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(hasErrorCode(error, 'STORAGE_FAILED')).toBe(true);
      expect((error as { details?: Record<string, unknown> }).details?.conflict).toBe(true);
      expect((error as { retryable?: boolean }).retryable).toBe(false);
      expect((await store.get('once.json'))?.toString()).toBe('first');
    });

    it('lists names under a prefix in name order', async () => {
      for (const name of ['runs/r1/b/2.jsonl', 'runs/r1/a.json', 'runs/r2/a.json', 'runs/r1/b/1.jsonl']) await store.put(name, 'x');
      expect(await store.list('runs/r1/')).toEqual(['runs/r1/a.json', 'runs/r1/b/1.jsonl', 'runs/r1/b/2.jsonl']);
      expect(await store.list('nothing/')).toEqual([]);
    });

    it('deletes, and deleting a missing blob is not an error', async () => {
      await store.put('gone.txt', 'x');
      await store.delete('gone.txt');
      await store.delete('never-existed.txt');
      expect(await store.get('gone.txt')).toBeUndefined();
    });

    it.each([
      ['a changed byte', (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace('"ok"', '"OK"'))],
      ['a truncated body', (bytes: Buffer) => bytes.subarray(0, bytes.length - 7)],
    ])('refuses to return a blob whose content changed after it was written (%s), naming it', async (_case, change) => {
      const name = 'runs/r1/exp/batches/00000.jsonl';
      await store.put(name, '{"status":"ok","index":0}\n{"status":"batch","skipped":[],"cost":{}}\n', { contentType: 'application/x-ndjson' });
      await tamper(store, name, change);
      const error: unknown = await store.get(name).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(hasErrorCode(error, 'STORAGE_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/^Blob '[^']*runs\/r1\/exp\/batches\/00000\.jsonl' changed after it was written/);
      expect((error as { retryable?: boolean }).retryable).toBe(false);
      expect((error as { details?: Record<string, unknown> }).details?.corrupt).toBe(true);
    });

    it('gives a URL that names the blob and holds no secret', async () => {
      const url = store.urlOf('runs/r1/report.html');
      expect(url).toMatch(/\/runs\/r1\/report\.html$/);
      expect(url).not.toMatch(/sig=|AccountKey|\?/);
    });
  });
}
