import { errorMessage } from '../../core/errors';
import type { LogContext, Logger, Telemetry } from '../../core/ports';

export type FallbackLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<string, FallbackLevel> = { CRITICAL: 'error', ERROR: 'error', WARNING: 'warn', WARN: 'warn', INFO: 'info', DEBUG: 'debug' };

/** The original's `severity_threshold`: not a filter, the level of fallback lines (unknown → INFO). */
export function fallbackLevelOf(name: string, logger: Logger): FallbackLevel {
  const level = LEVELS[name.toUpperCase()];
  if (level) return level;
  logger.warn('[azure_env] unknown severity_threshold; using INFO', { channel: 'azure_env', severity_threshold: name });
  return 'info';
}

/** Rows, tables and metrics of docs/original-behaviour.md §5.1, sent to Application Insights or written as structured logs. */
export interface AzureEventSink {
  row(name: string, fields: Record<string, unknown>): void;
  table(name: string, columns: Record<string, unknown>): void;
  metric(name: string, value: number): void;
}

export interface AzureEventSinkOptions {
  linked: boolean;
  telemetry: Telemetry;
  logger: Logger;
  level: FallbackLevel;
  /** Added to every event (host, site, instance). */
  common: Record<string, string>;
}

/**
 * When linked, events go to the Telemetry port (custom events and metrics); a failing
 * telemetry call is logged and the event written as a `-fallback` line, never thrown.
 * Otherwise every event is one JSON log line with `event` and `channel` fields (docs/original-behaviour.md §11).
 */
export function createAzureEventSink(options: AzureEventSinkOptions): AzureEventSink {
  const log = (channel: string, name: string, context: LogContext) =>
    options.logger[options.level](`[${channel}] ${name}`, { channel, event: name, ...options.common, ...context });

  const send = (kind: 'row' | 'table' | 'metric', name: string, context: LogContext, track: () => void) => {
    const channel = kind === 'row' ? 'azure_env' : `azure_env-${kind}`;
    if (!options.linked) return log(channel, name, context);
    try {
      track();
    } catch (error) {
      options.logger.warn(`[azure_env] Application Insights ${kind} failed: ${errorMessage(error)}`, { channel: 'azure_env', event: name });
      log(`${channel}-fallback`, name, context);
    }
  };

  return {
    row: (name, fields) => send('row', name, fields, () => options.telemetry.trackEvent(name, { ...options.common, ...fields })),
    table: (name, columns) => send('table', name, columns, () => options.telemetry.trackEvent(name, { ...options.common, event_kind: 'table', ...columns })),
    metric: (name, value) => send('metric', name, { value }, () => options.telemetry.trackMetric(name, value, options.common)),
  };
}
