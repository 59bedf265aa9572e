import { z } from 'zod';
import { AppError } from '../../core/errors';
import { definePlugin, type LlmMiddleware } from '../../core/plugins/kinds';
import type { Logger } from '../../core/ports';
import { options } from '../../core/plugins/registry';
import { channelLog } from './channelLog';

const ACTIONS = ['abort', 'mask', 'log'] as const;
type Action = (typeof ACTIONS)[number];

export const PromptShieldOptionsSchema = options({
  denied_terms: z.array(z.string()).default([]),
  mask: z.string().default('[REDACTED]'),
  /** abort, mask or log; anything else means abort, as in the original. */
  on_violation: z.string().default('abort').transform((value): Action => ((ACTIONS as readonly string[]).includes(value) ? (value as Action) : 'abort')),
  channel: z.string().min(1).default('dmp.prompt_shield'),
});
export type PromptShieldOptions = z.infer<typeof PromptShieldOptionsSchema>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The denied terms found in the text, case-insensitively, in configuration order. */
export function findDeniedTerms(text: string, terms: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return terms.filter((term) => lower.includes(term));
}

/** Replaces every occurrence of every term, whatever its case (the original masked one term, exact case). */
export function maskTerms(text: string, terms: readonly string[], mask: string): string {
  if (terms.length === 0) return text;
  const pattern = new RegExp(terms.map(escapeRegExp).sort((a, b) => b.length - a.length).join('|'), 'gi');
  return text.replace(pattern, () => mask);
}

/** docs/original-behaviour.md §5.3 `prompt_shield`: checks the user prompt for denied terms; abort, mask or log. */
export function createPromptShield(config: PromptShieldOptions, logger: Logger): LlmMiddleware {
  const log = channelLog(logger, config.channel);
  const terms = [...new Set(config.denied_terms.map((term) => term.toLowerCase()).filter((term) => term !== ''))];
  return {
    name: 'prompt_shield',
    send(request, next) {
      const found = findDeniedTerms(request.userPrompt, terms);
      if (found.length === 0) return next(request);
      const first = found[0]!;
      log.warn(`Prompt contains blocked term '${first}'`, { event: 'safety_violation', terms: found, action: config.on_violation, requestId: request.requestId });
      if (config.on_violation === 'abort') {
        return Promise.reject(new AppError('SAFETY_BLOCKED', `Prompt contains blocked term '${first}'`, { details: { middleware: 'prompt_shield', terms: found } }));
      }
      if (config.on_violation === 'mask') return next({ ...request, userPrompt: maskTerms(request.userPrompt, found, config.mask) });
      return next(request);
    },
  };
}

export const promptShieldMiddleware = definePlugin({
  name: 'prompt_shield',
  kind: 'middleware',
  description: 'Blocks, masks or logs user prompts that contain denied terms (case-insensitive, every term).',
  configSchema: PromptShieldOptionsSchema,
  create: (config, deps) => createPromptShield(config, deps.logger),
});
