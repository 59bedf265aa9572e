import { AzureOpenAI } from 'openai';
import { AppError, errorMessage } from '../../core/errors';
import type { LlmClient } from '../../core/llm/types';
import { definePlugin, type PluginDeps } from '../../core/plugins/kinds';
import { AzureOpenaiOptionsSchema, resolveAzureOpenaiSettings, type AzureOpenaiOptions, type AzureOpenaiSettings } from './azureOpenaiSettings';
import { clientIdentity, publicEndpoint } from './clientIdentity';
import { SDK_TIMEOUT_MARGIN_MS, sendChat } from './openAiChat';

const PLUGIN_NAME = 'azure_openai';
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** Returns a function that yields a bearer token for the scope, called on every request. */
export type TokenProviderFactory = (scope: string) => () => Promise<string>;

export interface AzureOpenaiPluginOptions {
  /** Defaults to `DefaultAzureCredential`; tests inject a fake so nothing probes cloud metadata. */
  createTokenProvider?: TokenProviderFactory;
}

/**
 * `DefaultAzureCredential` probes the instance metadata address when constructed and used, so
 * it is built lazily, on the first call of an `entra` client, and never for `key` clients.
 */
export const defaultAzureTokenProvider: TokenProviderFactory = (scope) => {
  let provider: Promise<() => Promise<string>> | undefined;
  return async () => {
    provider ??= import('@azure/identity').then(({ DefaultAzureCredential, getBearerTokenProvider }) =>
      getBearerTokenProvider(new DefaultAzureCredential(), scope),
    );
    return (await provider)();
  };
};

export function createAzureOpenaiClient(
  config: AzureOpenaiOptions,
  deps: PluginDeps,
  pluginOptions: AzureOpenaiPluginOptions = {},
): LlmClient {
  const settings = resolveAzureOpenaiSettings(config, { plugin: PLUGIN_NAME, env: deps.env, logger: deps.logger });
  const timeoutInMs = Math.round(config.timeout * 1000);
  const client = new AzureOpenAI({
    // An explicit baseURL keeps the SDK from reading OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT.
    baseURL: `${settings.endpoint.replace(/\/+$/, '')}/openai`,
    apiVersion: settings.apiVersion,
    deployment: settings.deployment,
    organization: null,
    project: null,
    ...authOptions(settings, pluginOptions.createTokenProvider ?? defaultAzureTokenProvider),
    maxRetries: 0,
    // The call's own deadline (in sendChat) fires first; the SDK's is only a backstop.
    timeout: timeoutInMs + SDK_TIMEOUT_MARGIN_MS,
    fetch: deps.fetch,
    logLevel: 'off',
  });
  const defaults = { model: settings.deployment, temperature: settings.temperature, maxTokens: settings.maxTokens };
  const secrets = settings.auth.kind === 'key' ? [settings.auth.apiKey] : [];
  const context = { provider: PLUGIN_NAME, timeoutInMs, nowInMs: () => deps.clock.now(), secrets };
  const identity = clientIdentity({ provider: PLUGIN_NAME, endpoint: publicEndpoint(settings.endpoint), model: settings.deployment, apiVersion: settings.apiVersion }, defaults);
  return {
    name: PLUGIN_NAME,
    identity,
    generate: (request, generateOptions) => sendChat(client, request, defaults, context, generateOptions),
  };
}

function authOptions(
  settings: AzureOpenaiSettings,
  createTokenProvider: TokenProviderFactory,
): { apiKey: string; azureADTokenProvider?: () => Promise<string> } {
  if (settings.auth.kind === 'key') return { apiKey: settings.auth.apiKey };
  const tokenProvider = createTokenProvider(COGNITIVE_SERVICES_SCOPE);
  // An empty apiKey (not undefined) stops the SDK defaulting it from AZURE_OPENAI_API_KEY,
  // which it would then reject as conflicting with the token provider.
  return { apiKey: '', azureADTokenProvider: () => fetchToken(tokenProvider) };
}

/** A credential failure becomes an AppError; `toLlmError` unwraps it from the SDK's wrapper. */
async function fetchToken(tokenProvider: () => Promise<string>): Promise<string> {
  try {
    return await tokenProvider();
  } catch (error) {
    throw new AppError('LLM_CONNECTION_FAILED', `${PLUGIN_NAME}: could not get a Microsoft Entra ID token: ${errorMessage(error)}`, {
      retryable: true,
      details: { provider: PLUGIN_NAME, auth: 'entra' },
      cause: error,
    });
  }
}

/** The plugin, with an injectable token provider for tests and special hosts. */
export function createAzureOpenaiPlugin(pluginOptions: AzureOpenaiPluginOptions = {}) {
  return definePlugin({
    name: PLUGIN_NAME,
    kind: 'llm',
    description: 'Azure OpenAI chat completions on a deployment, with an API key or a Microsoft Entra ID token.',
    configSchema: AzureOpenaiOptionsSchema,
    create: (config, deps) => createAzureOpenaiClient(config, deps, pluginOptions),
  });
}

export const azureOpenaiPlugin = createAzureOpenaiPlugin();
