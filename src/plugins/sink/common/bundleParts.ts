import { AppError } from '../../../core/errors';
import type { ExperimentPayload } from '../../../core/engine/records';
import type { Artifact, SinkContext } from '../../../core/plugins/kinds';
import { joinRelativePath, normalizeRelativePath } from '../../../core/artifacts/paths';

/**
 * Pieces the original's file sinks share (docs/original-behaviour.md §2.12): the bundle manifest, the
 * default bundle name, and reading a consumed artifact's bytes.
 */
export function bundleManifest(payload: ExperimentPayload, generatedAt: string, extra: { failures?: boolean } = {}): Record<string, unknown> {
  const manifest: Record<string, unknown> = { generated_at: generatedAt, rows: payload.results.length || (payload.metadata.rows ?? 0), metadata: payload.metadata };
  if (Object.keys(payload.aggregates).length > 0) manifest.aggregates = payload.aggregates;
  if (payload.cost_summary !== undefined) manifest.cost_summary = payload.cost_summary;
  if (extra.failures && payload.failures.length > 0) manifest.failures = payload.failures;
  return manifest;
}

/** `<base>/<name>[_<timestamp>]`, the name defaulting to the experiment (the original fell back to a constant). */
export function bundlePath(basePath: string, bundleName: string | undefined, fallback: string, timestamped: boolean, ctx: SinkContext): string {
  const name = bundleName ?? normalizeRelativePath(ctx.experiment || fallback, 'bundle_name');
  return joinRelativePath(basePath, timestamped ? `${name}_${ctx.timestamp}` : name);
}

/** A file artifact this sink wrote, stamped with the data's level. */
export function fileArtifact(type: string, blobName: string, relativePath: string, contentType: string, securityLevel: string): Artifact {
  return {
    id: '',
    type,
    path: blobName,
    metadata: { path: relativePath, blob: blobName, content_type: contentType, security_level: securityLevel },
    persist: false,
    security_level: securityLevel,
  };
}

/** Every consumed artifact once, in token order (alias tokens are listed under two keys). */
export function consumedArtifacts(ctx: SinkContext): Artifact[] {
  const seen = new Set<Artifact>();
  for (const artifacts of Object.values(ctx.consumed)) for (const artifact of artifacts) seen.add(artifact);
  return [...seen];
}

/** Bytes of an upstream artifact: its written file, else its payload (bytes, text or JSON). */
export async function artifactBytes(artifact: Artifact, ctx: SinkContext): Promise<Buffer> {
  if (artifact.path !== undefined && ctx.writer.read) {
    const bytes = await ctx.writer.read(artifact.path);
    if (bytes) return bytes;
  }
  const payload = artifact.payload;
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload !== undefined) return Buffer.from(JSON.stringify(payload), 'utf8');
  throw new AppError('SINK_FAILED', `Artifact '${artifact.id}' has neither a readable file nor a payload`, { details: { artifact: artifact.id } });
}

/** The entry name of an artifact in a bundle: metadata filename, else the basename of its path. */
export function artifactFileName(artifact: Artifact, position: number): string {
  const candidates = [artifact.metadata.filename, artifact.metadata.path, artifact.path];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.split('/').filter((part) => part !== '').pop() ?? `artifact_${position}`;
  }
  return `artifact_${position}`;
}
