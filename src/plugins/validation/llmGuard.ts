import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { LlmClient, LlmResponse } from '../../core/llm/types';
import { definePlugin, type ResponseValidator } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { compileTemplate, type CompiledTemplate } from '../../core/prompts';
import { LlmDefinitionSchema, toLlmPluginDef } from '../llm/llmDefinition';

export const LlmGuardOptionsSchema = options({
  validator_llm: LlmDefinitionSchema.optional(),
  /** Alias of `validator_llm`. */
  llm: LlmDefinitionSchema.optional(),
  user_prompt_template: z.string().optional(),
  /** Alias of `user_prompt_template`. */
  prompt_template: z.string().optional(),
  system_prompt: z.string().default('You evaluate whether a response meets the rules.'),
  valid_token: z.string().min(1).default('VALID'),
  invalid_token: z.string().min(1).default('INVALID'),
  strip_whitespace: z.boolean().default(true),
}).superRefine((value, ctx) => {
  if (!value.validator_llm && !value.llm) ctx.addIssue({ code: 'custom', path: ['validator_llm'], message: "llm_guard needs 'validator_llm' (or 'llm')" });
  if (value.user_prompt_template === undefined && value.prompt_template === undefined) {
    ctx.addIssue({ code: 'custom', path: ['user_prompt_template'], message: "llm_guard needs 'user_prompt_template' (or 'prompt_template')" });
  }
});
export type LlmGuardOptions = z.infer<typeof LlmGuardOptionsSchema>;

function failed(message: string, verdict: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { retryable: true, details: { validator: 'llm_guard', verdict } });
}

/** The verdict line: the first line trimmed when `strip_whitespace` is on, else the whole answer. */
export function verdictOf(content: string, stripWhitespace: boolean): string {
  return stripWhitespace ? (content.trim().split(/\r?\n/)[0] ?? '').trim() : content;
}

/**
 * Asks a second model whether the response is acceptable (docs/original-behaviour.md §2.8). INVALID is checked first,
 * because "INVALID" contains "VALID". The template is rendered as the original's plain
 * `jinja2.Template` did (the engine's 'plain' environment): an unknown name prints as '',
 * no trim_blocks/lstrip_blocks, no `{field}` conversion; the sandbox and budget still apply.
 */
export function createLlmGuard(config: LlmGuardOptions, client: LlmClient): ResponseValidator {
  const template: CompiledTemplate = compileTemplate(config.user_prompt_template ?? config.prompt_template ?? '', { name: 'llm_guard', environment: 'plain' });
  const validToken = config.valid_token.toLowerCase();
  const invalidToken = config.invalid_token.toLowerCase();
  return {
    name: 'llm_guard',
    async validate(response, context, metadata) {
      const userPrompt = template.render({ response: responseView(response), content: response.content, context, metadata });
      const answer = await client.generate({
        systemPrompt: config.system_prompt,
        userPrompt,
        metadata: { validator: 'llm_guard', ...metadata },
        requestId: ['llm_guard', metadata.row_id, metadata.criteria, metadata.attempt].map(idPart).join(':'),
      });
      const verdict = verdictOf(answer.content ?? '', config.strip_whitespace);
      const lower = verdict.toLowerCase();
      if (lower.includes(invalidToken)) throw failed('LLM guard marked response as invalid', verdict);
      if (!lower.includes(validToken)) throw failed('LLM guard returned unexpected verdict', verdict);
    },
  };
}

const idPart = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function responseView(response: LlmResponse): Record<string, unknown> {
  return { content: response.content, metrics: response.metrics, raw: response.raw, metadata: response.metadata ?? {} };
}

export const llmGuardValidator = definePlugin({
  name: 'llm_guard',
  kind: 'validation',
  description: 'A second model judges each response; its first line must say VALID (and not INVALID).',
  configSchema: LlmGuardOptionsSchema,
  create(config, deps) {
    const def = (config.validator_llm ?? config.llm)!;
    const client = deps.createLlm(toLlmPluginDef(def));
    return createLlmGuard(config, client);
  },
});
