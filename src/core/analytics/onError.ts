import { z } from 'zod';
import { AppError, errorMessage, isAppError } from '../errors';
import type { Logger } from '../ports';

/** `on_error` of every analytics plugin that accepts it (docs/original-behaviour.md §3.0). */
export const OnErrorSchema = z.enum(['abort', 'skip']).default('abort');
export type OnError = z.infer<typeof OnErrorSchema>;

/**
 * Runs an analytics computation under the plugin's `on_error` policy: `abort` rethrows as
 * ANALYTICS_FAILED naming the plugin; `skip` logs a warning and gives an empty result.
 */
export function guardAnalytics<T extends Record<string, unknown>>(
  plugin: string,
  onError: OnError,
  logger: Logger,
  compute: () => T,
): T | Record<string, never> {
  try {
    return compute();
  } catch (error) {
    const message = errorMessage(error);
    if (onError === 'skip') {
      logger.warn(`${plugin} skipped due to error: ${message}`, { plugin, errorCode: isAppError(error) ? error.code : 'INTERNAL' });
      return {};
    }
    if (isAppError(error) && error.code === 'ANALYTICS_FAILED') throw error;
    throw new AppError('ANALYTICS_FAILED', `${plugin} failed: ${message}`, { details: { plugin }, cause: error });
  }
}
