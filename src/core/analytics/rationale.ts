import type { LlmResponse } from '../llm/types';

/** 41 common English words left out of keyword counts (articles, prepositions, auxiliaries). */
export const STOP_WORDS = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'in', 'on', 'at', 'to', 'for', 'of', 'with', 'by', 'from', 'is', 'are', 'was',
  'were', 'be', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'could', 'should', 'may',
  'can', 'this', 'that', 'these', 'those', 'it', 'as', 'not',
]);

/** `metrics[field]`, else the JSON content's `[field]`; non-blank strings only. */
export function rationaleText(response: LlmResponse | undefined, field: string): string | undefined {
  if (!response) return undefined;
  let value: unknown = response.metrics?.[field];
  if (typeof value !== 'string' || value.trim() === '') {
    value = undefined;
    try {
      const parsed: unknown = JSON.parse(response.content);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) value = (parsed as Record<string, unknown>)[field];
    } catch {
      // Not JSON: no rationale there.
    }
  }
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Top words by count (ties keep first-seen order), lower-cased `\b\w+\b` tokens. */
export function topKeywords(texts: readonly string[], minLength: number, top: number): { word: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    // Python's \w is Unicode-aware; the ASCII pattern is the same on ASCII text and much faster.
    const separator = /^[\x00-\x7f]*$/.test(text) ? /\W+/ : /[^\p{L}\p{N}\p{M}_]+/u;
    for (const word of text.toLowerCase().split(separator)) {
      if (word.length < minLength || STOP_WORDS.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([word, count], order) => ({ word, count, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, top)
    .map(({ word, count }) => ({ word, count }));
}
