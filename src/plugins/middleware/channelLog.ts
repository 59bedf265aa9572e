import type { LogContext, Logger } from '../../core/ports';

export type ChannelLog = Record<'debug' | 'info' | 'warn' | 'error', (message: string, context?: LogContext) => void>;

/** docs/original-behaviour.md §11: every line says its channel, as a `[channel]` prefix and as a `channel` field. */
export function channelLog(logger: Logger, channel: string): ChannelLog {
  const at = (level: keyof ChannelLog) => (message: string, context: LogContext = {}) =>
    logger[level](`[${channel}] ${message}`, { channel, ...context });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Suite-level hooks run once per instance, however many experiments, packs or concurrent
 * activities reach the same instance: the first call claims the hook, later calls are no-ops.
 */
export function createOnceGuard(): (hook: string) => boolean {
  const fired = new Set<string>();
  return (hook) => {
    if (fired.has(hook)) return false;
    fired.add(hook);
    return true;
  };
}
