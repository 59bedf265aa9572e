import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalHttpServer, type LocalHttpServer } from '../../src/cli/commands/serveHttp';
import { main } from '../../src/cli/main';
import type { RunIndexEntry } from '../../src/core/ports';
import { startTestApp, writeNightlySuite, type TestApp } from '../orchestration/regression/regressionKit';
import { createMemoryIo } from './cliTestKit';

/**
 * `elspeth submit`, `elspeth runs` and `elspeth bless` against the app's HTTP API served on
 * loopback (the same handlers as the Functions app, memory storage): the run index as a
 * pipeline or an operator sees it.
 */
let work: string;
let app: TestApp;
let server: LocalHttpServer;
let runId: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-runs-cli-'));
  app = await startTestApp({ suitesRoot: work });
  server = await startLocalHttpServer(app.handlers, 0, () => undefined);
  const suite = writeNightlySuite(path.join(work, 'checkout'), 'nightly');
  const io = createMemoryIo(work, {});
  const code = await main(['submit', '--url', server.url, '--suite', suite, '--summary', 'out/summary.md', '--poll-ms', '100', '--json'], io);
  expect(code).toBe(0);
  runId = (JSON.parse(io.out()) as { runId: string }).runId;
  await app.idle();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await app?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const io = createMemoryIo(work, {});
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('elspeth submit --summary', () => {
  it("writes the run's summary.md as the app stored it (what CI publishes as the job summary)", async () => {
    const written = fs.readFileSync(path.join(work, 'out', 'summary.md'), 'utf8');
    const stored = (await app.services.blobs.get(`runs/${runId}/suite/summary.md`))!.toString('utf8');
    expect(written).toBe(stored);
    expect(written).toContain('candidate');
  });
});

describe('elspeth runs', () => {
  it('lists the suite runs as JSON with status, verdicts and the suite reference', async () => {
    const { code, out } = await cli('runs', 'list', '--url', server.url, '--suite', 'nightly', '--json');
    expect(code).toBe(0);
    const runs = JSON.parse(out) as RunIndexEntry[];
    expect(runs.map((run) => [run.runId, run.status, run.trigger])).toEqual([[runId, 'completed', 'http']]);
    expect(runs[0]!.verdicts).toEqual([expect.objectContaining({ variant: 'candidate', criterion: 'usefulness' })]);
  });

  it('prints a table, blessed runs marked', async () => {
    expect(await cli('bless', runId, '--url', server.url)).toEqual({ code: 0, out: `Blessed ${runId}: scheduled runs of 'nightly' are compared with it.\n`, err: '' });
    const { code, out } = await cli('runs', '--url', server.url);
    expect(code).toBe(0);
    const [header, row] = out.trimEnd().split('\n');
    expect(header).toMatch(/^RUN\s+SUITE\s+TRIGGER\s+STATUS\s+STARTED \(UTC\)\s+BLESSED\s+DEGRADED\s+SCHEDULED CHECK$/);
    expect(row).toMatch(new RegExp(`^${runId}\\s+nightly\\s+http\\s+completed\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+blessed$`));
  });

  it('exit 2 with the app\'s reason for what it refuses', async () => {
    expect(await cli('runs', '--url', server.url, '--suite', '../etc')).toEqual({ code: 2, out: '', err: 'error: runs list refused with HTTP 400\n  suite: must be a suite name (letters, digits, _ . -)\n' });
    expect(await cli('bless', 'run-nightly-404', '--url', server.url)).toEqual({ code: 2, out: '', err: "error: bless run-nightly-404 refused with HTTP 404\n  No run with id 'run-nightly-404' in the run index\n" });
    expect(await cli('bless', '--url', server.url)).toMatchObject({ code: 2, err: 'error: bless takes one run id: elspeth bless <runId> --url URL\n' });
    expect(await cli('runs', '--suite', 'nightly')).toMatchObject({ code: 2, err: 'error: --url is required (the app, e.g. https://<app>.azurewebsites.net)\n' });
    expect(await cli('runs', 'lsit', '--url', server.url)).toMatchObject({ code: 2 });
  });
});
