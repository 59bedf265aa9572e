import { createRegistry } from '../../src/core/plugins/registry';
import type { AnyPlugin } from '../../src/core/plugins/kinds';
import { ACTIVITY, ORCHESTRATOR_NAME } from '../../src/orchestration/activityNames';
import type { AggregateInput, BatchResult, EvaluateBatchInput, RunPlan } from '../../src/orchestration/contracts';
import { runOrchestration, type ActivityHandler } from '../../src/orchestration/driver/inProcessDriver';
import type { HistoryEvent } from '../../src/orchestration/driver/history';
import { createSuiteOrchestrator } from '../../src/orchestration/suiteOrchestrator';
import { earlyStopPlugins } from '../../src/plugins/earlyStop';

const registry = createRegistry([...earlyStopPlugins] as AnyPlugin[]);

function plan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    runId: 'run-test-1',
    suite: 'test',
    baseline: 'base',
    rowCount: 10,
    batchSize: 2,
    batchCount: 5,
    maxBatchesInFlight: 3,
    securityLevel: 'unofficial',
    costEstimate: { rows: 10, experiments: 2, requests: 20, estimated_prompt_tokens: 0, estimated_completion_tokens: 0, estimated_cost: 0 },
    experiments: [
      { name: 'base', isBaseline: true, sequential: false, earlyStop: [], calls: 1 },
      { name: 'variant', isBaseline: false, sequential: false, earlyStop: [], calls: 1 },
    ],
    ...overrides,
  };
}

/** Fake activities that record what the orchestrator asked for. */
function fakeActivities(runPlan: RunPlan, batch: (input: EvaluateBatchInput) => Promise<BatchResult> = async (input) => batchResult(input)) {
  const calls: { name: string; input: unknown }[] = [];
  const record = (name: string, result: (input: never) => unknown): ActivityHandler => async (input) => {
    calls.push({ name, input });
    return result(input as never);
  };
  const activities: Record<string, ActivityHandler> = {
    [ACTIVITY.plan]: record(ACTIVITY.plan, () => runPlan),
    [ACTIVITY.evaluateBatch]: async (input) => {
      calls.push({ name: ACTIVITY.evaluateBatch, input });
      return batch(input as EvaluateBatchInput);
    },
    [ACTIVITY.aggregate]: record(ACTIVITY.aggregate, (input: AggregateInput) => ({ experiment: input.experiment, rows: 10, ok: 10, failed: 0, skipped: 0, cost: input.cost })),
    [ACTIVITY.compare]: record(ACTIVITY.compare, (input: { variant: string }) => ({ variant: input.variant, plugins: [], verdicts: [] })),
    [ACTIVITY.report]: record(ACTIVITY.report, (input: { experiment: string }) => ({ experiment: input.experiment, files: [`${input.experiment}/r.csv`] })),
    [ACTIVITY.finish]: record(ACTIVITY.finish, (input: { runId: string; experiments: unknown[] }) => ({ runId: input.runId, experiments: input.experiments })),
  };
  return { calls, activities };
}

function batchResult(input: EvaluateBatchInput, extra: Partial<BatchResult> = {}): BatchResult {
  return { experiment: input.experiment, batch: input.batch, rows: 2, ok: 2, failed: 0, skipped: 0, cost: { total_cost: 0.5 }, observations: [], ...extra };
}

function drive(activities: Record<string, ActivityHandler>, extra: { orderCompletions?: (e: HistoryEvent[]) => HistoryEvent[] } = {}) {
  return runOrchestration({
    orchestrator: createSuiteOrchestrator(registry),
    orchestratorName: ORCHESTRATOR_NAME,
    activities,
    instanceId: 'run-test-1',
    input: { runId: 'run-test-1', trigger: 'cli', suite: 'test', settingsFile: '/dev/null' },
    maxConcurrentActivities: 4,
    retryDelay: () => 1,
    ...extra,
  });
}

const aggregateInputs = (calls: { name: string; input: unknown }[]) =>
  calls.filter((c) => c.name === ACTIVITY.aggregate).map((c) => c.input as AggregateInput).sort((a, b) => a.experiment.localeCompare(b.experiment));

