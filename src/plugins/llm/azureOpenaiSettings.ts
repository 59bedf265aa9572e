/**
 * Options of `azure_openai` and how they resolve to endpoint, version, deployment and auth
 * (docs/original-behaviour.md §2.3). Kept apart from the client so the resolution order is testable without a network.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { options } from '../../core/plugins/registry';
import { readConfigValue, type ConfigValueSource } from './configValues';
import { resolveConnection } from './connections';

export const AzureOpenaiConfigSchema = options({
  api_key: z.string().optional(),
  api_key_env: z.string().min(1).optional(),
  api_version: z.string().min(1).optional(),
  api_version_env: z.string().min(1).optional(),
  azure_endpoint: z.string().min(1).optional(),
  azure_endpoint_env: z.string().min(1).optional(),
  deployment: z.string().min(1).optional(),
  deployment_env: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
});

export const AzureOpenaiOptionsSchema = options({
  /** A named model connection from settings (connections.ts); replaces endpoint, version, deployment and auth. */
  connection: z.string().min(1).optional(),
  config: AzureOpenaiConfigSchema.optional(),
  deployment: z.string().min(1).optional(),
  /** `key` sends `api-key`; `entra` a managed-identity bearer token. Default: key if one is configured. */
  auth: z.enum(['key', 'entra']).optional(),
  /** Seconds. */
  timeout: z.number().positive().default(30),
}).refine((value) => value.connection !== undefined || value.config !== undefined, { message: "set 'connection' (a named model connection) or 'config'", path: ['config'] });
export type AzureOpenaiOptions = z.infer<typeof AzureOpenaiOptionsSchema>;

/** Global fallbacks for the deployment, after the options and `config.deployment_env`. */
export const DEPLOYMENT_ENV_FALLBACKS = ['DMP_AZURE_OPENAI_DEPLOYMENT', 'ELSPETH_AZURE_OPENAI_DEPLOYMENT'] as const;

export type AzureAuth = { kind: 'key'; apiKey: string } | { kind: 'entra' };

export interface AzureOpenaiSettings {
  endpoint: string;
  apiVersion: string;
  deployment: string;
  auth: AzureAuth;
  temperature?: number;
  maxTokens?: number;
}

export function resolveAzureOpenaiSettings(opts: AzureOpenaiOptions, source: ConfigValueSource): AzureOpenaiSettings {
  if (opts.connection !== undefined) return fromConnection(opts, source);
  const config = opts.config ?? {};
  const endpoint = readConfigValue(source, { literal: config.azure_endpoint, envName: config.azure_endpoint_env, key: 'azure_endpoint' });
  const apiVersion = readConfigValue(source, { literal: config.api_version, envName: config.api_version_env, key: 'api_version' });
  return {
    endpoint: required(endpoint, 'azure_endpoint'),
    apiVersion: required(apiVersion, 'api_version'),
    deployment: required(resolveDeployment(opts, source), 'deployment'),
    auth: resolveAuth(opts, source),
    temperature: config.temperature,
    maxTokens: config.max_tokens,
  };
}

/** Order of docs/original-behaviour.md §2.3: option, config, config.deployment_env, then the global variables. */
export function resolveDeployment(opts: AzureOpenaiOptions, source: ConfigValueSource): string | undefined {
  const candidates = [
    opts.deployment,
    opts.config?.deployment,
    opts.config?.deployment_env ? source.env[opts.config?.deployment_env] : undefined,
    ...DEPLOYMENT_ENV_FALLBACKS.map((name) => source.env[name]),
  ];
  return candidates.find((value): value is string => typeof value === 'string' && value !== '');
}

function resolveAuth(opts: AzureOpenaiOptions, source: ConfigValueSource): AzureAuth {
  const keyConfigured = Boolean(opts.config?.api_key) || opts.config?.api_key_env !== undefined;
  const kind = opts.auth ?? (keyConfigured ? 'key' : 'entra');
  if (kind === 'entra') return { kind };
  const apiKey = readConfigValue(source, { literal: opts.config?.api_key, envName: opts.config?.api_key_env, secret: true, key: 'api_key' });
  return { kind, apiKey: required(apiKey, 'api_key') };
}

/** Options a connection replaces: a suite that names a connection cannot also name an endpoint or a key. */
const CONNECTION_REPLACES = ['azure_endpoint', 'azure_endpoint_env', 'api_key', 'api_key_env', 'api_version', 'api_version_env', 'deployment', 'deployment_env'] as const;

function fromConnection(opts: AzureOpenaiOptions, source: ConfigValueSource): AzureOpenaiSettings {
  const clashing = [
    ...CONNECTION_REPLACES.filter((key) => opts.config?.[key] !== undefined).map((key) => `config.${key}`),
    ...(opts.deployment !== undefined ? ['deployment'] : []),
    ...(opts.auth !== undefined ? ['auth'] : []),
  ];
  if (clashing.length > 0) {
    throw new AppError('CONFIG_INVALID', `azure_openai: 'connection' replaces ${clashing.join(', ')}; remove them (the connection's settings define the endpoint, deployment, version and authentication)`, {
      details: { plugin: 'azure_openai', options: clashing },
    });
  }
  const connection = resolveConnection(opts.connection!, source.env);
  return {
    endpoint: connection.endpoint,
    apiVersion: connection.apiVersion,
    deployment: connection.deployment,
    auth: connection.auth,
    temperature: opts.config?.temperature,
    maxTokens: opts.config?.max_tokens,
  };
}

function required(value: string | undefined, key: string): string {
  if (value !== undefined) return value;
  throw new AppError('CONFIG_INVALID', `AzureOpenAIClient missing required config value '${key}'`, {
    details: { plugin: 'azure_openai', key },
  });
}
