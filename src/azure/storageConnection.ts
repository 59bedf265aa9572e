import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { AppError } from '../core/errors';
import { defaultCredentialFactory, lazyCredential, type CredentialFactory } from './credentials';
import { connectionStringEndpoints, normalizeConnectionString } from './connectionString';
import type { StorageSettings } from './storageSettings';
import { tableClientFromConnectionString } from './tableRunIndex';

export { azuriteConnectionString, AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from './connectionString';
export { storageSettingsFromAppSettings, type StorageSettings } from './storageSettings';

export interface StorageClientOptions {
  /** Injected in tests; default DefaultAzureCredential, built only on first token request. */
  credentialFactory?: CredentialFactory;
  /** Retries of a failed request by the SDK (its default when unset). */
  maxRetries?: number;
}

export interface StorageClients {
  mode: 'connectionString' | 'identity';
  blobService: BlobServiceClient;
  tableClient(tableName: string): TableClient;
  blobEndpoint: string;
  tableEndpoint: string;
}

/**
 * Builds blob and table clients: a connection string wins (including
 * `UseDevelopmentStorage=true`, i.e. Azurite on its default ports); otherwise managed
 * identity against the account's endpoints, with the credential created lazily.
 */
export function createStorageClients(settings: StorageSettings, options: StorageClientOptions = {}): StorageClients {
  if (settings.connectionString) return fromConnectionString(settings.connectionString, options);
  const blobEndpoint = trimSlash(settings.blobEndpoint ?? accountEndpoint(settings.accountName, 'blob'));
  const tableEndpoint = trimSlash(settings.tableEndpoint ?? accountEndpoint(settings.accountName, 'table'));
  const credential = lazyCredential(options.credentialFactory ?? defaultCredentialFactory, {
    ...(settings.clientId ? { managedIdentityClientId: settings.clientId } : {}),
  });
  return {
    mode: 'identity',
    blobService: new BlobServiceClient(blobEndpoint, credential, blobClientOptions(options)),
    tableClient: (tableName) => new TableClient(tableEndpoint, tableName, credential, tableClientOptions(options)),
    blobEndpoint,
    tableEndpoint,
  };
}

function fromConnectionString(raw: string, options: StorageClientOptions): StorageClients {
  const connectionString = normalizeConnectionString(raw);
  const endpoints = connectionStringEndpoints(connectionString);
  return {
    mode: 'connectionString',
    blobService: BlobServiceClient.fromConnectionString(connectionString, blobClientOptions(options)),
    tableClient: (tableName) => tableClientFromConnectionString(connectionString, tableName, tableClientOptions(options)),
    blobEndpoint: endpoints.blob,
    tableEndpoint: endpoints.table,
  };
}

function blobClientOptions(options: StorageClientOptions): StoragePipelineOptions {
  return options.maxRetries === undefined ? {} : { retryOptions: { maxTries: options.maxRetries + 1 } };
}

function tableClientOptions(options: StorageClientOptions): TableServiceClientOptions {
  return options.maxRetries === undefined ? {} : { retryOptions: { maxRetries: options.maxRetries } };
}

function accountEndpoint(accountName: string | undefined, service: 'blob' | 'table'): string {
  if (!accountName) {
    throw new AppError(
      'CONFIG_INVALID',
      'No storage is configured: set AzureWebJobsStorage to a connection string, or AzureWebJobsStorage__accountName (or __blobServiceUri and __tableServiceUri) for managed identity.',
    );
  }
  return `https://${accountName}.${service}.core.windows.net`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
