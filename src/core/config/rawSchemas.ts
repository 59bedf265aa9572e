import { z } from 'zod';

/**
 * Schemas of the files as users write them (snake_case keys, the original's names).
 * Plugin definitions stay `unknown` here: `pluginDefs.ts` normalises them with better
 * messages than a union schema could give.
 */

const pluginList = z.array(z.unknown());
const required = (message: string) => z.custom<unknown>((value) => value !== undefined && value !== null, { message });
/**
 * A mapping with any keys, passed through as parsed. Not z.record: it rebuilds the object by
 * assignment, which silently drops a `__proto__` key; a user's key is kept or reported, never lost.
 */
const record = z.custom<Record<string, unknown>>((value) => value !== null && typeof value === 'object' && !Array.isArray(value), {
  message: 'Invalid input: expected a mapping',
}).meta({ type: 'object' }); // editors still see a mapping in the JSON Schema

export const CriterionSchema = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1).optional(),
    template: z.string().optional(),
    defaults: record.optional(),
  }),
]);

export const ConcurrencySchema = z.strictObject({
  enabled: z.boolean().optional(),
  max_workers: z.int().min(1).optional(),
  backlog_threshold: z.int().min(0).optional(),
  utilization_pause: z.number().min(0).max(1).optional(),
  pause_interval: z.number().min(0).optional(),
});

export const RetrySchema = z.strictObject({
  max_attempts: z.int().min(1).optional(),
  initial_delay: z.number().min(0).optional(),
  backoff_multiplier: z.number().min(0).optional(),
  max_delay: z.number().min(0).optional(),
  jitter: z.number().min(0).max(1).optional(),
});

export const CheckpointSchema = z.strictObject({
  path: z.string().min(1).optional(),
  field: z.string().min(1).optional(),
});

/** How a run is cut into activities; not in the original (it had one process). */
export const OrchestrationSchema = z.strictObject({
  batch_size: z.int().min(1).max(1000).optional(),
  max_batches_in_flight: z.int().min(1).max(1000).optional(),
});

/** A run's spending limit: no new work is started once the reported cost reaches it. */
export const BudgetSchema = z.strictObject({
  max_cost: z.number().positive(),
  currency: z.string().min(1).default('USD'),
  /** `balanced` (default): experiments advance together, so a stop leaves paired rows; `in_order`: baseline first. */
  order: z.enum(['balanced', 'in_order']).default('balanced'),
});

/**
 * The response cache shared by runs (docs/quota-and-cache.md): off unless a profile has
 * `cache:`; `ttl` is how long, in seconds, an answer may be reused (default 7 days).
 */
export const CacheSchema = z.strictObject({
  enabled: z.boolean().default(true),
  ttl: z.number().positive().default(7 * 24 * 3600),
});

/** Keys every layer (profile, prompt pack, suite defaults, experiment) may carry. */
const layerShape = {
  prompts: z.strictObject({ system: z.string().optional(), user: z.string().optional() }).optional(),
  prompt_fields: z.array(z.string()).optional(),
  /** Parsed but never used by the original; accepted so its files load unchanged. */
  prompt_aliases: record.optional(),
  criteria: z.array(CriterionSchema).optional(),
  prompt_defaults: record.optional(),
  row_plugins: pluginList.optional(),
  aggregator_plugins: pluginList.optional(),
  baseline_plugins: pluginList.optional(),
  validation_plugins: pluginList.optional(),
  llm_middlewares: pluginList.optional(),
  early_stop_plugins: z.unknown().optional(),
  early_stop: z.unknown().optional(),
  sinks: pluginList.optional(),
  rate_limiter: z.unknown().optional(),
  cost_tracker: z.unknown().optional(),
  concurrency: ConcurrencySchema.optional(),
  retry: RetrySchema.optional(),
  checkpoint: CheckpointSchema.optional(),
  orchestration: OrchestrationSchema.optional(),
  security_level: z.string().optional(),
  prompt_pack: z.string().optional(),
};

export const PromptPackSchema = z.strictObject({ ...layerShape, llm: z.unknown().optional(), description: z.string().optional() });

export const SuiteDefaultsSchema = z.strictObject({
  ...layerShape,
  budget: BudgetSchema.optional(),
  prompt_system: z.string().optional(),
  prompt_template: z.string().optional(),
  llm: z.unknown().optional(),
});

export const ProfileSchema = z.strictObject({
  ...layerShape,
  budget: BudgetSchema.optional(),
  cache: CacheSchema.optional(),
  datasource: required("'datasource' is required: a {plugin, options} mapping"),
  llm: required("'llm' is required: a {plugin, options} mapping"),
  sinks: pluginList.min(1, "'sinks' must be a non-empty list"),
  prompt_packs: record.optional(),
  suite_root: z.string().optional(),
  suite_defaults: z.unknown().optional(),
});

export const ExperimentFileSchema = z.strictObject({
  ...layerShape,
  name: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.int().min(1).max(128000).optional(),
  enabled: z.boolean().optional(),
  is_baseline: z.boolean().optional(),
  description: z.string().optional(),
  hypothesis: z.string().optional(),
  expected_outcome: z.string().optional(),
  author: z.string().optional(),
  tags: z.array(z.string()).optional(),
  created_date: z.string().optional(),
  estimated_cost: z.unknown().optional(),
  prompt_system: z.string().optional(),
  prompt_template: z.string().optional(),
  llm: z.unknown().optional(),
});

export type RawLayer = z.infer<typeof SuiteDefaultsSchema>;
export type RawProfile = z.infer<typeof ProfileSchema>;
export type RawPromptPack = z.infer<typeof PromptPackSchema>;
export type RawExperiment = z.infer<typeof ExperimentFileSchema>;

/** Allowed keys of each schema at its top level, for did-you-mean hints. */
export function topLevelKeys(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}
