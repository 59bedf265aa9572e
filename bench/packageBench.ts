import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadReport } from '../tools/loadPackage';
import { unzipTo } from '../tools/zipReader';

/**
 * `npm run bench:package`: the deployment's size and cold-start import cost. Unpacks
 * artifacts/elspeth-functions.zip outside the repository and loads its entry module under
 * the Functions worker stand-in in fresh Node processes; prints the zip size and the median
 * CPU time of importing the entry module. Targets (issue 8): zip ≤ 40 MB, import ≤ 300 ms CPU.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.argv[2] ?? 7);
const SETTINGS = { ELSPETH_TASK_HUB: 'Bench', ELSPETH_SCHEDULE: '0 0 2 * * *', AzureWebJobsStorage__accountName: 'bench' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const zipFile = path.join(ROOT, 'artifacts', 'elspeth-functions.zip');
  const zipBytes = fs.statSync(zipFile).size;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-bench-package-'));
  try {
    await unzipTo(zipFile, path.join(folder, 'app'));
    const reports: LoadReport[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const child = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'tools', 'loadPackage.js'), path.join(folder, 'app')], {
        cwd: path.join(folder, 'app'),
        env: { PATH: process.env.PATH ?? '', ...SETTINGS },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(child.stderr);
      reports.push(JSON.parse(child.stdout) as LoadReport);
    }
    const cpu = median(reports.map((r) => r.importCpuMs));
    const wall = median(reports.map((r) => r.importWallMs));
    const mb = zipBytes / 1024 / 1024;
    process.stdout.write(
      [
        `Package: ${path.relative(ROOT, zipFile)} ${mb.toFixed(1)} MB (target ≤ 40 MB: ${mb <= 40 ? 'met' : 'NOT met'})`,
        `Entry module import (dist/src/functions/app.js, median of ${RUNS} fresh processes): ${cpu.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall (target ≤ 300 ms CPU: ${cpu <= 300 ? 'met' : 'NOT met'})`,
        `Functions registered: ${reports[0]?.functions.length ?? 0}; modules loaded by the handlers on first use: ${reports[0]?.loadedFiles ?? 0}`,
        '',
      ].join('\n'),
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:package failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
