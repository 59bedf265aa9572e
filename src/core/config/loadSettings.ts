import path from 'node:path';
import type { z } from 'zod';
import type { PluginDef } from '../plugins/pluginDef';
import { unknownNameMessage } from '../plugins/didYouMean';
import { toLayer, type ConfigLayer } from './layer';
import { migrateLegacyKeys, type PluginFamilyOf } from './legacy';
import { normalizePluginDef, normalizePluginList } from './pluginDefs';
import { keyPath, parseSectionReporting, ProblemCollector } from './problems';
import { PromptPackSchema, ProfileSchema, SuiteDefaultsSchema } from './rawSchemas';
import { readYamlFile } from './readFiles';

/** A settings profile after parsing and legacy migration; nothing merged yet. */
export interface SettingsProfile {
  file: string;
  name: string;
  own: ConfigLayer;
  datasource?: PluginDef;
  llm?: PluginDef;
  sinks: PluginDef[];
  packs: Record<string, ConfigLayer>;
  suiteRoot?: string;
  suiteDefaults?: ConfigLayer;
  /** Run-level, profile only: the shared response cache. */
  cache?: { enabled: boolean; ttl: number };
}

export interface LoadSettingsOptions {
  file: string;
  profile?: string;
  familyOf: PluginFamilyOf;
  problems?: ProblemCollector;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads the settings YAML and one profile. Problems are collected, not thrown. */
export function loadSettings(options: LoadSettingsOptions): { profile?: SettingsProfile; problems: ProblemCollector } {
  const problems = options.problems ?? new ProblemCollector();
  const file = options.file;
  const document = readYamlFile(file, problems);
  if (document === undefined) return { problems };
  if (!isRecord(document)) {
    problems.error(file, '', 'must be a mapping of profile names to profiles');
    return { problems };
  }
  const name = options.profile ?? 'default';
  // Own keys only: `--profile constructor` must not find Object.prototype.constructor.
  const rawProfile = Object.hasOwn(document, name) ? document[name] : undefined;
  if (!isRecord(rawProfile)) {
    problems.error(file, name, rawProfile === undefined ? unknownNameMessage('profile', name, Object.keys(document)) : 'profile must be a mapping');
    return { problems };
  }
  const profile = parseProfile(rawProfile, file, name, options.familyOf, problems);
  return { profile, problems };
}

function parseProfile(raw: Record<string, unknown>, file: string, name: string, familyOf: PluginFamilyOf, problems: ProblemCollector): SettingsProfile | undefined {
  const migrated = migrateLegacyKeys(raw, { file, path: name, problems, familyOf });
  const data = parseSectionReporting(ProfileSchema, migrated, { problems, file, path: name, knownKeysAt: keysOf(ProfileSchema) });
  if (!data) return undefined;
  const at = { file, path: name, problems };
  const { datasource, llm, prompt_packs, suite_root, suite_defaults, cache, ...layerRaw } = data;
  const profile: SettingsProfile = {
    file,
    name,
    own: toLayer(layerRaw, at),
    sinks: normalizePluginList(data.sinks, 'sink', { ...at, path: keyPath(name, 'sinks') }) ?? [],
    packs: parsePacks(prompt_packs ?? {}, file, name, familyOf, problems),
  };
  const datasourceDef = normalizePluginDef(datasource, 'plugin', { ...at, path: keyPath(name, 'datasource') });
  if (datasourceDef) profile.datasource = datasourceDef;
  const llmDef = normalizePluginDef(llm, 'plugin', { ...at, path: keyPath(name, 'llm') });
  if (llmDef) profile.llm = llmDef;
  if (cache !== undefined) profile.cache = cache;
  if (suite_root !== undefined) profile.suiteRoot = path.resolve(path.dirname(file), suite_root);
  if (suite_defaults !== undefined) {
    const defaults = parseSection(suite_defaults, SuiteDefaultsSchema, file, keyPath(name, 'suite_defaults'), familyOf, problems);
    if (defaults) profile.suiteDefaults = defaults;
  }
  return profile;
}

function parsePacks(raw: Record<string, unknown>, file: string, profile: string, familyOf: PluginFamilyOf, problems: ProblemCollector): Record<string, ConfigLayer> {
  const packs: Record<string, ConfigLayer> = Object.create(null) as Record<string, ConfigLayer>;
  for (const [packName, packRaw] of Object.entries(raw)) {
    const at = keyPath(profile, 'prompt_packs', packName);
    const layer = parseSection(packRaw, PromptPackSchema, file, at, familyOf, problems);
    if (!layer) continue;
    if (layer.prompts.system === undefined || layer.prompts.user === undefined) {
      problems.error(file, keyPath(at, 'prompts'), "Prompt pack prompts must include 'system' and 'user'");
    }
    packs[packName] = layer;
  }
  return packs;
}

/** Parses a pack or suite_defaults section into a layer. */
export function parseSection(
  raw: unknown,
  schema: typeof PromptPackSchema | typeof SuiteDefaultsSchema,
  file: string,
  at: string,
  familyOf: PluginFamilyOf,
  problems: ProblemCollector,
): ConfigLayer | undefined {
  if (!isRecord(raw)) {
    problems.error(file, at, 'must be an object');
    return undefined;
  }
  const migrated = migrateLegacyKeys(raw, { file, path: at, problems, familyOf });
  const data = parseSectionReporting(schema, migrated, { problems, file, path: at, knownKeysAt: keysOf(schema) });
  return data ? toLayer(data, { file, path: at, problems }) : undefined;
}

/** Top-level keys for did-you-mean on unknown keys (only at the schema's own level). */
export function keysOf(schema: z.ZodObject): (issuePath: PropertyKey[]) => string[] {
  return (issuePath) => (issuePath.length === 0 ? Object.keys(schema.shape) : []);
}
