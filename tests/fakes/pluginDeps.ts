import type { PluginDeps } from '../../src/core/plugins/kinds';
import type { Clock, LogContext, Logger, Telemetry } from '../../src/core/ports';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  context?: LogContext;
}

/** A logger that keeps every entry, for assertions. */
export function createMemoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, context?: LogContext) => {
    entries.push(context === undefined ? { level, message } : { level, message, context });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TelemetryEvent {
  name: string;
  properties: Record<string, unknown>;
}

export function createMemoryTelemetry(): Telemetry & { events: TelemetryEvent[] } {
  const events: TelemetryEvent[] = [];
  return {
    events,
    trackEvent: (name, properties) => void events.push({ name, properties }),
    trackMetric: (name, value, properties) => void events.push({ name, properties: { value, ...properties } }),
    flush: () => Promise.resolve(),
  };
}

/** A clock whose sleeps resolve at once and advance virtual time. */
export function createFakeClock(start = Date.UTC(2026, 0, 1)): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

export function createTestDeps(overrides: Partial<PluginDeps> = {}): PluginDeps {
  return {
    logger: createMemoryLogger(),
    telemetry: createMemoryTelemetry(),
    clock: createFakeClock(),
    env: {},
    fetch: () => Promise.reject(new Error('fetch is not available in this test')),
    baseDir: process.cwd(),
    createLlm: () => {
      throw new Error('createLlm is not available in this test');
    },
    ...overrides,
  };
}
