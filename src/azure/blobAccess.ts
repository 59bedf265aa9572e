import { AnonymousCredential, BlobServiceClient, ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { AppError } from '../core/errors';
import { looksLikeConnectionString, normalizeConnectionString } from './connectionString';
import { defaultCredentialFactory, lazyCredential, type CredentialFactory } from './credentials';

/** Where a user-configured blob lives (datasource input, sink output). */
export interface BlobLocation {
  /** `https://<account>.blob.core.windows.net` (or Azurite's path-style URL); unused with a connection string. */
  accountUrl?: string;
  containerName: string;
}

/** The secrets a user may supply, in the order they are tried. Values, never env names. */
export interface BlobAccessOptions {
  /** From `connection_string_env`. */
  connectionString?: string;
  /** From `credential_env` (sink): a connection string or a SAS token. */
  credential?: string;
  /** From the blob-config profile's `sas_token`. */
  sasToken?: string;
  /** Injected in tests; default DefaultAzureCredential, built lazily on first token request. */
  credentialFactory?: CredentialFactory;
  /** Per-request timeout (the original used 60 s). */
  timeoutInMs?: number;
  /** SDK retries (its default when unset). */
  maxRetries?: number;
}

export type BlobCredentialKind = 'connectionString' | 'sas' | 'identity';

export interface OpenedContainer {
  container: ContainerClient;
  credentialKind: BlobCredentialKind;
}

/**
 * A container client using the first credential available: connection string, then a
 * credential value (connection string or SAS), then the profile's SAS token, then managed
 * identity (DefaultAzureCredential, created only when a token is first needed).
 */
export function openContainer(location: BlobLocation, access: BlobAccessOptions): OpenedContainer {
  const pipeline = pipelineOptions(access);
  const explicit = access.connectionString ?? (access.credential && looksLikeConnectionString(access.credential) ? access.credential : undefined);
  if (explicit) {
    const service = BlobServiceClient.fromConnectionString(normalizeConnectionString(explicit), pipeline);
    return { container: service.getContainerClient(location.containerName), credentialKind: 'connectionString' };
  }
  const accountUrl = requireAccountUrl(location);
  const containerUrl = `${accountUrl}/${encodeURIComponent(location.containerName)}`;
  const sas = access.credential ?? access.sasToken;
  if (sas) {
    const sasUrl = `${containerUrl}?${sas.replace(/^\?/, '')}`;
    return { container: new ContainerClient(sasUrl, new AnonymousCredential(), pipeline), credentialKind: 'sas' };
  }
  const credential = lazyCredential(access.credentialFactory ?? defaultCredentialFactory);
  return { container: new ContainerClient(containerUrl, credential, pipeline), credentialKind: 'identity' };
}

function requireAccountUrl(location: BlobLocation): string {
  if (!location.accountUrl) {
    throw new AppError('CONFIG_INVALID', 'No storage account given: set account_url (or a blob config profile), or connection_string_env.');
  }
  return location.accountUrl.replace(/\/+$/, '');
}

function pipelineOptions(access: BlobAccessOptions): StoragePipelineOptions {
  const retryOptions = {
    ...(access.timeoutInMs === undefined ? {} : { tryTimeoutInMs: access.timeoutInMs }),
    ...(access.maxRetries === undefined ? {} : { maxTries: access.maxRetries + 1 }),
  };
  return Object.keys(retryOptions).length > 0 ? { retryOptions } : {};
}

/** The value of the env var an option names (`connection_string_env`, `credential_env`); never echoed. */
export function secretFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  variable: string | undefined,
  optionName: string,
): string | undefined {
  if (variable === undefined) return undefined;
  const value = env[variable]?.trim();
  if (!value) throw new AppError('CONFIG_INVALID', `Environment variable '${variable}' (from ${optionName}) is not set`);
  return value;
}
