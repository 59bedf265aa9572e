import type { RunIndexEntry } from '../../core/ports';

/** The run a scheduled run is compared with, and why it was chosen. */
export interface Reference {
  entry: RunIndexEntry;
  kind: 'blessed' | 'last_good';
}

const FINISHED = new Set(['completed', 'completed_with_failures']);

/**
 * The reference of a scheduled run (docs/scheduled-regression.md): the suite's blessed run
 * (the latest blessing when several entries carry the flag); without one, the latest
 * earlier scheduled run that finished and whose own comparison was not degraded. A degraded
 * run never becomes the yardstick, so one regression cannot hide the next.
 */
export function chooseReference(entries: readonly RunIndexEntry[], current: { runId: string; startedAt: string }): Reference | undefined {
  const others = entries.filter((entry) => entry.runId !== current.runId);
  const blessed = others
    .filter((entry) => entry.blessed === true)
    .sort((a, b) => (b.blessedAt ?? '').localeCompare(a.blessedAt ?? '') || b.startedAt.localeCompare(a.startedAt))[0];
  if (blessed) return { entry: blessed, kind: 'blessed' };
  const lastGood = others
    .filter((entry) => entry.trigger === 'timer' && FINISHED.has(entry.status) && entry.startedAt <= current.startedAt && entry.regression?.status !== 'degraded')
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runId.localeCompare(a.runId))[0];
  return lastGood ? { entry: lastGood, kind: 'last_good' } : undefined;
}
