/**
 * The Telemetry port: Application Insights custom events and metrics when a connection
 * string is configured, structured log lines otherwise. Events are buffered and posted by
 * the small ingestion client in appInsightsIngestion.ts (no SDK: nothing is loaded or
 * contacted at start-up, and the deployment stays small); the Entra credential is made on
 * the first post only.
 */
import { errorMessage } from '../core/errors';
import type { Logger, Telemetry } from '../core/ports';
import { defaultCredentialFactory, lazyCredential, type CredentialFactory } from './credentials';
import { eventEnvelope, ingestionTargetOf, metricEnvelope, parseAuthenticationString, postEnvelopes, type Envelope } from './appInsightsIngestion';

export interface CreateTelemetryOptions {
  /** `APPLICATIONINSIGHTS_CONNECTION_STRING`; without it nothing is sent anywhere but the logs. */
  connectionString?: string;
  /** `APPLICATIONINSIGHTS_AUTHENTICATION_STRING`: `Authorization=AAD;ClientId=<id>` sends with that identity. */
  authenticationString?: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** Makes the Entra credential; tests pass one that answers from loopback. */
  credentialFactory?: CredentialFactory;
  /** Buffered items are posted at least this often (default 5 s) and at every flush(). */
  flushIntervalInMs?: number;
  /** A post starts as soon as this many items wait (default 100). */
  maxBatchSize?: number;
  /** `ai.cloud.role`: the app's name in Application Insights' application map. */
  role?: string;
  now?: () => Date;
}

/** Custom dimensions are strings: numbers and booleans as text, objects as JSON, absent values dropped. */
export function toDimensions(properties: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') out[key] = String(value);
    else out[key] = JSON.stringify(value) ?? String(typeof value);
  }
  return out;
}

export function createTelemetry(options: CreateTelemetryOptions): Telemetry {
  const connectionString = options.connectionString?.trim();
  if (!connectionString) return createLogTelemetry(options.logger);
  const target = ingestionTargetOf(connectionString);
  const auth = parseAuthenticationString(options.authenticationString);
  const credential = auth.entra ? lazyCredential(options.credentialFactory ?? defaultCredentialFactory, auth.clientId ? { managedIdentityClientId: auth.clientId } : {}) : undefined;
  const now = options.now ?? (() => new Date());
  const tags: Record<string, string> = { 'ai.cloud.role': options.role ?? 'elspeth', 'ai.internal.sdkVersion': 'elspeth:1' };
  const sender = createBatchSender({
    send: (batch) => postEnvelopes(batch, { target, fetch: options.fetch ?? fetch, ...(credential ? { credential } : {}) }),
    logger: options.logger,
    intervalInMs: options.flushIntervalInMs ?? 5000,
    maxBatchSize: options.maxBatchSize ?? 100,
  });
  return {
    trackEvent: (name, properties) => sender.add(eventEnvelope(target, now(), name, toDimensions(properties), tags)),
    trackMetric: (name, value, properties) => sender.add(metricEnvelope(target, now(), name, value, toDimensions(properties), tags)),
    flush: () => sender.flush(),
  };
}

interface BatchSenderOptions {
  send(batch: Envelope[]): Promise<number>;
  logger: Logger;
  intervalInMs: number;
  maxBatchSize: number;
}

/** Buffers envelopes; posts them on a timer that never keeps the process alive, when full, and on flush. */
function createBatchSender(options: BatchSenderOptions) {
  let pending: Envelope[] = [];
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();
  const post = (batch: Envelope[]): Promise<void> => {
    const sending = options
      .send(batch)
      .then((status) => {
        // Telemetry must never fail a run: a refused batch is logged (by count, not content) and dropped.
        if (status < 200 || status > 299) options.logger.warn('[telemetry] Application Insights refused a batch', { status, items: batch.length });
      })
      .catch((error: unknown) => options.logger.warn('[telemetry] Application Insights post failed', { items: batch.length, error: errorMessage(error) }))
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    return sending;
  };
  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return Promise.resolve();
    const batch = pending;
    pending = [];
    return post(batch);
  };
  return {
    add(envelope: Envelope) {
      pending.push(envelope);
      if (pending.length >= options.maxBatchSize) void drain();
      else if (!timer) {
        timer = setTimeout(() => void drain(), options.intervalInMs);
        timer.unref();
      }
    },
    async flush() {
      await drain();
      await Promise.all([...inFlight]);
    },
  };
}

/** Events and metrics as structured log lines (docs/original-behaviour.md §11): `event` or `metric` plus the properties. */
export function createLogTelemetry(logger: Logger): Telemetry {
  return {
    trackEvent: (name, properties) => logger.info(`[telemetry] ${name}`, { channel: 'telemetry', event: name, ...properties }),
    trackMetric: (name, value, properties) => logger.info(`[telemetry] ${name}=${value}`, { channel: 'telemetry', metric: name, value, ...properties }),
    flush: () => Promise.resolve(),
  };
}
