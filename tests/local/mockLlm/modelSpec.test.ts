import { parseModelSpec } from '../../../src/local/mockLlm/modelSpec';

const rates = (overrides: Record<string, number>) => ({ rateLimitRate: 0, serverErrorRate: 0, hangRate: 0, malformedRate: 0, ...overrides });

describe('model name directives', () => {
  it.each([
    ['mock', { base: 'mock' }],
    ['mock+0.04', { base: 'mock+0.04' }],
    ['gpt 4 ', { base: 'gpt 4 ' }],
    ['mock;429=0.2;500=0.05', { base: 'mock', faultRates: rates({ rateLimitRate: 0.2, serverErrorRate: 0.05 }) }],
    ['mock+0.04; 429 = 0.2 ;retry-after-ms=50', { base: 'mock+0.04', faultRates: rates({ rateLimitRate: 0.2 }), retryAfterMs: 50 }],
    ['mock;hang=0.01;malformed=0.02', { base: 'mock', faultRates: rates({ hangRate: 0.01, malformedRate: 0.02 }) }],
    ['mock;retry-after-ms=0', { base: 'mock', retryAfterMs: 0 }],
    ['mock;429=0', { base: 'mock', faultRates: rates({}) }],
    ['mock;', { base: 'mock' }],
    ['mock;HANG=1', { base: 'mock', faultRates: rates({ hangRate: 1 }) }],
    ['mock;accuracy=0.8', { base: 'mock', accuracy: 0.8 }],
    ['mock-judge;judge=0.95;500=0.1', { base: 'mock-judge', judgeFidelity: 0.95, faultRates: rates({ serverErrorRate: 0.1 }) }],
  ])('%s -> %p', (name, spec) => {
    expect(parseModelSpec(name)).toEqual({ ok: true, spec });
  });

  it.each([
    ['mock;429', "'429' is not <directive>=<value>"],
    ['mock;429=abc', "'429' must be a rate between 0 and 1"],
    ['mock;500=1.5', "'500' must be a rate between 0 and 1"],
    ['mock;429=-0.1', "'429' must be a rate between 0 and 1"],
    ['mock;429=0.6;500=0.6', 'the fault rates must add up to at most 1'],
    ['mock;429=0.1;429=0.2', "'429' is given twice"],
    ['mock;retry-after-ms=1.5', "'retry-after-ms' must be a whole number of milliseconds"],
    ['mock;503=0.1', "unknown directive '503' (known: 429, 500, hang, malformed, retry-after-ms, accuracy, judge)"],
    ['mock;accuracy=1.5', "'accuracy' must be a rate between 0 and 1"],
    ['mock;judge=-0.1', "'judge' must be a rate between 0 and 1"],
  ])('rejects %s', (name, reason) => {
    expect(parseModelSpec(name)).toEqual({ ok: false, message: `Invalid mock model '${name}': ${reason}` });
  });
});
