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
  /** The baseline scheduled runs of this suite are compared with (docs/scheduled-regression.md). */
  blessed?: boolean;
  /** When it was blessed: with several blessed entries, the latest blessing wins. */
  blessedAt?: string;
  reportPrefix?: string;
  /** A submitted suite (`sha256:<hex>`): what the timer re-runs for a suite the app does not ship. */
  suiteRef?: string;
  /** Timer runs: the schedule slot the run belongs to. */
  slot?: string;
  /** The run's verdict table (variant x criterion), once it has finished. */
  verdicts?: IndexedVerdict[];
  /** Timer runs: the comparison with the blessed (or last good) run. */
  regression?: IndexedRegression;
}

/** One row of a run's verdict table, as the run index keeps it (small: no method text). */
export interface IndexedVerdict {
  variant: string;
  criterion: string;
  verdict: string;
  difference: number | null;
  adjustedP: number | null;
}

/**
 * A scheduled run against its reference: `degraded` when a criterion of the baseline
 * experiment got significantly worse, `passed` otherwise, `no_reference` when there was
 * nothing to compare with, `not_compared` when the comparison could not be made (`reason`).
 */
export interface IndexedRegression {
  status: 'passed' | 'degraded' | 'no_reference' | 'not_compared';
  reference?: string;
  referenceKind?: 'blessed' | 'last_good';
  experiment?: string;
  verdicts?: { criterion: string; verdict: string; difference: number | null; interval: [number, number] | null; adjustedP: number | null }[];
  reason?: string;
}

/** The table of runs (PartitionKey = suite, RowKey = runId). */
export interface RunIndex {
  upsert(entry: RunIndexEntry): Promise<void>;
  get(suite: string, runId: string): Promise<RunIndexEntry | undefined>;
  /** One suite's runs, or every suite's without one; newest first, at most `limit` (default all). */
  list(suite?: string, options?: { limit?: number }): Promise<RunIndexEntry[]>;
  /** A run by id alone, whatever its suite. */
  find(runId: string): Promise<RunIndexEntry | undefined>;
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
