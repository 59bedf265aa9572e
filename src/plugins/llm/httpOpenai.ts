import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { LlmClient } from '../../core/llm/types';
import { definePlugin, type PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { clientIdentity, publicEndpoint } from './clientIdentity';
import { readConfigValue } from './configValues';
import { SDK_TIMEOUT_MARGIN_MS, sendChat } from './openAiChat';

const HttpOpenaiShape = options({
  /** Server root; requests go to `<api_base>/v1/chat/completions`. */
  api_base: z.url().optional(),
  /** Name of an environment variable holding the server root (e.g. ELSPETH_MOCK_LLM_URL). */
  api_base_env: z.string().min(1).optional(),
  api_key: z.string().optional(),
  api_key_env: z.string().min(1).optional(),
  model: z.string().min(1).default('gpt-4o-mini'),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  /** Seconds. */
  timeout: z.number().positive().default(30),
});
export const HttpOpenaiOptionsSchema = HttpOpenaiShape.refine((value) => value.api_base !== undefined || value.api_base_env !== undefined, {
  message: "set 'api_base' or 'api_base_env'",
  path: ['api_base'],
});
export type HttpOpenaiOptions = z.infer<typeof HttpOpenaiOptionsSchema>;

const PLUGIN_NAME = 'http_openai';

/**
 * Where no key is configured the original sent no Authorization header at all. The SDK insists
 * on a key, so it gets a placeholder and the header is removed (a null header means "omit").
 */
const NO_KEY_PLACEHOLDER = 'no-key-configured';

export function createHttpOpenaiClient(config: HttpOpenaiOptions, deps: PluginDeps): LlmClient {
  const apiKey = resolveApiKey(config, deps);
  const apiBase = resolveApiBase(config, deps);
  const timeoutInMs = Math.round(config.timeout * 1000);
  const client = new OpenAI({
    apiKey: apiKey ?? NO_KEY_PLACEHOLDER,
    baseURL: `${apiBase.replace(/\/+$/, '')}/v1`,
    organization: null,
    project: null,
    maxRetries: 0,
    // The call's own deadline (in sendChat) fires first; the SDK's is only a backstop.
    timeout: timeoutInMs + SDK_TIMEOUT_MARGIN_MS,
    fetch: deps.fetch,
    logLevel: 'off',
    defaultHeaders: apiKey === undefined ? { Authorization: null } : undefined,
  });
  const defaults = { model: config.model, temperature: config.temperature, maxTokens: config.max_tokens };
  const context = { provider: PLUGIN_NAME, timeoutInMs, nowInMs: () => deps.clock.now(), secrets: apiKey === undefined ? [] : [apiKey] };
  return {
    name: PLUGIN_NAME,
    identity: clientIdentity({ provider: PLUGIN_NAME, endpoint: publicEndpoint(apiBase), model: config.model }, defaults),
    generate: (request, generateOptions) => sendChat(client, request, defaults, context, generateOptions),
  };
}

function resolveApiBase(config: HttpOpenaiOptions, deps: PluginDeps): string {
  const source = { plugin: PLUGIN_NAME, env: deps.env, logger: deps.logger };
  const value = readConfigValue(source, { literal: config.api_base, envName: config.api_base_env, key: 'api_base' });
  if (value === undefined || !/^https?:\/\//.test(value)) {
    throw new AppError('CONFIG_INVALID', `${PLUGIN_NAME}: environment variable '${config.api_base_env ?? ''}' (api_base_env) must hold an http(s) URL`, {
      details: { plugin: PLUGIN_NAME, option: 'api_base_env', variable: config.api_base_env },
    });
  }
  return value;
}

function resolveApiKey(config: HttpOpenaiOptions, deps: PluginDeps): string | undefined {
  const source = { plugin: PLUGIN_NAME, env: deps.env, logger: deps.logger };
  const apiKey = readConfigValue(source, { literal: config.api_key, envName: config.api_key_env, secret: true, key: 'api_key' });
  if (apiKey === undefined && config.api_key_env !== undefined && !config.api_key) {
    // A named but unset variable is a deployment mistake; failing beats a silent 401 per row.
    throw new AppError('CONFIG_INVALID', `${PLUGIN_NAME}: environment variable '${config.api_key_env}' (api_key_env) is not set`, {
      details: { plugin: PLUGIN_NAME, option: 'api_key_env', variable: config.api_key_env },
    });
  }
  return apiKey;
}

export const httpOpenaiPlugin = definePlugin({
  name: PLUGIN_NAME,
  kind: 'llm',
  description: 'Any OpenAI-compatible chat completions endpoint (`<api_base>/v1/chat/completions`), bearer key optional.',
  configSchema: HttpOpenaiOptionsSchema,
  create: createHttpOpenaiClient,
});
