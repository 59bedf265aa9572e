import type { OrchestrationHandler } from 'durable-functions';
import type { HistoryEvent } from './history';

/**
 * The one place that reaches into durable-functions internals (pinned at 3.5.0): its real
 * replay executor, and the executor's table of open tasks, which tells the driver exactly
 * which sequence ids wait for work (activities, retry timers, retry re-runs). A test
 * (tests/orchestration/driver/replayExecutor.test.ts) fails if these paths move.
 */

interface InternalTask {
  id: number | false;
  actionObj?: { actionType?: number; functionName?: string; input?: unknown; fireAt?: Date };
  parent?: InternalTask & { isWaitingOnTimer?: boolean; attemptNumber?: number; retryOptions?: RetryOptionsLike; innerTask?: InternalTask };
  constructor: { name: string };
}

export interface RetryOptionsLike {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
}

interface InternalOrchestrator {
  handle(trigger: unknown, context: unknown): Promise<InternalState>;
  taskOrchestrationExecutor?: { openTasks: Record<string, InternalTask> };
}

interface InternalState {
  isDone: boolean;
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  actions: unknown[][];
}

/* eslint-disable @typescript-eslint/no-require-imports */
const { Orchestrator } = require('durable-functions/lib/src/orchestrations/Orchestrator') as {
  Orchestrator: new (fn: OrchestrationHandler) => InternalOrchestrator;
};
const { DurableOrchestrationInput, DummyOrchestrationContext } = require('durable-functions/lib/src/util/testingUtils') as {
  DurableOrchestrationInput: new (instanceId: string, history: HistoryEvent[], input: unknown, a?: string, b?: string, c?: number, schema?: number) => unknown;
  DummyOrchestrationContext: new (functionName: string, invocationId: string, logHandler: (level: string, ...args: unknown[]) => void) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const ACTION_CALL_ACTIVITY = 0;
const ACTION_CALL_ACTIVITY_WITH_RETRY = 1;
const ACTION_CONTINUE_AS_NEW = 4;
const ACTION_CREATE_TIMER = 5;
const REPLAY_SCHEMA_V3 = 2;

/** What a sequence id waits for, read from the executor after a replay. */
export type OpenWork =
  | { id: number; kind: 'activity'; name: string; input: unknown }
  | { id: number; kind: 'retryTimer'; attemptNumber: number; retryOptions: RetryOptionsLike }
  | { id: number; kind: 'timer'; fireAt: Date };

export interface ScheduledAction {
  kind: 'activity' | 'timer' | 'continueAsNew' | 'other';
  name: string;
  input: unknown;
}

export interface ReplayResult {
  isDone: boolean;
  output?: unknown;
  /** Set when the orchestrator threw: the orchestration has failed. */
  error?: string;
  customStatus?: unknown;
  /** Every action the orchestrator scheduled since it started, in order (the host's view). */
  actions: ScheduledAction[];
  openWork: OpenWork[];
  /** Set when the execution ended with `continueAsNew`: the next execution's input. */
  continuedWith?: unknown;
}

export interface ReplayOptions {
  instanceId: string;
  name: string;
  input: unknown;
  history: HistoryEvent[];
  log?: (level: string, ...args: unknown[]) => void;
}

/** Runs the orchestrator from the top against `history`, like the host does on every wake-up. */
export async function replayOrchestration(handler: OrchestrationHandler, options: ReplayOptions): Promise<ReplayResult> {
  const orchestrator = new Orchestrator(handler);
  const trigger = new DurableOrchestrationInput(options.instanceId, options.history, options.input, undefined, undefined, undefined, REPLAY_SCHEMA_V3);
  const context = new DummyOrchestrationContext(options.name, `${options.instanceId}-replay`, options.log ?? (() => undefined));
  let state: InternalState;
  let error: string | undefined;
  try {
    state = await orchestrator.handle(trigger, context);
  } catch (thrown) {
    const failure = thrown as { state?: InternalState; message?: string };
    if (!failure.state) throw thrown;
    state = failure.state;
    error = failure.state.error ?? failure.message ?? String(thrown);
  }
  const result: ReplayResult = {
    isDone: state.isDone,
    output: state.output,
    customStatus: state.customStatus,
    actions: flattenActions(state.actions[0] ?? []),
    openWork: readOpenWork(orchestrator.taskOrchestrationExecutor?.openTasks ?? {}),
  };
  if (error !== undefined) result.error = error;
  const continued = result.actions.find((action) => action.kind === 'continueAsNew');
  if (continued) result.continuedWith = typeof continued.input === 'string' ? (JSON.parse(continued.input) as unknown) : continued.input;
  return result;
}

function flattenActions(actions: unknown[]): ScheduledAction[] {
  const out: ScheduledAction[] = [];
  for (const action of actions as { actionType: number; compoundActions?: unknown[]; functionName?: string; input?: unknown; fireAt?: Date }[]) {
    if (action.compoundActions) out.push(...flattenActions(action.compoundActions));
    else if (action.actionType === ACTION_CALL_ACTIVITY || action.actionType === ACTION_CALL_ACTIVITY_WITH_RETRY) {
      out.push({ kind: 'activity', name: action.functionName ?? '', input: action.input });
    } else if (action.actionType === ACTION_CREATE_TIMER) out.push({ kind: 'timer', name: 'timer', input: action.fireAt?.toISOString() });
    else if (action.actionType === ACTION_CONTINUE_AS_NEW) out.push({ kind: 'continueAsNew', name: 'continueAsNew', input: action.input });
    else out.push({ kind: 'other', name: String(action.actionType), input: undefined });
  }
  return out;
}

function readOpenWork(openTasks: Record<string, InternalTask>): OpenWork[] {
  const work: OpenWork[] = [];
  for (const [key, task] of Object.entries(openTasks)) {
    const id = Number(key);
    const retry = task.parent?.constructor.name === 'RetryableTask' && task.constructor.name === 'NoOpTask' ? task.parent : undefined;
    if (retry?.isWaitingOnTimer) {
      work.push({ id, kind: 'retryTimer', attemptNumber: retry.attemptNumber ?? 1, retryOptions: retry.retryOptions! });
    } else if (retry) {
      const action = retry.innerTask?.actionObj;
      work.push({ id, kind: 'activity', name: action?.functionName ?? '', input: action?.input });
    } else if (task.actionObj?.actionType === ACTION_CALL_ACTIVITY || task.actionObj?.actionType === ACTION_CALL_ACTIVITY_WITH_RETRY) {
      work.push({ id, kind: 'activity', name: task.actionObj.functionName ?? '', input: task.actionObj.input });
    } else if (task.actionObj?.actionType === ACTION_CREATE_TIMER && task.actionObj.fireAt) {
      work.push({ id, kind: 'timer', fireAt: task.actionObj.fireAt });
    }
  }
  return work.sort((a, b) => a.id - b.id);
}
