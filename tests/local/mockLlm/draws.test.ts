import { faultFor, latencyFor, seededUnit } from '../../../src/local/mockLlm/draws';
import { MockLlmServerOptionsSchema } from '../../../src/local/mockLlm/options';

const config = (options: Record<string, unknown>) => MockLlmServerOptionsSchema.parse(options);

describe('seeded draws', () => {
  it('hit each fault at close to its rate over many requests', () => {
    const rates = { rateLimitRate: 0.1, serverErrorRate: 0.05, hangRate: 0.02, malformedRate: 0.03 };
    const counts: Record<string, number> = {};
    for (let n = 0; n < 20_000; n += 1) {
      const kind = faultFor(config({ seed: 42, ...rates }), n) ?? 'ok';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    const fractions = Object.fromEntries(Object.entries(counts).map(([kind, count]) => [kind, Math.round((count / 20_000) * 100) / 100]));
    expect(fractions).toEqual({ ok: 0.8, rate_limited: 0.1, server_error: 0.05, hang: 0.02, malformed: 0.03 });
  });

  it('depends only on seed, request number and stream', () => {
    expect(seededUnit(7, 123, 1)).toBe(seededUnit(7, 123, 1));
    const distinct = new Set([seededUnit(7, 123, 1), seededUnit(8, 123, 1), seededUnit(7, 124, 1), seededUnit(7, 123, 2)]);
    expect(distinct.size).toBe(4);
  });

  it('keeps jittered latency within [latency, latency + jitter)', () => {
    const options = config({ seed: 1, latencyMs: 20, jitterMs: 10 });
    const latencies = Array.from({ length: 1000 }, (_, n) => latencyFor(options, n));
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...latencies)).toBeLessThan(30);
    expect(latencyFor(config({ latencyMs: 20 }), 5)).toBe(20);
  });

  it('never injects a fault when every rate is 0', () => {
    const options = config({ seed: 3 });
    expect(Array.from({ length: 1000 }, (_, n) => faultFor(options, n)).filter(Boolean)).toEqual([]);
  });
});
