/** What the engine sends to a model, after prompts are rendered. */
export interface LlmRequest {
  systemPrompt: string;
  userPrompt: string;
  /**
   * Call metadata in the original's sense (`row_id`, `criteria`, `attempt`, plus what
   * middleware adds). The mock model hashes it, so nothing else belongs here.
   */
  metadata: Record<string, unknown>;
  /** Per-experiment overrides, sent to the model (the original only reported them). */
  temperature?: number;
  maxTokens?: number;
  /** Stable id of this logical call (run, experiment, row, criterion); not hashed by the mock. */
  requestId: string;
  experiment?: string;
  /**
   * Which model answers: absent for the experiment's own model, else a route registered by
   * a row plugin (`PluginDeps.routeModel`, e.g. a judge). Part of the cache key.
   */
  route?: string;
}

export interface LlmUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** One attempt of a model call, as recorded in retry history. */
export interface AttemptRecord {
  attempt: number;
  status: 'success' | 'error';
  /** Seconds, as in the original history entries. */
  duration: number;
  error?: string;
  error_type?: string;
  error_code?: string;
  http_status?: number;
  retry_after_ms?: number;
  /** Seconds until the next attempt, when one follows. */
  next_delay?: number;
}

export interface RetryInfo {
  attempts: number;
  max_attempts: number;
  history: AttemptRecord[];
}

/** A model answer. Field names follow the original record contract (docs/original-behaviour.md §1.6). */
export interface LlmResponse {
  content: string;
  metrics: Record<string, unknown>;
  raw?: unknown;
  usage?: LlmUsage;
  metadata?: Record<string, unknown>;
  retry?: RetryInfo;
  /** Response headers the rate limiter reads (`x-ratelimit-remaining-*`, `retry-after`). */
  headers?: Record<string, string>;
}

export interface GenerateOptions {
  abortSignal?: AbortSignal;
}

/**
 * Who answers a call, besides the request itself: what the shared response cache keys on and
 * what names a deployment to the limiters. Never holds a secret (no keys, no URL credentials).
 */
export interface LlmIdentity {
  provider: string;
  /** Endpoint origin and path, without credentials or query. */
  endpoint?: string;
  /** Deployment (Azure) or model name. */
  model: string;
  apiVersion?: string;
  /** The client's own defaults, which a request may override. */
  temperature?: number;
  maxTokens?: number;
  /** Answers are a function of the request alone, whatever the temperature (the offline mock). */
  deterministic?: boolean;
  /** The answer depends on the call metadata too (the offline mock hashes it). */
  readsMetadata?: boolean;
  /** Anything else that changes answers (the mock's seed). */
  variant?: string | number | null;
}

export interface LlmClient {
  readonly name: string;
  /** Absent: the client is never answered from the shared cache. */
  readonly identity?: LlmIdentity;
  generate(request: LlmRequest, options?: GenerateOptions): Promise<LlmResponse>;
}
