import { isAppError, errorMessage } from '../errors';
import { scalarText } from '../format/text';
import type { LlmCaller } from '../llm/pipeline';
import type { LlmResponse, RetryInfo } from '../llm/types';
import type { RowPlugin } from '../plugins/kinds';
import type { Clock } from '../ports';
import type { ExperimentRecord, FailureRecord, Row, RowOutcome } from './records';
import { floatCellsFor, floatCellsWithin, templateRow, type FloatCells } from '../data/pandasCells';
import { appIdOf } from './rowId';
import { copyKeyOrder, orderedObject } from '../data/keyOrder';
import { responsesInOrder } from './responseOrder';
import { mergeMetrics, runRowPlugins, sumCallCosts, type BaselineOutcomeReader } from './rowScoring';

/** The part of a compiled template the engine needs (the prompt engine's CompiledTemplate fits). */
export interface RenderableTemplate {
  source: string;
  /** The template as written (before the legacy `{field}` conversion). */
  rawSource?: string;
  requiredFields: string[];
  render(context: Record<string, unknown>): string;
}

export interface CompiledCriterion {
  name: string;
  template: RenderableTemplate;
  defaults: Record<string, unknown>;
}

export interface RowEvaluator {
  experiment: string;
  system: RenderableTemplate;
  user: RenderableTemplate;
  criteria: CompiledCriterion[];
  promptFields?: string[];
  promptDefaults: Record<string, unknown>;
  call: LlmCaller;
  rowPlugins: RowPlugin[];
  securityLevel: string;
  temperature?: number;
  maxTokens?: number;
  runId: string;
  clock: Clock;
  /** True for the baseline experiment (row plugins see it in their context). */
  isBaseline?: boolean;
  /** The baseline's outcome of a row (by index), for variants whose row plugins compare with it. */
  baselineOutcome?: BaselineOutcomeReader;
}

/**
 * The record's `id` (this port's; the original's records had none): APPID, else an `id`
 * column, else the row's position. Call metadata `row_id` is APPID only (rowId.ts).
 */
export function rowIdentity(row: Row, index: number): string {
  const id = row.APPID ?? row.id;
  return id === undefined || id === null || id === '' ? String(index) : scalarText(id);
}

/** With `prompt_fields`, the context is exactly those keys; missing ones are null (docs/original-behaviour.md §1.5). */
export function promptContext(row: Row, fields: string[] | undefined): Row {
  // The original's dict keeps its key order: the dataset's columns, or prompt_fields (keyOrder.ts).
  if (!fields) return copyKeyOrder(row, { ...row });
  return orderedObject(fields.map((field) => [field, Object.hasOwn(row, field) ? (row[field] ?? null) : null]));
}

/** Renders, calls the model once per criterion, scores. A failure anywhere fails the row. */
export async function evaluateRow(evaluator: RowEvaluator, row: Row, index: number, abortSignal?: AbortSignal): Promise<RowOutcome> {
  const context = promptContext(row, evaluator.promptFields);
  const cells = floatCellsFor(row);
  const floats = floatCellsWithin(cells, Object.keys(context));
  // Templates see pandas values: empty cells NaN (`nan`, truthy), float columns as floats (`1000.0`).
  const values = templateRow(context, floats);
  const id = rowIdentity(row, index);
  let stage: string | undefined;
  try {
    const base = { ...evaluator.promptDefaults, ...values };
    const systemPrompt = evaluator.system.render(base);
    const userPrompt = evaluator.user.render(base);
    const rowId = appIdOf(row);
    const answers: Array<[string, LlmResponse]> = [];
    const calls = evaluator.criteria.length > 0 ? evaluator.criteria : [undefined];
    for (const criterion of calls) {
      stage = criterion?.name;
      const prompt = criterion ? criterion.template.render({ ...evaluator.promptDefaults, ...criterion.defaults, ...values, criteria: criterion.name }) : userPrompt;
      const metadata = criterion ? { row_id: rowId, criteria: criterion.name } : { row_id: rowId };
      const request = { systemPrompt, userPrompt: prompt, metadata, requestId: `${evaluator.runId}/${evaluator.experiment}/${index}/${criterion?.name ?? 'default'}`, experiment: evaluator.experiment, ...overrides(evaluator) };
      answers.push([criterion?.name ?? 'default', await evaluator.call(request, context, abortSignal)]);
    }
    // Criteria keep their configured order (a criterion named "2" stays where it was written).
    const responses = orderedObject(answers) as Record<string, LlmResponse>;
    stage = undefined;
    const scored = await runRowPlugins(evaluator.rowPlugins, scoringInput(evaluator, { row, context, id, index, abortSignal }), responses);
    return withFloats(buildRecord(evaluator, { context, id, index, responses, systemPrompt, userPrompt, scored }), floats);
  } catch (error) {
    return withFloats(failureRecord(evaluator, { context, id, index, error, criteria: stage }), floats);
  }
}

