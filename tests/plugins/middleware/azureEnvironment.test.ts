import { AppError } from '../../../src/core/errors';
import type { ExperimentPayload } from '../../../src/core/engine/records';
import { createLlmCaller } from '../../../src/core/llm/pipeline';
import type { Telemetry } from '../../../src/core/ports';
import { createFakeClock, createMemoryLogger, createMemoryTelemetry, createTestDeps } from '../../fakes/pluginDeps';
import { answer, middleware, recordingNext, rejection, request } from './helpers';

const LINKED_ENV = { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000', WEBSITE_SITE_NAME: 'elspeth-func', FUNCTIONS_WORKER_RUNTIME: 'node' };
const COMMON = { azure_host: 'azure_functions', site_name: 'elspeth-func' };
const START = Date.UTC(2026, 0, 1);

function environment(options: Record<string, unknown> = {}, env: Record<string, string> = LINKED_ENV, telemetry: Telemetry = createMemoryTelemetry()) {
  const logger = createMemoryLogger();
  const clock = createFakeClock(START);
  const mw = middleware('azure_environment', options, createTestDeps({ logger, telemetry, clock, env }));
  return { mw, logger, telemetry: telemetry as ReturnType<typeof createMemoryTelemetry>, clock };
}

const payload: ExperimentPayload = {
  results: [],
  failures: [{ status: 'error', index: 2, id: 'APP-003', row: { secret_note: 'do not ship' }, error: 'boom', error_code: 'LLM_SERVER_ERROR', timestamp: 1 }],
  aggregates: { score_stats: { mean: 0.5, count: 2 } },
  cost_summary: { total_cost: 0.25, prompt_tokens: 10 },
  metadata: { experiment: 'v1', run_id: 'r', rows: 3, row_count: 3, failures_count: 1, security_level: 'official', is_baseline: false },
};

describe('azure_environment', () => {
  it('sends request and response events to Application Insights when linked, leaving the request untouched', async () => {
    const { mw, telemetry, clock } = environment();
    const { seen, next } = recordingNext();
    await mw.send(request(), async (req) => {
      await clock.sleep(1500);
      return next(req);
    });
    expect(seen).toEqual([request()]);
    const meta = { row_id: 'APP-001', criteria: 'analysis', attempt: 1 };
    expect(telemetry.events).toEqual([
      { name: 'llm_request', properties: { ...COMMON, sequence: 'az-1', timestamp: '2026-01-01T00:00:00.000Z', request_id: 'run/exp/0/analysis', ...meta } },
      { name: 'llm_response', properties: { ...COMMON, sequence: 'az-1', request_id: 'run/exp/0/analysis', ...meta, timestamp: '2026-01-01T00:00:01.500Z', duration: 1.5, metric_score: 0.8 } },
    ]);
  });

  it('adds prompts only with log_prompts, and records failed attempts with their code', async () => {
    const { mw, telemetry } = environment({ log_prompts: true, log_metrics: false });
    await rejection(mw.send(request(), recordingNext(new AppError('LLM_TIMEOUT', 'slow')).next));
    expect(telemetry.events.map((e) => [e.name, e.properties.system_prompt, e.properties.error_code, e.properties.error])).toEqual([
      ['llm_request', 'You grade.', undefined, undefined],
      ['llm_response', undefined, 'LLM_TIMEOUT', 'slow'],
    ]);
  });

  it('emits llm_retry_exhausted with the sequence of the last attempt', async () => {
    const { mw, telemetry } = environment();
    const call = createLlmCaller({
      experiment: 'exp',
      client: { name: 'down', generate: () => Promise.reject(new AppError('LLM_SERVER_ERROR', 'down', { retryable: true, details: { http_status: 503 } })) },
      middlewares: [mw],
      validators: [],
      policy: { maxAttempts: 3, initialDelayInMs: 0, backoffMultiplier: 0, maxDelayInMs: 0, jitter: 0 },
      clock: createFakeClock(START),
      random: () => 0,
      onRetryExhausted: (req, meta, error) => mw.onRetryExhausted!(req, meta, error),
    });
    await rejection(call(request(), {}));
    const exhausted = telemetry.events.filter((e) => e.name === 'llm_retry_exhausted');
    expect(exhausted).toEqual([
      {
        name: 'llm_retry_exhausted',
        properties: {
          ...COMMON,
          timestamp: '2026-01-01T00:00:00.000Z',
          sequence: 'az-3',
          request_id: 'run/exp/0/analysis',
          attempts: 3,
          max_attempts: 3,
          error: 'down',
          error_type: 'LLM_SERVER_ERROR',
          history: expect.stringContaining('"attempt":3'),
        },
      },
    ]);
  });

  it('emits the suite events of docs/original-behaviour.md §5.1, each suite hook once however often it is called', async () => {
    const { mw, telemetry } = environment();
    const experiments = [
      { experiment: 'base', temperature: 0, max_tokens: 256, is_baseline: true },
      { experiment: 'v1', temperature: 0.7, max_tokens: undefined, is_baseline: false },
    ];
    const ctx = { runId: 'r', suite: 's' };
    await Promise.all([1, 2, 3].map(async () => mw.onSuiteLoaded!(experiments, { experiment_count: 2, baseline: 'base' }, ctx)));
    for (let i = 0; i < 2; i++) {
      await mw.onExperimentStart!('v1', { temperature: 0.7, is_baseline: false });
      await mw.onExperimentComplete!('v1', payload, { temperature: 0.7, is_baseline: false });
      await mw.onBaselineComparison!('v1', { score_delta: { analysis: 0.1 } });
      await mw.onSuiteComplete!({ experiments: 2, total_rows: 6, total_failures: 1, timestamp: '2026-01-01T01:00:00Z' });
    }
    const count = (name: string) => telemetry.events.filter((e) => e.name === name).length;
    expect(['experiment_count', 'experiments', 'suite_preflight', 'experiment_start', 'experiment_complete', 'experiment_v1_aggregates', 'baseline_v1_score_delta', 'suite_summary'].map(count)).toEqual([1, 2, 1, 1, 1, 1, 1, 1]);
    const byName = (name: string) => telemetry.events.find((e) => e.name === name)!.properties;
    expect(byName('experiment_count')).toEqual({ value: 2, ...COMMON });
    expect(byName('experiment_complete')).toEqual({
      ...COMMON,
      experiment: 'v1',
      timestamp: '2026-01-01T00:00:00.000Z',
      rows: 0,
      failures: 1,
      temperature: 0.7,
      max_tokens: null,
      is_baseline: false,
      cost_total_cost: 0.25,
      cost_prompt_tokens: 10,
      aggregates: '{"score_stats":{"count":2,"mean":0.5}}',
      failures_detail: '[{"index":2,"id":"APP-003","error":"boom","error_code":"LLM_SERVER_ERROR"}]',
    });
    expect(byName('experiment_v1_aggregates')).toEqual({ ...COMMON, event_kind: 'table', score_stats: ['{"count":2,"mean":0.5}'] });
    expect(byName('baseline_v1_score_delta')).toEqual({ ...COMMON, event_kind: 'table', analysis: [0.1] });
    expect(byName('suite_summary')).toEqual({ ...COMMON, experiments: 2, total_rows: 6, total_failures: 1, timestamp: '2026-01-01T01:00:00Z' });
  });

  it('writes structured log lines instead when Application Insights is not configured, and never fails locally', async () => {
    const { mw, logger, telemetry } = environment({}, {});
    await mw.send(request(), recordingNext(answer()).next);
    await mw.onSuiteComplete!({ experiments: 1, total_rows: 1, total_failures: 0 });
    expect(telemetry.events).toEqual([]);
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ['info', 'Azure environment variables not detected; telemetry logging will be disabled.'],
      ['debug', 'AzureEnvironmentMiddleware running without Application Insights'],
      ['info', '[azure_env] llm_request'],
      ['info', '[azure_env] llm_response'],
      ['info', '[azure_env] suite_summary'],
    ]);
    expect(logger.entries[2]!.context).toEqual(expect.objectContaining({ channel: 'azure_env', event: 'llm_request', sequence: 'az-1', azure_host: 'none' }));
  });

  it.each([
    [{ FUNCTIONS_WORKER_RUNTIME: 'node' }, 'azure_functions'],
    [{ AZUREML_RUN_ID: 'run-1', AZUREML_RUN_TOKEN: 'secret-token' }, 'azure_ml'],
  ])('warns when %p is detected without Application Insights, and keeps tokens out of events', async (env, host) => {
    const { mw, logger } = environment({ severity_threshold: 'WARNING' }, env);
    await mw.send(request(), recordingNext().next);
    expect(logger.entries[0]).toEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('continuing without it due to on_error=skip') }));
    expect(logger.entries.filter((e) => e.message.startsWith('[azure_env]')).map((e) => [e.level, e.context!.azure_host])).toEqual([
      ['warn', host],
      ['warn', host],
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain('secret-token');
  });

  it.each([[{}], [{ FUNCTIONS_WORKER_RUNTIME: 'node' }]])('refuses to start without Application Insights when on_error=abort (env %p)', (env) => {
    expect(() => environment({ on_error: 'abort' }, env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }) as Error);
  });

  it('never binds with enable_run_logging=false and falls back to logs when telemetry throws', async () => {
    const unbound = environment({ enable_run_logging: false, on_error: 'abort' }, {});
    await unbound.mw.send(request(), recordingNext().next);
    expect(unbound.logger.entries.filter((e) => e.message.startsWith('[azure_env]'))).toHaveLength(2);

    const broken: Telemetry = { trackEvent: () => { throw new Error('no network'); }, trackMetric: () => undefined, flush: () => Promise.resolve() };
    const { mw, logger } = environment({}, LINKED_ENV, broken);
    await mw.send(request(), recordingNext().next);
    expect(logger.entries.map((e) => e.message).filter((m) => m.includes('azure_env'))).toEqual([
      '[azure_env] Application Insights row failed: no network',
      '[azure_env-fallback] llm_request',
      '[azure_env] Application Insights row failed: no network',
      '[azure_env-fallback] llm_response',
    ]);
  });

  it('rejects an invalid on_error', () => {
    expect(() => environment({ on_error: 'ignore' })).toThrow('on_error');
  });
});
