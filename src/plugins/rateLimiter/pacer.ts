/**
 * Even pacing of a declared budget: the generic cell rate algorithm (a token bucket that
 * refills continuously, kept as "the earliest time the next call is due"). A budget of
 * N requests per minute becomes one request every 60/N seconds, so no window of any length
 * ever sees more than its share, whatever window the service counts in (Azure OpenAI
 * evaluates its per-minute quotas over 1 to 10 seconds). Tokens pace the same way: a call
 * moves the token schedule on by its estimate, and the real usage corrects it afterwards.
 */

export interface PaceRates {
  /** Unset: requests are not paced (only tokens, when set). */
  requestsPerSecond?: number;
  tokensPerSecond?: number;
}

export interface Pacer {
  /** Milliseconds until a call with this token estimate is due (0: now). */
  waitFor(estimate: number, now: number): number;
  /**
   * Counts a call that starts now, having waited since `queuedAt`. A call that waited for its
   * slot keeps the schedule even if the timer woke late (up to CATCH_UP_MS), so timer lag
   * does not slow the pace; one that arrived after its slot had passed starts a new schedule.
   */
  take(estimate: number, now: number, queuedAt?: number): void;
  /** Moves the token schedule by the difference between real and estimated tokens. */
  correctTokens(delta: number): void;
  /** Nothing is due before `until` (a pause), and nothing piles up for after it. */
  holdUntil(until: number): void;
  /** How far the schedule runs ahead of now, in ms. */
  aheadInMs(now: number): number;
}

/** The most timer lag a waiting caller's schedule makes up for. */
const CATCH_UP_MS = 50;

export function createPacer(rates: PaceRates): Pacer {
  const requestInterval = rates.requestsPerSecond === undefined ? 0 : 1000 / rates.requestsPerSecond;
  const tokenInterval = rates.tokensPerSecond === undefined ? 0 : 1000 / rates.tokensPerSecond;
  let requestsDue = -Infinity;
  let tokensDue = -Infinity;
  return {
    waitFor(_estimate, now) {
      // A call bigger than the whole bucket still goes once the schedule has caught up,
      // then pushes later calls back: nothing blocks forever.
      return Math.max(0, requestsDue - now, tokensDue - now);
    },
    take(estimate, now, queuedAt = now) {
      const base = Math.min(now, Math.max(queuedAt, now - CATCH_UP_MS));
      if (requestInterval > 0) requestsDue = Math.max(requestsDue, base) + requestInterval;
      if (tokenInterval > 0) tokensDue = Math.max(tokensDue, base) + estimate * tokenInterval;
    },
    correctTokens(delta) {
      if (tokenInterval > 0) tokensDue += delta * tokenInterval;
    },
    holdUntil(until) {
      if (requestInterval > 0) requestsDue = Math.max(requestsDue, until);
      if (tokenInterval > 0) tokensDue = Math.max(tokensDue, until);
    },
    aheadInMs(now) {
      return Math.max(0, requestsDue - now, tokensDue - now);
    },
  };
}
