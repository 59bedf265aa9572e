/**
 * Orchestration history events in the shape the Durable Functions replay executor reads
 * (PascalCase, as the host sends them). The driver appends these as work completes.
 */
export const EVENT = {
  ExecutionStarted: 0,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
} as const;

export interface HistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: Date;
  [field: string]: unknown;
}

const base = (type: number, at: Date, eventId = -1): HistoryEvent => ({ EventType: type, EventId: eventId, IsPlayed: false, Timestamp: at });

export const historyEvents = {
  orchestratorStarted: (at: Date) => base(EVENT.OrchestratorStarted, at),
  orchestratorCompleted: (at: Date) => base(EVENT.OrchestratorCompleted, at),
  executionStarted: (at: Date, name: string, input: unknown) => ({ ...base(EVENT.ExecutionStarted, at), Name: name, Input: JSON.stringify(input) }),
  taskScheduled: (at: Date, id: number, name: string, input: unknown) => ({ ...base(EVENT.TaskScheduled, at, id), Name: name, Input: JSON.stringify(input) }),
  taskCompleted: (at: Date, id: number, result: unknown) => ({ ...base(EVENT.TaskCompleted, at), TaskScheduledId: id, Result: JSON.stringify(result ?? null) }),
  taskFailed: (at: Date, id: number, reason: string, details: string) => ({ ...base(EVENT.TaskFailed, at), TaskScheduledId: id, Reason: reason, Details: details }),
  timerCreated: (at: Date, id: number, fireAt: Date) => ({ ...base(EVENT.TimerCreated, at, id), FireAt: fireAt }),
  timerFired: (at: Date, id: number, fireAt: Date) => ({ ...base(EVENT.TimerFired, at), TimerId: id, FireAt: fireAt }),
};

/** Bytes the event would take in a JSON-serialised history, as the host stores it. */
export function eventBytes(event: HistoryEvent): number {
  return Buffer.byteLength(JSON.stringify(event));
}
