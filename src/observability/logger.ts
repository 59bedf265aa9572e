import type { LogContext, Logger } from '../core/ports';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values never reach a log line, whatever the component that logs them. */
// Token *counts* (prompt_tokens, max_tokens) are data; only token-shaped *values* are secret.
const SECRET_KEY = /(secret|password|passwd|^token$|[_-]token$|bearer|api[_-]?key|access[_-]?key|account[_-]?key|^key$|connection[_-]?string|credential|^sas$|sas[_-]?token|authorization|signature)/i;

export function redact(context: LogContext | undefined, depth = 0): LogContext | undefined {
  if (!context) return context;
  const out: LogContext = {};
  for (const [key, value] of Object.entries(context)) {
    if (SECRET_KEY.test(key)) out[key] = '***';
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4) out[key] = redact(value as LogContext, depth + 1);
    else out[key] = value;
  }
  return out;
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stderr, so stdout stays free for command output. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** One JSON object per line: `{time, level, message, ...context}`, secrets redacted by key name. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const at = (level: LogLevel) => (message: string, context?: LogContext) => {
    if (ORDER[level] < threshold) return;
    write(JSON.stringify({ time: now().toISOString(), level, message, ...redact(context) }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Human-readable lines for the CLI: `warn [plan] message key=value`. */
export function createConsoleLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'warn'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const at = (level: LogLevel) => (message: string, context?: LogContext) => {
    if (ORDER[level] < threshold) return;
    const fields = Object.entries(redact(context) ?? {})
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    write(`${level.padEnd(5)} ${message}${fields ? ` ${fields}` : ''}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
