/**
 * What a model endpoint says about its quota on every answer: Azure OpenAI and OpenAI send
 * `x-ratelimit-remaining-requests` / `-tokens` (what is left in the current short window) and
 * OpenAI also `x-ratelimit-reset-requests` / `-tokens` (when it refills, as `1s`, `6m0s`,
 * `20ms`). Limiters read these to slow down before a 429 comes (docs/quota-and-cache.md).
 */

export interface QuotaHints {
  remainingRequests?: number;
  remainingTokens?: number;
  /** How long until the request count refills, when the endpoint says. */
  resetRequestsInMs?: number;
  resetTokensInMs?: number;
}

type HeaderLookup = (name: string) => string | null | undefined;

/** The hints in a set of response headers; empty when the endpoint sends none. */
export function quotaHintsFromHeaders(get: HeaderLookup): QuotaHints {
  const hints: QuotaHints = {};
  const remainingRequests = count(get('x-ratelimit-remaining-requests'));
  const remainingTokens = count(get('x-ratelimit-remaining-tokens'));
  const resetRequests = durationInMs(get('x-ratelimit-reset-requests'));
  const resetTokens = durationInMs(get('x-ratelimit-reset-tokens'));
  if (remainingRequests !== undefined) hints.remainingRequests = remainingRequests;
  if (remainingTokens !== undefined) hints.remainingTokens = remainingTokens;
  if (resetRequests !== undefined) hints.resetRequestsInMs = resetRequests;
  if (resetTokens !== undefined) hints.resetTokensInMs = resetTokens;
  return hints;
}

/** Lower-case header records (as `LlmResponse.headers` holds them). */
export function quotaHintsFromRecord(headers: Readonly<Record<string, string>> | undefined): QuotaHints {
  return headers ? quotaHintsFromHeaders((name) => headers[name]) : {};
}

/** The hints as AppError details (snake_case, JSON-safe), so they survive the retry loop. */
export function quotaHintDetails(hints: QuotaHints): Record<string, number> {
  const details: Record<string, number> = {};
  if (hints.remainingRequests !== undefined) details.remaining_requests = hints.remainingRequests;
  if (hints.remainingTokens !== undefined) details.remaining_tokens = hints.remainingTokens;
  if (hints.resetRequestsInMs !== undefined) details.reset_requests_ms = hints.resetRequestsInMs;
  if (hints.resetTokensInMs !== undefined) details.reset_tokens_ms = hints.resetTokensInMs;
  return details;
}

/** Reverses quotaHintDetails. */
export function quotaHintsFromDetails(details: Readonly<Record<string, unknown>> | undefined): QuotaHints {
  const hints: QuotaHints = {};
  const read = (key: string) => {
    const value = details?.[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const remainingRequests = read('remaining_requests');
  const remainingTokens = read('remaining_tokens');
  const resetRequests = read('reset_requests_ms');
  const resetTokens = read('reset_tokens_ms');
  if (remainingRequests !== undefined) hints.remainingRequests = remainingRequests;
  if (remainingTokens !== undefined) hints.remainingTokens = remainingTokens;
  if (resetRequests !== undefined) hints.resetRequestsInMs = resetRequests;
  if (resetTokens !== undefined) hints.resetTokensInMs = resetTokens;
  return hints;
}

/**
 * The hints of a failed call: its counts, and for a 429 that names its wait but no reset
 * time, that wait as the reset (the quota refills when the server says to come back).
 */
export function quotaHintsOfFailure(details: Readonly<Record<string, unknown>> | undefined): QuotaHints {
  const hints = quotaHintsFromDetails(details);
  const wait = details?.http_status === 429 ? details.retry_after_ms : undefined;
  if (typeof wait !== 'number' || !(wait >= 0)) return hints;
  if (hints.remainingRequests !== undefined) hints.resetRequestsInMs ??= wait;
  if (hints.remainingTokens !== undefined) hints.resetTokensInMs ??= wait;
  return hints;
}

function count(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `1s`, `6m0s`, `1h2m3.5s`, `20ms`, or a bare number of seconds; undefined if unreadable. */
export function durationInMs(value: string | null | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit!]!, 0));
}
