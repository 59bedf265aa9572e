/**
 * The part of the Durable client the triggers use; tests pass a fake. Deliberately without
 * `createHttpManagementPayload`: its URLs carry the task hub's system key, which lets anyone
 * holding them terminate or purge every run, so no answer of ours may contain them.
 */
export interface OrchestrationStatusView {
  instanceId: string;
  runtimeStatus: string;
  customStatus?: unknown;
  output?: unknown;
  createdTime: Date;
  lastUpdatedTime: Date;
}

export interface RunClient {
  startNew(orchestratorName: string, options: { instanceId: string; input: unknown }): Promise<string>;
  getStatus(instanceId: string, options?: { showHistory?: boolean; showInput?: boolean }): Promise<OrchestrationStatusView>;
}

/** The Durable client throws for unknown instances; we want undefined. */
export async function findStatus(client: RunClient, instanceId: string): Promise<OrchestrationStatusView | undefined> {
  try {
    return await client.getStatus(instanceId, { showHistory: false, showInput: false });
  } catch (error) {
    if (/\b404\b/.test(error instanceof Error ? error.message : String(error))) return undefined;
    throw error;
  }
}
