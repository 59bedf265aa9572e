import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';
import { FAIL_ON, failingRows, type FailOn, type VerdictRow } from '../../orchestration/triggers/verdictTable';
import { EXIT, type CliIo } from '../io';
import { renderJunit } from './junit';

/** `--fail-on` and `--junit` for `elspeth run` and `elspeth submit`. */
export interface GateOptions {
  failOn?: FailOn;
  junitFile?: string;
  json?: boolean;
}

export function parseFailOn(value: string | undefined): FailOn | undefined {
  if (value === undefined) return undefined;
  if (!(FAIL_ON as readonly string[]).includes(value)) throw new AppError('REQUEST_INVALID', `--fail-on must be one of ${FAIL_ON.join(', ')}, got '${value}'`);
  return value as FailOn;
}

/** A run's status as `GET /api/runs/{id}` answers it (what the gate reads). */
export interface FinalRun {
  runId?: unknown;
  status?: unknown;
  outcome?: unknown;
  verdicts?: unknown;
}

/**
 * Prints the verdict table (or the JSON), writes JUnit, and decides the exit code: 1 when
 * the run did not complete cleanly or a verdict matches --fail-on, else 0.
 */
export function applyGate(io: CliIo, gate: GateOptions, run: FinalRun): number {
  const rows = Array.isArray(run.verdicts) ? (run.verdicts as VerdictRow[]) : [];
  const failing = failingRows(rows, gate.failOn);
  const outcome = (run.outcome ?? {}) as { status?: string; suite?: string; error?: { message?: string } };
  const summaryText = renderVerdictTable(String(run.runId), String(run.status), outcome.status, rows, failing);
  if (gate.junitFile) {
    fs.mkdirSync(path.dirname(gate.junitFile), { recursive: true });
    fs.writeFileSync(gate.junitFile, renderJunit({ suite: outcome.suite ?? 'elspeth', runId: String(run.runId), rows, failing, summaryText }));
  }
  if (gate.json) io.stdout(`${JSON.stringify({ ...run, failing }, null, 2)}\n`);
  else io.stdout(summaryText);
  const completed = run.status === 'Completed' && (outcome.status === 'completed' || outcome.status === 'completed_with_failures');
  return !completed || failing.length > 0 ? EXIT.failures : EXIT.ok;
}

export function renderVerdictTable(runId: string, status: string, outcomeStatus: string | undefined, rows: readonly VerdictRow[], failing: readonly VerdictRow[]): string {
  const fmt = (value: number | null) => (value === null ? '-' : Number(value.toPrecision(4)).toString());
  const lines = [`Run ${runId}: ${status}${outcomeStatus ? ` (${outcomeStatus})` : ''}`];
  if (rows.length === 0) lines.push('No verdicts (no baseline plugin that decides, or no variant).');
  for (const row of rows) {
    const interval = row.interval ? `[${fmt(row.interval[0])}, ${fmt(row.interval[1])}]` : '-';
    lines.push(`  ${failing.includes(row) ? 'FAIL' : 'ok  '} ${row.variant} / ${row.criterion}: ${row.verdict}, difference ${fmt(row.difference)}, interval ${interval}, adjusted p ${fmt(row.adjustedP)}`);
  }
  if (failing.length > 0) lines.push(`${failing.length} verdict(s) failed the gate.`);
  return `${lines.join('\n')}\n`;
}
