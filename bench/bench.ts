import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ScenarioSpec } from './benchScenario';

/**
 * `npm run bench`: the whole local path (in-process driver, embedded Azurite, the mock
 * model over HTTP in its own process) with default orchestration settings, under the loads
 * the targets are stated for (docs/concurrency.md). Each scenario runs in a fresh process
 * so its peak RSS is its own; the mock reports the most calls it had in flight at once.
 */
const ROOT = path.resolve(__dirname, '..', '..');
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
  peakHistoryEvents: number;
  activityCalls: number;
  replays: number;
  replayMs: number;
  executions: number;
  maxInFlight: number;
  /** Rows per second while the model was busy (first request to last answer, from the mock): the evaluation phase. */
  evaluatingRowsPerSecond: number;
}

interface Mock {
  url: string;
  child: ChildProcess;
  output: Promise<string>;
}

async function startMock(latencyMs: number, jitterMs: number): Promise<Mock> {
  const args = ['mock-llm', '--port', '0', '--latency-ms', String(latencyMs), '--jitter-ms', String(jitterMs)];
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'elspeth.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  const output = new Promise<string>((resolve) => child.once('exit', () => resolve(seen)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mock server exited (${String(code)})`)));
  });
  return { url, child, output };
}

/** Stops the mock and reads, from its closing line, the most requests it had in flight and how long it was busy. */
async function stopMock(mock: Mock): Promise<{ maxInFlight: number; busyMs: number }> {
  mock.child.kill('SIGTERM');
  const match = /max (\d+) in flight, busy (\d+) ms/.exec(await mock.output);
  return match ? { maxInFlight: Number(match[1]), busyMs: Number(match[2]) } : { maxInFlight: Number.NaN, busyMs: Number.NaN };
}

async function scenario(spec: ScenarioSpec, latencyMs: number, jitterMs: number, heapMb?: number): Promise<Figures> {
  const mock = await startMock(latencyMs, jitterMs);
  try {
    const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), path.join(__dirname, 'benchScenario.js'), JSON.stringify(spec)];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { env: { ...process.env, ELSPETH_MOCK_LLM_URL: mock.url }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`scenario exited with ${String(code)}`))));
    });
    const figures = JSON.parse(output.trim().split('\n').at(-1)!) as Omit<Figures, 'maxInFlight' | 'evaluatingRowsPerSecond'>;
    const { maxInFlight, busyMs } = await stopMock(mock);
    return { ...figures, maxInFlight, evaluatingRowsPerSecond: figures.rows / (busyMs / 1000) };
  } finally {
    mock.child.kill('SIGTERM');
  }
}

const results: { target: string; met: boolean }[] = [];

function check(target: string, met: boolean): string {
  results.push({ target, met });
  return `${met ? 'ok  ' : 'MISS'} ${target}`;
}

