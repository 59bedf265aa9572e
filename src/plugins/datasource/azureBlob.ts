import { z } from 'zod';
import { openContainer, secretFromEnv } from '../../azure/blobAccess';
import type { CredentialFactory } from '../../azure/credentials';
import { withoutQuery } from '../../azure/redact';
import { statusOf, toStorageError } from '../../azure/storageErrors';
import { CsvDtypeSchema, parseCsv } from '../../core/data/csv';
import { isSupportedEncoding } from '../../core/data/textDecoding';
import { AppError } from '../../core/errors';
import { definePlugin, type Datasource, type PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { blobTargetProblem, BlobTargetOptionsShape, resolveBlobTarget } from './blobTarget';
import { loadWithPolicy, OnErrorSchema, SecurityLevelOptionSchema, type LoadedTable } from './datasourceOptions';

const HONOURED_PANDAS_KWARGS = ['dtype', 'encoding', 'sep'];

/** Only the read_csv arguments this port honours; anything else is refused, not silently ignored. */
export const PandasKwargsSchema = z.strictObject(
  {
    dtype: CsvDtypeSchema.optional(),
    encoding: z.string().refine(isSupportedEncoding, { message: 'is not a supported encoding' }).optional(),
    sep: z.string().length(1).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `pandas_kwargs ${issue.keys.join(', ')} not supported: only ${HONOURED_PANDAS_KWARGS.join(', ')} are honoured`
        : undefined,
  },
);

export const AzureBlobDatasourceOptionsSchema = options({
  ...BlobTargetOptionsShape,
  pandas_kwargs: PandasKwargsSchema.default({}),
  on_error: OnErrorSchema,
  security_level: SecurityLevelOptionSchema,
  /** Blob name in `container` (direct form); overrides the profile's blob_path. */
  blob: z.string().min(1).optional(),
}).superRefine((config, ctx) => {
  const problem = blobTargetProblem(config) ?? (config.config_path || config.blob ? undefined : 'container needs blob');
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [] });
});
export type AzureBlobDatasourceOptions = z.infer<typeof AzureBlobDatasourceOptionsSchema>;

/** Seams for tests: the credential factory (never DefaultAzureCredential in tests) and SDK retries. */
export interface AzureBlobHooks {
  credentialFactory?: CredentialFactory;
  maxRetries?: number;
}

const DOWNLOAD_TIMEOUT_IN_MS = 60_000;

export function createAzureBlobDatasource(config: AzureBlobDatasourceOptions, deps: PluginDeps, hooks: AzureBlobHooks = {}): Datasource {
  const description = config.config_path ? `${config.config_path}#${config.profile}` : `${config.container}/${config.blob}`;
  return {
    load: () =>
      loadWithPolicy(
        { plugin: 'azure_blob', source: description, onError: config.on_error, securityLevel: config.security_level },
        deps,
        () => downloadCsv(config, deps, hooks),
      ),
  };
}

async function downloadCsv(config: AzureBlobDatasourceOptions, deps: PluginDeps, hooks: AzureBlobHooks): Promise<LoadedTable> {
  const target = await resolveBlobTarget(config, deps);
  const blobPath = config.blob ?? target.blobPath;
  if (!blobPath) throw new AppError('CONFIG_INVALID', 'azure_blob: no blob given (set blob, or blob_path in the profile)');
  const { container } = openContainer(
    { containerName: target.containerName, ...(target.accountUrl ? { accountUrl: target.accountUrl } : {}) },
    {
      connectionString: secretFromEnv(deps.env, config.connection_string_env, 'connection_string_env'),
      ...(target.sasToken ? { sasToken: target.sasToken } : {}),
      ...hooks,
      timeoutInMs: DOWNLOAD_TIMEOUT_IN_MS,
    },
  );
  const blob = container.getBlobClient(blobPath);
  const source = withoutQuery(blob.url);
  let bytes: Buffer;
  try {
    bytes = await blob.downloadToBuffer();
  } catch (error) {
    if (statusOf(error) === 404) throw new AppError('DATASOURCE_FAILED', `Blob not found: ${source}`, { details: { source } });
    const storage = toStorageError(error, { operation: 'download', target: source });
    throw new AppError('DATASOURCE_FAILED', storage.message, { retryable: storage.retryable, details: storage.details });
  }
  const kwargs = config.pandas_kwargs;
  const parsed = parseCsv(bytes, {
    source,
    encoding: kwargs.encoding ?? 'utf-8',
    ...(kwargs.dtype ? { dtype: kwargs.dtype } : {}),
    ...(kwargs.sep ? { delimiter: kwargs.sep } : {}),
  });
  deps.logger.info('[datasource] azure_blob loaded', { source, rows: parsed.rows.length, columns: parsed.columns.length });
  return { ...parsed, source };
}

export const azureBlobDatasourcePlugin = definePlugin({
  name: 'azure_blob',
  kind: 'datasource',
  description: 'Downloads a CSV from Blob Storage (blob-config YAML profile, or container/blob with a connection string or managed identity).',
  configSchema: AzureBlobDatasourceOptionsSchema,
  create: (config, deps) => createAzureBlobDatasource(config, deps),
});
