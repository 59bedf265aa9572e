import type { ExperimentRecord, RowOutcome } from '../../core/engine/records';
import type { LlmResponse } from '../../core/llm/types';
import { firstResponse, mapResponses, responsesInOrder } from '../../core/engine/responseOrder';

/**
 * Records as stored in batch files: the same JSON shape minus what can be rebuilt, so
 * 100,000-row runs stay small on disk and in memory. Dropped: response headers (only the
 * rate limiter reads them, during the call), `raw.usage` (a copy of `usage`), and the
 * top-level `response` when `responses` holds it (it is the first criterion's response).
 */
export function toStoredOutcome(outcome: RowOutcome): RowOutcome {
  if (outcome.status !== 'ok') return outcome;
  const responses = outcome.responses ? mapResponses(outcome.responses, slimResponse) : undefined;
  const stored = { ...outcome, response: responses ? undefined : slimResponse(outcome.response) } as Partial<typeof outcome>;
  if (responses) stored.responses = responses;
  else delete stored.responses;
  return stored as RowOutcome;
}

/**
 * Reverses toStoredOutcome on a freshly parsed line (mutated in place): `response` becomes
 * the same object as the first criterion's, and values every row repeats (experiment,
 * system prompt, field lists, model names) are shared through `shared`, so a 100,000-row
 * experiment holds one copy of each instead of 100,000.
 */
export function fromStoredOutcome(outcome: RowOutcome, shared: SharedValues = createSharedValues()): RowOutcome {
  if (outcome.status !== 'ok') return outcome;
  if (outcome.response === undefined) {
    const first = outcome.responses ? firstResponse(outcome.responses) : undefined;
    outcome.response = first ?? { content: '', metrics: {} };
  }
  outcome.security_level = shared.text(outcome.security_level);
  const metadata = outcome.metadata;
  for (const key of ['experiment', 'prompt_system', 'prompt_system_template', 'prompt_user_template'] as const) {
    if (typeof metadata[key] === 'string') metadata[key] = shared.text(metadata[key]);
  }
  if (Array.isArray(metadata.prompt_user_fields)) metadata.prompt_user_fields = shared.list(metadata.prompt_user_fields as string[]);
  for (const response of outcome.responses ? responsesInOrder(outcome.responses) : [outcome.response]) shareResponse(response, shared);
  return outcome;
}

export interface SharedValues {
  text(value: string): string;
  list(values: string[]): string[];
}

export function createSharedValues(): SharedValues {
  const texts = new Map<string, string>();
  const lists = new Map<string, string[]>();
  return {
    text(value) {
      const known = texts.get(value);
      if (known !== undefined) return known;
      texts.set(value, value);
      return value;
    },
    list(values) {
      const key = values.join('\u0000');
      const known = lists.get(key);
      if (known) return known;
      lists.set(key, values);
      return values;
    },
  };
}

function shareResponse(response: LlmResponse, shared: SharedValues): void {
  const raw = response.raw as Record<string, unknown> | undefined;
  if (raw && typeof raw === 'object') {
    for (const key of ['model', 'finish_reason'] as const) if (typeof raw[key] === 'string') raw[key] = shared.text(raw[key]);
  }
  if (typeof response.metadata?.criteria === 'string') response.metadata.criteria = shared.text(response.metadata.criteria);
  for (const attempt of response.retry?.history ?? []) attempt.status = shared.text(attempt.status) as typeof attempt.status;
}

function slimResponse(response: LlmResponse): LlmResponse {
  const { headers: _headers, raw, ...rest } = response;
  if (raw === undefined) return rest;
  if (raw !== null && typeof raw === 'object' && 'usage' in raw && rest.usage !== undefined) {
    const { usage: _usage, ...slimRaw } = raw as Record<string, unknown>;
    return { ...rest, raw: slimRaw };
  }
  return { ...rest, raw };
}

/**
 * The part of a record that aggregators and baseline plugins read: row, metrics, each
 * response's content and metrics, attempt counts. About half the memory of a full record,
 * which is what lets 100,000-row experiments aggregate in a small worker.
 */
export function toAnalyticsRecord(record: ExperimentRecord): ExperimentRecord {
  const slim = (response: LlmResponse): LlmResponse => ({ content: response.content, metrics: response.metrics });
  const responses = record.responses ? mapResponses(record.responses, slim) : undefined;
  const analytics: ExperimentRecord = {
    status: 'ok',
    index: record.index,
    id: record.id,
    row: record.row,
    response: responses ? firstResponse(responses)! : slim(record.response),
    metrics: record.metrics,
    metadata: { experiment: record.metadata.experiment },
    security_level: record.security_level,
  };
  if (record.row_floats) analytics.row_floats = record.row_floats;
  if (responses) analytics.responses = responses;
  if (record.retry) analytics.retry = { attempts: record.retry.attempts, max_attempts: record.retry.max_attempts, history: [] };
  return analytics;
}
