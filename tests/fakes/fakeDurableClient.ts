import type { OrchestrationStatusView, RunClient } from '../../src/orchestration/triggers/durableClientPort';

export interface StartedOrchestration {
  orchestratorName: string;
  instanceId: string;
  input: unknown;
}

export interface FakeDurableClientOptions {
  /** Base of the management URLs; loopback so nothing in a test points elsewhere. */
  baseUrl?: string;
  /** Timestamps given to started instances. */
  now?(): Date;
}

/** The Durable management URLs (they embed the system key); the real client offers them too. */
export interface ManagementUrls {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  purgeHistoryDeleteUri: string;
}

/** The in-memory client plus what a test needs to arrange and inspect it. */
export interface FakeDurableClient extends RunClient {
  /** Like the real client: a trigger that used it would leak the system key (see startRun tests). */
  createHttpManagementPayload(instanceId: string): ManagementUrls;
  /** Every startNew call, in order. */
  readonly started: StartedOrchestration[];
  /** Every getStatus call's instance id, in order. */
  readonly statusQueries: string[];
  /** Adds or replaces an instance, as if the orchestration had run that far. */
  setStatus(view: OrchestrationStatusView): void;
  /** The next getStatus call rejects with this error (e.g. a 500 from the extension). */
  failNextGetStatus(error: Error): void;
}

const FIXED_TIME = new Date('2026-01-01T00:00:00.000Z');
const ACTIVE = new Set(['Pending', 'Running', 'ContinuedAsNew']);

/**
 * A `RunClient` in memory. Like the real Durable client, `getStatus` of an unknown id
 * throws an Error whose message carries "404", and starting an id that is still active fails.
 */
export function createFakeDurableClient(options: FakeDurableClientOptions = {}): FakeDurableClient {
  const baseUrl = options.baseUrl ?? 'http://127.0.0.1:7071';
  const now = options.now ?? (() => FIXED_TIME);
  const instances = new Map<string, OrchestrationStatusView>();
  const started: StartedOrchestration[] = [];
  const statusQueries: string[] = [];
  let nextStatusError: Error | undefined;

  return {
    started,
    statusQueries,
    setStatus(view) {
      instances.set(view.instanceId, { ...view });
    },
    failNextGetStatus(error) {
      nextStatusError = error;
    },
    async startNew(orchestratorName, { instanceId, input }) {
      const existing = instances.get(instanceId);
      if (existing && ACTIVE.has(existing.runtimeStatus)) {
        throw new Error(`An instance with ID '${instanceId}' already exists and is ${existing.runtimeStatus}.`);
      }
      started.push({ orchestratorName, instanceId, input: structuredClone(input) });
      instances.set(instanceId, { instanceId, runtimeStatus: 'Pending', createdTime: now(), lastUpdatedTime: now() });
      return instanceId;
    },
    async getStatus(instanceId) {
      statusQueries.push(instanceId);
      if (nextStatusError) {
        const error = nextStatusError;
        nextStatusError = undefined;
        throw error;
      }
      const view = instances.get(instanceId);
      if (!view) {
        // The real client's wording (durable-functions 3.x DurableClient.getStatus).
        throw new Error(
          'DurableClient error: Durable Functions extension replied with HTTP 404 response. ' +
            `This usually means we could not find any data associated with the instanceId provided: ${instanceId}.`,
        );
      }
      return { ...view };
    },
    createHttpManagementPayload(instanceId) {
      return managementUrls(baseUrl, instanceId);
    },
  };
}

/** The shape of the real payload (runtime/webhooks/durabletask/...), on loopback, with a fake key. */
export function managementUrls(baseUrl: string, instanceId: string): ManagementUrls {
  const instance = `${baseUrl}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`;
  const query = 'taskHub=TestHubName&connection=Storage&code=fake-system-key';
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
  };
}
