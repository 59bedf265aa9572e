import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { RunClient } from './durableClientPort';
import { findStatus } from './durableClientPort';

const RUN_ID = /^(run|sched|cli)-[A-Za-z0-9_.-]+$/;

/** `GET /api/runs/{id}`: status, progress (rows done/total per experiment) and, when done, the outcome. */
export function createGetRunHandler(getClient: (context: InvocationContext) => RunClient) {
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
        createdTime: status.createdTime,
        lastUpdatedTime: status.lastUpdatedTime,
      },
    };
  };
}
