import { AppError } from '../errors';
import type { CostTracker, LlmMiddleware, NextPolicy, RateLimiter, ResponseValidator } from '../plugins/kinds';
import type { Clock } from '../ports';
import type { Row } from '../engine/records';
import type { BudgetLedger } from './budgetLedger';
import type { CallSlots } from './callSlots';
import { requestKey } from './requestKey';
import { withRetries } from './retryLoop';
import type { RetryPolicy } from './retryPolicy';
import { isCachedAnswer, type SharedCacheLayer } from './sharedCache';
import type { LlmClient, LlmIdentity, LlmRequest, LlmResponse, RetryInfo } from './types';

export interface LlmCallerOptions {
  experiment: string;
  client: LlmClient;
  /** In configuration order: the first is outermost (before_request first, after_response last). */
  middlewares: readonly LlmMiddleware[];
  rateLimiter?: RateLimiter;
  costTracker?: CostTracker;
  validators: readonly ResponseValidator[];
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  onRetryExhausted?(request: LlmRequest, meta: Record<string, unknown>, error: unknown): Promise<void> | void;
  /** The batch's checkpoint of answers already received (resume). */
  cache?: ResponseCache;
  /** Models other than `client`, by route (`LlmRequest.route`): judges registered by row plugins. Read at call time. */
  routes?: ReadonlyMap<string, LlmClient>;
  /** The batch's share of the run-wide cap on calls in flight: each attempt holds a slot. */
  slots?: CallSlots;
  /** The batch's share of the run budget, with the worst case of one attempt. */
  budget?: { ledger: BudgetLedger; worstCase(request: LlmRequest): number };
  /** The response cache shared by runs (sharedCache.ts), when the run enables it. */
  sharedCache?: SharedCacheLayer;
  /** Without a declared `rateLimiter`: the adaptive concurrency of the deployment a client calls (adaptiveConcurrency.ts). */
  concurrencyFor?(client: LlmClient): RateLimiter | undefined;
}

/** Successful answers by request key (see requestKey). */
export interface ResponseCache {
  get(key: string): LlmResponse | undefined;
  put(key: string, response: LlmResponse): void;
}

export type LlmCaller = (request: LlmRequest, context: Row, abortSignal?: AbortSignal) => Promise<LlmResponse>;

/**
 * One logical model call: retries around [middleware -> rate limit -> client], then cost
 * and validation inside each attempt, as in the original loop (docs/original-behaviour.md §4.1 steps 2-7).
 * Around the retries, the shared response cache, and around that the batch's checkpoint
 * (docs/architecture.md, "How a row travels").
 */
export function createLlmCaller(options: LlmCallerOptions): LlmCaller {
  const send = composeMiddleware(options.middlewares, (request) => callThroughLimiter(options, request));
  const retried: LlmCaller = (request, context, abortSignal) =>
    withRetries(
      async (attempt) => {
        const attemptRequest: LlmRequest = { ...request, metadata: { ...request.metadata, attempt } };
        // The slot is held for the whole attempt (middleware side calls and validators
        // included) and given back before the retry loop waits.
        const release = await options.slots?.acquire(abortSignal);
        try {
          return await sendWithinBudget(options, attemptRequest, context, send);
        } finally {
          release?.();
        }
      },
      {
        policy: options.policy,
        clock: options.clock,
        random: options.random,
        abortSignal,
        onExhausted: (info: RetryInfo, error: unknown) => options.onRetryExhausted?.(request, exhaustedMeta(options, info, error), error),
      },
    );
  const identityFor = (request: LlmRequest) => (request.route === undefined ? options.client : options.routes?.get(request.route))?.identity;
  const call = options.sharedCache ? options.sharedCache.wrap(retried, { experiment: options.experiment, validators: options.validators, identityFor }) : retried;
  return options.cache ? withCache(options, options.cache, call) : call;
}