function report(name: string, figures: Figures, lines: string[], heapMb?: number): void {
  const perRow = figures.historyBytes / figures.rows;
  const callsPerThousand = (figures.activityCalls / figures.rows) * 1000;
  process.stdout.write(
    `\n${name}\n` +
      `  rows ${figures.rows} (ok ${figures.ok}, failed ${figures.failed}) in ${figures.seconds.toFixed(2)} s: ${figures.rowsPerSecond.toFixed(1)} rows/s over the whole run (plan and reports included)\n` +
      `  evaluating: ${figures.evaluatingRowsPerSecond.toFixed(1)} rows/s from the first model request to the last answer\n` +
      `  model calls in flight at most ${figures.maxInFlight}\n` +
      `  peak RSS ${figures.peakRssMb.toFixed(0)} MB${heapMb ? ` (heap capped at ${heapMb} MB)` : ' (default heap)'}\n` +
      `  history ${perRow.toFixed(1)} bytes/row; longest execution ${figures.peakHistoryEvents} events; ${figures.executions} execution(s)\n` +
      `  orchestrator replay ${figures.replayMs.toFixed(0)} ms over ${figures.replays} replays; activity calls ${callsPerThousand.toFixed(1)} per 1,000 rows\n` +
      lines.map((line) => `  ${line}\n`).join(''),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000' },
      'latency-ms': { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '50' },
      'fast-rows': { type: 'string', default: '5000' },
      'rss-rows': { type: 'string', default: '100000' },
      'scale-rows': { type: 'string', default: '20000,200000' },
    },
  });
  const rows = Number(values.rows);
  const latency = Number(values['latency-ms']);
  const cap = Number(values.concurrency);
  process.stdout.write(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
  process.stdout.write(`Suite: one experiment, one call per row, default orchestration (layout derived from max_workers = ${cap})\n`);

  const steady = await scenario({ rows, maxWorkers: cap, experiments: 1 }, latency, 0);
  const ideal = cap / (latency / 1000);
  report(`Concurrency: latency ${latency} ms, max_workers ${cap}`, steady, [
    check(`evaluating at ${(steady.evaluatingRowsPerSecond / ideal).toFixed(3)} of C/L (${ideal.toFixed(0)} rows/s) >= 0.9`, steady.evaluatingRowsPerSecond / ideal >= 0.9),
    check(`calls in flight ${steady.maxInFlight} <= ${cap}`, steady.maxInFlight <= cap),
  ]);

  const jittered = await scenario({ rows, maxWorkers: cap, experiments: 1 }, latency, latency);
  const jitterIdeal = cap / ((1.5 * latency) / 1000);
  report(`Jitter: latency uniform ${latency}-${2 * latency} ms, max_workers ${cap}`, jittered, [
    check(`evaluating at ${(jittered.evaluatingRowsPerSecond / jitterIdeal).toFixed(3)} of C/mean latency (${jitterIdeal.toFixed(0)} rows/s) >= 0.9`, jittered.evaluatingRowsPerSecond / jitterIdeal >= 0.9),
    check(`calls in flight ${jittered.maxInFlight} <= ${cap}`, jittered.maxInFlight <= cap),
  ]);

  const fast = await scenario({ rows: Number(values['fast-rows']), maxWorkers: cap, experiments: 1 }, 0, 0);
  report(`Throughput: latency 0 ms, max_workers ${cap}`, fast, [check(`${fast.rowsPerSecond.toFixed(0)} rows/s >= 800`, fast.rowsPerSecond >= 800)]);

  const rssRows = Number(values['rss-rows']);
  if (rssRows > 0) {
    const large = await scenario({ rows: rssRows, maxWorkers: cap, experiments: 1 }, 0, 0, HEAP_MB);
    report(`Memory: ${rssRows} rows, latency 0 ms`, large, [check(`peak RSS ${large.peakRssMb.toFixed(0)} MB <= 300`, large.peakRssMb <= 300)], HEAP_MB);
  }

  const [small, big] = values['scale-rows'].split(',').map(Number) as [number, number];
  // Default heap: this scenario measures orchestrator replay time; memory is the scenario above's target.
  const smallRun = await scenario({ rows: small, maxWorkers: cap, experiments: 1 }, 0, 0);
  const bigRun = await scenario({ rows: big, maxWorkers: cap, experiments: 1 }, 0, 0);
  report(`Scale: ${small} row-experiments`, smallRun, []);
  const growth = bigRun.replayMs / smallRun.replayMs;
  report(`Scale: ${big} row-experiments`, bigRun, [check(`orchestrator replay time ${growth.toFixed(1)}x that of ${small} <= 12x (data ${(big / small).toFixed(0)}x)`, growth <= 12)]);

  const missed = results.filter((result) => !result.met);
  process.stdout.write(`\n${results.length - missed.length} of ${results.length} targets met${missed.length > 0 ? `; missed: ${missed.map((m) => m.target).join('; ')}` : ''}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
