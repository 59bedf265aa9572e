import { z } from 'zod';
import { AppError } from '../../core/errors';
import { formatTwoDecimals, mockScore } from '../../core/llm/mockScore';
import type { LlmRequest, LlmResponse, LlmUsage } from '../../core/llm/types';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const MockLlmOptionsSchema = options({
  /** Mixed into the hash; null and 0 both mean 0, as in the original. */
  seed: z.number().int().nullable().default(null),
});
export type MockLlmOptions = z.infer<typeof MockLlmOptionsSchema>;

export const MOCK_COMMENT = 'Mock response generated for demonstration';

/** Rough token count (≈ 4 characters a token), so cost trackers have numbers to work with. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateUsage(promptText: string, completionText: string): LlmUsage {
  const prompt = estimateTokens(promptText);
  const completion = estimateTokens(completionText);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The original mock model: a deterministic score from a hash of the call; no network. */
export function mockGenerate(request: LlmRequest, seed: number | null): LlmResponse {
  const score = mockScore(request.systemPrompt, request.userPrompt, request.metadata, seed);
  const content = `[mock] score=${formatTwoDecimals(score)}\n${request.userPrompt}`;
  return {
    content,
    metrics: { score, comment: MOCK_COMMENT },
    raw: { system_prompt: request.systemPrompt, user_prompt: request.userPrompt, metadata: { ...request.metadata } },
    usage: estimateUsage(request.systemPrompt + request.userPrompt, content),
    metadata: { ...request.metadata },
  };
}

export const mockLlmPlugin = definePlugin({
  name: 'mock',
  kind: 'llm',
  description: 'Deterministic offline model: scores each call from a SHA-256 of its prompts, metadata and seed.',
  configSchema: MockLlmOptionsSchema,
  create: (config) => ({
    name: 'mock',
    // Its answer is a hash of prompts, metadata and seed: cacheable whatever the temperature.
    identity: { provider: 'mock', model: 'mock', deterministic: true, readsMetadata: true, variant: config.seed ?? 0 },
    generate: async (request, generateOptions) => {
      if (generateOptions?.abortSignal?.aborted) {
        throw new AppError('LLM_TIMEOUT', 'mock: the call was aborted before it started', {
          retryable: true,
          details: { provider: 'mock' },
        });
      }
      return mockGenerate(request, config.seed);
    },
  }),
});
