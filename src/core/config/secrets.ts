import { copyKeyOrder } from '../data/keyOrder';
import { AppError } from '../errors';
import type { PluginKind } from '../plugins/kinds';
import type { PluginDef } from '../plugins/pluginDef';
import { keyPath } from './problems';
import type { ResolvedExperiment, ResolvedRun } from './resolved';
import { PLUGIN_LISTS } from './pluginLists';

/**
 * Secrets never reach storage (README "Secrets"). A plan is the resolved configuration every
 * activity reads, so before it is stored each secret option written literally in a settings
 * or config file (`api_key`, `azure_openai`'s `config.api_key`, Content Safety's `key`, any
 * password, token or connection string) is replaced by a marker that says where it was
 * written. An activity that builds plugins puts the values back from the same files
 * (`restoreSecrets`), in memory only. Options that name an environment variable (`*_env`)
 * hold no secret and stay as they are.
 */
export interface SecretMarker {
  $secret: { file: string; path: string };
}

/** Option names that hold secrets whatever the plugin; `*_env` options hold names, not secrets. */
const SECRET_NAME = /^(api_?key|.+_api_?key|secret|.+_secret|password|passwd|.+_password|(access|auth|bearer|refresh|id|sas)?_?token|sas|access_key|account_key|.+_account_key|connection_string|.+_connection_string|credentials?|subscription_key)$/i;

/** Top-level options a plugin declares secret beyond SECRET_NAME (Content Safety's `key`). */
export type SecretOptionsOf = (kind: PluginKind, name: string) => readonly string[];

export function isSecretMarker(value: unknown): value is SecretMarker {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, '$secret');
}

/** A copy of the run with every literal secret replaced by a marker; `count` says how many. */
export function redactSecrets(run: ResolvedRun, secretOptionsOf: SecretOptionsOf): { run: ResolvedRun; count: number } {
  let count = 0;
  const redactDef = (kind: PluginKind, def: PluginDef): PluginDef => {
    const declared = new Set(secretOptionsOf(kind, def.name));
    const at = def.origin ?? { file: run.settingsFile, path: '' };
    const options = redactValue(def.options, keyPath(at.path, 'options'), (key, depth) => SECRET_NAME.test(key) || (depth === 0 && declared.has(key)), (path) => {
      count++;
      return { $secret: { file: at.file, path } };
    });
    return { ...def, options: options as Record<string, unknown> };
  };
  const redacted: ResolvedRun = { ...run, datasource: redactDef('datasource', run.datasource), experiments: run.experiments.map((e) => mapExperimentDefs(e, redactDef)) };
  return { run: redacted, count };
}

function redactValue(value: unknown, path: string, secret: (key: string, depth: number) => boolean, mark: (path: string) => SecretMarker, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item, index) => redactValue(item, keyPath(path, index), secret, mark, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const keep = typeof inner !== 'string' || inner === '' || key.endsWith('_env') || !secret(key, depth);
    const next = keep ? redactValue(inner, keyPath(path, key), secret, mark, depth + 1) : mark(keyPath(path, key));
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copyKeyOrder(value, out);
}

/** True when the run holds markers (only then do activities need to read the files again). */
export function hasSecretMarkers(value: unknown): boolean {
  if (isSecretMarker(value)) return true;
  if (Array.isArray(value)) return value.some(hasSecretMarkers);
  return value !== null && typeof value === 'object' && Object.values(value as Record<string, unknown>).some(hasSecretMarkers);
}

/**
 * Puts the secrets back: `fresh` is the same request's configuration read again from its
 * files, so each marker's place in the stored run holds the literal value in `fresh`.
 */
export function restoreSecrets<T>(stored: T, fresh: unknown): T {
  const restore = (value: unknown, same: unknown): unknown => {
    if (isSecretMarker(value)) {
      if (typeof same === 'string' && same !== '') return same;
      throw new AppError('CONFIG_INVALID', `${value.$secret.file}: ${value.$secret.path}: this secret is no longer in the configuration the run was planned from`, {
        details: { file: value.$secret.file, path: value.$secret.path },
      });
    }
    if (Array.isArray(value)) return value.map((item, index) => restore(item, Array.isArray(same) ? same[index] : undefined));
    if (value === null || typeof value !== 'object') return value;
    const sameRecord = same !== null && typeof same === 'object' ? (same as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const next = restore(inner, Object.hasOwn(sameRecord, key) ? sameRecord[key] : undefined);
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
    return copyKeyOrder(value, out);
  };
  return restore(stored, fresh) as T;
}

type DefMapper = (kind: PluginKind, def: PluginDef) => PluginDef;

function mapExperimentDefs(experiment: ResolvedExperiment, map: DefMapper): ResolvedExperiment {
  const out: ResolvedExperiment = { ...experiment, llm: map('llm', experiment.llm) };
  for (const [key, kind] of PLUGIN_LISTS) (out as unknown as Record<string, PluginDef[]>)[key] = experiment[key].map((def) => map(kind, def));
  if (experiment.rateLimiter) out.rateLimiter = map('rateLimiter', experiment.rateLimiter);
  if (experiment.costTracker) out.costTracker = map('costTracker', experiment.costTracker);
  return out;
}
