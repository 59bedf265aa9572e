import { z } from 'zod';

/**
 * Options every sink accepts (docs/original-behaviour.md §2.12). `on_error` lives in the sink's own options, so each
 * sink schema spreads this shape; `security_level` and `artifacts` are lifted out of the
 * options by the config loader into `PluginDef.securityLevel` / `PluginDef.artifacts`.
 */
export const SinkOnErrorSchema = z.enum(['abort', 'skip']);
export type SinkOnError = z.infer<typeof SinkOnErrorSchema>;

export const sinkCommonOptions = {
  on_error: SinkOnErrorSchema.default('abort'),
};
