/**
 * Maps whatever a model transport throws (SDK errors, fetch errors, HTTP statuses) to an
 * AppError with a stable code, so the retry loop and the records never depend on an SDK's
 * classes. Recognition is by shape (`status`, `headers.get`, `name`, `cause.code`): core/ does
 * not import the SDK, and the shapes are what the `openai` package and undici expose.
 */
import { AppError, isAppError, type ErrorCode } from '../errors';
import { quotaHintDetails, quotaHintsFromHeaders } from './quotaHints';

/** What the mapping needs to know about the call that failed. */
export interface LlmErrorContext {
  /** Plugin name, for the message and details (`http_openai`, `azure_openai`). */
  provider: string;
  /** Epoch ms, for `retry-after` given as an HTTP date. */
  nowInMs: number;
  /** Values that must never appear in a message (API keys); replaced with `***`. */
  secrets?: readonly string[];
}

export interface HeaderSource {
  get(name: string): string | null | undefined;
}

const MAX_MESSAGE_CHARS = 300;
const TIMEOUT_NAMES = new Set(['APIConnectionTimeoutError', 'APIUserAbortError', 'AbortError', 'TimeoutError']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Replaces every secret in the text; short secrets are ignored so messages stay readable. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** `retry-after-ms` wins; otherwise `retry-after` as seconds or an HTTP date. Undefined if absent. */
export function parseRetryAfterMs(headers: HeaderSource | undefined, nowInMs: number): number | undefined {
  const millis = headers?.get('retry-after-ms');
  if (millis && Number.isFinite(Number(millis)) && Number(millis) >= 0) return Math.round(Number(millis));
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowInMs);
}

/** An AppError for an HTTP status the endpoint answered with. */
export function llmHttpError(
  status: number,
  headers: HeaderSource | undefined,
  serverMessage: string,
  context: LlmErrorContext,
  extra: { providerCode?: string; cause?: unknown } = {},
): AppError {
  const details: Record<string, unknown> = { provider: context.provider, http_status: status };
  if (extra.providerCode) details.provider_code = extra.providerCode;
  const [code, retryable, summary] = classifyStatus(status);
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(headers, context.nowInMs);
    if (retryAfterMs !== undefined) details.retry_after_ms = retryAfterMs;
  }
  // What is left of the quota rides on failures too, so limiters learn from refusals as well.
  if (headers) Object.assign(details, quotaHintDetails(quotaHintsFromHeaders((name) => headers.get(name))));
  const message = `${context.provider}: ${summary} (HTTP ${status})${serverMessage ? `: ${serverMessage}` : ''}`;
  return new AppError(code, clean(message, context), { retryable, details, cause: extra.cause });
}

function classifyStatus(status: number): [ErrorCode, boolean, string] {
  if (status === 429) return ['LLM_RATE_LIMITED', true, 'rate limited'];
  if (status >= 500) return ['LLM_SERVER_ERROR', true, 'server error'];
  if (status === 408) return ['LLM_TIMEOUT', true, 'request timed out at the server'];
  return ['LLM_REQUEST_REJECTED', false, 'request rejected'];
}

/** An AppError for a 2xx answer whose body cannot be used. */
export function llmBadResponse(reason: string, context: LlmErrorContext, cause?: unknown): AppError {
  return new AppError('LLM_BAD_RESPONSE', clean(`${context.provider}: unusable response: ${reason}`, context), {
    retryable: true,
    details: { provider: context.provider },
    cause,
  });
}

/** Maps anything a model call threw to an AppError. AppErrors (or AppError causes) pass through. */
export function toLlmError(error: unknown, context: LlmErrorContext): AppError {
  if (isAppError(error)) return error;
  // SDKs wrap failures of callbacks we gave them (token providers); keep our own error.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (isAppError(cause)) return cause;
  const shape = describe(error);
  if (typeof shape.status === 'number') {
    // The SDK prefixes its message with the status; ours already says it.
    const serverMessage = shape.message.replace(/^\d{3}\s+/, '').replace(/^status code \(no body\)$/, '');
    return llmHttpError(shape.status, shape.headers, serverMessage, context, { providerCode: shape.providerCode, cause: error });
  }
  if (shape.isTimeout) {
    return new AppError('LLM_TIMEOUT', clean(`${context.provider}: the model call timed out or was aborted`, context), {
      retryable: true,
      details: { provider: context.provider },
      cause: error,
    });
  }
  if (shape.isConnection) {
    const reason = shape.causeCode ? ` (${shape.causeCode})` : '';
    return new AppError('LLM_CONNECTION_FAILED', clean(`${context.provider}: could not reach the model endpoint${reason}`, context), {
      retryable: true,
      details: shape.causeCode ? { provider: context.provider, cause_code: shape.causeCode } : { provider: context.provider },
      cause: error,
    });
  }
  if (shape.names.includes('SyntaxError')) return llmBadResponse(`body is not valid JSON (${shape.message})`, context, error);
  return new AppError('INTERNAL', clean(`${context.provider}: ${shape.message || 'unexpected failure'}`, context), {
    retryable: false,
    details: { provider: context.provider },
    cause: error,
  });
}

interface ErrorShape {
  /** `name` and constructor name: the SDK's error classes do not set `name`. */
  names: string[];
  message: string;
  status?: number;
  headers?: HeaderSource;
  providerCode?: string;
  causeCode?: string;
  isTimeout: boolean;
  isConnection: boolean;
}

function describe(error: unknown): ErrorShape {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const names = [record.name, (record.constructor as { name?: unknown } | undefined)?.name].filter(
    (name): name is string => typeof name === 'string',
  );
  // Duck-typed: errors from another realm (undici under Jest's VM) fail `instanceof Error`.
  const message = typeof record.message === 'string' ? record.message : String(error);
  const causeCode = findCauseCode(error);
  const status = typeof record.status === 'number' ? record.status : undefined;
  const headers = isHeaderSource(record.headers) ? record.headers : undefined;
  const providerCode = typeof record.code === 'string' && status !== undefined ? record.code : undefined;
  const isTimeout = names.some((name) => TIMEOUT_NAMES.has(name)) || (causeCode !== undefined && TIMEOUT_CODES.has(causeCode));
  const isConnection =
    names.includes('APIConnectionError') ||
    (causeCode !== undefined && CONNECTION_CODES.has(causeCode)) ||
    (names.includes('TypeError') && /fetch failed/i.test(message));
  return { names, message, status, headers, providerCode, causeCode, isTimeout, isConnection };
}

/** The first `code` string along the `cause` chain (undici nests the socket error). */
function findCauseCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isHeaderSource(value: unknown): value is HeaderSource {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}

function clean(message: string, context: LlmErrorContext): string {
  const redacted = redactSecrets(message, context.secrets);
  return redacted.length > MAX_MESSAGE_CHARS ? `${redacted.slice(0, MAX_MESSAGE_CHARS)}...` : redacted;
}
