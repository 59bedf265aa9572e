import type { LlmResponse } from '../llm/types';
import { isSpace } from '../python';
import { KeywordCounter } from './keywordCounter';

/** The original's 41 stop words (articles, prepositions, auxiliaries, `might`), left out of keyword counts. */
export const STOP_WORDS = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'in', 'on', 'at', 'to', 'for', 'of', 'with', 'by', 'from', 'is', 'was', 'are',
  'were', 'been', 'be', 'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'could', 'should', 'may', 'might',
  'can', 'this', 'that', 'these', 'those', 'it', 'as', 'not',
]);

/** Python's str.strip(): the whitespace str.isspace() knows, at both ends. */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text[start]!)) start++;
  while (end > start && isSpace(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** A non-blank string, stripped as the original strips it; otherwise undefined. */
function strippedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = pythonStrip(value);
  return text === '' ? undefined : text;
}

/** `metrics[field]`, else the JSON content's `[field]`; non-blank strings only, stripped (docs/original-behaviour.md §3.16). */
export function rationaleText(response: LlmResponse | undefined, field: string): string | undefined {
  if (!response) return undefined;
  const fromMetrics = strippedText(response.metrics?.[field]);
  if (fromMetrics !== undefined) return fromMetrics;
  try {
    const parsed: unknown = JSON.parse(response.content);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return strippedText((parsed as Record<string, unknown>)[field]);
  } catch {
    // Not JSON: no rationale there.
  }
  return undefined;
}

/** Top words by count (ties keep first-seen order), lower-cased `\b\w+\b` tokens. */
export function topKeywords(texts: readonly string[], minLength: number, top: number): { word: string; count: number }[] {
  const counter = new KeywordCounter(minLength, STOP_WORDS);
  for (const text of texts) counter.add(text);
  return counter.top(top);
}
