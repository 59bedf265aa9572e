import { createHash } from 'node:crypto';
import { canonicalJson } from '../plugins/pluginDef';
import type { LlmRequest } from './types';

/**
 * The cache key of a logical model call: a SHA-256 of what was asked (prompts, overrides,
 * call metadata without the attempt number) and where in the run it belongs (the request
 * id names run, experiment, row and criterion). Requests carry no secrets, so neither does
 * the key; and two runs never share answers.
 */
export function requestKey(request: LlmRequest): string {
  const { attempt: _attempt, ...metadata } = request.metadata;
  const material = canonicalJson({
    id: request.requestId,
    system: request.systemPrompt,
    user: request.userPrompt,
    temperature: request.temperature ?? null,
    maxTokens: request.maxTokens ?? null,
    metadata,
    // Absent for the experiment's own model (canonicalJson drops undefined), so those keys are unchanged.
    route: request.route,
  });
  return createHash('sha256').update(material).digest('hex');
}
