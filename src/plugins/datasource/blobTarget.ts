import { z } from 'zod';
import { loadBlobConfig } from '../../azure/blobConfig';
import { AppError } from '../../core/errors';
import type { PluginDeps } from '../../core/plugins/kinds';
import { resolveInputPath } from './inputPath';

/**
 * Options that say where a blob is, shared by the azure_blob datasource and sink: the
 * original's blob-config YAML profile, or the direct modern form.
 */
export const BlobTargetOptionsShape = {
  config_path: z.string().min(1).optional(),
  profile: z.string().min(1).default('default'),
  /** Name of an env var (app setting) holding a storage connection string. */
  connection_string_env: z.string().min(1).optional(),
  /** `https://<account>.blob.core.windows.net`, used with managed identity. */
  account_url: z.url({ protocol: /^https?$/ }).optional(),
  container: z.string().min(1).optional(),
};

export interface BlobTargetOptions {
  config_path?: string | undefined;
  profile: string;
  connection_string_env?: string | undefined;
  account_url?: string | undefined;
  container?: string | undefined;
}

export interface BlobTarget {
  accountUrl?: string;
  containerName: string;
  /** From the profile, when there is one. */
  blobPath?: string;
  /** From the profile; a secret. */
  sasToken?: string;
}

/** A problem message when neither the profile form nor the direct form is complete. */
export function blobTargetProblem(config: BlobTargetOptions): string | undefined {
  if (config.config_path) return undefined;
  if (!config.container) return 'set config_path (a blob config profile), or container with account_url or connection_string_env';
  if (!config.account_url && !config.connection_string_env) return 'container needs account_url (managed identity) or connection_string_env';
  return undefined;
}

/** Loads the profile (direct options override its container / account) or uses the direct form. */
export async function resolveBlobTarget(config: BlobTargetOptions, deps: Pick<PluginDeps, 'baseDir' | 'inputs'>): Promise<BlobTarget> {
  if (config.config_path) {
    const { path } = resolveInputPath(config.config_path, deps, 'config_path');
    const profile = await loadBlobConfig(path, config.profile);
    return {
      accountUrl: config.account_url ?? profile.accountUrl,
      containerName: config.container ?? profile.containerName,
      blobPath: profile.blobPath,
      ...(profile.sasToken ? { sasToken: profile.sasToken } : {}),
    };
  }
  if (!config.container) throw new AppError('CONFIG_INVALID', blobTargetProblem(config) ?? 'container is required');
  return { containerName: config.container, ...(config.account_url ? { accountUrl: config.account_url } : {}) };
}
