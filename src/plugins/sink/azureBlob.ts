import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { openContainer, secretFromEnv } from '../../azure/blobAccess';
import { indexedName, renderPathTemplate, splitExtension, timestampParts, toBlobMetadata, withFilename } from '../../azure/blobNaming';
import { uploadBlob, type UploadBlobOptions } from '../../azure/blobUpload';
import type { CredentialFactory } from '../../azure/credentials';
import type { ExperimentPayload } from '../../core/engine/records';
import { AppError, isAppError } from '../../core/errors';
import { definePlugin, type Artifact, type PluginDeps, type Sink, type SinkContext } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { blobTargetProblem, BlobTargetOptionsShape, resolveBlobTarget, type BlobTarget } from '../datasource/blobTarget';

export const AzureBlobSinkOptionsSchema = options({
  ...BlobTargetOptionsShape,
  path_template: z.string().min(1).optional(),
  filename: z.string().min(1).default('results.json'),
  manifest_template: z.string().min(1).optional(),
  manifest_suffix: z.string().min(1).default('.manifest.json'),
  include_manifest: z.boolean().default(true),
  overwrite: z.boolean().default(true),
  /** Accepted only to refuse it with a useful message: secrets never live in configuration. */
  credential: z.unknown().optional(),
  /** Name of an env var holding a SAS token or a connection string. */
  credential_env: z.string().min(1).optional(),
  content_type: z.string().min(1).default('application/json'),
  metadata: z.record(z.string(), z.unknown()).default({}),
  upload_chunk_size: z.number().int().min(0).default(4 * 1024 * 1024),
  on_error: z.enum(['abort', 'skip']).default('abort'),
}).superRefine((config, ctx) => {
  if (config.credential !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['credential'], message: 'inline credentials are not accepted: put the secret in an app setting and name it with credential_env' });
  }
  const problem = blobTargetProblem(config);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [] });
});
export type AzureBlobSinkOptions = z.infer<typeof AzureBlobSinkOptionsSchema>;

/** Seams for tests: the credential factory (never DefaultAzureCredential in tests) and SDK retries. */
export interface AzureBlobSinkHooks {
  credentialFactory?: CredentialFactory;
  maxRetries?: number;
}

interface Destination {
  container: ContainerClient;
  target: BlobTarget;
}

export function createAzureBlobSink(config: AzureBlobSinkOptions, deps: PluginDeps, hooks: AzureBlobSinkHooks = {}): Sink {
  return {
    async write(payload, ctx) {
      try {
        const destination = await openDestination(config, deps, hooks);
        const artifacts = Object.values(ctx.consumed).flat();
        const uploaded = artifacts.length > 0
          ? await uploadArtifacts(config, deps, destination, payload, ctx, artifacts)
          : await uploadPayload(config, destination, payload, ctx);
        deps.logger.info('[sink] azure_blob uploaded', { runId: ctx.runId, experiment: ctx.experiment, blobs: uploaded });
      } catch (error) {
        const failure = asSinkError(error);
        if (config.on_error === 'abort') throw failure;
        deps.logger.warn('[sink] azure_blob failed; on_error=skip carries on', { runId: ctx.runId, experiment: ctx.experiment, errorCode: failure.code, error: failure.message });
      }
    },
  };
}

async function openDestination(config: AzureBlobSinkOptions, deps: PluginDeps, hooks: AzureBlobSinkHooks): Promise<Destination> {
  const target = await resolveBlobTarget(config, deps);
  const { container } = openContainer(
    { containerName: target.containerName, ...(target.accountUrl ? { accountUrl: target.accountUrl } : {}) },
    {
      connectionString: secretFromEnv(deps.env, config.connection_string_env, 'connection_string_env'),
      credential: secretFromEnv(deps.env, config.credential_env, 'credential_env'),
      ...(target.sasToken ? { sasToken: target.sasToken } : {}),
      ...hooks,
    },
  );
  return { container, target };
}

/** Placeholders for path_template / manifest_template: run metadata plus the original's extras. */
function templateValues(config: AzureBlobSinkOptions, destination: Destination, payload: ExperimentPayload, ctx: SinkContext) {
  const when = timestampParts(ctx.timestamp);
  return {
    ...payload.metadata,
    experiment: ctx.experiment,
    run_id: ctx.runId,
    timestamp: when.timestamp,
    date: when.date,
    time: when.time,
    blob_path: destination.target.blobPath ?? '',
    container: destination.target.containerName,
    filename: config.filename,
  };
}

