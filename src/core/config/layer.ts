import type { z } from 'zod';
import type { PluginDef } from '../plugins/pluginDef';
import { normalizeEarlyStop, normalizePluginDef, normalizePluginList, type DefLocation } from './pluginDefs';
import { keyPath } from './problems';
import type { BudgetSchema, CheckpointSchema, ConcurrencySchema, CriterionSchema, OrchestrationSchema, RawLayer, RetrySchema } from './rawSchemas';

export interface Criterion {
  name: string;
  /** Undefined means the experiment's user template is used. */
  template?: string;
  defaults: Record<string, unknown>;
}

export type ConcurrencyConfig = z.infer<typeof ConcurrencySchema>;
export type RetryConfig = z.infer<typeof RetrySchema>;
export type CheckpointConfig = z.infer<typeof CheckpointSchema>;
export type OrchestrationConfig = z.infer<typeof OrchestrationSchema>;
export type BudgetConfig = z.infer<typeof BudgetSchema>;

/**
 * One level of configuration (profile, prompt pack, suite defaults or experiment) after
 * parsing: every key optional, plugin references normalised. Merging layers is `resolve.ts`.
 */
export interface ConfigLayer {
  source: string;
  prompts: { system?: string; user?: string };
  promptFields?: string[];
  criteria?: Criterion[];
  promptDefaults?: Record<string, unknown>;
  rowPlugins?: PluginDef[];
  aggregatorPlugins?: PluginDef[];
  baselinePlugins?: PluginDef[];
  validationPlugins?: PluginDef[];
  llmMiddlewares?: PluginDef[];
  earlyStopPlugins?: PluginDef[];
  earlyStop?: Record<string, unknown>;
  sinks?: PluginDef[];
  rateLimiter?: PluginDef;
  costTracker?: PluginDef;
  llm?: PluginDef;
  concurrency?: ConcurrencyConfig;
  retry?: RetryConfig;
  checkpoint?: CheckpointConfig;
  orchestration?: OrchestrationConfig;
  securityLevel?: string;
  promptPack?: string;
  /** Run-level only (profile and suite_defaults). */
  budget?: BudgetConfig;
}

export function toCriterion(raw: z.infer<typeof CriterionSchema>): Criterion {
  if (typeof raw === 'string') return { name: raw, defaults: {} };
  const criterion: Criterion = { name: raw.name ?? raw.template ?? '', defaults: raw.defaults ?? {} };
  if (raw.template !== undefined) criterion.template = raw.template;
  return criterion;
}

/** Builds a layer from a parsed file section; `at.path` is the section's key path. */
export function toLayer(raw: RawLayer, at: DefLocation): ConfigLayer {
  const list = (key: keyof RawLayer, shape: 'named' | 'sink') =>
    normalizePluginList(raw[key], shape, { ...at, path: keyPath(at.path, key) });
  const single = (key: 'rate_limiter' | 'cost_tracker' | 'llm') =>
    raw[key] === undefined || raw[key] === null ? undefined : normalizePluginDef(raw[key], key === 'llm' ? 'plugin' : 'named', { ...at, path: keyPath(at.path, key) });
  const earlyStop = normalizeEarlyStop(raw.early_stop_plugins, raw.early_stop, at);
  const prompts = { ...(raw.prompts ?? {}) };
  if (raw.prompt_system !== undefined && raw.prompt_system.trim() !== '') prompts.system = raw.prompt_system;
  if (raw.prompt_template !== undefined && raw.prompt_template.trim() !== '') prompts.user = raw.prompt_template;
  return stripUndefined({
    source: at.file,
    prompts,
    promptFields: raw.prompt_fields,
    criteria: raw.criteria?.map(toCriterion),
    promptDefaults: raw.prompt_defaults,
    rowPlugins: list('row_plugins', 'named'),
    aggregatorPlugins: list('aggregator_plugins', 'named'),
    baselinePlugins: list('baseline_plugins', 'named'),
    validationPlugins: list('validation_plugins', 'named'),
    llmMiddlewares: list('llm_middlewares', 'named'),
    earlyStopPlugins: earlyStop.plugins,
    earlyStop: earlyStop.config,
    sinks: list('sinks', 'sink'),
    rateLimiter: single('rate_limiter'),
    costTracker: single('cost_tracker'),
    llm: single('llm'),
    concurrency: raw.concurrency,
    retry: raw.retry,
    checkpoint: raw.checkpoint,
    orchestration: raw.orchestration,
    securityLevel: raw.security_level,
    promptPack: raw.prompt_pack,
    budget: raw.budget,
  });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
