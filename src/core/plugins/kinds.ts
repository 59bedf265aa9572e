import type { z } from 'zod';
import type { ExperimentPayload, ExperimentRecord, Row, RowOutcome } from '../engine/records';
import type { LlmClient, LlmRequest, LlmResponse } from '../llm/types';
import type { BlobStore, Clock, Logger, Telemetry } from '../ports';
import type { InputPolicy } from '../config/inputPolicy';
import type { PluginDef } from './pluginDef';

export const PLUGIN_KINDS = [
  'datasource',
  'llm',
  'middleware',
  'row',
  'aggregator',
  'baseline',
  'validation',
  'earlyStop',
  'rateLimiter',
  'costTracker',
  'sink',
] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** The experiment a plugin is built for, when it runs inside a run (prompt_variants reads its prompts). */
export interface ExperimentContext {
  name: string;
  /** The prompt templates as configured (unrendered). */
  prompts: { system: string; user: string };
  promptFields?: string[];
}

/** Services a plugin may use. Built once per process by the composition root. */
export interface PluginDeps {
  logger: Logger;
  telemetry: Telemetry;
  clock: Clock;
  /** Environment snapshot, parsed once at the edge; plugins read `*_env` options from here. */
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof fetch;
  /** Directory that relative file paths in configuration resolve against. */
  baseDir: string;
  /** Where input files may be read from; absent means anywhere (tests, offline `compare`). */
  inputs?: InputPolicy;
  /** The run's storage, when the plugin runs inside a run (shared limiter, cache). */
  blobs?: BlobStore;
  /** Builds a model client from a definition (for llm_guard, prompt_variants). */
  createLlm(def: PluginDef): LlmClient;
  /** Set by the run's experiment runtime; absent offline (compare) and in plain unit tests. */
  experiment?: ExperimentContext;
  /**
   * Set inside a run: registers a model other than the experiment's (a judge) and returns
   * the route a row plugin puts in `RowModelRequest.route`, so its calls go through the
   * run's own pipeline (call slots, rate limiter, retries with history, cost and budget,
   * checkpoints). Identical definitions share one route.
   */
  routeModel?(def: PluginDef): string;
}

export interface Dataset {
  columns: string[];
  rows: Row[];
  securityLevel: string;
  source: string;
}

export interface Datasource {
  load(): Promise<Dataset>;
}

export interface SuiteHookContext {
  runId: string;
  suite: string;
}

/** Optional suite lifecycle hooks (docs/original-behaviour.md §2.4), fired at most once per instance per event. */
export interface SuiteHooks {
  onSuiteLoaded?(experiments: Record<string, unknown>[], preflight: Record<string, unknown>, ctx: SuiteHookContext): void | Promise<void>;
  onExperimentStart?(name: string, meta: Record<string, unknown>): void | Promise<void>;
  onExperimentComplete?(name: string, payload: ExperimentPayload, meta: Record<string, unknown>): void | Promise<void>;
  onBaselineComparison?(name: string, comparisons: Record<string, unknown>): void | Promise<void>;
  onSuiteComplete?(summary: Record<string, unknown>): void | Promise<void>;
  onRetryExhausted?(request: LlmRequest, meta: Record<string, unknown>, error: unknown): void | Promise<void>;
}

export type NextPolicy = (request: LlmRequest) => Promise<LlmResponse>;

/** A named policy around the model call, like core-rest-pipeline's `sendRequest(req, next)`. */
export interface LlmMiddleware extends SuiteHooks {
  readonly name: string;
  send(request: LlmRequest, next: NextPolicy): Promise<LlmResponse>;
}

/** A model call made by a row plugin (a judge), sent through the run's pipeline. */
export interface RowModelRequest {
  /** From `PluginDeps.routeModel`: which model answers. */
  route: string;
  /** Names the call within the row (e.g. `llm_judge:accuracy`): part of its request id, so of its checkpoint key. */
  purpose: string;
  systemPrompt: string;
  userPrompt: string;
  /** Added to the call metadata (after `row_id`). */
  metadata?: Record<string, unknown>;
  temperature?: number;
  maxTokens?: number;
}

