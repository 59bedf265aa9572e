import { createRegistry } from '../../src/core/plugins/registry';
import type { AnyPlugin } from '../../src/core/plugins/kinds';
import { ACTIVITY, ORCHESTRATOR_NAME } from '../../src/orchestration/activityNames';
import type { AggregateInput, BatchResult, EvaluateBatchInput, PlannedExperiment, RunPlan } from '../../src/orchestration/contracts';
import { runOrchestration, type ActivityHandler } from '../../src/orchestration/driver/inProcessDriver';
import type { HistoryEvent } from '../../src/orchestration/driver/history';
import { createSuiteOrchestrator } from '../../src/orchestration/suiteOrchestrator';
import { earlyStopPlugins } from '../../src/plugins/earlyStop';

const registry = createRegistry([...earlyStopPlugins] as AnyPlugin[]);

const experiment = (name: string, extra: Partial<PlannedExperiment> = {}): PlannedExperiment => ({
  name,
  isBaseline: name === 'base',
  sequential: false,
  earlyStop: [],
  calls: 1,
  maxCalls: 6,
  ...extra,
});

function plan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    runId: 'run-test-1',
    suite: 'test',
    baseline: 'base',
    rowCount: 10,
    batchSize: 2,
    batchCount: 5,
    maxBatchesInFlight: 3,
    maxCallsInFlight: 6,
    slotsPerBatch: 2,
    securityLevel: 'unofficial',
    costEstimate: { rows: 10, experiments: 2, requests: 20, estimated_prompt_tokens: 0, estimated_completion_tokens: 0, estimated_cost: 0 },
    experiments: [experiment('base'), experiment('variant')],
    ...overrides,
  };
}

type Calls = { name: string; input: unknown }[];

/** Fake activities that record what the orchestrator asked for. */
function fakeActivities(runPlan: RunPlan, batch: (input: EvaluateBatchInput) => Promise<BatchResult> = async (input) => batchResult(input)) {
  const calls: Calls = [];
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
    [ACTIVITY.finish]: record(ACTIVITY.finish, (input: { runId: string; experiments: unknown[] }) => ({ runId: input.runId, suite: 'test', status: 'completed', experiments: input.experiments, reportPrefix: '', reports: [], costInUsd: 0 })),
  };
  return { calls, activities };
}

function batchResult(input: EvaluateBatchInput, extra: Partial<BatchResult> = {}): BatchResult {
  return { experiment: input.experiment, batch: input.batch, rows: 2, ok: 2, failed: 0, skipped: 0, cost: { total_cost: 0.5 }, observations: [], ...extra };
}

function drive(activities: Record<string, ActivityHandler>, extra: { orderCompletions?: (e: HistoryEvent[]) => HistoryEvent[]; onCustomStatus?: (s: unknown) => void } = {}) {
  return runOrchestration({
    orchestrator: createSuiteOrchestrator(registry),
    orchestratorName: ORCHESTRATOR_NAME,
    activities,
    instanceId: 'run-test-1',
    input: { runId: 'run-test-1', trigger: 'cli', suite: 'test', settingsFile: '/dev/null' },
    maxConcurrentActivities: 16,
    retryDelay: () => 1,
    ...extra,
  });
}

