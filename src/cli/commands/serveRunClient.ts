import { errorMessage } from '../../core/errors';
import { runLocally } from '../../local/runLocally';
import type { RunRequest } from '../../orchestration/runRequest';
import type { RunServices } from '../../orchestration/services';
import type { OrchestrationStatusView, RunClient } from '../../orchestration/triggers/durableClientPort';

/**
 * The Durable client's part the triggers use, over the in-process driver: `startNew` runs
 * the very orchestrator and activities (runLocally) in this process and `getStatus` reports
 * it the way the Durable client does (Pending, Running with custom status, Completed with
 * output, Failed), so `elspeth serve` answers with the same handlers as the Functions app.
 */
export interface LocalRunClient extends RunClient {
  /** Resolves when every started run has ended (for shutdown and tests). */
  idle(): Promise<void>;
}

const ACTIVE = new Set(['Pending', 'Running']);

export function createLocalRunClient(services: RunServices, maxConcurrentActivities = 16): LocalRunClient {
  const instances = new Map<string, OrchestrationStatusView>();
  const running = new Set<Promise<void>>();
  const update = (id: string, change: Partial<OrchestrationStatusView>) => {
    const current = instances.get(id)!;
    instances.set(id, { ...current, ...change, lastUpdatedTime: new Date() });
  };
  return {
    async startNew(_orchestratorName, { instanceId, input }) {
      const existing = instances.get(instanceId);
      if (existing && ACTIVE.has(existing.runtimeStatus)) throw new Error(`An instance with ID '${instanceId}' already exists and is ${existing.runtimeStatus}.`);
      const now = new Date();
      instances.set(instanceId, { instanceId, runtimeStatus: 'Pending', createdTime: now, lastUpdatedTime: now });
      const execution = runLocally({ services, request: input as RunRequest, maxConcurrentActivities, onProgress: (progress) => update(instanceId, { runtimeStatus: 'Running', customStatus: progress }) })
        .then((result) => update(instanceId, { runtimeStatus: 'Completed', output: result.outcome }))
        .catch((error: unknown) => update(instanceId, { runtimeStatus: 'Failed', output: { error: errorMessage(error) } }))
        .finally(() => running.delete(execution));
      running.add(execution);
      return instanceId;
    },
    async getStatus(instanceId) {
      const view = instances.get(instanceId);
      if (!view) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response (instance ${instanceId}).`);
      return { ...view };
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
