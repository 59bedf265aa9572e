/**
 * Reading a plugin option that may be given literally (`api_key`) or through the name of an
 * environment variable (`api_key_env`), as the original's configs do (docs/original-behaviour.md §8). The environment
 * is the snapshot in `deps.env`, never `process.env`.
 */
import type { Logger } from '../../core/ports';

export interface ConfigValueSource {
  /** Plugin name, for warnings. */
  plugin: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

export interface ConfigValueOptions {
  literal?: string;
  envName?: string;
  /** Literal secrets are accepted but warned about: they belong in app settings. */
  secret?: boolean;
  /** Option name, for the warning (`api_key`). */
  key: string;
}

/** The literal value, else the named variable's value; undefined when neither yields text. */
export function readConfigValue(source: ConfigValueSource, options: ConfigValueOptions): string | undefined {
  if (options.literal !== undefined && options.literal !== '') {
    if (options.secret) {
      source.logger.warn(`[${source.plugin}] a literal '${options.key}' is set in configuration; use '${options.key}_env' instead`, {
        plugin: source.plugin,
        option: options.key,
      });
    }
    return options.literal;
  }
  if (options.envName === undefined || options.envName === '') return undefined;
  const value = source.env[options.envName];
  return value === undefined || value === '' ? undefined : value;
}