const batchInputs = (calls: Calls) => calls.filter((c) => c.name === ACTIVITY.evaluateBatch).map((c) => c.input as EvaluateBatchInput);
const aggregateInputs = (calls: Calls) =>
  calls.filter((c) => c.name === ACTIVITY.aggregate).map((c) => c.input as AggregateInput).sort((a, b) => a.experiment.localeCompare(b.experiment));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('suite orchestrator', () => {
  it('plans, evaluates every batch row-major across experiments, then aggregates, compares, reports and finishes', async () => {
    const { calls, activities } = fakeActivities(plan());
    const statuses: unknown[] = [];
    const result = await drive(activities, { onCustomStatus: (status) => statuses.push(status) });
    const names = calls.map((c) => c.name);
    expect([names[0], names.at(-1)]).toEqual([ACTIVITY.plan, ACTIVITY.finish]);
    expect(batchInputs(calls).map((b) => `${b.experiment}:${b.batch}`)).toEqual([
      'base:0', 'variant:0', 'base:1', 'variant:1', 'base:2', 'variant:2', 'base:3', 'variant:3', 'base:4', 'variant:4',
    ]);
    expect(names.filter((n) => n === ACTIVITY.compare)).toHaveLength(1);
    expect(aggregateInputs(calls)).toEqual([
      { runId: 'run-test-1', experiment: 'base', cost: { total_cost: 2.5 }, failedBatches: [], unscheduledBatches: [] },
      { runId: 'run-test-1', experiment: 'variant', cost: { total_cost: 2.5 }, failedBatches: [], unscheduledBatches: [] },
    ]);
    expect(statuses.at(-1)).toMatchObject({ phase: 'done', experiments: { base: { done: 10, total: 10, failed: 0 }, variant: { done: 10, total: 10, failed: 0 } }, costInUsd: 5 });
    expect(result.activityCalls).toBe(1 + 10 + 2 + 1 + 2 + 1);
    expect(result.executions).toBe(1);
  });

  it('never hands out more call slots than the run-wide cap, nor more batches than lanes', async () => {
    const runPlan = plan({ maxCallsInFlight: 5, slotsPerBatch: 2, maxBatchesInFlight: 3 });
    let slots = 0;
    let batches = 0;
    const peaks = { slots: 0, batches: 0 };
    const { calls, activities } = fakeActivities(runPlan, async (input) => {
      slots += input.slots;
      batches++;
      peaks.slots = Math.max(peaks.slots, slots);
      peaks.batches = Math.max(peaks.batches, batches);
      await sleep(2 + (input.batch % 3));
      slots -= input.slots;
      batches--;
      return batchResult(input);
    });
    await drive(activities);
    expect(peaks).toEqual({ slots: 5, batches: 3 });
    expect(new Set(batchInputs(calls).map((b) => b.slots))).toEqual(new Set([1, 2]));
  });

  it('starts the next batch as soon as any batch finishes: a slow batch leaves no lane idle', async () => {
    const runPlan = plan({ rowCount: 40, batchCount: 20, experiments: [experiment('base')] });
    // Batch 0 finishes only when every other batch has started (or after 5 s, so a wave
    // barrier shows as a low count rather than a hang): no timing assumption about the machine.
    let startedWhileSlow = 0;
    let releaseSlow = (): void => undefined;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const fallback = setTimeout(releaseSlow, 5000);
    let slowDone = false;
    const { activities } = fakeActivities(runPlan, async (input) => {
      if (input.batch === 0) {
        await slow;
        slowDone = true;
      } else {
        if (!slowDone) startedWhileSlow++;
        if (startedWhileSlow === 19) releaseSlow();
        await sleep(1);
      }
      return batchResult(input);
    });
    await drive(activities);
    clearTimeout(fallback);
    // Waves of 3 would have started 2 batches before batch 0 finished; a sliding window starts all the others.
    expect(startedWhileSlow).toBe(19);
  });

  it.each([
    ['arrival order', undefined],
    ['reversed', (events: HistoryEvent[]) => [...events].reverse()],
    ['odd first', (events: HistoryEvent[]) => [...events.filter((_, i) => i % 2 === 1), ...events.filter((_, i) => i % 2 === 0)]],
  ])('decides the same early stop whatever the completion order (%s)', async (_name, orderCompletions) => {
    const runPlan = plan({
      maxBatchesInFlight: 2,
      experiments: [experiment('base'), experiment('variant', { earlyStop: [{ name: 'threshold', options: { metric: 'score', threshold: 0.9, min_rows: 3 } }] })],
    });
    const { calls, activities } = fakeActivities(runPlan, async (input) => {
      await sleep((input.batch * 7) % 4);
      const first = input.batch * 2;
      // Rows 2 and 3 score 0.95; the threshold needs 3 rows, so it fires at row 2 (batch 1).
      const score = (row: number) => (row === 2 || row === 3 ? 0.95 : 0.5);
      return batchResult(input, { observations: input.experiment === 'variant' ? [[first, score(first)], [first + 1, score(first + 1)]] : [] });
    });
    await drive(activities, orderCompletions ? { orderCompletions } : {});
    const [base, variant] = aggregateInputs(calls);
    expect(variant!.earlyStop).toEqual({ metric: 'score', comparison: 'gte', threshold: 0.9, value: 0.95, rows_observed: 3, row_index: 2, plugin: 'threshold' });
    // The stopped variant holds nothing back: the baseline goes to the end.
    expect(base!.unscheduledBatches).toEqual([]);
    expect(variant!.unscheduledBatches.length).toBeGreaterThanOrEqual(1);
    expect(variant!.unscheduledBatches.at(-1)).toBe(4);
  });

  it('runs a sequential experiment one batch at a time and hands it the early-stop state', async () => {
    const runPlan = plan({ experiments: [experiment('base', { sequential: true, maxCalls: 1, earlyStop: [{ name: 'threshold', options: { metric: 'score', threshold: 2 } }] })] });
    const { calls, activities } = fakeActivities(runPlan, async (input) => batchResult(input, { observations: [[input.batch * 2, 1], [input.batch * 2 + 1, 1]] }));
    await drive(activities);
    expect(batchInputs(calls).map((i) => [i.batch, i.slots, i.earlyStopState])).toEqual([0, 1, 2, 3, 4].map((batch) => [batch, 1, [{ rows_observed: batch * 2, reason: null }]]));
  });

  it('retries a batch that failed for an infrastructure fault', async () => {
    let failures = 2;
    const { calls, activities } = fakeActivities(plan(), async (input) => {
      if (input.experiment === 'variant' && input.batch === 4 && failures-- > 0) throw new Error('blob store unavailable');
      return batchResult(input);
    });
    await drive(activities);
    expect(batchInputs(calls)).toHaveLength(12);
    expect(aggregateInputs(calls).map((a) => a.failedBatches)).toEqual([[], []]);
  });

  it('loses only the batch that fails for good: the others keep their results and cost', async () => {
    const { calls, activities } = fakeActivities(plan(), async (input) => {
      if (input.experiment === 'base' && input.batch === 1) throw new Error('permanent fault');
      return batchResult(input);
    });
    const result = await drive(activities);
    const [base, variant] = aggregateInputs(calls);
    expect(base!.failedBatches.map((b) => b.batch)).toEqual([1]);
    expect(base!.failedBatches[0]!.error).toContain('permanent fault');
    expect(base!.cost).toEqual({ total_cost: 2 });
    expect(variant!.failedBatches).toEqual([]);
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
      maxCallsInFlight: 8,
      experiments: [experiment('base'), experiment('variant', { earlyStop: [{ name: 'sequential_difference', options: { min_pairs: 5 } }], pairsWithBaseline: true })],
    });
    const completed = new Set<string>();
    const scheduledTooEarly: number[] = [];
    const rowsOf = (batch: number) => Array.from({ length: 10 }, (_, i) => batch * 10 + i);
    const { calls, activities } = fakeActivities(runPlan, async (input) => {
      if (input.experiment === 'variant' && !completed.has(`base:${input.batch}`)) scheduledTooEarly.push(input.batch);
      await sleep(1);
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
    const [base, variant] = aggregateInputs(calls);
    expect(variant!.earlyStop).toMatchObject({ plugin: 'sequential_difference', decision: 'difference', direction: 'variant_above_baseline' });
    expect(variant!.unscheduledBatches.length).toBeGreaterThan(4);
    expect(base!.unscheduledBatches).toEqual([]);
  });
});

