import { pluginDefsOf, type Env } from '../core/config/envNames';
import { keyPath, type ProblemCollector } from '../core/config/problems';
import type { ResolvedRun } from '../core/config/resolved';
import type { Registry } from '../core/plugins/registry';
import { definedConnectionKeys } from '../plugins/llm/connections';

/**
 * What a suite may ask of the app in the cloud (the Functions app's `POST /api/runs` and
 * timer; the local CLI and `elspeth serve` do not apply it). The app's identity and the keys
 * in its settings must never be pointed at an endpoint the suite chooses, so:
 * - a model is reached only through a named connection (`azure_openai` with `connection`),
 *   or is the offline `mock`; literal endpoints and keys and `*_env` names in a model
 *   definition are refused, wherever the model is named (experiments, judges, guards);
 * - any other plugin's `*_env` option may name only the settings catalogued for suites
 *   (e.g. ELSPETH_CONTENT_SAFETY_KEY), and an options object that does so may not also
 *   give a literal endpoint that the key would be sent to.
 * Each problem names the file and key path, so the caller gets a 400 it can act on.
 */
export interface CloudPolicy {
  /** App settings a suite may name in `*_env` options (settingsCatalogue: readBy 'suite'). */
  suiteSettings: readonly string[];
}

const OFFLINE_MODELS = new Set(['mock']);
const ENDPOINT_KEYS = new Set(['endpoint', 'api_base', 'azure_endpoint', 'base_url', 'url', 'account_url']);

export function checkCloudPolicy(run: ResolvedRun, policy: CloudPolicy, registry: Registry, env: Env, problems: ProblemCollector): void {
  const models = new Set(registry.names('llm'));
  const allowed = new Set(policy.suiteSettings);
  const connections = definedConnectionKeys(env);
  const hint = `name a model connection the app defines (${connections.length > 0 ? connections.map((key) => key.toLowerCase()).join(', ') : 'none is defined'}): llm: {plugin: azure_openai, options: {connection: <name>}}`;
  const seen = new Set<string>();
  const report = (file: string, path: string, message: string) => {
    if (seen.has(`${file}\u0000${path}`)) return;
    seen.add(`${file}\u0000${path}`);
    problems.error(file, path, message);
  };
  const checkModel = (file: string, path: string, name: string, options: Record<string, unknown>) => {
    if (OFFLINE_MODELS.has(name)) return;
    if (name !== 'azure_openai') return report(file, path, `model plugin '${name}' is not allowed in the cloud, where models are reached only through named connections: ${hint}`);
    if (typeof options.connection !== 'string') report(file, keyPath(path, 'options', 'connection'), `a model in the cloud needs a named connection instead of its own endpoint and key settings: ${hint}`);
  };
  const visit = (file: string, path: string, value: unknown, inModel: boolean) => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(file, keyPath(path, index), item, inModel));
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const named = typeof record.plugin === 'string' ? record.plugin : typeof record.name === 'string' ? record.name : undefined;
    const options = record.options;
    const isModel = named !== undefined && models.has(named) && options !== null && typeof options === 'object' && !Array.isArray(options);
    if (isModel) checkModel(file, keyPath(path, typeof record.plugin === 'string' ? 'plugin' : 'name'), named, options as Record<string, unknown>);
    checkEnvOptions(file, path, record, inModel || isModel, allowed, report);
    for (const [key, child] of Object.entries(record)) visit(file, keyPath(path, key), child, inModel || isModel);
  };
  for (const def of pluginDefsOf(run)) {
    const file = def.origin?.file ?? run.settingsFile;
    const path = def.origin?.path ?? '';
    const isModel = run.experiments.some((experiment) => experiment.llm === def);
    if (isModel) checkModel(file, path, def.name, def.options);
    visit(file, keyPath(path, 'options'), def.options, isModel);
  }
}

function checkEnvOptions(file: string, path: string, record: Record<string, unknown>, inModel: boolean, allowed: ReadonlySet<string>, report: (file: string, path: string, message: string) => void): void {
  const envKeys = Object.keys(record).filter((key) => key.endsWith('_env') && typeof record[key] === 'string');
  for (const key of envKeys) {
    const variable = record[key] as string;
    if (inModel) report(file, keyPath(path, key), `'${key}' is not allowed in the cloud: a model's endpoint and key come from a named connection, never from settings a suite names`);
    else if (!allowed.has(variable)) {
      report(file, keyPath(path, key), `'${key}' names '${variable}', which is not a setting suites may read in the cloud (allowed: ${[...allowed].join(', ') || 'none'})`);
    }
  }
  if (envKeys.length === 0 || inModel) return;
  for (const key of Object.keys(record).filter((name) => ENDPOINT_KEYS.has(name) && typeof record[name] === 'string')) {
    report(file, keyPath(path, key), `a literal '${key}' beside '${envKeys.join("', '")}' is not allowed in the cloud: the endpoint must come from the app's settings too ('${key}_env')`);
  }
}
