/**
 * A per-minute request and token quota like an Azure OpenAI deployment's: fixed windows
 * aligned to the minute, `x-ratelimit-*` headers on every answer, 429 once a limit is spent.
 */
const WINDOW_MS = 60_000;

export interface QuotaLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface QuotaDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Until the window resets; set when not allowed. */
  retryAfterMs?: number;
}

export interface Quota {
  take(tokens: number, nowInMs: number): QuotaDecision;
}

export function createQuota(limits: QuotaLimits): Quota {
  let window = -1;
  let requests = 0;
  let tokensUsed = 0;
  return {
    take(tokens, nowInMs) {
      const current = Math.floor(nowInMs / WINDOW_MS);
      if (current !== window) {
        window = current;
        requests = 0;
        tokensUsed = 0;
      }
      const overRequests = limits.requestsPerMinute !== undefined && requests + 1 > limits.requestsPerMinute;
      const overTokens = limits.tokensPerMinute !== undefined && tokensUsed + tokens > limits.tokensPerMinute;
      const allowed = !overRequests && !overTokens;
      if (allowed) {
        requests += 1;
        tokensUsed += tokens;
      }
      const decision: QuotaDecision = { allowed, headers: quotaHeaders(limits, requests, tokensUsed) };
      if (!allowed) decision.retryAfterMs = (current + 1) * WINDOW_MS - nowInMs;
      return decision;
    },
  };
}

function quotaHeaders(limits: QuotaLimits, requests: number, tokensUsed: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (limits.requestsPerMinute !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(limits.requestsPerMinute);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, limits.requestsPerMinute - requests));
  }
  if (limits.tokensPerMinute !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(limits.tokensPerMinute);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, limits.tokensPerMinute - tokensUsed));
  }
  return headers;
}
