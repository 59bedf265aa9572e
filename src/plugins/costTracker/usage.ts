import type { LlmResponse } from '../../core/llm/types';

export interface TokenCounts {
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * Token counts of a response: `response.usage`, else `raw.usage` (a dict, or an SDK object
 * with the same fields). Missing counts are 0, as the original's mock gave cost 0.
 */
export function tokenCountsOf(response: LlmResponse): TokenCounts {
  const usage = response.usage ?? usageOf(response.raw);
  return {
    prompt_tokens: countOf(usage?.prompt_tokens),
    completion_tokens: countOf(usage?.completion_tokens),
  };
}

/** The model that answered: `raw.model` (what the endpoint reports), else the call metadata. */
export function modelOf(response: LlmResponse, meta: Record<string, unknown>): string | undefined {
  const raw = response.raw;
  const fromRaw = raw !== null && typeof raw === 'object' ? (raw as { model?: unknown }).model : undefined;
  for (const candidate of [fromRaw, meta.model, meta.deployment]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}

function usageOf(raw: unknown): { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const usage = (raw as { usage?: unknown }).usage;
  return usage !== null && typeof usage === 'object' ? usage : undefined;
}

function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
