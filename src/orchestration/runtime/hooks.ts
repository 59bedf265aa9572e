import { errorMessage } from '../../core/errors';
import type { LlmRequest } from '../../core/llm/types';
import type { LlmMiddleware, SuiteHooks } from '../../core/plugins/kinds';
import type { Logger } from '../../core/ports';

/**
 * Calls a suite hook on each distinct instance once. Hook failures are logged and never
 * change the run's outcome (the original swallowed them too).
 */
export async function fireHook<K extends keyof SuiteHooks>(
  logger: Logger,
  middlewares: readonly LlmMiddleware[],
  hook: K,
  ...args: Parameters<NonNullable<SuiteHooks[K]>>
): Promise<void> {
  for (const middleware of new Set(middlewares)) {
    const fn = middleware[hook] as ((...a: unknown[]) => unknown) | undefined;
    if (!fn) continue;
    try {
      await fn.apply(middleware, args);
    } catch (error) {
      logger.warn('[hooks] middleware hook failed', { middleware: middleware.name, hook, error: errorMessage(error) });
    }
  }
}

/** docs/original-behaviour.md §4.1 exhaustion: a warning log, then every middleware's `onRetryExhausted`. */
export async function notifyRetryExhausted(
  logger: Logger,
  middlewares: readonly LlmMiddleware[],
  request: LlmRequest,
  meta: Record<string, unknown>,
  error: unknown,
): Promise<void> {
  logger.warn(`LLM request exhausted retries for experiment '${String(meta.experiment)}' after ${String(meta.attempts)} attempts: ${errorMessage(error)}`, {
    experiment: meta.experiment,
    attempts: meta.attempts,
    errorCode: meta.error_type,
    requestId: request.requestId,
  });
  await fireHook(logger, middlewares, 'onRetryExhausted', request, meta, error);
}