function withFloats<T extends RowOutcome>(outcome: T, floats: FloatCells | undefined): T {
  if (floats) outcome.row_floats = floats;
  return outcome;
}

function overrides(evaluator: RowEvaluator): { temperature?: number; maxTokens?: number } {
  const out: { temperature?: number; maxTokens?: number } = {};
  if (evaluator.temperature !== undefined) out.temperature = evaluator.temperature;
  if (evaluator.maxTokens !== undefined) out.maxTokens = evaluator.maxTokens;
  return out;
}

function scoringInput(evaluator: RowEvaluator, parts: { row: Row; context: Row; id: string; index: number; abortSignal: AbortSignal | undefined }) {
  return {
    experiment: evaluator.experiment,
    isBaseline: evaluator.isBaseline === true,
    runId: evaluator.runId,
    index: parts.index,
    id: parts.id,
    sourceRow: parts.row,
    context: parts.context,
    call: evaluator.call,
    ...(evaluator.baselineOutcome ? { baselineOutcome: evaluator.baselineOutcome } : {}),
    ...(parts.abortSignal ? { abortSignal: parts.abortSignal } : {}),
  };
}

interface RecordParts {
  context: Row;
  id: string;
  index: number;
  responses: Record<string, LlmResponse>;
  systemPrompt: string;
  userPrompt: string;
  scored: { metrics: Record<string, unknown>; calls: LlmResponse[] };
}

function buildRecord(evaluator: RowEvaluator, parts: RecordParts): ExperimentRecord {
  const ordered = responsesInOrder(parts.responses);
  const hasCriteria = evaluator.criteria.length > 0;
  // Later criteria overwrite earlier ones, so metrics.score is the last criterion's (docs/original-behaviour.md §1.5);
  // cost fields are the sum over every call of the row (criteria and judges).
  const metrics: Record<string, unknown> = {};
  for (const response of ordered) Object.assign(metrics, response.metrics);
  // `cached` marks a row the shared response cache answered entirely; each response keeps its own mark.
  if ([...ordered, ...parts.scored.calls].every((response) => response.metrics.cached === true)) metrics.cached = true;
  else delete metrics.cached;
  Object.assign(metrics, sumCallCosts([...ordered, ...parts.scored.calls]));
  mergeMetrics(metrics, parts.scored.metrics);
  const record: ExperimentRecord = {
    status: 'ok',
    index: parts.index,
    id: parts.id,
    row: parts.context,
    response: ordered[0]!,
    metrics,
    metadata: {
      experiment: evaluator.experiment,
      prompt_system: parts.systemPrompt,
      prompt_user: parts.userPrompt,
      // The raw templates, as the original's records keep them (docs/original-behaviour.md §1.5 step 7).
      prompt_system_template: evaluator.system.rawSource ?? evaluator.system.source,
      prompt_user_template: evaluator.user.rawSource ?? evaluator.user.source,
      prompt_user_fields: evaluator.user.requiredFields,
    },
    security_level: evaluator.securityLevel,
  };
  if (hasCriteria) record.responses = parts.responses;
  const retry = ordered[ordered.length - 1]?.retry;
  if (retry) record.retry = retry;
  return record;
}

interface FailureParts {
  context: Row;
  id: string;
  index: number;
  error: unknown;
  criteria?: string;
}

function failureRecord(evaluator: RowEvaluator, parts: FailureParts): FailureRecord {
  const failure: FailureRecord = {
    status: 'error',
    index: parts.index,
    id: parts.id,
    row: parts.context,
    error: errorMessage(parts.error),
    error_code: isAppError(parts.error) ? parts.error.code : 'INTERNAL',
    timestamp: evaluator.clock.now() / 1000,
  };
  const retry = isAppError(parts.error) ? (parts.error.details?.retry as RetryInfo | undefined) : undefined;
  if (retry) failure.retry = retry;
  if (parts.criteria) failure.criteria = parts.criteria;
  return failure;
}
