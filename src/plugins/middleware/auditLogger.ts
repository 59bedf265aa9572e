import { z } from 'zod';
import { errorMessage, isAppError } from '../../core/errors';
import { definePlugin, type LlmMiddleware } from '../../core/plugins/kinds';
import type { Logger } from '../../core/ports';
import { options } from '../../core/plugins/registry';
import { channelLog } from './channelLog';

export const AuditLoggerOptionsSchema = options({
  include_prompts: z.boolean().default(false),
  channel: z.string().min(1).default('dmp.audit'),
});
export type AuditLoggerOptions = z.infer<typeof AuditLoggerOptionsSchema>;

/**
 * docs/original-behaviour.md §2.4 `audit_logger`: one INFO line per request (its metadata) and per response (its
 * metrics). Prompt and response text are logged only with `include_prompts`, and then only
 * at DEBUG. Unlike the original, a failed call is logged too.
 */
export function createAuditLogger(config: AuditLoggerOptions, logger: Logger): LlmMiddleware {
  const log = channelLog(logger, config.channel);
  return {
    name: 'audit_logger',
    async send(request, next) {
      const ids = { event: 'llm_request', requestId: request.requestId, experiment: request.experiment };
      log.info('LLM request', { ...ids, metadata: request.metadata });
      if (config.include_prompts) log.debug('LLM request prompts', { ...ids, system_prompt: request.systemPrompt, user_prompt: request.userPrompt });
      try {
        const response = await next(request);
        log.info('LLM response', { ...ids, event: 'llm_response', metrics: response.metrics });
        if (config.include_prompts) log.debug('LLM response content', { ...ids, event: 'llm_response', content: response.content });
        return response;
      } catch (error) {
        log.warn('LLM request failed', { ...ids, event: 'llm_error', errorCode: isAppError(error) ? error.code : undefined, error: errorMessage(error) });
        throw error;
      }
    },
  };
}

export const auditLoggerMiddleware = definePlugin({
  name: 'audit_logger',
  kind: 'middleware',
  description: 'Logs each request (metadata) and response (metrics); prompts only with include_prompts, at debug level.',
  configSchema: AuditLoggerOptionsSchema,
  create: (config, deps) => createAuditLogger(config, deps.logger),
});
