import { AppError } from '../core/errors';
import { redactStorageSecrets } from './redact';

const RETRYABLE_NETWORK_CODES = new Set([
  'REQUEST_SEND_ERROR', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ESOCKETTIMEDOUT',
]);

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  code?: unknown;
}

export interface StorageErrorContext {
  /** What we were doing: "put", "get", "list", "upsert", ... */
  operation: string;
  /** The blob, container or table involved (no secrets). */
  target: string;
  /** Extra details, e.g. `{ conflict: true }`. */
  details?: Record<string, unknown>;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as SdkErrorShape | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function sdkCodeOf(error: unknown): string | undefined {
  const code = (error as SdkErrorShape | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns an SDK error into AppError STORAGE_FAILED. The SDK error is not kept as `cause`:
 * it carries the request (URL with any SAS token, headers), which must not reach logs.
 */
export function toStorageError(error: unknown, context: StorageErrorContext): AppError {
  const statusCode = statusOf(error);
  const errorCode = sdkCodeOf(error);
  const name = (error as SdkErrorShape | null)?.name;
  const rawMessage = error instanceof Error ? error.message : String(error);
  const firstLine = redactStorageSecrets(rawMessage.split('\n')[0] ?? '').trim();
  const retryable =
    statusCode === undefined
      ? RETRYABLE_NETWORK_CODES.has(errorCode ?? '') || name === 'AbortError' || name === 'TimeoutError'
      : statusCode >= 500 || statusCode === 408 || statusCode === 429;
  const status = [statusCode, errorCode].filter((part) => part !== undefined).join(' ');
  return new AppError(
    'STORAGE_FAILED',
    `Storage ${context.operation} failed for '${context.target}'${status ? ` (${status})` : ''}: ${firstLine}`,
    { retryable, details: withoutUndefined({ operation: context.operation, target: context.target, statusCode, errorCode, ...context.details }) },
  );
}

function withoutUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
