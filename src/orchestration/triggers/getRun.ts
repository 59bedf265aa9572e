import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { BlobStore } from '../../core/ports';
import type { SuiteSummary } from '../../core/reports';
import { getJson } from '../jsonBlobs';
import { paths } from '../storagePaths';
import { verdictTable, type VerdictRow } from './verdictTable';
import type { RunClient } from './durableClientPort';
import { findStatus } from './durableClientPort';

export const RUN_ID = /^(run|sched|cli)-[A-Za-z0-9_.-]+$/;

/** `GET /api/runs/{id}`: status, progress (rows done/total per experiment) and, when done, the outcome. */
export function createGetRunHandler(getClient: (context: InvocationContext) => RunClient, options: { blobs?(): Promise<BlobStore> } = {}) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const id = request.params.id ?? '';
    if (!RUN_ID.test(id)) return { status: 400, jsonBody: { error: 'REQUEST_INVALID', problems: [{ path: 'id', message: `'${id}' is not a run id` }] } };
    const status = await findStatus(getClient(context), id);
    if (!status) return { status: 404, jsonBody: { error: 'RUN_NOT_FOUND', message: `No run with id '${id}'` } };
    return {
      status: 200,
      jsonBody: {
        runId: status.instanceId,
        status: status.runtimeStatus,
        progress: status.customStatus ?? null,
        outcome: status.output ?? null,
        // The verdict table (variant, criterion, verdict, difference, interval, adjusted p) once the run has ended.
        verdicts: status.runtimeStatus === 'Completed' ? await verdictsOf(options, id) : null,
        // The run's summary.md (what pipelines publish as their job summary) once it has ended.
        summary: status.runtimeStatus === 'Completed' ? await summaryOf(options, id) : null,
        createdTime: status.createdTime,
        lastUpdatedTime: status.lastUpdatedTime,
      },
    };
  };
}

async function verdictsOf(options: { blobs?(): Promise<BlobStore> }, runId: string): Promise<VerdictRow[] | null> {
  if (!options.blobs) return null;
  const summary = await getJson<SuiteSummary>(await options.blobs(), paths.suiteFile(runId, 'summary.json'));
  return summary ? verdictTable(summary) : null;
}

async function summaryOf(options: { blobs?(): Promise<BlobStore> }, runId: string): Promise<string | null> {
  if (!options.blobs) return null;
  const markdown = await (await options.blobs()).get(paths.suiteFile(runId, 'summary.md'));
  return markdown ? markdown.toString('utf8') : null;
}
