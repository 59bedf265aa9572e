import { AppError } from '../../core/errors';

/**
 * Named model connections (docs/deploy.md, "Model connections"). A suite names one
 * (`connection: eval-gpt4o`); the endpoint, deployment, API version and authentication come
 * from settings the operator controls, never from the suite, so a suite cannot point the
 * app's identity or keys at an endpoint of its own choosing:
 *
 *   ELSPETH_CONNECTION__<KEY>__ENDPOINT      https://<resource>.openai.azure.com
 *   ELSPETH_CONNECTION__<KEY>__DEPLOYMENT    the model deployment
 *   ELSPETH_CONNECTION__<KEY>__API_VERSION   e.g. 2024-10-21
 *   ELSPETH_CONNECTION__<KEY>__AUTH          managed-identity (default) or key
 *   ELSPETH_CONNECTION__<KEY>__API_KEY       with AUTH=key: the key (on Azure, a Key Vault reference)
 *
 * <KEY> is the name upper-cased with every other character than A-Z and 0-9 as `_`
 * (`eval-gpt4o` -> `EVAL_GPT4O`): app setting names allow nothing else on Linux.
 */
export const CONNECTION_SETTING = /^ELSPETH_CONNECTION__([A-Z0-9_]+)__(ENDPOINT|DEPLOYMENT|API_VERSION|AUTH|API_KEY)$/;
const PREFIX = 'ELSPETH_CONNECTION__';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export interface ModelConnection {
  name: string;
  endpoint: string;
  deployment: string;
  apiVersion: string;
  auth: { kind: 'entra' } | { kind: 'key'; apiKey: string };
}

export function connectionKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The connection names the settings define (by key; the name a suite uses maps onto one). */
export function definedConnectionKeys(env: Readonly<Record<string, string | undefined>>): string[] {
  const keys = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    const match = CONNECTION_SETTING.exec(name);
    if (match && value?.trim()) keys.add(match[1]!);
  }
  return [...keys].sort();
}

/** Resolves a named connection; CONFIG_INVALID names the connection and the missing setting. */
export function resolveConnection(name: string, env: Readonly<Record<string, string | undefined>>): ModelConnection {
  if (!NAME.test(name)) throw new AppError('CONFIG_INVALID', `connection '${name}' is not a valid connection name (letters, digits, _ . -)`);
  const key = connectionKey(name);
  const read = (part: string) => env[`${PREFIX}${key}__${part}`]?.trim() || undefined;
  const endpoint = read('ENDPOINT');
  if (!endpoint) {
    const known = definedConnectionKeys(env);
    throw new AppError('CONFIG_INVALID', `unknown model connection '${name}': ${PREFIX}${key}__ENDPOINT is not set (defined: ${known.length > 0 ? known.join(', ') : 'none'})`, {
      details: { connection: name, setting: `${PREFIX}${key}__ENDPOINT` },
    });
  }
  const needed = (part: string) =>
    read(part) ??
    (() => {
      throw new AppError('CONFIG_INVALID', `model connection '${name}': ${PREFIX}${key}__${part} is not set`, { details: { connection: name, setting: `${PREFIX}${key}__${part}` } });
    })();
  if (!/^https?:\/\//.test(endpoint)) throw new AppError('CONFIG_INVALID', `model connection '${name}': ${PREFIX}${key}__ENDPOINT must be an http(s) URL`);
  const authSetting = (read('AUTH') ?? 'managed-identity').toLowerCase();
  if (authSetting !== 'managed-identity' && authSetting !== 'key') {
    throw new AppError('CONFIG_INVALID', `model connection '${name}': ${PREFIX}${key}__AUTH must be 'managed-identity' or 'key'`);
  }
  return {
    name,
    endpoint,
    deployment: needed('DEPLOYMENT'),
    apiVersion: needed('API_VERSION'),
    auth: authSetting === 'key' ? { kind: 'key', apiKey: needed('API_KEY') } : { kind: 'entra' },
  };
}

export interface ConnectionProblem {
  /** Where in the resolved run the connection is named, e.g. `experiments.baseline.llm.options.connection`. */
  path: string;
  message: string;
}

/**
 * Every `connection` named by an azure_openai definition anywhere in a resolved run (the
 * experiment's model, judges and guards inside other plugins' options), checked against the
 * settings: what `validate`, `run` and the app check before anything starts.
 */
export function connectionProblems(run: unknown, env: Readonly<Record<string, string | undefined>>): ConnectionProblem[] {
  const problems: ConnectionProblem[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, `${path}.${index}`));
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const options = record.options as Record<string, unknown> | undefined;
    if ((record.name === 'azure_openai' || record.plugin === 'azure_openai') && typeof options?.connection === 'string') {
      try {
        resolveConnection(options.connection, env);
      } catch (error) {
        problems.push({ path: `${path}.options.connection`.replace(/^\./, ''), message: error instanceof Error ? error.message : String(error) });
      }
    }
    for (const [key, child] of Object.entries(record)) visit(child, `${path}.${key}`);
  };
  visit(run, '');
  return problems.filter((problem, index) => problems.findIndex((other) => other.message === problem.message) === index);
}
