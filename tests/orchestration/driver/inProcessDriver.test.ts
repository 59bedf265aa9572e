import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { runOrchestration, type ActivityHandler } from '../../../src/orchestration/driver/inProcessDriver';
import type { HistoryEvent } from '../../../src/orchestration/driver/history';

const retry = () => {
  const options = new df.RetryOptions(1000, 3);
  options.backoffCoefficient = 2;
  return options;
};

const fanOut: OrchestrationHandler = function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const count = context.df.getInput<number>();
  const first = (yield context.df.callActivity('double', 1)) as number;
  const tasks = Array.from({ length: count }, (_, i) => context.df.callActivityWithRetry('double', retry(), i + first));
  const results = (yield context.df.Task.all(tasks)) as number[];
  context.df.setCustomStatus({ done: results.length });
  return results.reduce((a, b) => a + b, 0);
};

const delayed = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function drive(orchestrator: OrchestrationHandler, activities: Record<string, ActivityHandler>, input: unknown, extra: Partial<Parameters<typeof runOrchestration>[0]> = {}) {
  return runOrchestration({
    orchestrator,
    orchestratorName: 'test',
    activities,
    instanceId: 'test-instance',
    input,
    maxConcurrentActivities: 4,
    retryDelay: () => 1,
    ...extra,
  });
}

describe('in-process driver', () => {
  it('runs a chain and a fan-out with the real replay executor', async () => {
    const statuses: unknown[] = [];
    const result = await drive(fanOut, { double: async (n) => (n as number) * 2 }, 5, { onCustomStatus: (s) => statuses.push(s) });
    // first = 2; inputs 2..6 doubled = 4+6+8+10+12
    expect(result.output).toBe(40);
    expect(result.activityCalls).toBe(6);
    expect(statuses.at(-1)).toEqual({ done: 5 });
    expect(result.historyBytes).toBeGreaterThan(0);
  });

  it.each([
    ['in arrival order', undefined],
    ['reversed', (events: HistoryEvent[]) => [...events].reverse()],
    ['interleaved', (events: HistoryEvent[]) => [...events.filter((_, i) => i % 2 === 1), ...events.filter((_, i) => i % 2 === 0)]],
  ])('gives the same answer when completions arrive %s', async (_name, orderCompletions) => {
    const activities = { double: async (n: unknown) => { await delayed(((n as number) * 7) % 5); return (n as number) * 2; } };
    const result = await drive(fanOut, activities, 12, orderCompletions ? { orderCompletions } : {});
    const expected = Array.from({ length: 12 }, (_, i) => (i + 2) * 2).reduce((a, b) => a + b, 0);
    expect(result.output).toBe(expected);
  });

  it('retries a failing activity through callActivityWithRetry and records every call', async () => {
    const failuresLeft = new Map<number, number>([[3, 2]]);
    const activities = {
      double: async (n: unknown) => {
        const left = failuresLeft.get(n as number) ?? 0;
        if (left > 0) {
          failuresLeft.set(n as number, left - 1);
          throw new Error(`transient fault for ${String(n)}`);
        }
        return (n as number) * 2;
      },
    };
    const result = await drive(fanOut, activities, 3);
    expect(result.output).toBe((2 + 3 + 4) * 2);
    expect(result.activityCalls).toBe(1 + 3 + 2);
  });

  it('fails the fan-in when retries are exhausted and lets the orchestrator catch it', async () => {
    const catching: OrchestrationHandler = function* (context) {
      try {
        yield context.df.Task.all([context.df.callActivityWithRetry('boom', retry(), 1), context.df.callActivity('ok', 2)]);
        return 'no error';
      } catch (error) {
        return `caught: ${(error as Error).message}`;
      }
    };
    const result = await drive(catching, { boom: async () => { throw new Error('always fails'); }, ok: async () => 'fine' }, null);
    expect(String(result.output)).toContain('caught:');
    expect(String(result.output)).toContain('always fails');
    expect(result.activityCalls).toBe(4);
  });

  it('catches an orchestrator that schedules different work on replay', async () => {
    let invocations = 0;
    const fickle: OrchestrationHandler = function* (context) {
      invocations++;
      const name = invocations === 1 ? 'double' : 'triple';
      yield context.df.callActivity(name, 1);
      yield context.df.callActivity('double', 2);
      return 'done';
    };
    await expect(drive(fickle, { double: async (n) => n, triple: async (n) => n }, null)).rejects.toMatchObject({ code: 'NON_DETERMINISTIC_ORCHESTRATION' });
  });

  it('reports an orchestrator that throws as a failed orchestration', async () => {
    const failing: OrchestrationHandler = function* (context) {
      yield context.df.callActivity('double', 1);
      throw new Error('orchestrator bug');
    };
    await expect(drive(failing, { double: async (n) => n }, null)).rejects.toThrow('orchestrator bug');
  });

  it('keeps no more activities in flight than allowed', async () => {
    let inFlight = 0;
    let peak = 0;
    const activities = {
      double: async (n: unknown) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await delayed(2);
        inFlight--;
        return (n as number) * 2;
      },
    };
    await drive(fanOut, activities, 20, { maxConcurrentActivities: 3 });
    expect(peak).toBe(3);
  });
});