/** What a row plugin may use besides the prompt row and the answers (see docs/scoring.md). */
export interface RowPluginContext {
  experiment: string;
  /** True in the baseline experiment (a pairwise judge has nothing to compare there). */
  isBaseline: boolean;
  index: number;
  id: string;
  /** The dataset row with every column (`row` is the prompt context, limited by `prompt_fields`). */
  sourceRow: Row;
  /**
   * Calls a model through the run's pipeline. Its answer is not validated by the
   * experiment's validation plugins (those judge the model under test), and its cost is
   * added to the row's `cost`.
   */
  call(request: RowModelRequest): Promise<LlmResponse>;
  /**
   * The baseline's outcome for the same row (a variant's pairwise judge). The baseline's
   * batch of these rows is normally written first; when it is not there yet this waits up to
   * `waitInMs` for it. Undefined for the baseline itself, or when the baseline has no outcome.
   */
  baseline(options?: { waitInMs?: number }): Promise<RowOutcome | undefined>;
  abortSignal?: AbortSignal;
}

/**
 * Scores a row. Output keys are merged into `record.metrics`; maps (`scores`, flags) are
 * merged one level deep, so several plugins can each add criteria. A mismatch is a score,
 * not a thrown error: a row plugin that throws fails the row.
 */
export interface RowPlugin {
  readonly name: string;
  processRow(row: Row, responses: Record<string, LlmResponse>, context: RowPluginContext): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export interface Aggregator {
  readonly name: string;
  finalize(records: ExperimentRecord[]): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export interface BaselineComparer {
  readonly name: string;
  compare(baseline: ExperimentPayload, variant: ExperimentPayload): Record<string, unknown>;
}

export interface ResponseValidator {
  readonly name: string;
  /** Throws AppError VALIDATION_FAILED when the response breaks the rule. */
  validate(response: LlmResponse, context: Row, metadata: Record<string, unknown>): void | Promise<void>;
}

export interface EarlyStopMeta {
  row_index: number;
  /** The baseline's observed value for the same row, when the plugin compares with it. */
  baseline_value?: number;
}

/**
 * Early stop split in two (docs/original-behaviour.md §6): `observe` runs in the activity next to the record; `check`
 * runs in the orchestrator over observations in row order, so replays decide the same.
 */
export interface EarlyStopCheck {
  readonly name: string;
  /** True when `check` needs the baseline's value for the same row (`meta.baseline_value`). */
  readonly pairsWithBaseline?: boolean;
  /** The number this plugin needs from a successful record, if any. */
  observe(record: ExperimentRecord): number | undefined;
  reset(): void;
  /** A reason once the stop condition holds; cached, so later checks return it again. */
  check(value: number, meta: EarlyStopMeta): Record<string, unknown> | undefined;
  /** JSON-safe state, so a sequential batch can continue where the orchestrator left off. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

export interface RateLimiter {
  /** Resolves when the call may go; call the returned release when it finishes. */
  acquire(meta: Record<string, unknown>, abortSignal?: AbortSignal): Promise<() => void>;
  utilization(): number;
  updateUsage(response: LlmResponse, meta: Record<string, unknown>): void;
  /** Told about failed calls, so a limiter can back off on 429s (`retry-after`, quota headers). */
  onError?(error: unknown, meta: Record<string, unknown>): void;
}

export interface CostTracker {
  record(response: LlmResponse, meta: Record<string, unknown>): Record<string, unknown>;
  summary(): Record<string, unknown>;
  /**
   * The most a call with these token counts can cost, whatever model answers; what the
   * budget reserves before each attempt. Absent when the tracker prices nothing.
   */
  worstCase?(tokens: { promptTokens: number; completionTokens: number }): number;
}

export interface Artifact {
  id: string;
  type: string;
  path?: string;
  payload?: unknown;
  metadata: Record<string, unknown>;
  persist: boolean;
  security_level?: string;
  produced_by?: string;
  schema_id?: string;
}

export interface ArtifactDescriptor {
  name: string;
  type: string;
  alias?: string;
  persist?: boolean;
  schema_id?: string;
  security_level?: string;
}

/** Where sinks write: relative paths under the run's experiment (or suite) folder. */
export interface ArtifactWriter {
  write(relativePath: string, body: string | Buffer, contentType: string): Promise<string>;
  /** Optional: whether a file already exists at that path (for `overwrite: false`). */
  exists?(relativePath: string): Promise<boolean>;
  /** Optional: the bytes of a file by the name `write` returned (sinks that consume other sinks' files). */
  read?(writtenName: string): Promise<Buffer | undefined>;
}

/** Successful records read one at a time, in row order, from storage (see `Sink.records`). */
export interface RecordStream {
  count: number;
  each(visit: (record: ExperimentRecord) => void): Promise<void>;
}

export interface SinkContext {
  /** Set when the run streams records to sinks; `payload.results` is then empty. */
  records?: RecordStream;
  runId: string;
  experiment: string;
  writer: ArtifactWriter;
  /** Artifacts consumed from upstream sinks, by token. */
  consumed: Record<string, Artifact[]>;
  securityLevel: string;
  timestamp: string;
}

export interface Sink {
  /**
   * What the sink reads of `payload.results`: `all` (default) needs them in memory; `none`
   * reads only aggregates, comparisons, failures and metadata; `stream` reads them through
   * `ctx.records` when given. When no sink needs `all`, large runs never load every record.
   */
  records?: 'all' | 'none' | 'stream';
  write(payload: ExperimentPayload, ctx: SinkContext): Promise<void>;
  produces?(): ArtifactDescriptor[];
  consumes?(): (string | { token: string; mode?: 'single' | 'all' })[];
  collectArtifacts?(): Record<string, Artifact>;
}

export interface PluginInstanceByKind {
  datasource: Datasource;
  llm: LlmClient;
  middleware: LlmMiddleware;
  row: RowPlugin;
  aggregator: Aggregator;
  baseline: BaselineComparer;
  validation: ResponseValidator;
  earlyStop: EarlyStopCheck;
  rateLimiter: RateLimiter;
  costTracker: CostTracker;
  sink: Sink;
}

/** A plugin is a plain object: name, kind, schema, factory. Nothing registers itself. */
export interface Plugin<K extends PluginKind = PluginKind, S extends z.ZodType = z.ZodType> {
  name: string;
  kind: K;
  description: string;
  configSchema: S;
  /** Row plugins: their instances read the baseline's outcome of the same row, so a variant's batch is planned after the baseline's. */
  readsBaselineRows?: boolean;
  /**
   * Top-level options that hold secrets although their names do not say so (Content Safety's
   * `key`); they are kept out of stored plans like `api_key` (core/config/secrets.ts).
   */
  secretOptions?: readonly string[];
  /**
   * The option naming a JavaScript module from the suite folder that the plugin loads and
   * runs (custom_scorer). Such a plugin runs only where suite code is allowed: the local
   * CLI, or an app with ELSPETH_ALLOW_SUITE_CODE=true (docs/scoring.md#custom-scorers).
   */
  runsSuiteCode?: { option: string };
  create(options: z.output<S>, deps: PluginDeps): PluginInstanceByKind[K];
}

export type AnyPlugin = { [K in PluginKind]: Plugin<K, z.ZodType> }[PluginKind];

export function definePlugin<K extends PluginKind, S extends z.ZodType>(plugin: Plugin<K, S>): Plugin<K, S> {
  return plugin;
}
