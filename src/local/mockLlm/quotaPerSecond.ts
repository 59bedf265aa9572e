/**
 * The per-second quota mode: what an Azure OpenAI deployment does with its quota in practice.
 * Azure turns a per-minute quota into short windows (a deployment with 6,000 RPM takes about
 * 100 requests a second) and checks each request as it arrives, before the model runs: a
 * request over the limit is answered at once with 429, `retry-after-ms` / `retry-after` until
 * the window refills, and `x-ratelimit-remaining-*` at 0; every admitted answer reports what
 * is left in the current window. Windows are aligned to the second.
 *
 * Tokens are counted at arrival as Azure does: the prompt's estimate plus the `max_tokens`
 * the request asks for (the completion cannot be known yet).
 */
import type { QuotaDecision } from './quota';
import { errorBody } from './completion';

const WINDOW_MS = 1000;

export interface PerSecondLimits {
  requestsPerSecond?: number;
  tokensPerSecond?: number;
}

export interface PerSecondQuota {
  readonly enabled: boolean;
  admit(tokens: number, nowInMs: number): QuotaDecision;
}

export function createPerSecondQuota(limits: PerSecondLimits): PerSecondQuota {
  let window = -1;
  let requests = 0;
  let tokensUsed = 0;
  return {
    enabled: limits.requestsPerSecond !== undefined || limits.tokensPerSecond !== undefined,
    admit(tokens, nowInMs) {
      const current = Math.floor(nowInMs / WINDOW_MS);
      if (current !== window) {
        window = current;
        requests = 0;
        tokensUsed = 0;
      }
      const overRequests = limits.requestsPerSecond !== undefined && requests + 1 > limits.requestsPerSecond;
      // As with the per-minute quota, one request larger than the whole window's tokens still passes an empty window.
      const overTokens = limits.tokensPerSecond !== undefined && requests > 0 && tokensUsed + tokens > limits.tokensPerSecond;
      const allowed = !overRequests && !overTokens;
      if (allowed) {
        requests += 1;
        tokensUsed += tokens;
      }
      const decision: QuotaDecision = { allowed, headers: remainingHeaders(limits, requests, tokensUsed) };
      if (!allowed) decision.retryAfterMs = (current + 1) * WINDOW_MS - nowInMs;
      return decision;
    },
  };
}

function remainingHeaders(limits: PerSecondLimits, requests: number, tokensUsed: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (limits.requestsPerSecond !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(limits.requestsPerSecond);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, limits.requestsPerSecond - requests));
  }
  if (limits.tokensPerSecond !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(limits.tokensPerSecond);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, limits.tokensPerSecond - tokensUsed));
  }
  return headers;
}

/** Azure's refusal body for a request over the call rate limit. */
export function perSecondRefusalBody(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return errorBody(
    `Requests to the ChatCompletions_Create Operation have exceeded the call rate limit of this deployment (mock per-second quota). Please retry after ${seconds} second${seconds === 1 ? '' : 's'}.`,
    null,
    '429',
  );
}
