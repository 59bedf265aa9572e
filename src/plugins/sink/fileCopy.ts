import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Artifact, ArtifactDescriptor } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { normalizeRelativePath } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { artifactBytes, consumedArtifacts } from './common/bundleParts';

export const FileCopyOptionsSchema = options({
  destination: z.string().min(1),
  overwrite: z.boolean().default(true),
  ...sinkCommonOptions,
});

/**
 * Copies the one artifact it consumes to `destination` and exposes the copy as artifact
 * `file` with the source's type and content type (docs/original-behaviour.md §2.12). Several inputs are an
 * error; with `on_error: skip` the first is copied, as in the original.
 */
export const fileCopySink = definePlugin({
  name: 'file_copy',
  kind: 'sink',
  description: 'Copies the one artifact it consumes (from another sink) to a destination path and re-exposes it as artifact "file".',
  configSchema: FileCopyOptionsSchema,
  create(config) {
    const destination = normalizeRelativePath(config.destination, 'destination');
    let copied: Artifact | undefined;
    return {
      records: 'none',
      produces: (): ArtifactDescriptor[] => [{ name: 'file', type: 'file/octet-stream' }],
      collectArtifacts: (): Record<string, Artifact> => (copied ? { file: copied } : {}),
      async write(_payload, ctx) {
        const inputs = consumedArtifacts(ctx);
        if (inputs.length === 0) throw new AppError('SINK_FAILED', 'file_copy needs one consumed artifact (artifacts.consumes); it got none');
        if (inputs.length > 1 && config.on_error === 'abort') {
          throw new AppError('SINK_FAILED', `file_copy copies exactly one artifact; it got ${inputs.length} (${inputs.map((a) => a.id).join(', ')})`);
        }
        if (!config.overwrite && (await ctx.writer.exists?.(destination))) {
          throw new AppError('SINK_FAILED', `file_copy will not overwrite existing file '${destination}' (overwrite: false)`, { details: { path: destination, conflict: true } });
        }
        const source = inputs[0]!;
        const contentType = typeof source.metadata.content_type === 'string' ? source.metadata.content_type : 'application/octet-stream';
        const blobName = await ctx.writer.write(destination, await artifactBytes(source, ctx), contentType);
        const level = source.security_level ?? ctx.securityLevel;
        copied = {
          id: '',
          type: source.type,
          path: blobName,
          metadata: { ...source.metadata, path: destination, blob: blobName, content_type: contentType, source: source.id, security_level: level },
          persist: source.persist,
          security_level: level,
        };
      },
    };
  },
});
