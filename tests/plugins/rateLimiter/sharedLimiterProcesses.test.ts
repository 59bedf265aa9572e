import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../../../src/local/mockLlm';
import { createTestBlobStore, TEST_STORAGE_ENV, testStorageConnectionString } from '../../support/testStorage';
import { TS_CHILD_PRELUDE, tsChildEnv } from '../../support/tsChild';

const WINDOW_MS = 1000;
const PER_WINDOW = 20;
const PROCESSES = 3;
const CALLS_EACH = 20;
/**
 * The limiter is declared under the mock's quota: it keeps each window's sends inside that
 * window (a caller waking late gives its slot up), but the counting proxy adds a hop whose
 * delay grows on a loaded machine, so a window's last sends can reach the mock in the next
 * second. Without the shared ledger three processes would send 3x this, far over the quota.
 */
const DECLARED_PER_WINDOW = PER_WINDOW - 5;

/** Forwards to the mock server and counts arrivals per (epoch-aligned) window. */
async function startCountingProxy(target: string): Promise<{ url: string; arrivals: number[]; close(): Promise<void> }> {
  const arrivals: number[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    arrivals.push(Date.now());
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

const CHILD_BOOT = `${TS_CHILD_PRELUDE}
require(process.env.CHILD_SCRIPT);
`;

interface ChildResult {
  name: string;
  outcomes: Record<string, number>;
}

/** Requests per window, with the first and last arrival as milliseconds into the window. */
function perWindow(arrivals: readonly number[]): { window_start: string; requests: number; first_ms: number; last_ms: number }[] {
  const windows = new Map<number, number[]>();
  for (const at of arrivals) {
    const window = Math.floor(at / WINDOW_MS);
    windows.set(window, [...(windows.get(window) ?? []), at - window * WINDOW_MS]);
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([window, offsets]) => ({ window_start: new Date(window * WINDOW_MS).toISOString(), requests: offsets.length, first_ms: Math.min(...offsets), last_ms: Math.max(...offsets) }));
}

function runChild(args: Record<string, unknown>): Promise<ChildResult> {
  const child = spawn(process.execPath, ['-e', CHILD_BOOT], {
    cwd: path.join(__dirname, '../../..'),
    env: {
      ...process.env,
      [TEST_STORAGE_ENV]: testStorageConnectionString(),
      ...tsChildEnv(),
      CHILD_SCRIPT: path.join(__dirname, 'sharedLimiterChild.ts'),
      CHILD_ARGS: JSON.stringify(args),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim()) as ChildResult) : reject(new Error(`child ${String(args.name)} exited ${code}: ${err}`))));
  });
}

// Three child processes (each compiling its TypeScript on start) plus the windows themselves: slow on a loaded 2-core machine.
jest.setTimeout(120_000);

describe('shared rate limiter across three processes', () => {
  let mock: MockLlmServer | undefined;
  afterEach(async () => mock?.close());

  it(`holds ${PER_WINDOW} requests per ${WINDOW_MS / 1000} s window for ${PROCESSES} processes on one Azurite container`, async () => {
    // The mock's Azure-style quota: PER_WINDOW a second, checked as each request arrives.
    mock = await startMockLlmServer({ latencyMs: 20, requestsPerSecond: PER_WINDOW });
    const proxy = await startCountingProxy(mock.url);
    try {
      const { containerName } = await createTestBlobStore('shared-3proc');
      // All processes start together at a window boundary, a few seconds out (they need ~1 s to load).
      const startAt = (Math.floor(Date.now() / WINDOW_MS) + 3) * WINDOW_MS;
      const base = { container: containerName, apiBase: proxy.url, calls: CALLS_EACH, workers: 6, requestsPerMinute: DECLARED_PER_WINDOW * (60_000 / WINDOW_MS), windowSeconds: WINDOW_MS / 1000, startAt };
      const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => runChild({ ...base, name: `p${i + 1}` })));

      const table = perWindow(proxy.arrivals);
      console.log(`shared limiter, ${PROCESSES} processes, limit ${PER_WINDOW} per ${WINDOW_MS} ms window: requests the mock server received per window`);
      console.table(table);

      expect(results.map((r) => r.outcomes)).toEqual(Array.from({ length: PROCESSES }, () => ({ ok: CALLS_EACH })));
      expect(Math.max(...table.map((row) => row.requests))).toBeLessThanOrEqual(PER_WINDOW);
      expect(table.reduce((sum, row) => sum + row.requests, 0)).toBe(PROCESSES * CALLS_EACH);
      expect(mock.stats().outcomes).toEqual(expect.objectContaining({ ok: PROCESSES * CALLS_EACH, quota_exceeded: 0 }));
    } finally {
      await proxy.close();
    }
  });
});
