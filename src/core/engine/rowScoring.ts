import type { LlmCaller } from '../llm/pipeline';
import type { LlmRequest, LlmResponse } from '../llm/types';
import type { RowModelRequest, RowPlugin, RowPluginContext } from '../plugins/kinds';
import type { Row, RowOutcome } from './records';
import { appIdOf } from './rowId';
import { keyOrderOf, orderedObject } from '../data/keyOrder';

/** The baseline's outcome of a row by index, waiting up to `waitInMs` for the baseline's batch file. */
export type BaselineOutcomeReader = (index: number, waitInMs: number | undefined) => Promise<RowOutcome | undefined>;

/** What the engine knows about a row when its plugins score it. */
export interface RowScoringInput {
  experiment: string;
  isBaseline: boolean;
  runId: string;
  index: number;
  id: string;
  /** The dataset row (every column). */
  sourceRow: Row;
  /** The prompt context (`record.row`). */
  context: Row;
  call: LlmCaller;
  baselineOutcome?: BaselineOutcomeReader;
  abortSignal?: AbortSignal;
}

/**
 * Runs the row plugins in order and merges their outputs. Returns the merged output and
 * the answers of the model calls the plugins made (judges), whose costs count for the row.
 */
export async function runRowPlugins(
  plugins: readonly RowPlugin[],
  input: RowScoringInput,
  responses: Record<string, LlmResponse>,
): Promise<{ metrics: Record<string, unknown>; calls: LlmResponse[] }> {
  const calls: LlmResponse[] = [];
  const context = rowPluginContext(input, calls);
  const metrics: Record<string, unknown> = {};
  for (const plugin of plugins) mergeMetrics(metrics, await plugin.processRow(input.context, responses, context));
  return { metrics, calls };
}

function rowPluginContext(input: RowScoringInput, calls: LlmResponse[]): RowPluginContext {
  // The same row_id the row's own calls carry: the APPID column only (docs/original-behaviour.md §1.5).
  const rowId = appIdOf(input.sourceRow);
  const context: RowPluginContext = {
    experiment: input.experiment,
    isBaseline: input.isBaseline,
    index: input.index,
    id: input.id,
    sourceRow: input.sourceRow,
    async call(request: RowModelRequest) {
      const response = await input.call(toLlmRequest(input, request, rowId), input.context, input.abortSignal);
      calls.push(response);
      return response;
    },
    baseline: (options) => input.baselineOutcome?.(input.index, options?.waitInMs) ?? Promise.resolve(undefined),
  };
  if (input.abortSignal) context.abortSignal = input.abortSignal;
  return context;
}

function toLlmRequest(input: RowScoringInput, request: RowModelRequest, rowId: unknown): LlmRequest {
  const out: LlmRequest = {
    systemPrompt: request.systemPrompt,
    userPrompt: request.userPrompt,
    metadata: { row_id: rowId, ...request.metadata },
    requestId: `${input.runId}/${input.experiment}/${input.index}/${request.purpose}`,
    experiment: input.experiment,
    route: request.route,
  };
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.maxTokens !== undefined) out.maxTokens = request.maxTokens;
  return out;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Merges a plugin's output into the metrics: maps present on both sides (`scores`, flag
 * maps) are merged one level deep, so two plugins scoring different criteria both count;
 * anything else is replaced, as the original's `dict.update` did.
 */
export function mergeMetrics(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] = isPlainObject(current) && isPlainObject(value) ? mergedInOrder(current, value) : value;
  }
}

/** `{...current, ...value}` keeping both sides' key order, as a Python dict update does. */
function mergedInOrder(current: Record<string, unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const entries = (object: Record<string, unknown>) => keyOrderOf(object).map((key) => [key, object[key]] as const);
  return orderedObject([...entries(current), ...entries(value)]);
}

/** Cost-tracker fields that add up over a row's calls (criteria and judges). */
const ADDITIVE_COST_FIELDS = ['cost', 'prompt_tokens', 'completion_tokens', 'total_tokens'] as const;

/**
 * A row's cost fields summed over every call it made, so the per-row `metric_cost` adds up
 * to the cost tracker's total (with one criterion and no judge the values are unchanged).
 */
export function sumCallCosts(responses: readonly LlmResponse[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const field of ADDITIVE_COST_FIELDS) {
    const values = responses.map((response) => response.metrics?.[field]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    if (values.length > 0) totals[field] = values.reduce((sum, value) => sum + value, 0);
  }
  return totals;
}
