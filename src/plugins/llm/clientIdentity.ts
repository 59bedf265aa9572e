import type { LlmIdentity } from '../../core/llm/types';

/** An endpoint as it may appear in a cache key or a limiter key: no credentials, query or fragment. */
export function publicEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    // Not a URL (validated elsewhere): keep only what cannot carry a secret.
    return url.replace(/[?#].*$/, '').replace(/\/\/[^@/]*@/, '//');
  }
}

/** An identity with the client's optional defaults set only when configured. */
export function clientIdentity(base: LlmIdentity, defaults: { temperature?: number; maxTokens?: number }): LlmIdentity {
  const identity: LlmIdentity = { ...base };
  if (defaults.temperature !== undefined) identity.temperature = defaults.temperature;
  if (defaults.maxTokens !== undefined) identity.maxTokens = defaults.maxTokens;
  return identity;
}