describe('suite orchestrator', () => {
  it('plans, fans out every batch in waves, then aggregates, compares, reports and finishes', async () => {
    const runPlan = plan();
    const { calls, activities } = fakeActivities(runPlan);
    const statuses: unknown[] = [];
    const result = await runOrchestration({
      orchestrator: createSuiteOrchestrator(registry),
      orchestratorName: ORCHESTRATOR_NAME,
      activities,
      instanceId: 'run-test-1',
      input: { runId: 'run-test-1' },
      maxConcurrentActivities: 8,
      onCustomStatus: (status) => statuses.push(status),
    });
    const names = calls.map((c) => c.name);
    expect(names.filter((n) => n === ACTIVITY.evaluateBatch)).toHaveLength(10);
    expect([names[0], names.at(-1)]).toEqual([ACTIVITY.plan, ACTIVITY.finish]);
    expect(names.filter((n) => n === ACTIVITY.compare)).toHaveLength(1);
    expect(aggregateInputs(calls)).toEqual([
      { runId: 'run-test-1', experiment: 'base', cost: { total_cost: 2.5 }, failedBatches: [], unscheduledBatches: [] },
      { runId: 'run-test-1', experiment: 'variant', cost: { total_cost: 2.5 }, failedBatches: [], unscheduledBatches: [] },
    ]);
    expect(statuses.at(-1)).toMatchObject({ phase: 'done', experiments: { base: { done: 10, total: 10, failed: 0 }, variant: { done: 10, total: 10, failed: 0 } }, costInUsd: 5 });
    expect(result.activityCalls).toBe(1 + 10 + 2 + 1 + 2 + 1);
  });

  it('keeps each wave within the batches-in-flight limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const { activities } = fakeActivities(plan(), async (input) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return batchResult(input);
    });
    await drive(activities);
    expect(peak).toBe(3);
  });

  it.each([
    ['arrival order', undefined],
    ['reversed', (events: HistoryEvent[]) => [...events].reverse()],
    ['odd first', (events: HistoryEvent[]) => [...events.filter((_, i) => i % 2 === 1), ...events.filter((_, i) => i % 2 === 0)]],
  ])('decides the same early stop whatever the completion order (%s)', async (_name, orderCompletions) => {
    const runPlan = plan({
      experiments: [
        { name: 'base', isBaseline: true, sequential: false, earlyStop: [], calls: 1 },
        { name: 'variant', isBaseline: false, sequential: false, earlyStop: [{ name: 'threshold', options: { metric: 'score', threshold: 0.9, min_rows: 3 } }], calls: 1 },
      ],
    });
    const { calls, activities } = fakeActivities(runPlan, async (input) => {
      await new Promise((resolve) => setTimeout(resolve, (input.batch * 7) % 4));
      const first = input.batch * 2;
      // Rows 2 and 3 score 0.95; the threshold needs 3 rows, so it fires at row 2 (batch 1).
      const score = (row: number) => (row === 2 || row === 3 ? 0.95 : 0.5);
      return batchResult(input, { observations: input.experiment === 'variant' ? [[first, score(first)], [first + 1, score(first + 1)]] : [] });
    });
    await drive(activities, orderCompletions ? { orderCompletions } : {});
    const variant = aggregateInputs(calls)[1]!;
    expect(variant.earlyStop).toEqual({ metric: 'score', comparison: 'gte', threshold: 0.9, value: 0.95, rows_observed: 3, row_index: 2, plugin: 'threshold' });
    // Waves of 3: base 0-2 | base 3-4 + variant 0 | variant 1-3. The stop is seen after the
    // third wave, so batch 3 (in flight with it) is kept, as the original kept in-flight rows.
    expect(variant.unscheduledBatches).toEqual([4]);
    expect(calls.filter((c) => c.name === ACTIVITY.evaluateBatch && (c.input as EvaluateBatchInput).experiment === 'variant')).toHaveLength(4);
  });

  it('runs a sequential experiment one batch at a time and hands it the early-stop state', async () => {
    const runPlan = plan({
      experiments: [{ name: 'base', isBaseline: true, sequential: true, earlyStop: [{ name: 'threshold', options: { metric: 'score', threshold: 2 } }], calls: 1 }],
    });
    const { calls, activities } = fakeActivities(runPlan, async (input) => batchResult(input, { observations: [[input.batch * 2, 1], [input.batch * 2 + 1, 1]] }));
    await drive(activities);
    const inputs = calls.filter((c) => c.name === ACTIVITY.evaluateBatch).map((c) => c.input as EvaluateBatchInput);
    expect(inputs.map((i) => [i.batch, i.earlyStopState])).toEqual([0, 1, 2, 3, 4].map((batch) => [batch, [{ rows_observed: batch * 2, reason: null }]]));
  });

  it('retries a batch that failed for an infrastructure fault', async () => {
    let failures = 2;
    const { calls, activities } = fakeActivities(plan(), async (input) => {
      if (input.experiment === 'variant' && input.batch === 4 && failures-- > 0) throw new Error('blob store unavailable');
      return batchResult(input);
    });
    await drive(activities);
    expect(calls.filter((c) => c.name === ACTIVITY.evaluateBatch)).toHaveLength(12);
    expect(aggregateInputs(calls).map((a) => a.failedBatches)).toEqual([[], []]);
  });

  it('settles a wave whose batch fails for good through the aggregate step and goes on', async () => {
    const { calls, activities } = fakeActivities(plan(), async (input) => {
      if (input.experiment === 'base' && input.batch === 1) throw new Error('permanent fault');
      return batchResult(input);
    });
    const result = await drive(activities);
    const base = aggregateInputs(calls)[0]!;
    expect(base.failedBatches.map((b) => b.batch)).toEqual([0, 1, 2]);
    expect(base.failedBatches[0]!.error).toContain('permanent fault');
    expect(calls.filter((c) => c.name === ACTIVITY.finish)).toHaveLength(1);
    expect(result.output).toMatchObject({ runId: 'run-test-1' });
  });
});

