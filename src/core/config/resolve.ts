import { mostRestrictive } from '../artifacts/securityLevels';
import { dedupeDefs, type PluginDef } from '../plugins/pluginDef';
import type { ConfigLayer } from './layer';
import type { LoadedExperiment } from './loadSuite';
import type { SettingsProfile } from './loadSettings';
import type { ResolvedExperiment } from './resolved';

type ListKey = 'rowPlugins' | 'aggregatorPlugins' | 'baselinePlugins' | 'validationPlugins' | 'llmMiddlewares' | 'earlyStopPlugins';
type DictKey = 'promptDefaults' | 'concurrency' | 'retry' | 'checkpoint' | 'earlyStop';

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);
const concat = (...lists: (PluginDef[] | undefined)[]): PluginDef[] => dedupeDefs(lists.flatMap((list) => list ?? []));

/**
 * The profile as a single run sees it (docs/original-behaviour.md §1.3 single-run table): the profile's pack
 * underneath, the profile on top. `retry` and `checkpoint` come from the profile only.
 */
export function resolveProfileLayer(profile: SettingsProfile): ConfigLayer {
  const own = profile.own;
  const pack = packOf(profile.packs, own.promptPack);
  const layer: ConfigLayer = {
    ...pickScalars([own, pack]),
    source: profile.file,
    prompts: { ...(pack?.prompts ?? {}), ...stripEmpty(own.prompts) },
    sinks: nonEmpty(profile.sinks) ?? pack?.sinks,
    rowPlugins: concat(pack?.rowPlugins, own.rowPlugins),
    aggregatorPlugins: concat(pack?.aggregatorPlugins, own.aggregatorPlugins),
    baselinePlugins: concat(pack?.baselinePlugins, own.baselinePlugins),
    validationPlugins: concat(pack?.validationPlugins, own.validationPlugins),
    llmMiddlewares: concat(pack?.llmMiddlewares, own.llmMiddlewares),
    earlyStopPlugins: concat(pack?.earlyStopPlugins, own.earlyStopPlugins),
    earlyStop: mergeDicts(pack?.earlyStop, own.earlyStop),
    securityLevel: mostRestrictive(pack?.securityLevel, own.securityLevel),
  };
  if (own.retry) layer.retry = own.retry;
  else delete layer.retry;
  if (own.checkpoint) layer.checkpoint = own.checkpoint;
  else delete layer.checkpoint;
  return layer;
}

/**
 * Suite defaults D (docs/original-behaviour.md §1.3): `suite_defaults` keys first, then what its pack back-fills,
 * then the profile. Each key takes the first layer that defines it, as the original's
 * verbatim copy and set-if-absent back-fill did.
 */
export function resolveSuiteDefaults(profile: SettingsProfile): ConfigLayer {
  const base = resolveProfileLayer(profile);
  const own = profile.suiteDefaults;
  if (!own) return base;
  const pack = packOf(profile.packs, own.promptPack);
  const order = [own, pack, base];
  const layer: ConfigLayer = {
    ...pickScalars(order),
    ...pickLists(order),
    source: own.source,
    prompts: { ...stripEmpty(base.prompts), ...stripEmpty(pack?.prompts ?? {}), ...stripEmpty(own.prompts) },
  };
  // An explicit empty `sinks` (or a pack without sinks) falls back to the profile's (docs/original-behaviour.md §1.3).
  layer.sinks = nonEmpty(own.sinks ?? pack?.sinks) ?? base.sinks;
  return layer;
}

/** Per-experiment merge (docs/original-behaviour.md §1.3 build_runner table) with the docs/original-behaviour.md §12.2 fixes 5, 14 and 2. */
export function resolveExperimentLayer(defaults: ConfigLayer, packs: Record<string, ConfigLayer>, experiment: LoadedExperiment): ConfigLayer {
  const E = experiment.layer;
  const ownPack = E.promptPack && E.promptPack !== defaults.promptPack ? packOf(packs, E.promptPack) : undefined;
  const P = ownPack ?? packOf(packs, defaults.promptPack);
  // Fix 14: a pack the experiment names itself beats the suite defaults; otherwise the
  // defaults (which already hold their own pack as fallback) come before the pack.
  const scalarOrder = ownPack ? [E, P, defaults] : [E, defaults, P];
  const layer: ConfigLayer = {
    ...pickScalars(scalarOrder),
    source: E.source,
    prompts: {
      system: firstText(scalarOrder.map((l) => l?.prompts.system)),
      user: firstText(scalarOrder.map((l) => l?.prompts.user)),
    },
    rowPlugins: concat(P?.rowPlugins, defaults.rowPlugins, E.rowPlugins),
    aggregatorPlugins: concat(P?.aggregatorPlugins, defaults.aggregatorPlugins, E.aggregatorPlugins),
    baselinePlugins: concat(P?.baselinePlugins, defaults.baselinePlugins, E.baselinePlugins),
    validationPlugins: concat(P?.validationPlugins, defaults.validationPlugins, E.validationPlugins),
    llmMiddlewares: concat(defaults.llmMiddlewares, P?.llmMiddlewares, E.llmMiddlewares),
    earlyStopPlugins: concat(defaults.earlyStopPlugins, P?.earlyStopPlugins, E.earlyStopPlugins),
    sinks: E.sinks ?? P?.sinks ?? nonEmpty(defaults.sinks),
    llm: inheritLlm(scalarOrder.slice(1).find((l) => l?.llm)?.llm, E.llm),
    rateLimiter: E.rateLimiter ?? P?.rateLimiter ?? defaults.rateLimiter,
    costTracker: E.costTracker ?? P?.costTracker ?? defaults.costTracker,
    securityLevel: mostRestrictive(E.securityLevel, P?.securityLevel, defaults.securityLevel),
  };
  for (const key of ['promptDefaults', 'concurrency', 'retry', 'checkpoint', 'earlyStop'] as DictKey[]) {
    const merged = mergeDicts(defaults[key], P?.[key], E[key]);
    if (merged) (layer as unknown as Record<string, unknown>)[key] = merged;
  }
  return layer;
}

