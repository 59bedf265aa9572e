import fs from 'node:fs';
import path from 'node:path';
import type { OrchestrationHandler } from 'durable-functions';
import { replayOrchestration } from '../../../src/orchestration/driver/replayExecutor';
import { historyEvents } from '../../../src/orchestration/driver/history';

/**
 * The driver reaches into durable-functions internals. These tests fail loudly if an
 * upgrade moves them: pin the version, or adapt replayExecutor.ts.
 */
describe('durable-functions replay executor access', () => {
  it('is the pinned version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../node_modules/durable-functions/package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(ours.dependencies['durable-functions']).toBe('3.5.0');
    expect(manifest.version).toBe('3.5.0');
  });

  it('replays a history and reports the open work by sequence id', async () => {
    const orchestrator: OrchestrationHandler = function* (context) {
      const a = (yield context.df.callActivity('first', 'x')) as string;
      yield context.df.Task.all([context.df.callActivity('second', a), context.df.callActivity('third', a)]);
      return 'done';
    };
    const at = new Date('2026-01-01T00:00:00Z');
    const history = [historyEvents.orchestratorStarted(at), historyEvents.executionStarted(at, 'o', null)];
    const first = await replayOrchestration(orchestrator, { instanceId: 'i', name: 'o', input: null, history });
    expect(first.actions).toEqual([{ kind: 'activity', name: 'first', input: '"x"' }]);
    expect(first.openWork).toEqual([{ id: 0, kind: 'activity', name: 'first', input: '"x"' }]);

    history.push(historyEvents.orchestratorStarted(at), historyEvents.taskCompleted(at, 0, 'A'));
    const second = await replayOrchestration(orchestrator, { instanceId: 'i', name: 'o', input: null, history });
    expect(second.actions.map((a) => a.name)).toEqual(['first', 'second', 'third']);
    expect(second.openWork).toEqual([
      { id: 1, kind: 'activity', name: 'second', input: '"A"' },
      { id: 2, kind: 'activity', name: 'third', input: '"A"' },
    ]);
    expect(second.isDone).toBe(false);
  });
});