describe('paired early stop (sequential_difference)', () => {
  it('runs a paired variant batch only after the baseline batch and feeds it the baseline values', async () => {
    const runPlan = plan({
      batchCount: 12,
      rowCount: 120,
      batchSize: 10,
      maxBatchesInFlight: 4,
      experiments: [
        { name: 'base', isBaseline: true, sequential: false, earlyStop: [], calls: 1 },
        { name: 'variant', isBaseline: false, sequential: false, earlyStop: [{ name: 'sequential_difference', options: { min_pairs: 5 } }], calls: 1, pairsWithBaseline: true },
      ],
    });
    const completed = new Set<string>();
    const scheduledTooEarly: number[] = [];
    const rowsOf = (batch: number) => Array.from({ length: 10 }, (_, i) => batch * 10 + i);
    const { calls, activities } = fakeActivities(runPlan, async (input) => {
      if (input.experiment === 'variant' && !completed.has(`base:${input.batch}`)) scheduledTooEarly.push(input.batch);
      completed.add(`${input.experiment}:${input.batch}`);
      const base = (row: number) => 0.3 + (row % 3) * 0.01;
      const extra: Partial<BatchResult> =
        input.experiment === 'variant'
          ? { observations: rowsOf(input.batch).map((row) => [row, base(row) + 0.5]), baselineObservations: rowsOf(input.batch).map((row) => [row, base(row)]) }
          : {};
      return batchResult(input, { rows: 10, ok: 10, ...extra });
    });
    await drive(activities);
    expect(scheduledTooEarly).toEqual([]);
    const variant = aggregateInputs(calls)[1]!;
    expect(variant.earlyStop).toMatchObject({ plugin: 'sequential_difference', decision: 'difference', direction: 'variant_above_baseline' });
    // Waves of 4: the baseline's 12 batches first, then variant 0-3, whose 40 pairs settle it.
    expect(variant.unscheduledBatches).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('run budget', () => {
  it('shares what is left among a wave and stops scheduling once the budget is spent', async () => {
    const runPlan = plan({ budget: { maxCost: 2, currency: 'USD' } });
    const { calls, activities } = fakeActivities(runPlan);
    await drive(activities);
    const batches = calls.filter((c) => c.name === ACTIVITY.evaluateBatch).map((c) => c.input as EvaluateBatchInput);
    // Each batch reports 0.5: wave 1 (3 batches) leaves 0.5, wave 2 spends past the limit.
    expect(batches.map((b) => b.costLimit)).toEqual([2 / 3, 2 / 3, 2 / 3, 0.5 / 3, 0.5 / 3, 0.5 / 3]);
    const finish = calls.find((c) => c.name === ACTIVITY.finish)!.input as { stopReason?: string };
    expect(finish.stopReason).toBe('budget of 2 USD reached (3.000000 spent)');
    expect(aggregateInputs(calls).map((a) => a.unscheduledBatches)).toEqual([[], [1, 2, 3, 4]]);
  });

  it('stops the run when a batch reports that it spent its share', async () => {
    const runPlan = plan({ budget: { maxCost: 100, currency: 'USD' } });
    const { calls, activities } = fakeActivities(runPlan, async (input) => batchResult(input, input.batch === 1 && input.experiment === 'base' ? { budgetStopped: true, skipped: 1, ok: 1 } : {}));
    await drive(activities);
    const finish = calls.find((c) => c.name === ACTIVITY.finish)!.input as { stopReason?: string };
    expect(finish.stopReason).toMatch(/^budget of 100 USD reached: a batch spent its share/);
    expect(calls.filter((c) => c.name === ACTIVITY.evaluateBatch)).toHaveLength(3);
  });
});
