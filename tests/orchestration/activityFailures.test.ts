import path from 'node:path';
import { AppError } from '../../src/core/errors';
import { createRegistry } from '../../src/core/plugins/registry';
import type { AnyPlugin } from '../../src/core/plugins/kinds';
import { bindActivities } from '../../src/orchestration/activities';
import { caughtErrorInfo, failuresAsData } from '../../src/orchestration/activityCalls';
import { ACTIVITY, ORCHESTRATOR_NAME } from '../../src/orchestration/activityNames';
import type { RunPlan } from '../../src/orchestration/contracts';
import { runOrchestration, type ActivityHandler } from '../../src/orchestration/driver/inProcessDriver';
import { createSuiteOrchestrator } from '../../src/orchestration/suiteOrchestrator';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryRunServices } from '../fakes/runServices';

const registry = createRegistry([] as AnyPlugin[]);
const REQUEST = { runId: 'run-test-1', trigger: 'cli' as const, suite: 'test', settingsFile: '/dev/null' };

const PLAN: RunPlan = {
  runId: 'run-test-1',
  suite: 'test',
  baseline: 'base',
  rowCount: 2,
  batchSize: 2,
  batchCount: 1,
  maxBatchesInFlight: 1,
  maxCallsInFlight: 1,
  slotsPerBatch: 1,
  securityLevel: 'unofficial',
  costEstimate: { rows: 2, experiments: 1, requests: 2, estimated_prompt_tokens: 0, estimated_completion_tokens: 0, estimated_cost: 0 },
  experiments: [{ name: 'base', isBaseline: true, sequential: false, earlyStop: [], calls: 1, maxCalls: 1 }],
};

/** Activities that count their calls; `overrides` replace some of them. */
function countingActivities(overrides: Record<string, () => Promise<unknown>>) {
  const calls: Record<string, number> = {};
  const normal: Record<string, () => unknown> = {
    [ACTIVITY.plan]: () => PLAN,
    [ACTIVITY.evaluateBatch]: () => ({ experiment: 'base', batch: 0, rows: 2, ok: 2, failed: 0, skipped: 0, cost: {}, observations: [] }),
    [ACTIVITY.aggregate]: () => ({ experiment: 'base', rows: 2, ok: 2, failed: 0, skipped: 0, cost: {} }),
    [ACTIVITY.compare]: () => ({ variant: 'x', plugins: [], verdicts: [] }),
    [ACTIVITY.report]: () => ({ experiment: 'base', files: [] }),
    [ACTIVITY.finish]: () => ({ runId: 'run-test-1', suite: 'test', status: 'completed', experiments: [], reportPrefix: '', reports: [], costInUsd: 0 }),
  };
  const activities: Record<string, ActivityHandler> = {};
  for (const name of Object.keys(normal)) {
    activities[name] = async () => {
      calls[name] = (calls[name] ?? 0) + 1;
      return overrides[name] ? overrides[name]() : normal[name]!();
    };
  }
  return { calls, activities };
}

function drive(activities: Record<string, ActivityHandler>) {
  return runOrchestration({
    orchestrator: createSuiteOrchestrator(registry),
    orchestratorName: ORCHESTRATOR_NAME,
    activities,
    instanceId: 'run-test-1',
    input: REQUEST,
    maxConcurrentActivities: 4,
    retryDelay: () => 1,
  });
}

const FAILED = { runId: 'run-test-1', suite: 'test', status: 'failed', experiments: [], reportPrefix: 'runs/run-test-1/', reports: [], costInUsd: 0 };

describe('activity failures reach the orchestrator as errors, and non-retryable ones are not retried', () => {
  it('fails the run at once, with code and message, when planning fails for a reason a retry cannot fix', async () => {
    const bad = new AppError('CONFIG_INVALID', 'Configuration is invalid (1 problem): x.yaml: default.llm: broken', { details: { problems: [] } });
    const { calls, activities } = countingActivities({ [ACTIVITY.plan]: () => failuresAsData(() => Promise.reject(bad)) });
    const result = await drive(activities);
    expect(result.output).toEqual({ ...FAILED, error: { code: 'CONFIG_INVALID', message: bad.message, retryable: false, details: { problems: [] } } });
    expect(calls).toEqual({ [ACTIVITY.plan]: 1 });
  });

  it('does not retry a report that fails for good, and keeps its code', async () => {
    const bad = new AppError('SINK_FAILED', "CSV sink will not overwrite existing file 'results.csv'");
    const { calls, activities } = countingActivities({ [ACTIVITY.report]: () => failuresAsData(() => Promise.reject(bad)) });
    const result = await drive(activities);
    expect(result.output).toEqual({ ...FAILED, error: { code: 'SINK_FAILED', message: bad.message, retryable: false } });
    expect(calls[ACTIVITY.report]).toBe(1);
    expect(calls[ACTIVITY.finish]).toBeUndefined();
  });

  it('retries an infrastructure fault, then fails the run with its code and message (not the orchestration state)', async () => {
    const outage = new AppError('STORAGE_FAILED', 'Storage get failed (503 ServerBusy)', { retryable: true });
    const { calls, activities } = countingActivities({ [ACTIVITY.aggregate]: () => failuresAsData(() => Promise.reject(outage)) });
    const result = await drive(activities);
    expect(result.output).toEqual({ ...FAILED, error: { code: 'STORAGE_FAILED', message: outage.message, retryable: true } });
    expect(calls[ACTIVITY.aggregate]).toBe(3);
    expect(JSON.stringify(result.output)).not.toContain('OutOfProcData');
  });

  it('reads a failure reason without our details (as the Functions host reports it) as an internal error', () => {
    expect(caughtErrorInfo(new Error('boom \n    at stack (file.js:1:1)'))).toEqual({ code: 'INTERNAL', message: 'boom', retryable: false });
    expect(caughtErrorInfo(new AppError('RUN_NOT_FOUND', 'gone'))).toEqual({ code: 'RUN_NOT_FOUND', message: 'gone', retryable: false });
  });

  it('bound activities return non-retryable AppErrors as data and throw the rest', async () => {
    const { services } = createMemoryRunServices(createBuiltinRegistry());
    const activities = bindActivities(services);
    const missing = path.join(__dirname, 'no-such-suite', 'settings.yaml');
    const result = await activities[ACTIVITY.plan]({ ...REQUEST, settingsFile: missing });
    expect(result).toEqual({ activityFailed: { code: 'CONFIG_INVALID', message: expect.stringContaining('Settings file not found') as string, retryable: false, details: expect.anything() as unknown } });
    await expect(failuresAsData(() => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
  });
});
