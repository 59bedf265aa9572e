/**
 * Storage app settings, read without loading the storage SDKs (the Functions entry module
 * parses them at start-up, where import time is cold-start time).
 */

/** Where the platform's own storage is. Either a connection string or an identity-based account. */
export interface StorageSettings {
  connectionString?: string;
  accountName?: string;
  blobEndpoint?: string;
  tableEndpoint?: string;
  queueEndpoint?: string;
  /** `managedidentity` in the Functions identity-based form; informative only. */
  credential?: string;
  /** Client id of a user-assigned managed identity. */
  clientId?: string;
}

/**
 * Reads the Functions storage app settings: `<prefix>` as a connection string, or the
 * identity-based `<prefix>__accountName`, `__blobServiceUri`, `__tableServiceUri`,
 * `__queueServiceUri`, `__serviceUri`, `__credential`, `__clientId`. The caller passes the
 * values (the env snapshot); nothing here reads process.env.
 */
export function storageSettingsFromAppSettings(
  values: Readonly<Record<string, string | undefined>>,
  prefix = 'AzureWebJobsStorage',
): StorageSettings {
  const read = (suffix: string) => nonEmpty(values[`${prefix}${suffix}`]);
  const settings: StorageSettings = {
    connectionString: read(''),
    accountName: read('__accountName'),
    blobEndpoint: read('__blobServiceUri') ?? read('__serviceUri'),
    tableEndpoint: read('__tableServiceUri'),
    queueEndpoint: read('__queueServiceUri'),
    credential: read('__credential'),
    clientId: read('__clientId'),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
