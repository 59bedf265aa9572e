/**
 * Faults for models that name their own rates (`mock;429=0.2`). The draw is keyed by the
 * request's content and how often the server has seen it, not by arrival order: the n-th
 * sending of a prompt to a model meets the same fault in every run with the same seed,
 * however many calls are in flight. A retried row therefore fails or succeeds the same way
 * each time the suite is run against a fresh server. The server cannot tell two experiments
 * apart: identical (model, system, user) requests from both share one sequence of sendings.
 */
import { createHash } from 'node:crypto';
import { DRAW_STREAM, pickFault, seededUnit, type FaultKind, type FaultRates } from './draws';

export interface PromptFaults {
  /** Counts this sending of (model, system, user) and returns its fault, if any. */
  next(model: string, system: string, user: string, rates: FaultRates): FaultKind | undefined;
}

export function createPromptFaults(seed: number): PromptFaults {
  const sendings = new Map<string, number>();
  return {
    next(model, system, user, rates) {
      const key = createHash('sha256').update(model).update('\u0000').update(system).update('\u0000').update(user).digest();
      const id = key.toString('hex', 0, 16);
      const occurrence = sendings.get(id) ?? 0;
      sendings.set(id, occurrence + 1);
      return pickFault(rates, promptDraw(seed, key.readUInt32BE(0), occurrence));
    },
  };
}

/** A number in [0, 1) for the occurrence-th sending of the content hashed to `contentKey`. */
export function promptDraw(seed: number, contentKey: number, occurrence: number): number {
  return seededUnit(seed, (contentKey + Math.imul(occurrence + 1, 0x9e3779b1)) >>> 0, DRAW_STREAM.promptFault);
}
