/**
 * Seeded, order-independent random draws: the value for (seed, request number, stream) is a
 * hash, not the next state of a generator, so a run's fault pattern is the same for a seed no
 * matter how long each request took.
 */
import type { MockLlmServerConfig } from './options';

export type FaultKind = 'rate_limited' | 'server_error' | 'hang' | 'malformed';

/** The server's rates, or a model's own (see modelSpec.ts). */
export type FaultRates = Pick<MockLlmServerConfig, 'rateLimitRate' | 'serverErrorRate' | 'hangRate' | 'malformedRate'>;

/** Streams keep the fault draw, the jitter draw and the per-prompt fault draw independent. */
export const DRAW_STREAM = { fault: 1, jitter: 2, promptFault: 3 } as const;

function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A number in [0, 1) determined by the three inputs alone. */
export function seededUnit(seed: number, requestNumber: number, stream: number): number {
  const seedLow = seed % 0x100000000;
  const seedHigh = Math.floor(seed / 0x100000000);
  const hashed = mix32(mix32(mix32(mix32(seedLow) ^ seedHigh) ^ requestNumber) ^ Math.imul(stream, 0x9e3779b9));
  return hashed / 0x100000000;
}

/** The injected fault for a request, if any, drawn from the server's rates by request number. */
export function faultFor(config: MockLlmServerConfig, requestNumber: number): FaultKind | undefined {
  return pickFault(config, seededUnit(config.seed, requestNumber, DRAW_STREAM.fault));
}

/** The fault a draw in [0, 1) falls on: the rates partition [0, 1) in a fixed order. */
export function pickFault(rates: FaultRates, draw: number): FaultKind | undefined {
  const bands: [FaultKind, number][] = [
    ['rate_limited', rates.rateLimitRate],
    ['server_error', rates.serverErrorRate],
    ['hang', rates.hangRate],
    ['malformed', rates.malformedRate],
  ];
  let upper = 0;
  for (const [kind, rate] of bands) {
    upper += rate;
    if (draw < upper) return kind;
  }
  return undefined;
}

export function latencyFor(config: MockLlmServerConfig, requestNumber: number): number {
  if (config.jitterMs === 0) return config.latencyMs;
  return config.latencyMs + seededUnit(config.seed, requestNumber, DRAW_STREAM.jitter) * config.jitterMs;
}
