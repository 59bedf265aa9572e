import { z } from 'zod';
import { AppError, errorMessage, isAppError } from '../../core/errors';
import type { LlmRequest } from '../../core/llm/types';
import { definePlugin, type LlmMiddleware, type PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { detectAzureContext, type AzureContext } from './azureContext';
import { createAzureEventSink, fallbackLevelOf, type AzureEventSink } from './azureEventSink';
import { emitBaselineComparison, emitExperimentComplete, emitSuiteLoaded, experimentFields } from './azureSuiteEvents';
import { createOnceGuard } from './channelLog';

export const AzureEnvironmentOptionsSchema = options({
  enable_run_logging: z.boolean().default(true),
  log_prompts: z.boolean().default(false),
  log_config_diffs: z.boolean().default(true),
  log_metrics: z.boolean().default(true),
  /** The level of fallback log lines (not a filter): CRITICAL, ERROR, WARNING, INFO or DEBUG. */
  severity_threshold: z.string().default('INFO'),
  on_error: z.enum(['abort', 'skip']).default('skip'),
});
export type AzureEnvironmentOptions = z.infer<typeof AzureEnvironmentOptionsSchema>;

/** Sequences kept for `llm_retry_exhausted`; old entries go first beyond this many. */
const MAX_TRACKED_REQUESTS = 10_000;

/**
 * Construction (docs/original-behaviour.md §5.1 mapped to Functions): "linked" means Application Insights is configured.
 * Unlinked with `on_error=skip` (the default) it warns or informs and logs events instead, so
 * a local run never fails because of this middleware; `on_error=abort` refuses to start.
 */
function bind(config: AzureEnvironmentOptions, deps: Pick<PluginDeps, 'env' | 'logger'>): AzureContext & { linked: boolean } {
  const context = detectAzureContext(deps.env);
  if (!config.enable_run_logging) return { ...context, linked: false };
  if (context.telemetryLinked) {
    deps.logger.info(`AzureEnvironmentMiddleware linked to Application Insights (host: ${context.host})`, { channel: 'azure_env' });
    return { ...context, linked: true };
  }
  const detected = context.host !== 'none';
  const needs = 'AzureEnvironmentMiddleware requires Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING)';
  if (config.on_error === 'abort') {
    throw new AppError('CONFIG_INVALID', detected ? `${needs}; it is not set` : `${needs} when on_error=abort`, { details: { middleware: 'azure_environment', host: context.host } });
  }
  if (detected) deps.logger.warn(`${needs}; continuing without it due to on_error=skip`, { channel: 'azure_env', host: context.host });
  else deps.logger.info('Azure environment variables not detected; telemetry logging will be disabled.', { channel: 'azure_env' });
  return { ...context, linked: false };
}

export function createAzureEnvironment(config: AzureEnvironmentOptions, deps: Pick<PluginDeps, 'env' | 'logger' | 'telemetry' | 'clock'>): LlmMiddleware {
  const context = bind(config, deps);
  const sink: AzureEventSink = createAzureEventSink({
    linked: context.linked,
    telemetry: deps.telemetry,
    logger: deps.logger,
    level: fallbackLevelOf(config.severity_threshold, deps.logger),
    common: context.properties,
  });
  deps.logger[context.linked ? 'info' : 'debug'](`AzureEnvironmentMiddleware ${context.linked ? 'sending events to Application Insights' : 'running without Application Insights'}`, { channel: 'azure_env' });
  const firstTime = createOnceGuard();
  const lastSequence = new Map<string, string>();
  const timestamp = () => new Date(deps.clock.now()).toISOString();
  let counter = 0;

  const requestFields = (request: LlmRequest, sequence: string) => {
    const fields: Record<string, unknown> = { sequence, timestamp: timestamp(), request_id: request.requestId, ...request.metadata };
    if (config.log_prompts) Object.assign(fields, { system_prompt: request.systemPrompt, user_prompt: request.userPrompt });
    return fields;
  };
  const track = (requestId: string, sequence: string) => {
    lastSequence.delete(requestId);
    lastSequence.set(requestId, sequence);
    if (lastSequence.size > MAX_TRACKED_REQUESTS) lastSequence.delete(lastSequence.keys().next().value!);
  };

  return {
    name: 'azure_environment',
    async send(request, next) {
      // The sequence stays out of the request metadata: the mock model and the cache hash it.
      const sequence = `az-${(counter += 1)}`;
      track(request.requestId, sequence);
      const started = deps.clock.now();
      sink.row('llm_request', requestFields(request, sequence));
      const base = { sequence, request_id: request.requestId, ...request.metadata };
      try {
        const response = await next(request);
        const fields: Record<string, unknown> = { ...base, timestamp: timestamp(), duration: (deps.clock.now() - started) / 1000 };
        if (config.log_metrics) for (const [key, value] of Object.entries(response.metrics ?? {})) fields[`metric_${key}`] = value;
        const carried = (response as { error?: unknown }).error;
        if (carried) fields.error = carried;
        sink.row('llm_response', fields);
        return response;
      } catch (error) {
        // The original lost failed attempts; they are rows here, with their code.
        const fields = { ...base, timestamp: timestamp(), duration: (deps.clock.now() - started) / 1000, error: errorMessage(error) };
        sink.row('llm_response', isAppError(error) ? { ...fields, error_code: error.code } : fields);
        throw error;
      }
    },
    onSuiteLoaded(experiments, preflight) {
      if (firstTime('onSuiteLoaded')) emitSuiteLoaded(sink, experiments, preflight, timestamp());
    },
    onExperimentStart(name, meta) {
      if (firstTime(`onExperimentStart:${name}`)) sink.row('experiment_start', { experiment: name, timestamp: timestamp(), ...experimentFields(meta) });
    },
    onExperimentComplete(name, payload, meta) {
      if (firstTime(`onExperimentComplete:${name}`)) emitExperimentComplete(sink, name, payload, meta, { logMetrics: config.log_metrics, timestamp: timestamp() });
    },
    onBaselineComparison(name, comparisons) {
      if (config.log_config_diffs && firstTime(`onBaselineComparison:${name}`)) emitBaselineComparison(sink, name, comparisons);
    },
    onSuiteComplete(summary) {
      if (firstTime('onSuiteComplete')) sink.row('suite_summary', { ...summary, timestamp: summary.timestamp ?? timestamp() });
    },
    onRetryExhausted(request, meta) {
      const sequence = lastSequence.get(request.requestId) ?? null;
      lastSequence.delete(request.requestId);
      sink.row('llm_retry_exhausted', {
        timestamp: timestamp(),
        sequence,
        request_id: request.requestId,
        attempts: meta.attempts,
        max_attempts: meta.max_attempts,
        error: meta.error,
        error_type: meta.error_type,
        history: JSON.stringify(meta.history ?? []),
      });
    },
  };
}

export const azureEnvironmentMiddleware = definePlugin({
  name: 'azure_environment',
  kind: 'middleware',
  description: 'Request, response, suite and retry-exhaustion events to Application Insights (or structured logs without it).',
  configSchema: AzureEnvironmentOptionsSchema,
  create: (config, deps) => createAzureEnvironment(config, deps),
});
