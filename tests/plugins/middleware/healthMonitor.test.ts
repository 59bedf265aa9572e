import { AppError } from '../../../src/core/errors';
import { composeMiddleware } from '../../../src/core/llm/pipeline';
import type { LlmRequest, LlmResponse } from '../../../src/core/llm/types';
import { createFakeClock, createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { answer, middleware, rejection, request } from './helpers';

function monitored(options: Record<string, unknown>) {
  const logger = createMemoryLogger();
  const clock = createFakeClock(0);
  const health = middleware('health_monitor', options, createTestDeps({ logger, clock }));
  const heartbeats = () => logger.entries.filter((e) => e.message === '[dmp.health] health heartbeat').map((e) => e.context);
  /** A call that takes `ms` of virtual time and answers or fails. */
  const call = (ms: number, result: LlmResponse | Error = answer(), req: LlmRequest = request()) =>
    health.send(req, async () => {
      await clock.sleep(ms);
      if (result instanceof Error) throw result;
      return result;
    });
  return { health, heartbeats, call, clock };
}

describe('health_monitor', () => {
  it('counts thrown errors as failures and reports latency over the window', async () => {
    const { heartbeats, call } = monitored({ heartbeat_interval: 0, stats_window: 2 });
    await call(100);
    await rejection(call(300, new AppError('LLM_SERVER_ERROR', 'boom')));
    await call(200, answer({ metrics: { error: 'flagged by provider' } }));
    expect(heartbeats()).toEqual([
      { channel: 'dmp.health', event: 'health_heartbeat', requests: 1, failures: 0, in_flight: 0, failure_rate: 0, latency_count: 1, latency_avg: 0.1, latency_min: 0.1, latency_max: 0.1 },
      { channel: 'dmp.health', event: 'health_heartbeat', requests: 2, failures: 1, in_flight: 0, failure_rate: 0.5, latency_count: 2, latency_avg: 0.2, latency_min: 0.1, latency_max: 0.3 },
      { channel: 'dmp.health', event: 'health_heartbeat', requests: 3, failures: 2, in_flight: 0, failure_rate: 2 / 3, latency_count: 2, latency_avg: 0.25, latency_min: 0.2, latency_max: 0.3 },
    ]);
  });

  it('beats at most once per interval', async () => {
    const { heartbeats, call } = monitored({ heartbeat_interval: 1 });
    for (let i = 0; i < 6; i++) await call(400);
    expect(heartbeats().map((h) => h!.requests)).toEqual([3, 6]);
  });

  it('keeps latency when a later middleware copies the request (the original lost it)', async () => {
    const { health, clock } = monitored({ heartbeat_interval: 0 });
    const copying = { name: 'copier', send: (req: LlmRequest, next: (r: LlmRequest) => Promise<LlmResponse>) => next({ ...req, metadata: { ...req.metadata, azure_sequence: 'az-1' } }) };
    const send = composeMiddleware([health, copying], async () => {
      await clock.sleep(50);
      return answer();
    });
    await Promise.all([send(request()), send(request({ requestId: 'other' })), send(request())]);
    expect((health as unknown as { heartbeat(): Record<string, number> }).heartbeat()).toEqual({
      requests: 3,
      failures: 0,
      in_flight: 0,
      failure_rate: 0,
      latency_count: 3,
      latency_avg: expect.any(Number),
      latency_min: expect.any(Number),
      latency_max: expect.any(Number),
    });
  });

  it('omits latency when include_latency is off and rejects a negative interval', async () => {
    const { heartbeats, call } = monitored({ heartbeat_interval: 0, include_latency: false });
    await call(10);
    expect(heartbeats()).toEqual([{ channel: 'dmp.health', event: 'health_heartbeat', requests: 1, failures: 0, in_flight: 0, failure_rate: 0 }]);
    expect(() => monitored({ heartbeat_interval: -1 })).toThrow('heartbeat_interval');
  });
});
