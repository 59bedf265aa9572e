import { z } from 'zod';
import { analyzeText, type CategorySeverity } from '../../azure/contentSafety';
import { AppError, errorMessage } from '../../core/errors';
import { definePlugin, type LlmMiddleware, type PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { readConfigValue } from '../llm/configValues';
import { channelLog } from './channelLog';

const ACTIONS = ['abort', 'mask', 'log'] as const;
type Action = (typeof ACTIONS)[number];
const TIMEOUT_MS = 10_000;
const PLUGIN_NAME = 'azure_content_safety';

const AzureContentSafetyShape = options({
  /** The resource endpoint, e.g. `https://<name>.cognitiveservices.azure.com`. */
  endpoint: z.string().min(1).optional(),
  /** Name of the environment variable that holds the endpoint (e.g. ELSPETH_MOCK_LLM_URL). */
  endpoint_env: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  /** Name of the environment variable that holds the key (preferred over `key`). */
  key_env: z.string().min(1).optional(),
  api_version: z.string().min(1).default('2023-10-01'),
  categories: z.array(z.string().min(1)).default(['Hate', 'Violence', 'SelfHarm', 'Sexual']),
  /** Flag at or above this severity; clamped to 0-7. */
  severity_threshold: z.number().default(4).transform((value) => Math.min(7, Math.max(0, value))),
  on_violation: z.string().default('abort').transform((value): Action => ((ACTIONS as readonly string[]).includes(value) ? (value as Action) : 'abort')),
  mask: z.string().default('[CONTENT BLOCKED]'),
  channel: z.string().min(1).default('dmp.azure_content_safety'),
  /** abort or skip: what to do when the service cannot answer. */
  on_error: z.enum(['abort', 'skip']).default('abort'),
});
export const AzureContentSafetyOptionsSchema = AzureContentSafetyShape.refine((value) => (value.endpoint === undefined) !== (value.endpoint_env === undefined), {
  message: "set exactly one of 'endpoint' and 'endpoint_env'",
  path: ['endpoint'],
});
export type AzureContentSafetyOptions = z.infer<typeof AzureContentSafetyOptionsSchema>;

export interface SafetyVerdict {
  flagged: boolean;
  max_severity: number;
  /** Categories at or above the threshold. */
  categories: string[];
}

export function judge(analysis: readonly CategorySeverity[], threshold: number): SafetyVerdict {
  const hits = analysis.filter((item) => item.severity >= threshold);
  return {
    flagged: hits.length > 0,
    max_severity: analysis.reduce((max, item) => Math.max(max, item.severity), 0),
    categories: hits.map((item) => item.category),
  };
}

function resolveEndpoint(config: AzureContentSafetyOptions, deps: Pick<PluginDeps, 'env' | 'logger'>): string {
  const source = { plugin: PLUGIN_NAME, env: deps.env, logger: deps.logger };
  const endpoint = readConfigValue(source, { literal: config.endpoint, envName: config.endpoint_env, key: 'endpoint' });
  if (endpoint === undefined || !/^https?:\/\//.test(endpoint)) {
    const what = config.endpoint_env === undefined ? "'endpoint'" : `environment variable '${config.endpoint_env}' (endpoint_env)`;
    throw new AppError('CONFIG_INVALID', `${PLUGIN_NAME}: ${what} must hold an http(s) URL`, {
      details: { middleware: PLUGIN_NAME, option: config.endpoint_env === undefined ? 'endpoint' : 'endpoint_env', variable: config.endpoint_env },
    });
  }
  return endpoint;
}

function resolveKey(config: AzureContentSafetyOptions, deps: Pick<PluginDeps, 'env' | 'logger'>): string {
  const source = { plugin: PLUGIN_NAME, env: deps.env, logger: deps.logger };
  const key = readConfigValue(source, { literal: config.key, envName: config.key_env, secret: true, key: 'key' });
  if (key === undefined || key === '') {
    const where = config.key_env === undefined ? "set 'key_env' (or 'key')" : `environment variable '${config.key_env}' is not set`;
    throw new AppError('CONFIG_INVALID', `azure_content_safety needs an API key: ${where}`, { details: { middleware: 'azure_content_safety' } });
  }
  return key;
}

/** docs/original-behaviour.md §5.3 `azure_content_safety`: screens the user prompt before the model sees it. */
export function createAzureContentSafety(config: AzureContentSafetyOptions, deps: Pick<PluginDeps, 'env' | 'fetch' | 'logger'>): LlmMiddleware {
  const endpoint = resolveEndpoint(config, deps);
  const key = resolveKey(config, deps);
  const log = channelLog(deps.logger, config.channel);
  const request = { endpoint, key, apiVersion: config.api_version, categories: config.categories, fetch: deps.fetch, timeoutInMs: TIMEOUT_MS };
  return {
    name: 'azure_content_safety',
    async send(call, next) {
      let verdict: SafetyVerdict;
      try {
        verdict = judge(await analyzeText(call.userPrompt, request), config.severity_threshold);
      } catch (error) {
        if (config.on_error !== 'skip') throw error;
        log.warn('Content Safety call failed; skipping', { event: 'safety_check_failed', requestId: call.requestId, error: errorMessage(error) });
        return next(call);
      }
      if (!verdict.flagged) return next(call);
      log.warn('Prompt flagged by Azure Content Safety', { event: 'safety_violation', ...verdict, action: config.on_violation, requestId: call.requestId });
      if (config.on_violation === 'abort') {
        throw new AppError('SAFETY_BLOCKED', 'Prompt blocked by Azure Content Safety', { details: { middleware: 'azure_content_safety', ...verdict } });
      }
      return next(config.on_violation === 'mask' ? { ...call, userPrompt: config.mask } : call);
    },
  };
}

export const azureContentSafetyMiddleware = definePlugin({
  name: 'azure_content_safety',
  kind: 'middleware',
  description: 'Screens user prompts with Azure AI Content Safety (categoriesAnalysis severities); abort, mask or log.',
  configSchema: AzureContentSafetyOptionsSchema,
  secretOptions: ['key'],
  create: (config, deps) => createAzureContentSafety(config, deps),
});
