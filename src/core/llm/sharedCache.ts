/**
 * The response cache shared by runs (docs/quota-and-cache.md): identical requests to the same
 * deployment are answered from storage instead of the model. It sits between the per-batch
 * checkpoint (resume) and the retry loop (DESIGN §8: retry <- cache <- observe), so a cached
 * answer makes no model call, passes no limiter, and still goes through validation, row
 * plugins and the records. It costs nothing: the cost tracker never sees it; a second tracker
 * prices what it saved, reported as `cache_hits` and `cache_saved_cost`.
 */
import { createHash } from 'node:crypto';
import type { CostTracker, ResponseValidator } from '../plugins/kinds';
import { canonicalJson } from '../plugins/pluginDef';
import type { Row } from '../engine/records';
import type { LlmIdentity, LlmRequest, LlmResponse, LlmUsage } from './types';

/** What is stored of an answer: what the model said, never our own metrics or headers. */
export interface CachedAnswer {
  content: string;
  usage?: LlmUsage;
  raw?: unknown;
}

/** Where answers are kept (blob storage `cache/<key>.json` in a run). */
export interface SharedCacheStore {
  /** A live answer for the key, or undefined (missing, expired, unreadable). */
  get(key: string): Promise<CachedAnswer | undefined>;
  /** Stores in the background; `flush` waits for it. */
  put(key: string, answer: CachedAnswer): void;
  flush(): Promise<void>;
}

/** Everything besides the request that decides an answer: who answers and what reshapes the request on the way. */
export interface CacheScope {
  identity: LlmIdentity;
  /** The experiment's middleware (names and options without secrets): a prompt shield or mask changes what is sent. */
  middlewares: readonly { name: string; options: Record<string, unknown> }[];
}

const KEY_FORMAT = 'elspeth-llm-cache/1';

/**
 * The key of a request, or undefined when its answer must not be reused: sampled answers
 * (temperature above 0, or unset, which means the service's default of 1) are draws, and a
 * rerun that wants a new draw must get one. The key is a SHA-256 of the scope and the request
 * as the model sees it, so it holds no secret and names no run: every run shares it.
 */
export function sharedCacheKey(scope: CacheScope, request: LlmRequest): string | undefined {
  const { identity } = scope;
  const temperature = request.temperature ?? identity.temperature;
  if (identity.deterministic !== true && temperature !== 0) return undefined;
  const { attempt: _attempt, ...metadata } = request.metadata;
  const material = canonicalJson({
    format: KEY_FORMAT,
    identity,
    middlewares: scope.middlewares,
    system: request.systemPrompt,
    user: request.userPrompt,
    temperature: temperature ?? null,
    maxTokens: request.maxTokens ?? identity.maxTokens ?? null,
    metadata: identity.readsMetadata === true ? metadata : null,
  });
  return createHash('sha256').update(material).digest('hex');
}

export interface SharedCacheLayerOptions {
  store: SharedCacheStore;
  /** The experiment's middleware, as the key records it (CacheScope). */
  middlewares: CacheScope['middlewares'];
  /** A fresh tracker of the experiment's kind, pricing what cached answers saved. */
  savings?: CostTracker;
}

export interface SharedCacheLayer {
  /** Answers from the cache when it can, else calls `call` and stores its answer. */
  wrap(call: CachedCall, context: LayerContext): CachedCall;
  /** Counts an answer known to come from the cache (a checkpoint replaying it on resume). */
  recordHit(response: LlmResponse, meta: Record<string, unknown>): void;
  /** `cache_hits`, and `cache_saved_cost` when a tracker priced them: additive, like the batch's cost. */
  summary(): Record<string, number>;
  flush(): Promise<void>;
}

type CachedCall = (request: LlmRequest, context: Row, abortSignal?: AbortSignal) => Promise<LlmResponse>;

export interface LayerContext {
  experiment: string;
  validators: readonly ResponseValidator[];
  /** Who answers this request (the experiment's model, or a judge's by `route`); undefined: not cached. */
  identityFor(request: LlmRequest): LlmIdentity | undefined;
}

/** True for an answer the shared cache gave (marked in its metrics, so it shows in records and CSVs). */
export function isCachedAnswer(response: LlmResponse): boolean {
  return response.metrics.cached === true;
}

export function createSharedCacheLayer(options: SharedCacheLayerOptions): SharedCacheLayer {
  let hits = 0;
  const recordHit = (response: LlmResponse, meta: Record<string, unknown>) => {
    hits += 1;
    options.savings?.record(response, meta);
  };
  return {
    recordHit,
    flush: () => options.store.flush(),
    summary() {
      const saved = options.savings?.summary() ?? {};
      const cost = saved.total_cost ?? saved.cost;
      const counts: Record<string, number> = { cache_hits: hits };
      if (typeof cost === 'number') counts.cache_saved_cost = cost;
      return counts;
    },
    wrap: (call, context) => async (request, row, abortSignal) => {
      const identity = context.identityFor(request);
      const key = identity === undefined ? undefined : sharedCacheKey({ identity, middlewares: options.middlewares }, request);
      const hit = key === undefined ? undefined : await options.store.get(key);
      if (hit) {
        const answer = fromCache(hit, request);
        // As in the retry loop, validators check the model under test, not a judge's (routed) answer.
        if (request.route !== undefined || (await passes(context.validators, answer, row, request.metadata))) {
          recordHit(answer, { experiment: context.experiment, ...request.metadata, cached: true });
          return answer;
        }
      }
      const response = await call(request, row, abortSignal);
      if (key !== undefined) options.store.put(key, toCachedAnswer(response));
      return response;
    },
  };
}

function fromCache(hit: CachedAnswer, request: LlmRequest): LlmResponse {
  const answer: LlmResponse = { content: hit.content, metrics: { cached: true }, metadata: { ...request.metadata } };
  if (hit.raw !== undefined) answer.raw = hit.raw;
  if (hit.usage) answer.usage = hit.usage;
  return answer;
}

export function toCachedAnswer(response: LlmResponse): CachedAnswer {
  const answer: CachedAnswer = { content: response.content };
  if (response.usage) answer.usage = response.usage;
  if (response.raw !== undefined) answer.raw = response.raw;
  return answer;
}

/** A cached answer that today's validators reject is not used: the model is asked instead. */
async function passes(validators: readonly ResponseValidator[], answer: LlmResponse, row: Row, metadata: Record<string, unknown>): Promise<boolean> {
  try {
    for (const validator of validators) await validator.validate(answer, row, metadata);
    return true;
  } catch {
    return false;
  }
}
