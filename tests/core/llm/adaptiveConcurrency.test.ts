import { AppError } from '../../../src/core/errors';
import { createAdaptiveConcurrency } from '../../../src/core/llm/adaptiveConcurrency';
import type { LlmResponse } from '../../../src/core/llm/types';
import { createVirtualClock } from '../../plugins/rateLimiter/virtualClock';

const ok: LlmResponse = { content: '', metrics: {} };
const rateLimited = (retryAfterMs?: number) =>
  new AppError('LLM_RATE_LIMITED', 'slow down', { retryable: true, details: retryAfterMs === undefined ? { http_status: 429 } : { http_status: 429, retry_after_ms: retryAfterMs } });

function setup(maxLimit: number, initialLimit?: number) {
  const clock = createVirtualClock(0);
  const controller = createAdaptiveConcurrency({ clock, maxLimit, ...(initialLimit === undefined ? {} : { initialLimit }) });
  /** One call: admitted, answered after `latency` ms with `outcome`, released. Resolves with its admission time. */
  const call = async (latency: number, outcome: LlmResponse | AppError = ok) => {
    const meta = {};
    const release = await controller.acquire(meta);
    const admitted = clock.now();
    await clock.sleep(latency);
    if (outcome instanceof AppError) controller.onError!(outcome, meta);
    else controller.updateUsage(outcome, meta);
    release();
    return admitted;
  };
  return { clock, controller, call };
}

describe('adaptive concurrency (AIMD) for deployments without a declared limiter', () => {
  it('starts at the ceiling and holds callers beyond the limit until a call finishes', async () => {
    const { clock, call } = setup(2);
    expect(await clock.run(Promise.all([call(100), call(100), call(100)]))).toEqual([0, 0, 100]);
  });

  it('a 429 pauses every caller until its retry-after and shrinks the limit once per round of calls', async () => {
    const { clock, controller, call } = setup(10);
    const first = { a: {}, b: {} };
    await clock.run(Promise.all([controller.acquire(first.a), controller.acquire(first.b)]));
    controller.onError!(rateLimited(400), first.a);
    controller.onError!(rateLimited(400), first.b);
    expect(controller.limit()).toBe(7);
    expect(await clock.run(call(10))).toBe(400);
  });

  it('grows by about one per round trip while the limit holds callers back, never past the ceiling', async () => {
    const { clock, controller, call } = setup(6, 2);
    await clock.run(Promise.all(Array.from({ length: 40 }, () => call(100))));
    expect(controller.limit()).toBe(6);
    const idle = setup(6, 2);
    for (let i = 0; i < 10; i++) await idle.clock.run(idle.call(100));
    // One caller at a time never fills a limit of 2: nothing to learn, no growth.
    expect(idle.controller.limit()).toBe(2);
  });

  it('a timeout shrinks the limit without pausing; a caller that gave up does not count', async () => {
    const { clock, controller, call } = setup(10);
    await clock.run(call(50, new AppError('LLM_TIMEOUT', 'late', { retryable: true, details: { aborted_by_caller: true } })));
    expect(controller.limit()).toBe(10);
    await clock.run(call(50, new AppError('LLM_TIMEOUT', 'late', { retryable: true })));
    expect(controller.limit()).toBe(7);
    const before = clock.now();
    expect(await clock.run(call(1))).toBe(before);
  });

  it('spreads calls over the round trip once it knows the latency, so a released crowd does not arrive at once', async () => {
    const { clock, call } = setup(4);
    await clock.run(call(100));
    const start = clock.now();
    const admitted = await clock.run(Promise.all(Array.from({ length: 4 }, () => call(100))));
    expect(admitted.map((at) => at - start)).toEqual([0, 25, 50, 75]);
  });

  it('holds new calls while the deployment reports its requests spent and calls are in flight', async () => {
    const { clock, controller } = setup(10);
    const a = {};
    const b = {};
    await clock.run(Promise.all([controller.acquire(a), controller.acquire(b)]));
    controller.updateUsage({ ...ok, headers: { 'x-ratelimit-remaining-requests': '0' } }, a);
    let admitted: number | undefined;
    const next = controller.acquire({}).then(() => (admitted = clock.now()));
    await clock.run(clock.sleep(300));
    expect(admitted).toBeUndefined();
    const freshAt = clock.now();
    controller.updateUsage({ ...ok, headers: { 'x-ratelimit-remaining-requests': '50' } }, b);
    await clock.run(next);
    expect(admitted).toBeGreaterThanOrEqual(freshAt);
  });
});
