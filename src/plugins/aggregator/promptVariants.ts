import { z } from 'zod';
import type { ExperimentRecord } from '../../core/engine/records';
import type { LlmClient, LlmResponse } from '../../core/llm/types';
import { definePlugin, type Aggregator, type ExperimentContext, type PluginDeps } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { compileTemplate, type CompiledTemplate } from '../../core/prompts';
import { LlmDefinitionSchema, toLlmPluginDef } from '../llm/llmDefinition';

const DEFAULT_VARIANT_SYSTEM_PROMPT = 'You generate prompt variations that preserve placeholders.';

export const PromptVariantsOptionsSchema = options({
  variant_llm: LlmDefinitionSchema.optional(),
  /** Alias of `variant_llm`. */
  llm: LlmDefinitionSchema.optional(),
  prompt_template: z.string().min(1),
  count: z.number().int().min(1).default(5),
  max_attempts: z.number().int().min(1).default(3),
  strip: z.boolean().default(true),
  /** Blank means the default, as in the original (`or`). */
  variant_system_prompt: z.string().default(DEFAULT_VARIANT_SYSTEM_PROMPT),
  /** Accepted for compatibility; unused, as in the original. */
  metadata_key: z.string().default('prompt_variants'),
}).superRefine((value, ctx) => {
  if (!value.variant_llm && !value.llm) ctx.addIssue({ code: 'custom', path: ['variant_llm'], message: "prompt_variants needs 'variant_llm' (or 'llm')" });
});
export type PromptVariantsOptions = z.infer<typeof PromptVariantsOptionsSchema>;

/** The prompts the variants rephrase, as reported in the output. */
export interface PromptSources {
  system_prompt: string;
  user_prompt: string;
  system_prompt_template: string;
  user_prompt_template: string;
  placeholder_fields: string[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A template rendered on the first row; the raw text when the row cannot fill it. */
function renderOnRow(template: string, row: Record<string, unknown>, name: string): string {
  try {
    return compileTemplate(template, { name }).render(row);
  } catch {
    return template;
  }
}

/**
 * Where the prompts come from. Records handed to aggregators are slim (no `prompt_*`
 * metadata), so the runtime's experiment context supplies the templates and the first row
 * renders them; full records (the original's source) fill what the context does not.
 */
export function promptSources(first: ExperimentRecord, experiment: ExperimentContext | undefined): PromptSources {
  const metadata = first.metadata ?? {};
  const system = text(metadata.prompt_system) ?? (experiment ? renderOnRow(experiment.prompts.system, first.row, 'prompt_variants:system') : '');
  const user = text(metadata.prompt_user) ?? (experiment ? renderOnRow(experiment.prompts.user, first.row, 'prompt_variants:user') : '');
  const userTemplate = experiment?.prompts.user ?? text(metadata.prompt_user_template) ?? user;
  const recorded = Array.isArray(metadata.prompt_user_fields) ? metadata.prompt_user_fields.map(String) : undefined;
  const templateFields = () => (userTemplate ? compileTemplate(userTemplate, { name: 'prompt_variants:user_template' }).requiredFields : []);
  return {
    system_prompt: system,
    user_prompt: user,
    system_prompt_template: experiment?.prompts.system ?? text(metadata.prompt_system_template) ?? system,
    user_prompt_template: userTemplate,
    placeholder_fields: experiment || !recorded || recorded.length === 0 ? templateFields() : recorded,
  };
}

/** The answer as stored in the output: everything but transport headers. */
function responseView(response: LlmResponse): Record<string, unknown> {
  const { headers: _headers, ...rest } = response;
  return rest;
}

interface VariantOutcome {
  accepted: boolean;
  attempts: number;
  prompt: string;
  missing: string[];
  response: Record<string, unknown> | null;
}

interface Generation {
  client: LlmClient;
  template: CompiledTemplate;
  config: PromptVariantsOptions;
  context: Record<string, unknown>;
  tokens: string[];
  fields: string[];
  experiment: string;
}

/** One variant: ask, check the placeholders, ask again with what was missing. */
async function generateVariant(gen: Generation, index: number): Promise<VariantOutcome> {
  const { config, tokens } = gen;
  const outcome: VariantOutcome = { accepted: false, attempts: 0, prompt: '', missing: [], response: null };
  while (outcome.attempts < config.max_attempts) {
    outcome.attempts += 1;
    const attempt = outcome.attempts;
    const userPrompt = gen.template.render({ ...gen.context, index, attempt, max_attempts: config.max_attempts, previous_response: outcome.response, missing_tokens: outcome.missing });
    const answer = await gen.client.generate({
      systemPrompt: config.variant_system_prompt || DEFAULT_VARIANT_SYSTEM_PROMPT,
      userPrompt,
      metadata: { variant_index: index, attempt, placeholder_tokens: tokens, placeholder_fields: gen.fields },
      requestId: `prompt_variants:${gen.experiment}:${index}:${attempt}`,
    });
    outcome.response = responseView(answer);
    const content = answer.content ?? '';
    outcome.prompt = config.strip ? content.trim() : content;
    outcome.missing = tokens.filter((token) => !outcome.prompt.includes(token));
    if (content.trim() !== '' && outcome.missing.length === 0) return { ...outcome, accepted: true };
  }
  return outcome;
}

export function createPromptVariants(config: PromptVariantsOptions, client: LlmClient, deps: Pick<PluginDeps, 'logger' | 'experiment'>): Aggregator {
  const template = compileTemplate(config.prompt_template, { name: 'prompt_variants' });
  return {
    name: 'prompt_variants',
    async finalize(records) {
      const first = records[0];
      if (!first) return {};
      const sources = promptSources(first, deps.experiment);
      const tokens = sources.placeholder_fields.map((field) => `{{ ${field} }}`);
      const context = { ...sources, placeholder_tokens: tokens, metadata: first.metadata ?? {}, response: first.response, count: config.count };
      const gen: Generation = { client, template, config, context, tokens, fields: sources.placeholder_fields, experiment: deps.experiment?.name ?? text(first.metadata?.experiment) ?? '' };
      const variants: Record<string, unknown>[] = [];
      const failures: Record<string, unknown>[] = [];
      for (let index = 0; index < config.count; index++) {
        const outcome = await generateVariant(gen, index);
        if (outcome.accepted) variants.push({ index, prompt: outcome.prompt, attempts: outcome.attempts, response: outcome.response });
        else failures.push({ index, attempts: outcome.attempts, missing_placeholders: outcome.missing, last_response: outcome.response });
      }
      if (failures.length > 0) deps.logger.warn(`prompt_variants: ${failures.length} of ${config.count} variants kept failing the placeholder check`, { failures: failures.length });
      const output: Record<string, unknown> = { ...sources, placeholder_tokens: tokens, variants };
      if (failures.length > 0) output.failures = failures;
      return output;
    },
  };
}

export const promptVariants = definePlugin({
  name: 'prompt_variants',
  kind: 'aggregator',
  description: 'Asks a second model for rephrasings of the user prompt that keep every {{ placeholder }}; retries with what was missing.',
  configSchema: PromptVariantsOptionsSchema,
  create(config, deps) {
    const def = (config.variant_llm ?? config.llm)!;
    const client = deps.createLlm(toLlmPluginDef(def));
    return createPromptVariants(config, client, deps);
  },
});