describe('hand-over between executions (continueAsNew)', () => {
  it('bounds each execution and ends with the same outcome as one long execution', async () => {
    const long = plan({ rowCount: 60, batchCount: 30, maxBatchesInFlight: 3 });
    const short = { ...long, batchesPerExecution: 7 };
    const results = [];
    for (const runPlan of [long, short]) {
      const { calls, activities } = fakeActivities(runPlan, async (input) => {
        await sleep(input.batch % 2);
        return batchResult(input, { cost: { total_cost: 0.25 + input.batch / 100 } });
      });
      const driver = await drive(activities);
      results.push({ driver, aggregates: aggregateInputs(calls), batches: batchInputs(calls).length });
    }
    const [one, many] = results;
    expect(one!.driver.executions).toBe(1);
    // Each execution stops starting batches after 7 and lets the (at most 2) others finish.
    expect(many!.driver.executions).toBeGreaterThanOrEqual(Math.ceil(60 / 9));
    expect(many!.driver.executions).toBeLessThanOrEqual(Math.ceil(60 / 7));
    expect(many!.driver.peakHistoryEvents).toBeLessThan(one!.driver.peakHistoryEvents / 3);
    expect(many!.aggregates).toEqual(one!.aggregates);
    expect(many!.batches).toBe(60);
  });

  it('carries early-stop state across executions', async () => {
    const runPlan = plan({
      rowCount: 40,
      batchCount: 20,
      batchesPerExecution: 3,
      experiments: [experiment('base'), experiment('variant', { earlyStop: [{ name: 'threshold', options: { metric: 'score', threshold: 0.9, min_rows: 12 } }] })],
    });
    const { calls, activities } = fakeActivities(runPlan, async (input) =>
      batchResult(input, { observations: input.experiment === 'variant' ? [[input.batch * 2, 0.95], [input.batch * 2 + 1, 0.95]] : [] }),
    );
    const driver = await drive(activities);
    expect(driver.executions).toBeGreaterThan(3);
    const variant = aggregateInputs(calls)[1]!;
    expect(variant.earlyStop).toMatchObject({ plugin: 'threshold', rows_observed: 12, row_index: 11 });
  });
});

