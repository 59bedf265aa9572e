/**
 * One chat-completions request on the mock server: read the body, record it, then answer with
 * the injected fault for this request (the model's own rates when its name gives them, else
 * the server's), a content-filter or quota refusal, or the deterministic completion.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildCompletion, errorBody, estimateTokens, promptHash, readPrompts, type ChatPrompts } from './completion';
import { faultFor, latencyFor, type FaultKind } from './draws';
import { labellingAnswer } from './labellingAnswer';
import { parseModelSpec, type ModelSpec } from './modelSpec';
import type { MockLlmServerConfig } from './options';
import type { PromptFaults } from './promptFaults';
import type { Quota } from './quota';
import { perSecondRefusalBody, type PerSecondQuota } from './quotaPerSecond';
import { readBody, writeJson } from './requestBody';
import type { MockOutcome, StatsRecorder } from './stats';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as Node reports them. */
  headers: Record<string, string>;
  body: unknown;
  deployment?: string;
}

export interface ChatRoute {
  path: string;
  query: URLSearchParams;
  deployment?: string;
}

export interface ChatContext {
  config: MockLlmServerConfig;
  stats: StatsRecorder;
  quota: Quota;
  perSecondQuota: PerSecondQuota;
  promptFaults: PromptFaults;
  now: () => number;
  /** Answers held open by the hang fault, released when the server closes. */
  hanging: Set<ServerResponse>;
  record(request: RecordedRequest): void;
}

interface Call {
  res: ServerResponse;
  ctx: ChatContext;
  number: number;
  /** The base name, reported as `model`. */
  model: string;
  prompts: ChatPrompts;
  retryAfterMs: number;
  /** What the per-second quota reported when the request arrived. */
  quotaHeaders: Record<string, string>;
  spec?: ModelSpec;
}

export function handleChat(req: IncomingMessage, res: ServerResponse, route: ChatRoute, ctx: ChatContext): void {
  const number = ctx.stats.countRequest();
  ctx.stats.begin();
  res.on('close', () => {
    ctx.stats.end();
    ctx.hanging.delete(res);
  });
  readBody(req, (text) => {
    if (text === undefined) return send(res, ctx, 413, errorBody('request body too large', 'invalid_request_error', null), 'bad_request');
    receive(req, res, route, ctx, number, text);
  });
}

function receive(req: IncomingMessage, res: ServerResponse, route: ChatRoute, ctx: ChatContext, number: number, text: string): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return send(res, ctx, 400, errorBody('request body is not valid JSON', 'invalid_request_error', null), 'bad_request');
  }
  ctx.record(recordOf(req, route, body));
  if (!isAuthorized(req, ctx.config.apiKey)) {
    return send(res, ctx, 401, errorBody('Access denied due to invalid or missing credentials.', 'invalid_request_error', 'invalid_api_key'), 'unauthorized');
  }
  const prompts = readPrompts(body);
  if (typeof prompts === 'string') return send(res, ctx, 400, errorBody(prompts, 'invalid_request_error', null), 'bad_request');
  ctx.stats.prompt(promptHash(prompts.system, prompts.user));
  const named = route.deployment ?? prompts.model;
  const parsed = named === undefined ? undefined : parseModelSpec(named);
  if (parsed?.ok === false) return send(res, ctx, 400, errorBody(parsed.message, 'invalid_request_error', 'model_not_found'), 'bad_request');
  const spec = parsed?.spec;
  const arrival = admitOnArrival(ctx, prompts, body);
  if (!arrival.allowed) {
    const headers = { ...arrival.headers, ...retryAfterHeaders(arrival.retryAfterMs ?? 0) };
    return send(res, ctx, 429, perSecondRefusalBody(arrival.retryAfterMs ?? 0), 'quota_exceeded', headers);
  }
  const fault = spec?.faultRates ? ctx.promptFaults.next(named ?? '', prompts.system, prompts.user, spec.faultRates) : faultFor(ctx.config, number);
  if (fault === 'hang') {
    ctx.stats.outcome('hang');
    ctx.hanging.add(res);
    return;
  }
  const call: Call = { res, ctx, number, model: spec?.base ?? ctx.config.model, prompts: withBaseModel(prompts, spec), retryAfterMs: spec?.retryAfterMs ?? ctx.config.retryAfterMs, quotaHeaders: arrival.headers };
  if (spec) call.spec = spec;
  const delay = latencyFor(ctx.config, number);
  if (delay > 0) setTimeout(() => answer(call, fault), delay);
  else answer(call, fault);
}

