/**
 * A row's responses in the order its criteria were configured. A JS object lists keys that
 * look like integers first, so a criterion named "2" written before "1" would otherwise come
 * second; the order is remembered beside the object (data/keyOrder.ts) and read here, so the
 * first response, `metrics.score` (the last criterion's) and the csv sink's `llm_<criterion>`
 * columns are the original's.
 */
import { copyKeyOrder, keyOrderOf } from '../data/keyOrder';
import type { LlmResponse } from '../llm/types';

export function responsesInOrder<T = LlmResponse>(responses: Record<string, T>): T[] {
  return keyOrderOf(responses).map((criterion) => responses[criterion]!);
}

/** The first criterion's response: the record's `response`, and what judges read by default. */
export function firstResponse<T = LlmResponse>(responses: Record<string, T>): T | undefined {
  const [first] = keyOrderOf(responses);
  return first === undefined ? undefined : responses[first];
}

/** Each response mapped, keyed and ordered as before. */
export function mapResponses<T, R>(responses: Record<string, T>, fn: (value: T) => R): Record<string, R> {
  return copyKeyOrder(responses, Object.fromEntries(Object.entries(responses).map(([criterion, value]) => [criterion, fn(value)])));
}