/** Turns a merged layer into the final experiment; throws nothing, callers validate. */
export function finishExperiment(layer: ConfigLayer, experiment: LoadedExperiment | undefined, fallbackLlm: PluginDef, name: string): ResolvedExperiment {
  const meta = experiment?.meta;
  let earlyStop = layer.earlyStopPlugins ?? [];
  if (earlyStop.length === 0 && layer.earlyStop && Object.keys(layer.earlyStop).length > 0) {
    earlyStop = [{ name: 'threshold', options: layer.earlyStop }];
  }
  const resolved: ResolvedExperiment = {
    name: meta?.name ?? name,
    isBaseline: meta?.isBaseline ?? false,
    author: meta?.author ?? 'unknown',
    tags: meta?.tags ?? [],
    configFile: meta?.configFile ?? layer.source,
    prompts: { system: layer.prompts.system ?? '', user: layer.prompts.user ?? '' },
    criteria: layer.criteria ?? [],
    promptDefaults: layer.promptDefaults ?? {},
    llm: inheritLlm(fallbackLlm, layer.llm) ?? fallbackLlm,
    rowPlugins: layer.rowPlugins ?? [],
    aggregatorPlugins: layer.aggregatorPlugins ?? [],
    baselinePlugins: layer.baselinePlugins ?? [],
    validationPlugins: layer.validationPlugins ?? [],
    llmMiddlewares: layer.llmMiddlewares ?? [],
    earlyStopPlugins: earlyStop,
    sinks: layer.sinks ?? [],
    concurrency: layer.concurrency ?? {},
    retry: layer.retry ?? {},
    securityLevel: mostRestrictive(layer.securityLevel),
  };
  const optional: Partial<ResolvedExperiment> = {
    description: meta?.description,
    hypothesis: meta?.hypothesis,
    temperature: meta?.temperature,
    maxTokens: meta?.maxTokens,
    promptPack: layer.promptPack,
    promptFields: layer.promptFields,
    rateLimiter: layer.rateLimiter,
    costTracker: layer.costTracker,
    checkpoint: layer.checkpoint,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/**
 * A model definition over the one it would otherwise inherit (the profile's `llm`, then
 * suite defaults or a pack): naming the same plugin, it keeps the inherited options and
 * overrides only those it sets (nested objects such as `config` merged key by key); naming
 * another plugin, it stands alone (the options of two plugins do not mix).
 */
export function inheritLlm(inherited: PluginDef | undefined, own: PluginDef | undefined): PluginDef | undefined {
  if (!own || !inherited || own.name !== inherited.name) return own ?? inherited;
  return { ...own, options: mergeOptions(inherited.options, own.options) };
}

function mergeOptions(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeOptions(current, value) : value;
  }
  return merged;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Scalar-ish keys: the first layer (highest precedence first) that defines them wins. */
function pickScalars(order: (ConfigLayer | undefined)[]): Partial<ConfigLayer> {
  const out: Partial<ConfigLayer> = {};
  const keys = ['promptFields', 'criteria', 'promptDefaults', 'rateLimiter', 'costTracker', 'llm', 'concurrency', 'retry', 'checkpoint', 'orchestration', 'securityLevel', 'promptPack', 'earlyStop', 'sinks'] as const;
  for (const key of keys) {
    const isList = key === 'promptFields' || key === 'criteria';
    const found = order.find((layer) => (isList ? nonEmpty(layer?.[key] as unknown[] | undefined) : layer?.[key]) !== undefined);
    if (found?.[key] !== undefined) (out as Record<string, unknown>)[key] = found[key];
  }
  return out;
}

function pickLists(order: (ConfigLayer | undefined)[]): Partial<ConfigLayer> {
  const out: Partial<ConfigLayer> = {};
  const keys: ListKey[] = ['rowPlugins', 'aggregatorPlugins', 'baselinePlugins', 'validationPlugins', 'llmMiddlewares', 'earlyStopPlugins'];
  for (const key of keys) {
    const found = order.find((layer) => layer?.[key] !== undefined);
    if (found?.[key]) out[key] = found[key];
  }
  return out;
}

/** Later dicts win. Spread, not Object.assign: a `__proto__` key stays a key (assign would drop it). */
function mergeDicts<T extends object>(...dicts: (T | undefined)[]): T | undefined {
  const present = dicts.filter((d): d is T => d !== undefined);
  return present.length === 0 ? undefined : (present.reduce<object>((merged, dict) => ({ ...merged, ...dict }), {}) as T);
}

/** A prompt pack by name, own keys only. */
const packOf = (packs: Record<string, ConfigLayer>, name: string | undefined): ConfigLayer | undefined =>
  name !== undefined && Object.hasOwn(packs, name) ? packs[name] : undefined;

function stripEmpty(prompts: { system?: string; user?: string }): { system?: string; user?: string } {
  const out: { system?: string; user?: string } = {};
  if (prompts.system !== undefined && prompts.system.trim() !== '') out.system = prompts.system;
  if (prompts.user !== undefined && prompts.user.trim() !== '') out.user = prompts.user;
  return out;
}

function firstText(values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}
