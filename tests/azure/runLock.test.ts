import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { acquireRunLock, type RunLockOptions } from '../../src/azure/runLock';
import { createMemoryLogger } from '../fakes/pluginDeps';
import { testStorageConnectionString, uniqueContainerName } from '../support/testStorage';

const NAME = 'locks/cli-run-1.json';
let container: ContainerClient;

beforeEach(async () => {
  container = BlobServiceClient.fromConnectionString(testStorageConnectionString()).getContainerClient(uniqueContainerName('lock'));
  await container.create();
});

function options(overrides: Partial<RunLockOptions> = {}): RunLockOptions & { logger: ReturnType<typeof createMemoryLogger> } {
  return { runId: 'cli-run-1', command: 'resume', logger: createMemoryLogger(), host: 'box-a', pid: 101, isAlive: () => true, ...overrides } as RunLockOptions & { logger: ReturnType<typeof createMemoryLogger> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('run lock (one writer per run), on Azurite', () => {
  it('refuses a second holder, naming who holds it, until the first releases', async () => {
    const first = await acquireRunLock(container, NAME, options({ command: 'run' }));
    const refused = acquireRunLock(container, NAME, options({ pid: 202 }));
    await expect(refused).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: expect.stringMatching(new RegExp(`^Run 'cli-run-1' is already being worked on by \`elspeth run\` \\(pid 101 on box-a, since ${first.holder.since.replace(/[.]/g, '\\.')}\\)\\.`)),
      details: { runId: 'cli-run-1', holder: first.holder },
    });
    await first.release();
    const second = await acquireRunLock(container, NAME, options({ pid: 202 }));
    expect(second.holder).toMatchObject({ pid: 202, host: 'box-a', command: 'resume' });
    await second.release();
    expect(await container.getBlobClient(NAME).exists()).toBe(false);
  });

  it('takes over at once from a holder whose pid no longer runs on this host; the old holder finds out and leaves the lock alone', async () => {
    const stalled = options({ heartbeatInMs: 100 });
    const killed = await acquireRunLock(container, NAME, stalled);
    const taker = options({ pid: 202, isAlive: (pid) => pid !== 101 });
    const next = await acquireRunLock(container, NAME, taker);
    expect(taker.logger.entries).toEqual([
      { level: 'warn', message: '[lock] took over the run lock of a process that is gone', context: { runId: 'cli-run-1', previous: killed.holder, reason: 'pid 101 is not running on box-a' } },
    ]);
    await sleep(400);
    expect(stalled.logger.entries).toEqual([
      { level: 'error', message: '[lock] lost the run lock: another process took it over after this one missed its heartbeats', context: { runId: 'cli-run-1' } },
    ]);
    await killed.release();
    await expect(acquireRunLock(container, NAME, options({ pid: 303 }))).rejects.toMatchObject({ code: 'RUN_LOCKED', details: { holder: next.holder } });
    await next.release();
  });

  it('lets exactly one of two processes take over a lock left by a dead one', async () => {
    await acquireRunLock(container, NAME, options({ heartbeatInMs: 3_600_000 }));
    const takers = await Promise.allSettled([202, 303].map((pid) => acquireRunLock(container, NAME, options({ pid, isAlive: (other) => other !== 101 }))));
    expect(takers.map((taker) => taker.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = takers.find((taker): taker is PromiseRejectedResult => taker.status === 'rejected')!;
    expect(rejected.reason).toMatchObject({ code: 'RUN_LOCKED' });
  });

  it('from another host: refused while the heartbeat goes on, taken over once it stopped for the stale time', async () => {
    const alive = await acquireRunLock(container, NAME, options({ heartbeatInMs: 300 }));
    await sleep(3_000);
    const elsewhere = options({ host: 'box-b', pid: 101, staleAfterInMs: 2_000 });
    await expect(acquireRunLock(container, NAME, elsewhere)).rejects.toMatchObject({ code: 'RUN_LOCKED', message: expect.stringContaining('after 2 s without its heartbeat from another host') });
    await alive.release();
    // As kill -9 leaves it: a lock nobody renews.
    const killed = await acquireRunLock(container, NAME, options({ heartbeatInMs: 3_600_000 }));
    await sleep(3_500);
    const next = await acquireRunLock(container, NAME, elsewhere);
    expect(elsewhere.logger.entries[0]).toMatchObject({ level: 'warn', context: { previous: killed.holder, reason: expect.stringMatching(/^no heartbeat for \d+ s$/) } });
    await next.release();
  });
});
