import { createRegistry } from '../../src/core/plugins/registry';
import type { AnyPlugin } from '../../src/core/plugins/kinds';
import { bindActivities } from '../../src/orchestration/activities';
import { activityResult } from '../../src/orchestration/activityCalls';
import { ACTIVITY } from '../../src/orchestration/activityNames';
import { ACTIVITY_SCHEMAS } from '../../src/orchestration/activitySchemas';
import { createMemoryRunServices } from '../fakes/runServices';

describe('activity contracts are checked where they cross', () => {
  it('every activity has an input and an output schema', () => {
    expect(Object.keys(ACTIVITY_SCHEMAS).sort()).toEqual(Object.values(ACTIVITY).sort());
  });

  it.each([
    [ACTIVITY.evaluateBatch, { runId: 'r', experiment: 'e', batch: -1, slots: 1 }, 'batch: '],
    [ACTIVITY.plan, { runId: 'r', suite: 's', settingsFile: 'x' }, 'trigger: '],
    [ACTIVITY.aggregate, { runId: 'r', experiment: 'e', cost: {}, failedBatches: [{ batch: 0 }], unscheduledBatches: [] }, 'failedBatches.0.error: '],
    [ACTIVITY.compare, { runId: 'r', baseline: 'b' }, 'variant: '],
    [ACTIVITY.report, { runId: 'r' }, 'experiment: '],
    [ACTIVITY.finish, { runId: 'r', experiments: [], reports: [] }, 'startedAt: '],
  ])('%s refuses a malformed input before its handler runs, naming the key', async (name, input, key) => {
    const { services, blobs } = createMemoryRunServices(createRegistry([] as AnyPlugin[]));
    const answer = await bindActivities(services)[name](input);
    expect(answer).toEqual({ activityFailed: { code: 'INTERNAL', retryable: false, message: expect.stringContaining(`Activity '${name}' input does not match its contract: ${key}`), details: { activity: name, side: 'input' } } });
    expect(await blobs.list('')).toEqual([]);
  });

  it('the orchestrator refuses an output that breaks the contract, naming the key', () => {
    let caught: unknown;
    try {
      activityResult(ACTIVITY.evaluateBatch, { experiment: 'e', batch: 0, rows: 2, ok: 2, failed: 0, skipped: 0, cost: { total: 'x' }, observations: [] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INTERNAL', message: "Activity 'evaluateBatch' output does not match its contract: cost.total: Invalid input: expected number, received string" });
  });
});
