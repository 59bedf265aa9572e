import type { LlmResponse } from '../llm/types';
import { KeywordCounter } from './keywordCounter';

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
  const counter = new KeywordCounter(minLength, STOP_WORDS);
  for (const text of texts) counter.add(text);
  return counter.top(top);
}