describe('run budget', () => {
  it('starts nothing more once a batch finds the budget spent, and counts the rest as unscheduled', async () => {
    const runPlan = plan({ rowCount: 40, batchCount: 20, budget: { maxCost: 4, currency: 'USD', order: 'balanced' } });
    const { calls, activities } = fakeActivities(runPlan, async (input) => {
      await sleep(1);
      // The pool runs dry during the fourth chunk.
      return batchResult(input, input.batch >= 3 ? { budgetStopped: true, ok: 1, skipped: 1, cost: { total_cost: 0.25 } } : {});
    });
    await drive(activities);
    const finish = calls.find((c) => c.name === ACTIVITY.finish)!.input as { stopReason?: string };
    expect(finish.stopReason).toMatch(/^budget of 4 USD reached \(\d+\.\d{6} spent\)$/);
    const perExperiment = ['base', 'variant'].map((name) => batchInputs(calls).filter((b) => b.experiment === name).length);
    expect(perExperiment[0]).toBeLessThan(8);
    expect(Math.abs(perExperiment[0]! - perExperiment[1]!)).toBeLessThanOrEqual(1);
    const [base] = aggregateInputs(calls);
    expect(base!.unscheduledBatches.at(-1)).toBe(19);
  });

  it('advances in rounds with a balanced budget: chunk k starts once every experiment finished k - 1', async () => {
    const runPlan = plan({ rowCount: 20, batchCount: 10, maxBatchesInFlight: 2, rounds: true, experiments: [experiment('base'), experiment('variant')], budget: { maxCost: 100, currency: 'USD', order: 'balanced' } });
    const finished = new Set<string>();
    const early: string[] = [];
    const { activities } = fakeActivities(runPlan, async (input) => {
      for (const name of ['base', 'variant']) if (input.batch > 0 && !finished.has(`${name}:${input.batch - 1}`)) early.push(`${input.experiment}:${input.batch}`);
      await sleep(input.experiment === 'base' ? 1 : 4);
      finished.add(`${input.experiment}:${input.batch}`);
      return batchResult(input);
    });
    await drive(activities);
    expect(early).toEqual([]);
    expect(finished.size).toBe(20);
  });

  it('spends in experiment order when the budget asks for in_order', async () => {
    const runPlan = plan({ budget: { maxCost: 100, currency: 'USD', order: 'in_order' } });
    const { calls, activities } = fakeActivities(runPlan);
    await drive(activities);
    expect(batchInputs(calls).map((b) => `${b.experiment}:${b.batch}`).slice(0, 5)).toEqual(['base:0', 'base:1', 'base:2', 'base:3', 'base:4']);
  });
});
