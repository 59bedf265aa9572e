import { BlobServiceClient } from '@azure/storage-blob';
import { hasErrorCode } from '../../src/core/errors';
import { resolveAzuriteEntry, startAzurite } from '../../src/local/azurite';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startAzurite', () => {
  it('starts on free loopback ports, serves blobs with its connection string, and leaves no process after stop', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.connectionString).toBe(
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
          'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
          `BlobEndpoint=http://127.0.0.1:${azurite.blobPort}/devstoreaccount1;` +
          `QueueEndpoint=http://127.0.0.1:${azurite.queuePort}/devstoreaccount1;` +
          `TableEndpoint=http://127.0.0.1:${azurite.tablePort}/devstoreaccount1;`,
      );
      expect(new Set([azurite.blobPort, azurite.queuePort, azurite.tablePort]).size).toBe(3);
      expect(azurite.startTimeInMs).toBeGreaterThan(0);

      const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('probe');
      await container.create();
      await container.getBlockBlobClient('hello.txt').upload('hi', 2);
      expect((await container.getBlobClient('hello.txt').downloadToBuffer()).toString()).toBe('hi');
      expect(isAlive(azurite.pid)).toBe(true);
    } finally {
      await azurite.stop();
    }
    expect(isAlive(azurite.pid)).toBe(false);
    await expect(azurite.stop()).resolves.toBeUndefined();
  });

  it('fails loudly with its output when the services do not come up in time, and leaves no process', async () => {
    const error: unknown = await startAzurite({ startTimeoutInMs: 1 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(hasErrorCode(error, 'STORAGE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/^Azurite did not start: no ports reported within 1 ms\. Its output:\n/);
    const pid = (error as { details: { pid: number } }).details.pid;
    expect(typeof pid).toBe('number');
    expect(isAlive(pid)).toBe(false);
  });

  it('explains what to do when Azurite is not installed', () => {
    const missing = (id: string): string => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    let caught: unknown;
    try {
      resolveAzuriteEntry(missing);
    } catch (error) {
      caught = error;
    }
    expect(hasErrorCode(caught, 'STORAGE_FAILED')).toBe(true);
    expect((caught as Error).message).toMatch(/Run `npm ci`, or configure a storage connection string/);
  });

  it('finds the installed Azurite entry point', () => {
    expect(resolveAzuriteEntry()).toMatch(/node_modules\/azurite\/dist\/src\/azurite\.js$/);
  });
});
