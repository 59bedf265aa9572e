import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Artifact, ArtifactDescriptor } from '../../core/plugins/kinds';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { joinRelativePath, normalizeRelativePath } from '../../core/artifacts/paths';
import { sinkCommonOptions } from '../../core/artifacts/sinkOptions';
import { compactToIso } from '../../core/artifacts/timestamps';
import { toJsonText } from '../../core/reports/json';
import { bundleManifest, bundlePath, fileArtifact } from './common/bundleParts';

const AlgorithmSchema = z.enum(['hmac-sha256', 'hmac-sha512']);

/**
 * The original's registry advertised `hash_algorithm` while its constructor read only
 * `algorithm` (docs/original-behaviour.md §2.12 quirk): both are accepted here, and two different values
 * are a configuration error rather than one silently winning.
 */
export const SignedArtifactOptionsSchema = options({
  base_path: z.string().min(1),
  bundle_name: z.string().min(1).optional(),
  timestamped: z.boolean().default(true),
  results_name: z.string().min(1).default('results.json'),
  signature_name: z.string().min(1).default('signature.json'),
  manifest_name: z.string().min(1).default('manifest.json'),
  algorithm: AlgorithmSchema.optional(),
  hash_algorithm: AlgorithmSchema.optional(),
  /** The key itself; prefer `key_env` so no secret sits in a config file. */
  key: z.string().min(1).optional(),
  key_env: z.string().min(1).default('ELSPETH_SIGNING_KEY'),
  ...sinkCommonOptions,
}).refine((value) => value.algorithm === undefined || value.hash_algorithm === undefined || value.algorithm === value.hash_algorithm, {
  message: "'algorithm' and 'hash_algorithm' name different algorithms; give one",
  path: ['hash_algorithm'],
});

/** base64 HMAC of exactly the bytes written to results.json; a verifier recomputes it. */
export function signBytes(bytes: Buffer, algorithm: z.infer<typeof AlgorithmSchema>, key: string): string {
  return createHmac(algorithm === 'hmac-sha512' ? 'sha512' : 'sha256', Buffer.from(key, 'utf8')).update(bytes).digest('base64');
}

export const signedArtifactSink = definePlugin({
  name: 'signed_artifact',
  kind: 'sink',
  description: 'Writes results.json with an HMAC signature (sha256 or sha512, key from key_env) and a manifest with its digest.',
  configSchema: SignedArtifactOptionsSchema,
  create(config, deps) {
    const basePath = normalizeRelativePath(config.base_path, 'base_path');
    const bundleName = config.bundle_name === undefined ? undefined : normalizeRelativePath(config.bundle_name, 'bundle_name');
    const algorithm = config.algorithm ?? config.hash_algorithm ?? 'hmac-sha256';
    const key = config.key ?? deps.env[config.key_env];
    if (key === undefined || key === '') {
      throw new AppError('CONFIG_INVALID', `Signing key not provided; set 'key' or the environment variable ${config.key_env}`, { details: { option: 'key_env', env: config.key_env } });
    }
    let written: Artifact | undefined;
    return {
      produces: (): ArtifactDescriptor[] => [{ name: 'signed_bundle', type: 'file/json' }],
      collectArtifacts: (): Record<string, Artifact> => (written ? { signed_bundle: written } : {}),
      async write(payload, ctx) {
        const folder = bundlePath(basePath, bundleName, 'signed', config.timestamped, ctx);
        const generatedAt = compactToIso(ctx.timestamp);
        const results = Buffer.from(toJsonText(payload, { sortKeys: true }), 'utf8');
        const signature = signBytes(results, algorithm, key);
        const resultsPath = joinRelativePath(folder, config.results_name);
        const resultsBlob = await ctx.writer.write(resultsPath, results, 'application/json');
        const target = config.results_name;
        await ctx.writer.write(joinRelativePath(folder, config.signature_name), toJsonText({ algorithm, signature, generated_at: generatedAt, target }), 'application/json');
        const manifest = {
          ...bundleManifest(payload, generatedAt),
          signature: { algorithm, value: signature, target },
          digest: createHash('sha256').update(JSON.stringify(sortedCopy(payload))).digest('hex'),
        };
        await ctx.writer.write(joinRelativePath(folder, config.manifest_name), toJsonText(manifest, { sortKeys: true }), 'application/json');
        written = fileArtifact('file/json', resultsBlob, resultsPath, 'application/json', ctx.securityLevel);
      },
    };
  },
});

/** The payload with keys sorted at every level: the manifest's digest is over its compact form. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortedCopy(item)]));
  }
  return value;
}
