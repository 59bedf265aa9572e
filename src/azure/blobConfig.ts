import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../core/errors';

/**
 * One profile of the original's blob-config YAML (`config/blob_store.yaml`): a mapping of
 * profile name to a mapping (or a JSON string of one) with `connection_name`,
 * `azureml_datastore_uri`, and either `storage_uri` or `account_name` + `container_name` +
 * `blob_path` (+ optional `account_url`), plus an optional `sas_token`.
 */
export interface BlobConfig {
  connectionName: string;
  azuremlDatastoreUri: string;
  storageUri?: string;
  accountUrl: string;
  containerName: string;
  blobPath: string;
  /** Without a leading `?`. A secret: never log it. */
  sasToken?: string;
}

export interface BlobUriParts {
  accountUrl: string;
  containerName: string;
  blobPath: string;
}

function configError(message: string): AppError {
  return new AppError('CONFIG_INVALID', message);
}

/** Reads the YAML file and returns the named profile. */
export async function loadBlobConfig(configPath: string, profile = 'default'): Promise<BlobConfig> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch {
    throw configError(`Configuration file not found: ${configPath}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw configError(`Invalid YAML in ${configPath}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (data === null || data === undefined) throw configError(`Configuration file is empty: ${configPath}`);
  return blobConfigFromProfiles(data, profile);
}

/** Picks and validates a profile from the parsed YAML document. */
export function blobConfigFromProfiles(data: unknown, profile: string): BlobConfig {
  const profiles = isRecord(data) ? data : {};
  if (!isRecord(data) || !Object.hasOwn(profiles, profile)) {
    throw configError(`Profile '${profile}' not found in configuration. Available: ${Object.keys(profiles).sort().join(', ')}`);
  }
  let raw = profiles[profile];
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw configError(`Profile '${profile}' is a string but not valid JSON`);
    }
  }
  if (!isRecord(raw)) throw configError(`Profile '${profile}' should be a mapping, got ${raw === null ? 'null' : typeof raw}`);
  return blobConfigFromMapping(raw);
}

export function blobConfigFromMapping(data: Record<string, unknown>): BlobConfig {
  const text = (key: string) => (typeof data[key] === 'string' && data[key] !== '' ? data[key] : undefined);
  const missing = ['connection_name', 'azureml_datastore_uri'].filter((key) => !text(key));
  if (missing.length > 0) throw configError(`Missing required blob configuration keys: ${missing.join(', ')}`);

  const storageUri = text('storage_uri');
  const location = storageUri ? parseStorageUri(storageUri) : locationFromParts(text);
  const sas = text('sas_token');
  return {
    connectionName: text('connection_name')!,
    azuremlDatastoreUri: text('azureml_datastore_uri')!,
    ...(storageUri ? { storageUri } : {}),
    ...location,
    ...(sas ? { sasToken: sas.replace(/^\?/, '') } : {}),
  };
}

function locationFromParts(text: (key: string) => string | undefined): BlobUriParts {
  const [accountName, containerName, blobPath] = [text('account_name'), text('container_name'), text('blob_path')];
  if (!accountName || !containerName || !blobPath) {
    throw configError("Provide either 'storage_uri' or all of 'account_name', 'container_name', 'blob_path'");
  }
  const accountUrl = (text('account_url') ?? `https://${accountName}.blob.core.windows.net`).replace(/\/+$/, '');
  return { accountUrl, containerName, blobPath };
}

/**
 * Splits `https://acct.blob.core.windows.net/container/path/to/blob`. For an IP or
 * `localhost` host (Azurite's path-style URLs) the first segment is the account and stays
 * in the account URL.
 */
export function parseStorageUri(storageUri: string): BlobUriParts {
  let url: URL;
  try {
    url = new URL(storageUri);
  } catch {
    throw configError('Storage URI is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`Unsupported storage URI scheme: ${url.protocol.replace(/:$/, '') || '<missing>'}`);
  }
  const segments = url.pathname.replace(/^\/+/, '').split('/');
  const pathStyle = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 || url.hostname === 'localhost';
  const account = pathStyle ? segments.shift() : undefined;
  const [containerName, ...blob] = segments;
  const blobPath = blob.join('/');
  if (!containerName || !blobPath) throw configError('Storage URI must include container and blob path segments');
  return { accountUrl: `${url.origin}${account ? `/${account}` : ''}`, containerName, blobPath: decodeURIComponent(blobPath) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
