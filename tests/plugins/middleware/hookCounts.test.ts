import type { ExperimentPayload } from '../../../src/core/engine/records';
import type { LlmMiddleware } from '../../../src/core/plugins/kinds';
import { fireHook } from '../../../src/orchestration/runtime/hooks';
import { createFakeClock, createMemoryLogger, createMemoryTelemetry, createTestDeps } from '../../fakes/pluginDeps';
import { middleware, registry } from './helpers';

const payload = (experiment: string): ExperimentPayload => ({
  results: [],
  failures: [],
  aggregates: {},
  metadata: { experiment, run_id: 'r', rows: 0, row_count: 0, failures_count: 0, security_level: 'official', is_baseline: experiment === 'base' },
});

describe('middleware suite hook counts', () => {
  it('fire once per instance per suite, whatever the number of experiments, packs or concurrent activities', async () => {
    const telemetry = createMemoryTelemetry();
    const deps = createTestDeps({ telemetry, logger: createMemoryLogger(), clock: createFakeClock(), env: { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x' } });
    const environment = middleware('azure_environment', {}, deps);
    const others = ['audit_logger', 'prompt_shield', 'health_monitor'].map((name) => middleware(name, {}, deps));
    // Three experiments; the pack's middleware list appears twice for each (the original's double count).
    const experiments = ['base', 'v1', 'v2'];
    const perExperiment: LlmMiddleware[] = [environment, ...others, environment];
    const all = experiments.flatMap(() => perExperiment);
    const logger = createMemoryLogger();
    const rows = experiments.map((experiment) => ({ experiment, is_baseline: experiment === 'base' }));

    // Four activities in the same process announce the suite at once (a replayed or retried plan activity).
    await Promise.all([1, 2, 3, 4].map(() => fireHook(logger, all, 'onSuiteLoaded', rows, { experiment_count: 3 }, { runId: 'r', suite: 's' })));
    for (const experiment of experiments) {
      await Promise.all([1, 2].map(() => fireHook(logger, perExperiment, 'onExperimentStart', experiment, {})));
      await Promise.all([1, 2].map(() => fireHook(logger, perExperiment, 'onExperimentComplete', experiment, payload(experiment), {})));
      if (experiment !== 'base') await fireHook(logger, perExperiment, 'onBaselineComparison', experiment, { score_delta: { analysis: 0 } });
    }
    await Promise.all([1, 2, 3].map(() => fireHook(logger, all, 'onSuiteComplete', { experiments: 3, total_rows: 0, total_failures: 0 })));

    const counts: Record<string, number> = {};
    for (const event of telemetry.events) counts[event.name] = (counts[event.name] ?? 0) + 1;
    expect(counts).toEqual({
      experiment_count: 1,
      experiments: 3,
      suite_preflight: 1,
      experiment_start: 3,
      experiment_complete: 3,
      experiment_base_aggregates: 1,
      experiment_v1_aggregates: 1,
      experiment_v2_aggregates: 1,
      baseline_v1_score_delta: 1,
      baseline_v2_score_delta: 1,
      suite_summary: 1,
    });
    expect(logger.entries).toEqual([]);
  });

  it('every built-in middleware creates from its defaults (content safety given an endpoint and key) and has a name', () => {
    const deps = createTestDeps({ env: { KEY: 'k' } });
    const created = registry.list('middleware').map((plugin) =>
      registry.create('middleware', { name: plugin.name, options: plugin.name === 'azure_content_safety' ? { endpoint: 'http://127.0.0.1:9', key_env: 'KEY' } : {} }, deps),
    );
    expect(created.map((m) => m.name)).toEqual(['audit_logger', 'prompt_shield', 'health_monitor', 'azure_content_safety', 'azure_environment']);
  });
});
