import { AppError } from '../core/errors';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const AZURITE_DEFAULT_PORTS = { blobPort: 10000, queuePort: 10001, tablePort: 10002 };

export interface AzuritePorts {
  blobPort: number;
  queuePort: number;
  tablePort: number;
}

/** A full connection string for Azurite on the given loopback ports. */
export function azuriteConnectionString(ports: AzuritePorts, host = '127.0.0.1'): string {
  const endpoint = (port: number) => `http://${host}:${port}/${AZURITE_ACCOUNT_NAME}`;
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${AZURITE_ACCOUNT_NAME}`,
    `AccountKey=${AZURITE_ACCOUNT_KEY}`,
    `BlobEndpoint=${endpoint(ports.blobPort)}`,
    `QueueEndpoint=${endpoint(ports.queuePort)}`,
    `TableEndpoint=${endpoint(ports.tablePort)}`,
    '',
  ].join(';');
}

/** `Key=Value;...` pairs, keys lower-cased (the format is case-insensitive). */
export function parseConnectionString(connectionString: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    pairs.set(part.slice(0, index).trim().toLowerCase(), part.slice(index + 1).trim());
  }
  return pairs;
}

/** True for text that looks like a storage connection string rather than a SAS token or key. */
export function looksLikeConnectionString(value: string): boolean {
  const pairs = parseConnectionString(value);
  return ['usedevelopmentstorage', 'accountname', 'blobendpoint', 'tableendpoint'].some((key) => pairs.has(key));
}

/** Expands `UseDevelopmentStorage=true` into Azurite's default endpoints; other strings pass through. */
export function normalizeConnectionString(connectionString: string): string {
  const pairs = parseConnectionString(connectionString);
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true') return azuriteConnectionString(AZURITE_DEFAULT_PORTS);
  if (!looksLikeConnectionString(connectionString)) {
    throw new AppError('CONFIG_INVALID', 'The storage connection string is malformed (expected Key=Value pairs with AccountName or BlobEndpoint).');
  }
  return connectionString;
}

/** The blob and table endpoints a connection string points at (no secrets). */
export function connectionStringEndpoints(connectionString: string): { blob: string; table: string; accountName?: string } {
  const pairs = parseConnectionString(normalizeConnectionString(connectionString));
  const accountName = pairs.get('accountname');
  const protocol = pairs.get('defaultendpointsprotocol') ?? 'https';
  const suffix = pairs.get('endpointsuffix') ?? 'core.windows.net';
  const derive = (service: string) => (accountName ? `${protocol}://${accountName}.${service}.${suffix}` : '');
  const clean = (url: string) => url.replace(/\/+$/, '');
  return {
    blob: clean(pairs.get('blobendpoint') ?? derive('blob')),
    table: clean(pairs.get('tableendpoint') ?? derive('table')),
    ...(accountName ? { accountName } : {}),
  };
}
