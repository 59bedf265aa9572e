import { AppError } from '../../core/errors';
import type { RunIndexEntry } from '../../core/ports';
import { intFlag, parseFlags } from '../args';
import { EXIT, type CliIo } from '../io';
import { APP_FLAGS, APP_FLAGS_USAGE, appConnection, callApp, refused } from './appClient';

/**
 * `elspeth runs` and `elspeth bless`: the app's run index over its HTTP API
 * (GET /api/runs?suite=, POST /api/runs/{id}/bless), so the same commands work against
 * Azure and against `elspeth serve` (docs/scheduled-regression.md).
 */
const RUNS_FLAGS = { ...APP_FLAGS, suite: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } as const;
const BLESS_FLAGS = { ...APP_FLAGS, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } as const;

export const RUNS_USAGE = `Usage: elspeth runs [list] --url URL [--suite S] [--limit N] [--json]

Lists the app's runs, newest first: status, trigger, whether blessed, the verdicts that
degraded and, for scheduled runs, the comparison with the blessed (or last good) run.

${APP_FLAGS_USAGE}
  --suite S              one suite's runs (default: every suite)
  --limit N              at most N runs (default 50)
  --json                 the run index entries as JSON
`;

export const BLESS_USAGE = `Usage: elspeth bless <runId> --url URL [--json]

Makes a completed run its suite's accepted baseline: scheduled runs of the suite are
compared with it (and, for a submitted suite, re-run from its files). The flag moves from
the suite's previously blessed run.

${APP_FLAGS_USAGE}
`;

export async function runsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, RUNS_FLAGS, true);
  if (values.help) return io.stdout(RUNS_USAGE), EXIT.ok;
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'list')) throw new AppError('REQUEST_INVALID', `unexpected argument '${positionals.join(' ')}' (usage: elspeth runs [list] --url URL)`);
  const app = appConnection(values, io);
  const query = new URLSearchParams();
  if (values.suite) query.set('suite', values.suite);
  const limit = intFlag(values.limit, 'limit', 1);
  if (limit !== undefined) query.set('limit', String(limit));
  const answer = await callApp(app, 'GET', `api/runs${query.size > 0 ? `?${query.toString()}` : ''}`);
  if (answer.status !== 200) return refused(io, 'runs list', answer);
  const runs = (answer.body as { runs: RunIndexEntry[] }).runs;
  io.stdout(values.json ? `${JSON.stringify(runs, null, 2)}\n` : renderRuns(runs));
  return EXIT.ok;
}

export async function blessCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, BLESS_FLAGS, true);
  if (values.help) return io.stdout(BLESS_USAGE), EXIT.ok;
  if (positionals.length !== 1) throw new AppError('REQUEST_INVALID', 'bless takes one run id: elspeth bless <runId> --url URL');
  const app = appConnection(values, io);
  const runId = positionals[0]!;
  const answer = await callApp(app, 'POST', `api/runs/${encodeURIComponent(runId)}/bless`);
  if (answer.status !== 200) return refused(io, `bless ${runId}`, answer);
  const body = answer.body as { suite: string; unblessed: string[] };
  if (values.json) io.stdout(`${JSON.stringify(answer.body, null, 2)}\n`);
  else io.stdout(`Blessed ${runId}: scheduled runs of '${body.suite}' are compared with it${body.unblessed.length > 0 ? ` (was ${body.unblessed.join(', ')})` : ''}.\n`);
  return EXIT.ok;
}

/** One line per run; degraded verdicts and the regression result are what people look for. */
export function renderRuns(runs: readonly RunIndexEntry[]): string {
  if (runs.length === 0) return 'No runs.\n';
  const rows = runs.map((run) => [
    run.runId,
    run.suite,
    run.trigger,
    run.status,
    run.startedAt.slice(0, 16).replace('T', ' '),
    run.blessed ? 'blessed' : '',
    degradedOf(run),
    run.regression ? `${run.regression.status}${run.regression.reference ? ` vs ${run.regression.reference}` : ''}` : '',
  ]);
  const header = ['RUN', 'SUITE', 'TRIGGER', 'STATUS', 'STARTED (UTC)', 'BLESSED', 'DEGRADED', 'SCHEDULED CHECK'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function degradedOf(run: RunIndexEntry): string {
  const degraded = (run.verdicts ?? []).filter((verdict) => verdict.verdict === 'degraded').map((verdict) => `${verdict.variant}/${verdict.criterion}`);
  return degraded.join(', ');
}
