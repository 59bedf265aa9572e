import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run bench`: the whole local path (in-process driver, embedded Azurite, the mock
 * model over HTTP in its own process) under three loads, with the figures the targets
 * are stated in. Each scenario runs in a fresh process so its peak RSS is its own.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const WORKERS_PER_BATCH = 10;
const BATCH_SIZE = 200;
/** The heap the memory scenario runs with: what we recommend for a worker (see README). */
const HEAP_MB = 192;

interface Figures {
  rows: number;
  ok: number;
  failed: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  historyBytes: number;
  activityCalls: number;
}

async function startMock(latencyMs: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'elspeth.js'), 'mock-llm', '--port', '0', '--latency-ms', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mock server exited (${String(code)})`)));
  });
  return { url, child };
}

async function scenario(rows: number, latencyMs: number, concurrency: number, heapMb?: number): Promise<Figures> {
  const mock = await startMock(latencyMs);
  try {
    const batchesInFlight = Math.max(1, Math.ceil(concurrency / WORKERS_PER_BATCH));
    const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), path.join(__dirname, 'benchScenario.js'), String(rows), String(BATCH_SIZE), String(batchesInFlight), String(WORKERS_PER_BATCH)];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { env: { ...process.env, ELSPETH_MOCK_LLM_URL: mock.url }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`scenario exited with ${String(code)}`))));
    });
    return JSON.parse(output.trim().split('\n').at(-1)!) as Figures;
  } finally {
    mock.child.kill('SIGTERM');
  }
}

function report(name: string, figures: Figures, lines: string[], heapMb?: number): void {
  const perRow = figures.historyBytes / figures.rows;
  const callsPerThousand = (figures.activityCalls / figures.rows) * 1000;
  process.stdout.write(
    `\n${name}\n` +
      `  rows ${figures.rows} (ok ${figures.ok}, failed ${figures.failed}) in ${figures.seconds.toFixed(2)} s\n` +
      `  rows/s ${figures.rowsPerSecond.toFixed(1)}\n` +
      lines.map((line) => `  ${line}\n`).join('') +
      `  peak RSS ${figures.peakRssMb.toFixed(0)} MB${heapMb ? ` (heap capped at ${heapMb} MB)` : ' (default heap)'}\n` +
      `  history ${perRow.toFixed(1)} bytes/row (${figures.historyBytes} bytes)\n` +
      `  activity calls ${callsPerThousand.toFixed(1)} per 1,000 rows (${figures.activityCalls})\n`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '5000' },
      'latency-ms': { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '50' },
      'rss-rows': { type: 'string', default: '100000' },
    },
  });
  const rows = Number(values.rows);
  const latency = Number(values['latency-ms']);
  const concurrency = Number(values.concurrency);
  const rssRows = Number(values['rss-rows']);
  process.stdout.write(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
  process.stdout.write(`Suite: one experiment, one call per row, batches of ${BATCH_SIZE}, ${WORKERS_PER_BATCH} calls in flight per batch\n`);

  const ideal = concurrency / (latency / 1000);
  const latent = await scenario(rows, latency, concurrency);
  report(`Latency ${latency} ms, concurrency ${concurrency}`, latent, [
    `ideal C/L ${ideal.toFixed(1)} rows/s; ratio ${(latent.rowsPerSecond / ideal).toFixed(3)} (target >= 0.9)`,
  ]);

  const fast = await scenario(rows, 0, concurrency);
  report(`Latency 0 ms, concurrency ${concurrency}`, fast, ['target >= 800 rows/s']);

  if (rssRows > 0) {
    const large = await scenario(rssRows, 0, concurrency, HEAP_MB);
    report(`${rssRows} rows, latency 0 ms (memory)`, large, ['target: peak RSS <= 300 MB'], HEAP_MB);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
