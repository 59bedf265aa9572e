/**
 * What limiters read from calls: the token estimate before a call, the tokens a response
 * used, and the server's signals to slow down (429 with retry-after, quota headers at 0).
 */
import { isAppError } from '../../core/errors';
import { quotaHintsFromRecord, quotaHintsOfFailure, type QuotaHints } from '../../core/llm/quotaHints';
import type { LlmResponse } from '../../core/llm/types';

const nonNegative = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** `estimated_tokens` (set by the pipeline from the prompts) or the original's `expected_tokens`. */
export function estimatedTokensOf(meta: Record<string, unknown>): number {
  return nonNegative(meta.estimated_tokens) ?? nonNegative(meta.expected_tokens) ?? 0;
}

/** Prompt + completion tokens: `usage`, else cost-tracker metrics, else `raw.usage`; undefined if unknown. */
export function usedTokensOf(response: LlmResponse): number | undefined {
  if (response.usage) return response.usage.prompt_tokens + response.usage.completion_tokens;
  const fromMetrics = sumOf(response.metrics);
  if (fromMetrics !== undefined) return fromMetrics;
  const raw = response.raw;
  const usage = raw !== null && typeof raw === 'object' ? (raw as { usage?: unknown }).usage : undefined;
  return usage !== null && typeof usage === 'object' ? sumOf(usage as Record<string, unknown>) : undefined;
}

function sumOf(source: Record<string, unknown>): number | undefined {
  const prompt = nonNegative(source.prompt_tokens);
  const completion = nonNegative(source.completion_tokens);
  return prompt === undefined && completion === undefined ? undefined : (prompt ?? 0) + (completion ?? 0);
}

export interface RateLimitSignal {
  /** How long the server asked callers to wait, when it said. */
  retryAfterInMs?: number;
}

/** A 429 from the model (LLM_RATE_LIMITED or http_status 429); undefined for other failures. */
export function rateLimitSignalOf(error: unknown): RateLimitSignal | undefined {
  if (!isAppError(error)) return undefined;
  if (error.code !== 'LLM_RATE_LIMITED' && error.details?.http_status !== 429) return undefined;
  const retryAfter = nonNegative(error.details?.retry_after_ms);
  return retryAfter === undefined ? {} : { retryAfterInMs: retryAfter };
}

/** The quota counts a failed call's answer carried (llmErrors.ts copies them into details); a 429's wait is when they reset. */
export function quotaHintsOfError(error: unknown): QuotaHints {
  return isAppError(error) ? quotaHintsOfFailure(error.details) : {};
}

/** True when `x-ratelimit-remaining-requests` or `-tokens` says the server's budget is spent. */
export function quotaExhausted(headers: Record<string, string> | undefined): boolean {
  const hints = quotaHintsFromRecord(headers);
  return hints.remainingRequests === 0 || hints.remainingTokens === 0;
}
