import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('on a data folder whose emulator and command still run, says at once which command holds it', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-azurite-owner-'));
    const azurite = await startAzurite({ inMemory: false, location: folder });
    // Another command (a process of its own) as the owner of that emulator.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
    try {
      const since = '2026-01-01T00:00:00.000Z';
      fs.writeFileSync(path.join(folder, '.owner.pid'), JSON.stringify({ azurite: azurite.pid, owner: other.pid, host: os.hostname(), since }));
      await expect(startAzurite({ inMemory: false, location: folder })).rejects.toMatchObject({
        code: 'RUN_LOCKED',
        message: `The local storage ${folder} is in use by another elspeth command (pid ${other.pid} on ${os.hostname()}, since ${since}). ` +
          'Wait for it to finish or stop it. Commands that share one storage (ELSPETH_STORAGE_CONNECTION_STRING) can run at once, but never two on the same run.',
      });
    } finally {
      other.kill('SIGKILL');
      await azurite.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
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
