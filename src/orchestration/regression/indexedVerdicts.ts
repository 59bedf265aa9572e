import type { IndexedVerdict } from '../../core/ports';
import type { SuiteSummary } from '../../core/reports';
import { verdictTable } from '../triggers/verdictTable';

/** A table property holds 64 KiB; the verdicts stay well under it (degraded rows kept first). */
const MAX_JSON_CHARS = 30_000;

/** The verdict table as the run index keeps it: every row while it fits, degraded ones first when not. */
export function indexedVerdicts(summary: Pick<SuiteSummary, 'experiments'>): IndexedVerdict[] {
  const rows = verdictTable(summary).map(({ variant, criterion, verdict, difference, adjustedP }) => ({ variant, criterion, verdict, difference, adjustedP }));
  if (JSON.stringify(rows).length <= MAX_JSON_CHARS) return rows;
  const ordered = [...rows.filter((row) => row.verdict === 'degraded'), ...rows.filter((row) => row.verdict !== 'degraded')];
  const kept: IndexedVerdict[] = [];
  let size = 2;
  for (const row of ordered) {
    size += JSON.stringify(row).length + 1;
    if (size > MAX_JSON_CHARS) break;
    kept.push(row);
  }
  return kept;
}

/** This app's status URL of a run, when the platform names the host (WEBSITE_HOSTNAME on Azure). */
export function runStatusUrl(env: Readonly<Record<string, string | undefined>>, runId: string): string | undefined {
  const host = env.WEBSITE_HOSTNAME?.trim();
  return host ? `https://${host}/api/runs/${encodeURIComponent(runId)}` : undefined;
}
