import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { RunIndex, RunIndexEntry } from '../../core/ports';
import { REQUEST_LIMITS } from '../runRequest';
import { RUN_ID } from './getRun';

/**
 * The run index over HTTP (docs/scheduled-regression.md): `GET /api/runs?suite=<name>`
 * lists runs newest first with their verdicts and regression result, and
 * `POST /api/runs/{id}/bless` makes a finished run its suite's accepted baseline.
 */
const SUITE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const RUNS_LIST_LIMITS = { default: 50, max: 500 } as const;
const BLESSABLE = new Set(['completed', 'completed_with_failures']);

const problem = (path: string, message: string): HttpResponseInit => ({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems: [{ path, message }] } });

export function createListRunsHandler(runIndex: () => Promise<RunIndex>) {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const suite = request.query.get('suite') ?? undefined;
    if (suite !== undefined && (suite.length > REQUEST_LIMITS.nameLength || !SUITE.test(suite))) return problem('suite', 'must be a suite name (letters, digits, _ . -)');
    const limitText = request.query.get('limit');
    const limit = limitText === null ? RUNS_LIST_LIMITS.default : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > RUNS_LIST_LIMITS.max) return problem('limit', `must be a whole number from 1 to ${RUNS_LIST_LIMITS.max}`);
    const runs = await (await runIndex()).list(suite, { limit });
    return { status: 200, jsonBody: { ...(suite ? { suite } : {}), runs } };
  };
}

export interface BlessOptions {
  runIndex(): Promise<RunIndex>;
  now?(): Date;
}

/**
 * Blesses a finished run: the flag moves to it from the suite's other runs, so the index
 * shows one accepted baseline per suite. A queued, running or failed run cannot be blessed:
 * there is nothing yet to compare with.
 */
export function createBlessRunHandler(options: BlessOptions) {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const id = request.params.id ?? '';
    if (!RUN_ID.test(id)) return problem('id', `'${id}' is not a run id`);
    const index = await options.runIndex();
    const entry = await index.find(id);
    if (!entry) return { status: 404, jsonBody: { error: 'RUN_NOT_FOUND', message: `No run with id '${id}' in the run index` } };
    if (!BLESSABLE.has(entry.status)) {
      return { status: 409, jsonBody: { error: 'RUN_NOT_FINISHED', message: `Run '${id}' is ${entry.status}: only a completed run can be blessed` } };
    }
    const blessedAt = (options.now?.() ?? new Date()).toISOString();
    const previous = (await index.list(entry.suite)).filter((other) => other.blessed === true && other.runId !== id);
    await index.upsert({ ...keyFields(entry), blessed: true, blessedAt });
    for (const other of previous) await index.upsert({ ...keyFields(other), blessed: false });
    return { status: 200, jsonBody: { runId: id, suite: entry.suite, blessed: true, blessedAt, unblessed: previous.map((other) => other.runId) } };
  };
}

/** The fields an upsert needs; merge semantics keep everything else as it is. */
function keyFields(entry: RunIndexEntry): RunIndexEntry {
  return { suite: entry.suite, runId: entry.runId, status: entry.status, trigger: entry.trigger, startedAt: entry.startedAt };
}
