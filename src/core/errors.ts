/**
 * One error type for the whole platform. Callers branch on `code`, never on classes:
 * Durable Functions serialises errors between activities and the orchestrator, so
 * class identity does not survive; a code does.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'a settings, prompt pack or suite file is malformed or names something unknown',
  PLUGIN_NOT_FOUND: 'a plugin name is not registered for its kind',
  PLUGIN_OPTIONS_INVALID: "a plugin's options do not match its schema",
  PROMPT_TEMPLATE_INVALID: 'a prompt template cannot be parsed',
  PROMPT_RENDER_FAILED: 'a prompt template failed to render (missing variable, forbidden access)',
  DATASOURCE_FAILED: 'the dataset could not be read',
  REQUEST_INVALID: 'an HTTP body or CLI argument set is invalid',
  LLM_RATE_LIMITED: 'the model endpoint answered 429',
  LLM_SERVER_ERROR: 'the model endpoint answered 5xx',
  LLM_TIMEOUT: 'the model call did not answer in time',
  LLM_BAD_RESPONSE: 'the model endpoint answered with a body that cannot be used',
  LLM_REQUEST_REJECTED: 'the model endpoint rejected the request (4xx other than 429)',
  LLM_CONNECTION_FAILED: 'the model endpoint could not be reached',
  SAFETY_BLOCKED: 'a safety middleware blocked the prompt; never retried',
  SAFETY_CHECK_FAILED: 'a safety service (Azure Content Safety) could not be reached or answered an error',
  VALIDATION_FAILED: 'a validation plugin rejected the response; retried',
  BUDGET_EXCEEDED: 'the run budget is spent',
  STORAGE_FAILED: 'blob or table storage failed',
  RUN_NOT_FOUND: 'no run with that id',
  RUN_LOCKED: 'another process is working on this run (or on the local storage it needs)',
  ARTIFACT_PERMISSION_DENIED: 'a sink lacks the clearance for the data it would receive',
  ARTIFACT_GRAPH_INVALID: 'sink artifact dependencies contain a cycle or an unresolved reference',
  SINK_FAILED: 'a sink failed to write',
  ANALYTICS_FAILED: 'an analytics plugin failed',
  NON_DETERMINISTIC_ORCHESTRATION: 'an orchestrator scheduled different work on replay',
  INTERNAL: 'an unexpected fault',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

export interface AppErrorOptions {
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toErrorInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.details !== undefined) info.details = this.details;
    return info;
  }
}

/** Recognises an AppError by shape, so errors rebuilt from JSON still count. */
export function isAppError(error: unknown): error is AppError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AppError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Turns anything thrown into a JSON-safe description. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isAppError(error)) return error.toErrorInfo();
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message, retryable: false };
  return { code: 'INTERNAL', message: String(error), retryable: false };
}

/** The message of anything thrown; errors from another realm (a VM context, a test sandbox) count too. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}
