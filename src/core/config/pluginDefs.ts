import { scalarText } from '../format/text';
import type { PluginDef } from '../plugins/pluginDef';
import { keyPath, type ProblemCollector } from './problems';

/**
 * The original accepted several shapes of plugin reference (docs/original-behaviour.md §1.2 item 4). They all become
 * `PluginDef { name, options }` here, with a problem recorded for anything malformed.
 *
 * - `named`:   `{name, options}` (experiment plugins); `plugin` accepted as an alias
 * - `plugin`:  `{plugin, options}` (datasource, llm); `name` accepted as an alias
 * - `sink`:    `{plugin, options, name?, security_level?, artifacts?}`; level and artifacts may sit in options
 * - `inline`:  `{name|plugin, options, ...inline option keys}` (early stop)
 */
export type DefShape = 'named' | 'plugin' | 'sink' | 'inline';

export interface DefLocation {
  file: string;
  path: string;
  problems: ProblemCollector;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function normalizePluginDef(raw: unknown, shape: DefShape, at: DefLocation): PluginDef | undefined {
  const def = normalizeShape(raw, shape, at);
  if (def) def.origin = { file: at.file, path: at.path };
  return def;
}

function normalizeShape(raw: unknown, shape: DefShape, at: DefLocation): PluginDef | undefined {
  if (typeof raw === 'string' && raw.trim() !== '') return { name: raw.trim(), options: {} };
  if (!isRecord(raw)) {
    at.problems.error(at.file, at.path, 'must be an object with a plugin name and options');
    return undefined;
  }
  const name = pickName(raw, shape);
  if (typeof name !== 'string' || name.trim() === '') {
    if (shape === 'inline') return { name: 'threshold', options: inlineOptions(raw, at) ?? {} };
    at.problems.error(at.file, at.path, `is missing its plugin name ('${shape === 'named' ? 'name' : 'plugin'}')`);
    return undefined;
  }
  const options = raw.options === undefined ? {} : raw.options;
  if (!isRecord(options)) {
    at.problems.error(at.file, keyPath(at.path, 'options'), 'must be an object');
    return undefined;
  }
  if (shape === 'sink') return sinkDef(name, raw, options, at);
  if (shape === 'inline') return { name, options: inlineOptions(raw, at) ?? {} };
  reportExtraKeys(raw, shape === 'named' ? ['name', 'plugin', 'options'] : ['plugin', 'name', 'options'], at);
  return { name, options: { ...options } };
}

function pickName(raw: Record<string, unknown>, shape: DefShape): unknown {
  if (shape === 'plugin' || shape === 'sink') return raw.plugin ?? (shape === 'plugin' ? raw.name : undefined);
  return raw.name ?? raw.plugin;
}

function sinkDef(name: string, raw: Record<string, unknown>, options: Record<string, unknown>, at: DefLocation): PluginDef {
  reportExtraKeys(raw, ['plugin', 'name', 'options', 'security_level', 'artifacts'], at);
  const { security_level: innerLevel, artifacts: innerArtifacts, ...rest } = options;
  const def: PluginDef = { name, options: rest };
  const level = raw.security_level ?? innerLevel;
  if (level !== undefined) def.securityLevel = scalarText(level);
  const artifacts = raw.artifacts ?? innerArtifacts;
  if (artifacts !== undefined) {
    if (isRecord(artifacts)) def.artifacts = artifacts;
    else at.problems.error(at.file, keyPath(at.path, 'artifacts'), 'must be an object with produces/consumes');
  }
  if (typeof raw.name === 'string' && raw.plugin !== undefined) def.label = raw.name;
  return def;
}

/** Early-stop entries may put option keys next to `name` (docs/original-behaviour.md §6). */
function inlineOptions(raw: Record<string, unknown>, at: DefLocation): Record<string, unknown> | undefined {
  const { name: _name, plugin: _plugin, options, ...inline } = raw;
  if (options !== undefined && !isRecord(options)) {
    at.problems.error(at.file, keyPath(at.path, 'options'), 'must be an object');
    return undefined;
  }
  return { ...(options ?? {}), ...inline };
}

function reportExtraKeys(raw: Record<string, unknown>, allowed: string[], at: DefLocation): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      at.problems.error(at.file, keyPath(at.path, key), `unknown key '${key}' in a plugin definition (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function normalizePluginList(raw: unknown, shape: DefShape, at: DefLocation): PluginDef[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    at.problems.error(at.file, at.path, 'must be a list of plugin definitions');
    return undefined;
  }
  const defs: PluginDef[] = [];
  raw.forEach((entry, index) => {
    const def = normalizePluginDef(entry, shape, { ...at, path: keyPath(at.path, index) });
    if (def) defs.push(def);
  });
  return defs;
}

/** `early_stop_plugins` must be a list of objects; `early_stop` an object (docs/original-behaviour.md §6 messages). */
export function normalizeEarlyStop(
  listRaw: unknown,
  dictRaw: unknown,
  at: DefLocation,
): { plugins?: PluginDef[]; config?: Record<string, unknown> } {
  const result: { plugins?: PluginDef[]; config?: Record<string, unknown> } = {};
  if (listRaw !== undefined && listRaw !== null) {
    const entries = Array.isArray(listRaw) ? listRaw : isRecord(listRaw) ? [listRaw] : undefined;
    if (!entries) at.problems.error(at.file, keyPath(at.path, 'early_stop_plugins'), 'Early-stop configuration must be an object or list of objects');
    else {
      const listAt = { ...at, path: keyPath(at.path, 'early_stop_plugins') };
      result.plugins = entries.flatMap((entry, index) => {
        if (!isRecord(entry)) {
          at.problems.error(at.file, keyPath(listAt.path, index), 'Each early-stop entry must be an object');
          return [];
        }
        const def = normalizePluginDef(entry, 'inline', { ...listAt, path: keyPath(listAt.path, index) });
        return def ? [def] : [];
      });
    }
  }
  if (dictRaw !== undefined && dictRaw !== null) {
    if (isRecord(dictRaw)) result.config = { ...dictRaw };
    else at.problems.error(at.file, keyPath(at.path, 'early_stop'), 'Early-stop configuration must be an object or list of objects');
  }
  return result;
}
