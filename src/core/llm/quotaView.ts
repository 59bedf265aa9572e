import type { QuotaHints } from './quotaHints';

/**
 * What one process knows of a deployment's quota from the answers it received: the newest
 * `x-ratelimit-remaining-*` counts, minus what it admitted since. Once that reaches zero the
 * next call would likely meet a 429, so admission holds: until the reset time when the
 * endpoint gave one, else until a call in flight answers with fresher counts, else (nothing
 * in flight) it lets one call through, whose 429 then names the exact wait (`retry-after`).
 *
 * Counts that arrive while calls are in flight lag by the calls sent since; the view does not
 * guess at them (a paced caller would otherwise stall at the end of every window), so it only
 * reacts when the quota is really spent, e.g. by another client of the same deployment.
 */
export interface QuotaView {
  observe(hints: QuotaHints, now: number): void;
  /** Counts a call admitted now with its token estimate. */
  admitted(estimate: number): void;
  /** 0: may go now; a time: hold until then; Infinity: hold until the next observation. */
  holdUntil(estimate: number, inFlight: number, now: number): number;
  /** True while the newest counts say the quota is spent. */
  spent(now: number): boolean;
}

interface Reading {
  remainingRequests?: number;
  remainingTokens?: number;
  requestsResetAt?: number;
  tokensResetAt?: number;
}

export function createQuotaView(): QuotaView {
  let reading: Reading | undefined;
  let requestsSince = 0;
  let tokensSince = 0;

  const spentParts = (estimate: number) => ({
    requests: reading?.remainingRequests !== undefined && reading.remainingRequests - requestsSince <= 0,
    tokens: reading?.remainingTokens !== undefined && reading.remainingTokens - tokensSince < Math.max(1, estimate),
  });

  const holdUntil = (estimate: number, inFlight: number, now: number): number => {
    if (!reading) return 0;
    const parts = spentParts(estimate);
    if (!parts.requests && !parts.tokens) return 0;
    const resets = [...(parts.requests ? [reading.requestsResetAt] : []), ...(parts.tokens ? [reading.tokensResetAt] : [])];
    if (resets.every((at): at is number => at !== undefined)) {
      const at = Math.max(...resets);
      if (at > now) return at;
      // The window has refilled: these counts no longer say anything.
      reading = undefined;
      return 0;
    }
    return inFlight > 0 ? Infinity : 0;
  };

  return {
    observe(hints, now) {
      if (hints.remainingRequests === undefined && hints.remainingTokens === undefined) return;
      const next: Reading = {};
      if (hints.remainingRequests !== undefined) next.remainingRequests = hints.remainingRequests;
      if (hints.remainingTokens !== undefined) next.remainingTokens = hints.remainingTokens;
      if (hints.resetRequestsInMs !== undefined) next.requestsResetAt = now + hints.resetRequestsInMs;
      if (hints.resetTokensInMs !== undefined) next.tokensResetAt = now + hints.resetTokensInMs;
      reading = next;
      requestsSince = 0;
      tokensSince = 0;
    },
    admitted(estimate) {
      requestsSince += 1;
      tokensSince += estimate;
    },
    holdUntil,
    spent: (now) => holdUntil(0, 1, now) > now,
  };
}
