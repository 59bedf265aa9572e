import type { OrchestrationHandler, Task } from 'durable-functions';
import { historyEvents } from '../../../src/orchestration/driver/history';
import { replayOrchestration } from '../../../src/orchestration/driver/replayExecutor';
import { whenAny } from '../../../src/orchestration/schedule/whenAny';

const at = new Date('2026-01-01T00:00:00Z');

/** a and b start; when one finishes, c starts and the other is still awaited. */
function slidingWindow(any: (context: Parameters<OrchestrationHandler>[0], tasks: Task[]) => Task): OrchestrationHandler {
  return function* (context) {
    const running = [context.df.callActivity('work', 'a'), context.df.callActivity('work', 'b')];
    const first = yield any(context, running);
    running.splice(running.indexOf(first as Task), 1);
    running.push(context.df.callActivity('work', 'c'));
    yield any(context, running);
    return 'done';
  };
}

async function actionsAfterFirstCompletion(handler: OrchestrationHandler) {
  const history = [historyEvents.orchestratorStarted(at), historyEvents.executionStarted(at, 'o', null)];
  await replayOrchestration(handler, { instanceId: 'i', name: 'o', input: null, history });
  history.push(historyEvents.taskScheduled(at, 0, 'work', 'a'), historyEvents.taskScheduled(at, 1, 'work', 'b'));
  history.push(historyEvents.orchestratorStarted(at), historyEvents.taskCompleted(at, 0, 'A'));
  return replayOrchestration(handler, { instanceId: 'i', name: 'o', input: null, history });
}

describe('whenAny (sliding window over durable-functions 3.5.0)', () => {
  it('re-emits running activities with the SDK Task.any (azure-functions-durable-js#574); if this fails, the SDK was fixed and whenAny may go', async () => {
    const replay = await actionsAfterFirstCompletion(slidingWindow((context, tasks) => context.df.Task.any(tasks)));
    expect(replay.actions.map((a) => a.input)).toEqual(['"a"', '"b"', '"b"', '"c"']);
  });

  it('emits only the new activity, and still waits for the one running', async () => {
    const replay = await actionsAfterFirstCompletion(slidingWindow(whenAny));
    expect(replay.actions.map((a) => a.input)).toEqual(['"a"', '"b"', '"c"']);
    expect(replay.openWork.map((w) => w.id)).toEqual([1, 2]);
    expect(replay.isDone).toBe(false);
  });

  it('emits no action when it waits only for activities already running', async () => {
    const handler: OrchestrationHandler = function* (context) {
      const running = [context.df.callActivity('work', 'a'), context.df.callActivity('work', 'b'), context.df.callActivity('work', 'c')];
      const first = yield whenAny(context, running);
      running.splice(running.indexOf(first as Task), 1);
      const second = (yield whenAny(context, running)) as Task;
      return second.result;
    };
    const history = [historyEvents.orchestratorStarted(at), historyEvents.executionStarted(at, 'o', null)];
    history.push(historyEvents.taskScheduled(at, 0, 'work', 'a'), historyEvents.taskScheduled(at, 1, 'work', 'b'), historyEvents.taskScheduled(at, 2, 'work', 'c'));
    history.push(historyEvents.orchestratorStarted(at), historyEvents.taskCompleted(at, 1, 'B'));
    const waiting = await replayOrchestration(handler, { instanceId: 'i', name: 'o', input: null, history });
    expect(waiting.actions).toHaveLength(3);
    history.push(historyEvents.orchestratorStarted(at), historyEvents.taskCompleted(at, 2, 'C'));
    const done = await replayOrchestration(handler, { instanceId: 'i', name: 'o', input: null, history });
    expect(done).toMatchObject({ isDone: true, output: 'C' });
  });
});