function blobNameFor(config: AzureBlobSinkOptions, values: Record<string, unknown>, destination: Destination): string {
  const base = config.path_template ? renderPathTemplate(config.path_template, values) : (destination.target.blobPath ?? config.filename);
  return withFilename(base.replace(/^\/+/, ''), config.filename);
}

function uploadOptions(config: AzureBlobSinkOptions, ctx: SinkContext, contentType: string): UploadBlobOptions {
  return {
    contentType,
    metadata: toBlobMetadata({ ...config.metadata, security_level: ctx.securityLevel }),
    overwrite: config.overwrite,
    chunkSizeInBytes: config.upload_chunk_size,
  };
}

async function uploadPayload(config: AzureBlobSinkOptions, destination: Destination, payload: ExperimentPayload, ctx: SinkContext): Promise<string[]> {
  const values = templateValues(config, destination, payload, ctx);
  const name = blobNameFor(config, values, destination);
  const body = Buffer.from(JSON.stringify(payload, null, 2), 'utf8');
  const results = await uploadBlob(destination.container, name, body, uploadOptions(config, ctx, config.content_type));
  if (!config.include_manifest) return [results.url];

  const manifestName = config.manifest_template
    ? renderPathTemplate(config.manifest_template, { ...values, blob: name }, 'manifest_template')
    : `${splitExtension(name).stem}${config.manifest_suffix}`;
  const manifest = {
    generated_at: timestampParts(ctx.timestamp).iso,
    blob: name,
    container: destination.target.containerName,
    rows: payload.results.length,
    metadata: payload.metadata,
    ...(Object.keys(payload.aggregates).length > 0 ? { aggregates: payload.aggregates } : {}),
    ...(payload.cost_summary ? { cost_summary: payload.cost_summary } : {}),
  };
  const manifestBody = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
  const uploaded = await uploadBlob(destination.container, manifestName, manifestBody, uploadOptions(config, ctx, 'application/json'));
  return [results.url, uploaded.url];
}

/** Upstream artifacts: the first to the blob name, later ones to `<stem>_<i><ext>`. */
async function uploadArtifacts(
  config: AzureBlobSinkOptions,
  deps: PluginDeps,
  destination: Destination,
  payload: ExperimentPayload,
  ctx: SinkContext,
  artifacts: Artifact[],
): Promise<string[]> {
  const name = blobNameFor(config, templateValues(config, destination, payload, ctx), destination);
  const urls: string[] = [];
  for (const [index, artifact] of artifacts.entries()) {
    const body = await artifactBytes(artifact, deps);
    const contentType = artifactContentType(artifact) ?? config.content_type;
    const blobName = index === 0 ? name : indexedName(name, index);
    urls.push((await uploadBlob(destination.container, blobName, body, uploadOptions(config, ctx, contentType))).url);
  }
  return urls;
}

async function artifactBytes(artifact: Artifact, deps: PluginDeps): Promise<Buffer> {
  const { payload } = artifact;
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload !== undefined) return Buffer.from(JSON.stringify(payload, null, 2), 'utf8');
  const stored = artifact.path !== undefined ? await deps.blobs?.get(artifact.path) : undefined;
  if (stored) return stored;
  throw new AppError('SINK_FAILED', `azure_blob: artifact '${artifact.id}' has no payload and no readable path`, { details: { artifact: artifact.id } });
}

function artifactContentType(artifact: Artifact): string | undefined {
  const declared = artifact.metadata.content_type;
  return typeof declared === 'string' && declared !== '' ? declared : undefined;
}

function asSinkError(error: unknown): AppError {
  if (!isAppError(error)) return new AppError('SINK_FAILED', `azure_blob: ${error instanceof Error ? error.message : String(error)}`);
  if (error.code !== 'STORAGE_FAILED') return error;
  return new AppError('SINK_FAILED', `azure_blob: ${error.message}`, { retryable: error.retryable, ...(error.details ? { details: error.details } : {}) });
}

export const azureBlobSinkPlugin = definePlugin({
  name: 'azure_blob',
  kind: 'sink',
  description: 'Uploads the payload JSON and a manifest (or the consumed upstream artifacts) to Blob Storage, stamped with the security level.',
  configSchema: AzureBlobSinkOptionsSchema,
  create: (config, deps) => createAzureBlobSink(config, deps),
});
