import { z } from 'zod';
import type { ResolvedRun } from '../core/config/resolved';
import type { IndexedRow } from '../core/engine/evaluateBatch';
import type { RowOutcome } from '../core/engine/records';
import type { LlmResponse } from '../core/llm/types';
import type { RunRequest } from './runRequest';
import type { BatchLayout } from './schedule/layout';

/**
 * The stored formats of a run, declared once beside its layout (storagePaths.ts) and
 * documented in docs/architecture.md, "Storage layout and formats". Every reader checks what
 * it reads against these schemas (jsonBlobs.ts `getJsonOf`, `getJsonLinesOf`), so a damaged
 * file fails naming the blob, line and key instead of flowing into results; writers are typed
 * by the same declarations. The schemas check what readers rely on and let other keys through
 * (records carry plugin-defined metrics and metadata).
 */

const count = z.int().min(0);
const anyRecord = z.record(z.string(), z.unknown());

const RetryInfoSchema = z.looseObject({ attempts: count, max_attempts: count, history: z.array(z.looseObject({ attempt: count, status: z.enum(['success', 'error']) })) });

/** A model answer as kept in records and checkpoints (core/llm/types.ts `LlmResponse`). */
export const StoredResponseSchema = z.looseObject({
  content: z.string(),
  metrics: anyRecord,
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).optional(),
  metadata: anyRecord.optional(),
  retry: RetryInfoSchema.optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

/** Python text of the row cells JSON cannot type (`{"x": "1000.0", "note": "nan"}`; src/core/data/pandasCells.ts). */
const FloatCellsSchema = z.record(z.string(), z.string());

/** `runs/<run>/input/chunk-<n>.jsonl`, one line per row: its position in the dataset, its fields and their float cells. */
export const InputRowSchema = z.looseObject({ index: count, row: anyRecord, floats: FloatCellsSchema.optional() });

/** A successful row (core/engine/records.ts `ExperimentRecord`); `response` may be left out when `responses` holds it (storedRecords.ts). */
const StoredRecordSchema = z.looseObject({
  status: z.literal('ok'),
  index: count,
  id: z.string(),
  row: anyRecord,
  row_floats: FloatCellsSchema.optional(),
  response: StoredResponseSchema.optional(),
  responses: z.record(z.string(), StoredResponseSchema).optional(),
  metrics: anyRecord,
  metadata: anyRecord,
  retry: RetryInfoSchema.optional(),
  security_level: z.string(),
});

/** A row that produced no result (`FailureRecord`). */
const StoredFailureSchema = z.looseObject({
  status: z.literal('error'),
  index: count,
  id: z.string(),
  row: anyRecord,
  row_floats: FloatCellsSchema.optional(),
  error: z.string(),
  error_code: z.string(),
  timestamp: z.number(),
  retry: RetryInfoSchema.optional(),
  criteria: z.string().optional(),
});

/**
 * The last line of every batch file: rows skipped (early stop, budget), the batch's additive
 * cost fields, and why it stopped, so a re-read gives the same result. `batchFailed` marks a
 * batch whose activity failed for good: its rows are written as failures (batchFiles.ts).
 */
export const BatchTrailerSchema = z.strictObject({
  status: z.literal('batch'),
  skipped: z.array(count),
  cost: z.record(z.string(), z.number()),
  earlyStop: z.looseObject({ plugin: z.string() }).optional(),
  budgetStopped: z.literal(true).optional(),
  batchFailed: z.string().optional(),
});
export type BatchTrailer = z.infer<typeof BatchTrailerSchema>;

/** `runs/<run>/<experiment>/batches/<n>.jsonl`: row outcomes, then the trailer. */
export const BatchLineSchema = z.discriminatedUnion('status', [StoredRecordSchema, StoredFailureSchema, BatchTrailerSchema]);
export type BatchLine = RowOutcome | BatchTrailer;

/** `cache/<run>/<experiment>/<n>.json`: the answers a batch has paid for, by request key (batchCheckpoint.ts). */
export const CheckpointSchema = z.record(z.string(), StoredResponseSchema);
export type Checkpoint = Record<string, LlmResponse>;

/** `runs/<run>/request.json`: what started the run, what `elspeth resume` starts again. */
export const StoredRequestSchema = z.looseObject({
  runId: z.string().min(1),
  trigger: z.enum(['http', 'timer', 'cli']),
  suite: z.string().min(1),
  settingsFile: z.string(),
});

const ResolvedRunShape = z.looseObject({
  suite: z.string(),
  baseline: z.string(),
  experiments: z.array(z.looseObject({ name: z.string() })).min(1),
});

/** `runs/<run>/plan.json`: the resolved configuration every activity works from, secrets redacted. */
export const StoredPlanSchema = z.looseObject({
  request: StoredRequestSchema,
  run: ResolvedRunShape,
  rowCount: count,
  batchSize: z.int().min(1),
  batchCount: count,
  layout: z.looseObject({}).optional(),
  securityLevel: z.string(),
  columns: z.array(z.string()),
  datasetSource: z.string(),
  averageRowChars: z.number().optional(),
  createdAt: z.string(),
});

/** `runs/<runId>/plan.json` as activities use it. */
export interface StoredPlan {
  request: RunRequest;
  run: ResolvedRun;
  rowCount: number;
  batchSize: number;
  batchCount: number;
  /** Derived once from `max_workers` (and `orchestration` overrides), so a resumed run keeps it. */
  layout?: BatchLayout;
  securityLevel: string;
  columns: string[];
  datasetSource: string;
  /** Mean characters per row, for the cost estimate when the plan is reused. */
  averageRowChars?: number;
  createdAt: string;
}

/**
 * A declared format and the type its readers work with. The schema checks the shape; the
 * value is handed on as read (no copy), so 100,000-line batch files are not duplicated.
 */
export interface StoredFormat<T> {
  /** Named in errors: "a batch file line", "a checkpoint". */
  what: string;
  schema: z.ZodType;
  /** Only for the type: never read. */
  readonly type?: T;
}

export const STORED = {
  request: { what: 'a run request', schema: StoredRequestSchema } as StoredFormat<RunRequest>,
  plan: { what: 'a run plan', schema: StoredPlanSchema } as StoredFormat<StoredPlan>,
  inputRow: { what: 'an input chunk line', schema: InputRowSchema } as StoredFormat<IndexedRow>,
  batchLine: { what: 'a batch file line', schema: BatchLineSchema } as StoredFormat<BatchLine>,
  checkpoint: { what: 'a batch checkpoint', schema: CheckpointSchema } as StoredFormat<Checkpoint>,
};

/** Where a value breaks its format, for the error: `metrics: expected record`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(whole value)'}: ${issue.message}`)
    .join('; ');
}
