import { z } from 'zod';
import { AppError, errorMessage, isAppError } from '../../core/errors';
import { isSecurityLevel, normalizeSecurityLevel } from '../../core/artifacts/securityLevels';
import type { Dataset, PluginDeps } from '../../core/plugins/kinds';

/** `on_error`: abort raises; skip logs a warning and yields an empty dataset. */
export const OnErrorSchema = z.enum(['abort', 'skip']).default('abort');

/** `security_level`: one of the five levels (any case); missing means unofficial. */
export const SecurityLevelOptionSchema = z
  .string()
  .refine(isSecurityLevel, { message: 'must be one of unofficial, official, official-sensitive, secret, top-secret' })
  .optional();

export interface LoadGuard {
  plugin: string;
  source: string;
  onError: 'abort' | 'skip';
  securityLevel: string | undefined;
}

export interface LoadedTable {
  columns: string[];
  rows: Record<string, unknown>[];
  /** A better name for the input once known (e.g. the blob URL). */
  source?: string;
}

/**
 * Runs a loader with the datasource's `on_error` policy and stamps the security level.
 * Failures that are not AppErrors become DATASOURCE_FAILED.
 */
export async function loadWithPolicy(
  guard: LoadGuard,
  deps: PluginDeps,
  load: () => Promise<LoadedTable>,
): Promise<Dataset> {
  const securityLevel = normalizeSecurityLevel(guard.securityLevel);
  try {
    const { columns, rows, source } = await load();
    return { columns, rows, securityLevel, source: source ?? guard.source };
  } catch (error) {
    const failure = asDatasourceError(error, guard.source);
    if (guard.onError === 'abort') throw failure;
    deps.logger.warn(`[datasource] ${guard.plugin} failed; on_error=skip gives an empty dataset`, {
      plugin: guard.plugin,
      source: guard.source,
      errorCode: failure.code,
      error: failure.message,
    });
    return { columns: [], rows: [], securityLevel, source: guard.source };
  }
}

function asDatasourceError(error: unknown, source: string): AppError {
  if (isAppError(error)) return error;
  return new AppError('DATASOURCE_FAILED', `${source}: ${errorMessage(error)}`, { details: { source } });
}
