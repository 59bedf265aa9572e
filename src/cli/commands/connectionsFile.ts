import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { connectionKey } from '../../plugins/llm/connections';
import type { CliIo } from '../io';

/**
 * Model connections for local runs (docs/deploy.md, "Model connections"): the same names the
 * app's settings define, from environment variables (ELSPETH_CONNECTION__<KEY>__*) or from a
 * file, `$ELSPETH_CONNECTIONS_FILE` or else `.elspeth/connections.yaml` in the working
 * directory. Keys never sit in the file: `api_key_env` names the variable that holds one.
 * Environment variables win over the file.
 */
const ConnectionEntrySchema = z.strictObject({
  endpoint: z.url(),
  deployment: z.string().min(1),
  api_version: z.string().min(1),
  auth: z.enum(['managed-identity', 'key']).default('managed-identity'),
  api_key_env: z.string().min(1).optional(),
});
const ConnectionsFileSchema = z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be a connection name (letters, digits, _ . -)'), ConnectionEntrySchema);

export function connectionsFilePath(io: Pick<CliIo, 'env' | 'cwd'>): string | undefined {
  const named = io.env.ELSPETH_CONNECTIONS_FILE?.trim();
  if (named) return path.resolve(io.cwd, named);
  const fallback = path.join(io.cwd, '.elspeth', 'connections.yaml');
  return fs.existsSync(fallback) ? fallback : undefined;
}

/** The io with the file's connections added to its environment (REQUEST_INVALID, exit 2, on a bad file). */
export function withConnectionsFile(io: CliIo): CliIo {
  const file = connectionsFilePath(io);
  if (!file) return io;
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new AppError('REQUEST_INVALID', `${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ConnectionsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('REQUEST_INVALID', `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const added: Record<string, string> = {};
  for (const [name, entry] of Object.entries(parsed.data)) {
    const prefix = `ELSPETH_CONNECTION__${connectionKey(name)}__`;
    added[`${prefix}ENDPOINT`] = entry.endpoint;
    added[`${prefix}DEPLOYMENT`] = entry.deployment;
    added[`${prefix}API_VERSION`] = entry.api_version;
    added[`${prefix}AUTH`] = entry.auth;
    const key = entry.api_key_env ? io.env[entry.api_key_env] : undefined;
    if (key) added[`${prefix}API_KEY`] = key;
  }
  return { ...io, env: { ...added, ...io.env } };
}