function answer(call: Call, fault: Exclude<FaultKind, 'hang'> | undefined): void {
  const { res, ctx } = call;
  if (res.destroyed) return ctx.stats.outcome('client_aborted');
  if (fault === 'rate_limited') {
    const headers = retryAfterHeaders(call.retryAfterMs);
    return send(res, ctx, 429, errorBody('Rate limit reached (injected by the mock server).', 'requests', 'rate_limit_exceeded'), 'rate_limited', headers);
  }
  if (fault === 'server_error') return send(res, ctx, 500, errorBody('The server had an error (injected).', 'server_error', null), 'server_error');
  if (fault === 'malformed') return send(res, ctx, 200, `{"id":"chatcmpl-mock-${call.number}","choices":[{"message":{"content":`, 'malformed');
  if (isFiltered(call.prompts.user, ctx.config.contentFilterTerms)) return sendContentFilter(res, ctx);
  const labelling = labellingAnswer(call.spec, call.prompts, ctx.config.seed);
  const completion = buildCompletion({
    id: `chatcmpl-mock-${call.number}`,
    model: call.model,
    prompts: call.prompts,
    seed: ctx.config.seed,
    createdInSeconds: Math.floor(ctx.now() / 1000),
    ...(labelling ? { content: labelling.content } : {}),
  });
  const decision = ctx.quota.take(completion.totalTokens, ctx.now());
  if (!decision.allowed) {
    const headers = { ...decision.headers, ...retryAfterHeaders(decision.retryAfterMs ?? 0) };
    return send(res, ctx, 429, errorBody('Quota exceeded for this minute.', 'requests', '429'), 'quota_exceeded', headers);
  }
  ctx.stats.answered(promptHash(call.prompts.system, call.prompts.user));
  labelling?.count(ctx.stats);
  send(res, ctx, 200, JSON.stringify(completion.body), 'ok', { ...call.quotaHeaders, ...decision.headers });
}

/** The per-second quota, checked before the model runs: prompt tokens plus the completion asked for. */
function admitOnArrival(ctx: ChatContext, prompts: ChatPrompts, body: unknown): { allowed: boolean; headers: Record<string, string>; retryAfterMs?: number } {
  if (!ctx.perSecondQuota.enabled) return { allowed: true, headers: {} };
  const maxTokens = (body as { max_tokens?: unknown }).max_tokens;
  const tokens = estimateTokens(prompts.system + prompts.user) + (typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : 0);
  return ctx.perSecondQuota.admit(tokens, ctx.now());
}

function sendContentFilter(res: ServerResponse, ctx: ChatContext): void {
  const message = "The response was filtered due to the prompt triggering the content management policy (mock).";
  send(res, ctx, 400, errorBody(message, null, 'content_filter'), 'content_filtered');
}

export function retryAfterHeaders(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(Math.round(ms)) };
}

/** Scores use the base name, so adding fault directives to a model does not change its answers. */
function withBaseModel(prompts: ChatPrompts, spec: ModelSpec | undefined): ChatPrompts {
  if (spec === undefined) return prompts;
  return { ...prompts, model: spec.base };
}

function isFiltered(user: string, terms: readonly string[]): boolean {
  const lower = user.toLowerCase();
  return terms.some((term) => lower.includes(term.toLowerCase()));
}

function isAuthorized(req: IncomingMessage, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  return req.headers['api-key'] === apiKey || req.headers.authorization === `Bearer ${apiKey}`;
}

function recordOf(req: IncomingMessage, route: ChatRoute, body: unknown): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const recorded: RecordedRequest = { method: req.method ?? '', path: route.path, query: Object.fromEntries(route.query), headers, body };
  if (route.deployment !== undefined) recorded.deployment = route.deployment;
  return recorded;
}

export function send(
  res: ServerResponse,
  ctx: ChatContext | undefined,
  status: number,
  body: string,
  outcome: MockOutcome,
  headers: Record<string, string> = {},
): void {
  ctx?.stats.outcome(outcome);
  writeJson(res, status, body, headers);
}
