import type { OrchestrationHandler } from 'durable-functions';
import { AppError, toErrorInfo } from '../../core/errors';
import { eventBytes, historyEvents, type HistoryEvent } from './history';
import { replayOrchestration, type OpenWork, type ScheduledAction } from './replayExecutor';
import { retryDelayInMs, sameAction } from './driverRules';

export type ActivityHandler = (input: unknown) => Promise<unknown>;

export interface DriverOptions {
  orchestrator: OrchestrationHandler;
  orchestratorName: string;
  activities: Record<string, ActivityHandler>;
  instanceId: string;
  input: unknown;
  /** Activities running at once, like the host's maxConcurrentActivityFunctions. */
  maxConcurrentActivities: number;
  onCustomStatus?: (status: unknown) => void;
  /** Tests shrink Durable retry waits; by default the RetryOptions are honoured. */
  retryDelay?: (attemptNumber: number, options: { firstRetryIntervalInMilliseconds: number }) => number;
  /** Tests reorder each batch of completions to try other interleavings. */
  orderCompletions?: (events: HistoryEvent[]) => HistoryEvent[];
  now?: () => Date;
}

export interface DriverResult {
  output: unknown;
  customStatus: unknown;
  /** Events and bytes of history over every execution of the instance. */
  historyEvents: number;
  historyBytes: number;
  /** The longest one execution's history grew (what each replay reads). */
  peakHistoryEvents: number;
  activityCalls: number;
  replays: number;
  /** Executions: 1, plus one for each `continueAsNew`. */
  executions: number;
  /** Time spent replaying the orchestrator (pure CPU: a replay does no I/O). */
  replayMs: number;
}

/**
 * Runs an orchestrator in-process the way the Durable host does: replay from the top on
 * every wake-up against a growing history, run what it scheduled, append completions.
 * It also does the host's determinism check: a replay must schedule what it scheduled before.
 */
export async function runOrchestration(options: DriverOptions): Promise<DriverResult> {
  const run = new DriverRun(options);
  return run.execute();
}

