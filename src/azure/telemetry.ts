/**
 * The Telemetry port: Application Insights custom events and metrics when a connection
 * string is configured, structured log lines otherwise. The `applicationinsights` v3 SDK
 * probes the cloud metadata address when it starts and throws on track calls without a
 * connection string, so it is only ever loaded, lazily, when one is given.
 */
import type * as AppInsights from 'applicationinsights';
import { errorMessage } from '../core/errors';
import type { Logger, Telemetry } from '../core/ports';

export type AppInsightsModule = Pick<typeof AppInsights, 'TelemetryClient'>;

export interface CreateTelemetryOptions {
  /** `APPLICATIONINSIGHTS_CONNECTION_STRING`; without it nothing is sent anywhere but the logs. */
  connectionString?: string;
  logger: Logger;
  /** Loads the SDK; tests pass a fake. Called at most once, and only with a connection string. */
  loadSdk?: () => AppInsightsModule;
}

function requireSdk(): AppInsightsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('applicationinsights') as AppInsightsModule;
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
  const sdk = (options.loadSdk ?? requireSdk)();
  const client = new sdk.TelemetryClient(connectionString);
  const guarded = (what: string, name: string, action: () => void) => {
    try {
      action();
    } catch (error) {
      // Telemetry must never fail a run; the event name is enough to find the gap.
      options.logger.warn(`[telemetry] Application Insights ${what} failed`, { event: name, error: errorMessage(error) });
    }
  };
  return {
    trackEvent: (name, properties) => guarded('trackEvent', name, () => client.trackEvent({ name, properties: toDimensions(properties) })),
    trackMetric: (name, value, properties) => guarded('trackMetric', name, () => client.trackMetric({ name, value, properties: toDimensions(properties) })),
    flush: async () => {
      try {
        await client.flush();
      } catch (error) {
        options.logger.warn('[telemetry] Application Insights flush failed', { error: errorMessage(error) });
      }
    },
  };
}

/** Events and metrics as structured log lines (§11): `event` or `metric` plus the properties. */
export function createLogTelemetry(logger: Logger): Telemetry {
  return {
    trackEvent: (name, properties) => logger.info(`[telemetry] ${name}`, { channel: 'telemetry', event: name, ...properties }),
    trackMetric: (name, value, properties) => logger.info(`[telemetry] ${name}=${value}`, { channel: 'telemetry', metric: name, value, ...properties }),
    flush: () => Promise.resolve(),
  };
}
