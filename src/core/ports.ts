/**
 * Ports: what core/ and plugins need from the outside world. Adapters in azure/ and
 * local/ implement them; tests use the fakes in tests/fakes/.
 */

export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

/** Custom events (Application Insights when configured, structured logs otherwise). */
export interface Telemetry {
  trackEvent(name: string, properties: Record<string, unknown>): void;
  trackMetric(name: string, value: number, properties?: Record<string, unknown>): void;
  flush(): Promise<void>;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number, abortSignal?: AbortSignal): Promise<void>;
}

export interface BlobPutOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  /** Fail with STORAGE_FAILED (details.conflict) if the blob exists. */
  ifNoneMatch?: boolean;
}

/** The run's own storage (one container). Names are `/`-separated paths. */
export interface BlobStore {
  put(name: string, body: string | Buffer, options?: BlobPutOptions): Promise<void>;
  /** Undefined when the blob does not exist. */
  get(name: string): Promise<Buffer | undefined>;
  list(prefix: string): Promise<string[]>;
  delete(name: string): Promise<void>;
  /** A URL a reader can use to find the blob (no secrets). */
  urlOf(name: string): string;
}

export interface RunIndexEntry {
  suite: string;
  runId: string;
  status: string;
  trigger: 'http' | 'timer' | 'cli';
  startedAt: string;
  finishedAt?: string;
  rows?: number;
  failures?: number;
  costInUsd?: number;
  blessed?: boolean;
  reportPrefix?: string;
}

/** The table of runs (PartitionKey = suite, RowKey = runId). */
export interface RunIndex {
  upsert(entry: RunIndexEntry): Promise<void>;
  get(suite: string, runId: string): Promise<RunIndexEntry | undefined>;
  list(suite: string): Promise<RunIndexEntry[]>;
}

export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export const noopTelemetry: Telemetry = {
  trackEvent: () => undefined,
  trackMetric: () => undefined,
  flush: () => Promise.resolve(),
};