class DriverRun {
  private history: HistoryEvent[] = [];
  private historyBytes = 0;
  private historyEvents = 0;
  private peakHistoryEvents = 0;
  private known: ScheduledAction[] = [];
  private dispatched = new Set<number>();
  private pending: HistoryEvent[] = [];
  /** Bumped by `continueAsNew`: completions of an earlier execution are dropped, as the host drops them. */
  private execution = 1;
  private input: unknown;
  private replayMs = 0;
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  private timers = 0;
  private activityCalls = 0;
  private replays = 0;
  private wake: (() => void) | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: DriverOptions) {
    this.now = options.now ?? (() => new Date());
    this.input = options.input;
  }

  async execute(): Promise<DriverResult> {
    this.startExecution(this.options.input);
    for (;;) {
      const startedAt = performance.now();
      const replay = await replayOrchestration(this.options.orchestrator, {
        instanceId: this.options.instanceId,
        name: this.options.orchestratorName,
        input: this.input,
        history: this.history,
      });
      this.replayMs += performance.now() - startedAt;
      this.replays++;
      if (replay.customStatus !== undefined) this.options.onCustomStatus?.(replay.customStatus);
      this.checkDeterminism(replay.actions);
      if (replay.error !== undefined) throw new AppError('INTERNAL', `Orchestration ${this.options.instanceId} failed: ${replay.error}`);
      if (replay.isDone && replay.continuedWith !== undefined) {
        this.startExecution(replay.continuedWith);
        continue;
      }
      if (replay.isDone) return this.result(replay.output, replay.customStatus);
      this.dispatch(replay.openWork);
      await this.nextCompletions();
    }
  }

  /** A new execution of the same instance: fresh history, the given input (the host's continueAsNew). */
  private startExecution(input: unknown): void {
    if (this.history.length > 0) {
      this.append(historyEvents.orchestratorCompleted(this.now()));
      this.execution++;
    }
    this.history = [];
    this.known = [];
    this.dispatched = new Set();
    this.pending = [];
    this.input = input;
    const started = this.now();
    this.append(historyEvents.orchestratorStarted(started), historyEvents.executionStarted(started, this.options.orchestratorName, input));
  }

  private checkDeterminism(actions: ScheduledAction[]): void {
    for (let i = 0; i < actions.length; i++) {
      const previous = this.known[i];
      if (previous && !sameAction(previous, actions[i]!)) {
        throw new AppError(
          'NON_DETERMINISTIC_ORCHESTRATION',
          `Non-deterministic orchestration ${this.options.instanceId}: action ${i} was ${previous.kind} '${previous.name}' and is now ${actions[i]!.kind} '${actions[i]!.name}' on replay`,
          { details: { index: i, before: previous, after: actions[i] } },
        );
      }
    }
    if (actions.length < this.known.length) {
      throw new AppError('NON_DETERMINISTIC_ORCHESTRATION', `Non-deterministic orchestration ${this.options.instanceId}: replay scheduled ${actions.length} actions, history has ${this.known.length}`);
    }
    for (let i = this.known.length; i < actions.length; i++) {
      const action = actions[i]!;
      this.known.push(action);
      this.append(historyEvents.taskScheduled(this.now(), i, action.name, action.input));
    }
  }

  private dispatch(work: OpenWork[]): void {
    for (const item of work) {
      if (this.dispatched.has(item.id)) continue;
      this.dispatched.add(item.id);
      if (item.kind === 'activity') this.enqueueActivity(item.id, item.name, item.input);
      else if (item.kind === 'retryTimer') this.startTimer(item.id, retryDelayInMs(item.attemptNumber, item.retryOptions, this.options.retryDelay));
      else this.startTimer(item.id, Math.max(0, item.fireAt.getTime() - this.now().getTime()));
    }
  }

  private enqueueActivity(id: number, name: string, input: unknown): void {
    const execution = this.execution;
    this.queue.push(async () => {
      this.activityCalls++;
      const handler = this.options.activities[name];
      try {
        if (!handler) throw new AppError('INTERNAL', `No activity named '${name}' is registered`);
        const result = await handler(roundTrip(input));
        this.complete(execution, historyEvents.taskCompleted(this.now(), id, result));
      } catch (error) {
        const info = toErrorInfo(error);
        this.complete(execution, historyEvents.taskFailed(this.now(), id, info.message, JSON.stringify(info)));
      }
    });
    this.pump();
  }

  private pump(): void {
    while (this.running < this.options.maxConcurrentActivities && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void job().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private startTimer(id: number, delayInMs: number): void {
    const fireAt = new Date(this.now().getTime() + delayInMs);
    const execution = this.execution;
    this.append(historyEvents.timerCreated(this.now(), id, fireAt));
    this.timers++;
    setTimeout(() => {
      this.timers--;
      this.complete(execution, historyEvents.timerFired(this.now(), id, fireAt));
    }, delayInMs);
  }

  private complete(execution: number, event: HistoryEvent): void {
    if (execution === this.execution) this.pending.push(event);
    this.wake?.();
  }

  /** Waits for at least one completion, then takes every completion that has arrived. */
  private async nextCompletions(): Promise<void> {
    if (this.pending.length === 0) {
      if (this.running === 0 && this.queue.length === 0 && this.timers === 0) {
        throw new AppError('INTERNAL', `Orchestration ${this.options.instanceId} is waiting for something this driver cannot deliver (external events are not supported)`);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    const batch = this.pending.splice(0, this.pending.length);
    const ordered = this.options.orderCompletions ? this.options.orderCompletions(batch) : batch;
    this.append(historyEvents.orchestratorStarted(this.now()), ...ordered);
  }

  private append(...events: HistoryEvent[]): void {
    for (const event of events) {
      this.history.push(event);
      this.historyBytes += eventBytes(event);
      this.historyEvents++;
    }
    this.peakHistoryEvents = Math.max(this.peakHistoryEvents, this.history.length);
  }

  private result(output: unknown, customStatus: unknown): DriverResult {
    this.append(historyEvents.orchestratorCompleted(this.now()));
    return {
      output,
      customStatus,
      historyEvents: this.historyEvents,
      historyBytes: this.historyBytes,
      peakHistoryEvents: this.peakHistoryEvents,
      activityCalls: this.activityCalls,
      replays: this.replays,
      executions: this.execution,
      replayMs: this.replayMs,
    };
  }
}

/** Inputs and results cross a serialisation boundary in the host; so they do here. */
function roundTrip(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(typeof value === 'string' ? value : JSON.stringify(value)) as unknown);
}
