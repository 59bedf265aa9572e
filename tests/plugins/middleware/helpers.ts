import type { LlmRequest, LlmResponse } from '../../../src/core/llm/types';
import type { LlmMiddleware, PluginDeps } from '../../../src/core/plugins/kinds';
import { createRegistry } from '../../../src/core/plugins/registry';
import { middlewarePlugins } from '../../../src/plugins/middleware';

export const registry = createRegistry(middlewarePlugins);

export function middleware(name: string, options: Record<string, unknown>, deps: PluginDeps): LlmMiddleware {
  return registry.create('middleware', { name, options }, deps);
}

export const request = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
  systemPrompt: 'You grade.',
  userPrompt: 'Grade APP-001.',
  metadata: { row_id: 'APP-001', criteria: 'analysis', attempt: 1 },
  requestId: 'run/exp/0/analysis',
  experiment: 'exp',
  ...overrides,
});

export const answer = (overrides: Partial<LlmResponse> = {}): LlmResponse => ({ content: '{"score": 0.8}', metrics: { score: 0.8 }, ...overrides });

/** A `next` that records what reached the model and answers (or fails). */
export function recordingNext(result: LlmResponse | Error = answer()) {
  const seen: LlmRequest[] = [];
  const next = (req: LlmRequest) => {
    seen.push(req);
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  };
  return { seen, next };
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
