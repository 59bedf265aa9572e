/**
 * One run, one writer, with real processes (README "Resuming a run"): while `elspeth run`
 * works on a run, `elspeth resume` of the same run exits 1 naming the holder; once the holder
 * is killed with SIGKILL, the next resume takes the lock over at once and finishes the run.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { BlobServiceClient } from '@azure/storage-blob';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { DEFAULT_CONTAINER } from '../../src/local/localServices';
import { paths } from '../../src/orchestration/storagePaths';
import { buildSuite, defaultProfile, type BuiltSuite } from '../support/suiteBuilder';
import { spawnCli } from '../support/spawnCli';
import { testStorageConnectionString } from '../support/testStorage';

// Three CLI processes, each transpiling the CLI on start, on a loaded 2-core machine.
jest.setTimeout(180_000);

const ROWS = 6;
const csv = 'id,subject,body\n' + Array.from({ length: ROWS }, (_, i) => `${i + 1},Subject ${i},Body ${i}`).join('\n') + '\n';

/** A model endpoint that takes requests and never answers: the first process is still working when it is killed. */
async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('two processes on one run', () => {
  let silent: { url: string; close(): Promise<void> };
  let fast: MockLlmServer;
  let suite: BuiltSuite;
  beforeAll(async () => {
    silent = await startSilentServer();
    fast = await startMockLlmServer({ seed: 1 });
    const llm = defaultProfile().llm as { options: Record<string, unknown> };
    suite = buildSuite({ data: { 'rows.csv': csv }, profile: { llm: { ...llm, options: { ...llm.options, timeout: 600 } } } });
  });
  afterAll(async () => {
    await silent?.close();
    await fast?.close();
    suite?.cleanup();
  });

  it('refuses a second resume naming the holder, and takes over from a SIGKILLed holder', async () => {
    const runId = `cli-lock-${Date.now().toString(36)}`;
    const env = (mock: { url: string }) => ({ ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString(), ELSPETH_MOCK_LLM_URL: mock.url });
    const holder = spawnCli(['run', '--settings', suite.settingsFile, '--suite-root', suite.root, '--run-id', runId, '--no-progress'], { cwd: suite.dir, env: env(silent) });
    try {
      await holder.printed(`Run ${runId}\n`);
      const second = spawnCli(['resume', runId, '--no-progress'], { cwd: suite.dir, env: env(fast) });
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toMatch(
        new RegExp(`error: \\[RUN_LOCKED\\] Run '${runId}' is already being worked on by \`elspeth run\` \\(pid ${holder.pid} on ${os.hostname()}, since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)\\.`),
      );
      expect(holder.child.exitCode).toBeNull();
      holder.child.kill('SIGKILL');
      expect(await holder.exited).toBeNull();

      const next = spawnCli(['resume', runId, '--no-progress'], { cwd: suite.dir, env: env(fast) });
      expect([await next.exited, next.stderr()]).toEqual([0, expect.stringContaining('Status: completed.')]);
      expect(next.stderr()).toContain('[lock] took over the run lock of a process that is gone');
      expect(next.stderr()).toContain(`pid ${holder.pid} is not running on ${os.hostname()}`);
      const lock = BlobServiceClient.fromConnectionString(testStorageConnectionString()).getContainerClient(DEFAULT_CONTAINER).getBlobClient(paths.runLock(runId));
      expect(await lock.exists()).toBe(false);
    } finally {
      holder.child.kill('SIGKILL');
    }
  });
});