/** One attempt: reserve its worst case, send, settle to the tracked cost, validate. */
async function sendWithinBudget(options: LlmCallerOptions, request: LlmRequest, context: Row, send: NextPolicy): Promise<LlmResponse> {
  const ticket = options.budget ? await options.budget.ledger.reserve(options.budget.worstCase(request)) : undefined;
  let response: LlmResponse;
  try {
    response = await send(request);
  } catch (error) {
    ticket?.settle(0);
    throw error;
  }
  const meta = { experiment: options.experiment, ...request.metadata };
  const cost = options.costTracker?.record(response, meta) ?? {};
  ticket?.settle(costOf(cost));
  const measured: LlmResponse = { ...response, metrics: { ...response.metrics, ...cost } };
  // Validators check the model under test; a judge's answer (a routed call) is not theirs to reject.
  if (request.route === undefined) for (const validator of options.validators) await validator.validate(measured, context, request.metadata);
  return measured;
}

/** The money a cost tracker's record says one call cost. */
export function costOf(recorded: Record<string, unknown>): number {
  const cost = recorded.total_cost ?? recorded.cost;
  return typeof cost === 'number' && Number.isFinite(cost) ? cost : 0;
}

/**
 * Answers already paid for are not asked again (a resumed or retried batch): a hit is
 * returned as it was first received, and its cost is recorded again so the batch's totals
 * equal an uninterrupted run's; an answer the shared cache gave is counted as a cache hit
 * again, at no cost. Failures are never cached: they are retried on resume.
 */
function withCache(options: LlmCallerOptions, cache: ResponseCache, call: LlmCaller): LlmCaller {
  return async (request, context, abortSignal) => {
    const key = requestKey(request);
    const cached = cache.get(key);
    if (cached) {
      const meta = { experiment: options.experiment, ...request.metadata, cached: true };
      if (isCachedAnswer(cached)) {
        options.sharedCache?.recordHit(cached, meta);
      } else {
        const recorded = options.costTracker?.record(cached, meta) ?? {};
        options.budget?.ledger.recordSpent(costOf(recorded));
      }
      return cached;
    }
    const response = await call(request, context, abortSignal);
    cache.put(key, response);
    return response;
  };
}

export function composeMiddleware(middlewares: readonly LlmMiddleware[], innermost: NextPolicy): NextPolicy {
  return middlewares.reduceRight<NextPolicy>((next, middleware) => (request) => middleware.send(request, next), innermost);
}

/** About 4 characters a token: what a limiter reserves before the call (`estimated_tokens`). */
export function estimateRequestTokens(request: LlmRequest): number {
  return Math.ceil((request.systemPrompt.length + request.userPrompt.length) / 4);
}

/** Names a deployment for limiters (which budget a call counts against); holds no secret. */
export function deploymentOf(identity: LlmIdentity | undefined): string | undefined {
  return identity ? `${identity.provider}:${identity.endpoint ?? ''}/${identity.model}` : undefined;
}

async function callThroughLimiter(options: LlmCallerOptions, request: LlmRequest): Promise<LlmResponse> {
  // The limiter sees metadata, not prompts: give it a token estimate and the deployment (call metadata may override them).
  const client = clientFor(options, request);
  const deployment = deploymentOf(client.identity);
  const meta = { experiment: options.experiment, estimated_tokens: estimateRequestTokens(request), ...(deployment ? { deployment } : {}), ...request.metadata };
  const limiter = options.rateLimiter ?? options.concurrencyFor?.(client);
  const release = limiter ? await limiter.acquire(meta) : undefined;
  const started = options.clock.now();
  try {
    const response = await client.generate(request);
    const latency = (options.clock.now() - started) / 1000;
    const measured = { ...response, metrics: { ...response.metrics, latency_seconds: latency } };
    limiter?.updateUsage(measured, meta);
    return measured;
  } catch (error) {
    limiter?.onError?.(error, meta);
    throw error;
  } finally {
    release?.();
  }
}

function clientFor(options: LlmCallerOptions, request: LlmRequest): LlmClient {
  if (request.route === undefined) return options.client;
  const client = options.routes?.get(request.route);
  // A route is registered when its plugin is created, before any call: a miss is a wiring bug.
  if (!client) throw new AppError('INTERNAL', `No model is registered for route '${request.route}'`, { details: { route: request.route } });
  return client;
}

function exhaustedMeta(options: LlmCallerOptions, info: RetryInfo, error: unknown): Record<string, unknown> {
  return {
    experiment: options.experiment,
    attempts: info.attempts,
    max_attempts: info.max_attempts,
    error: error instanceof Error ? error.message : String(error),
    error_type: (error as { code?: string }).code ?? (error instanceof Error ? error.name : typeof error),
    history: info.history,
  };
}
