import type { RunProgress } from '../orchestration/contracts';

const WIDTH = 24;
const QUIET_INTERVAL_IN_MS = 2000;

/**
 * Progress on stderr: redrawn in place on a terminal; otherwise a line when the phase
 * changes and at most every two seconds, so CI logs stay short.
 */
export function createProgressBar(write: (text: string) => void, interactive: boolean, now: () => number = Date.now) {
  let lastPhase = '';
  let lastLineAt = 0;
  let drawn = false;
  return {
    update(progress: RunProgress): void {
      const line = describe(progress);
      if (interactive) {
        write(`\r${line}\u001b[K`);
        drawn = true;
        return;
      }
      if (progress.phase !== lastPhase || now() - lastLineAt >= QUIET_INTERVAL_IN_MS) {
        write(`${line}\n`);
        lastPhase = progress.phase;
        lastLineAt = now();
      }
    },
    finish(): void {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}

export function describe(progress: RunProgress): string {
  const entries = Object.entries(progress.experiments);
  const done = entries.reduce((sum, [, e]) => sum + e.done, 0);
  const total = entries.reduce((sum, [, e]) => sum + e.total, 0);
  const ratio = total > 0 ? done / total : 0;
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  const failed = entries.reduce((sum, [, e]) => sum + e.failed, 0);
  const stopped = entries.filter(([, e]) => e.stopped).length;
  const parts = [`[${bar}] ${(ratio * 100).toFixed(0).padStart(3)}%`, `${done}/${total} rows`, progress.phase];
  if (failed > 0) parts.push(`${failed} failed`);
  if (stopped > 0) parts.push(`${stopped} stopped early`);
  if (progress.costInUsd > 0) parts.push(`$${progress.costInUsd.toFixed(4)}`);
  return parts.join(' · ');
}
