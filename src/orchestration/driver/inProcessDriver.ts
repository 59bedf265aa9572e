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
  historyEvents: number;
  historyBytes: number;
  activityCalls: number;
  replays: number;
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
  private readonly history: HistoryEvent[] = [];
  private historyBytes = 0;
  private readonly known: ScheduledAction[] = [];
  private readonly dispatched = new Set<number>();
  private readonly pending: HistoryEvent[] = [];
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  private timers = 0;
  private activityCalls = 0;
  private replays = 0;
  private wake: (() => void) | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: DriverOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async execute(): Promise<DriverResult> {
    const started = this.now();
    this.append(historyEvents.orchestratorStarted(started), historyEvents.executionStarted(started, this.options.orchestratorName, this.options.input));
    for (;;) {
      const replay = await replayOrchestration(this.options.orchestrator, {
        instanceId: this.options.instanceId,
        name: this.options.orchestratorName,
        input: this.options.input,
        history: this.history,
      });
      this.replays++;
      if (replay.customStatus !== undefined) this.options.onCustomStatus?.(replay.customStatus);
      this.checkDeterminism(replay.actions);
      if (replay.error !== undefined) throw new AppError('INTERNAL', `Orchestration ${this.options.instanceId} failed: ${replay.error}`);
      if (replay.isDone) return this.result(replay.output, replay.customStatus);
      this.dispatch(replay.openWork);
      await this.nextCompletions();
    }
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
    this.queue.push(async () => {
      this.activityCalls++;
      const handler = this.options.activities[name];
      try {
        if (!handler) throw new AppError('INTERNAL', `No activity named '${name}' is registered`);
        const result = await handler(roundTrip(input));
        this.complete(historyEvents.taskCompleted(this.now(), id, result));
      } catch (error) {
        const info = toErrorInfo(error);
        this.complete(historyEvents.taskFailed(this.now(), id, info.message, JSON.stringify(info)));
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
    this.append(historyEvents.timerCreated(this.now(), id, fireAt));
    this.timers++;
    setTimeout(() => {
      this.timers--;
      this.complete(historyEvents.timerFired(this.now(), id, fireAt));
    }, delayInMs);
  }

  private complete(event: HistoryEvent): void {
    this.pending.push(event);
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
    }
  }

  private result(output: unknown, customStatus: unknown): DriverResult {
    this.append(historyEvents.orchestratorCompleted(this.now()));
    return { output, customStatus, historyEvents: this.history.length, historyBytes: this.historyBytes, activityCalls: this.activityCalls, replays: this.replays };
  }
}

/** Inputs and results cross a serialisation boundary in the host; so they do here. */
function roundTrip(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(typeof value === 'string' ? value : JSON.stringify(value)) as unknown);
}
