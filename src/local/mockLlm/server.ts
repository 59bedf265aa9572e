/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for local runs, tests and load
 * tests: deterministic answers, seeded fault injection, an optional per-minute quota and an
 * Azure-style per-second quota checked on arrival (quotaPerSecond.ts), a mock
 * Azure AI Content Safety, and counters. Plain `node:http` with keep-alive so it sustains
 * thousands of requests a second.
 *
 * Routes: `POST /v1/chat/completions` (http_openai), `POST /openai/deployments/<d>/chat/completions`
 * (azure_openai), `POST /contentsafety/text:analyze?api-version=...` (azure_content_safety),
 * `GET /healthz`.
 *
 * Conventions a suite can use from its own configuration, through the model name
 * (`<base>[;<directive>=<value>]...`, modelSpec.ts):
 * - `mock+0.04` / `mock-0.1`: scores shifted by that amount (a deterministic "better model").
 * - `mock;429=0.2;500=0.05`: this model's own fault rates (`429`, `500`, `hang`, `malformed`),
 *   replacing the server's; drawn per (seed, model, prompt, n-th sending), so the same rows
 *   meet the same faults in every run, whatever the concurrency (identical requests from two
 *   experiments share one sequence, so which of them meets a fault may vary). `retry-after-ms=N` sets what
 *   its 429s ask the client to wait (`retry-after` and `retry-after-ms` headers). Combine:
 *   `mock+0.04;429=0.2;retry-after-ms=50`. The answer reports the base name as `model`.
 * - Content Safety: per category, the highest severity of the trigger terms the text contains
 *   as whole words (defaults in contentSafetyTerms.ts: e.g. `violent` 4, `kill` 6), else 0;
 *   the `Ocp-Apim-Subscription-Key` header is checked only when the server has a key.
 * Without directives, faults follow the server's rates by request number (`--rate-limit-rate`, ...).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../core/errors';
import { handleChat, send, type ChatContext, type RecordedRequest } from './chatHandler';
import { errorBody } from './completion';
import { CONTENT_SAFETY_PATH, handleContentSafety } from './contentSafetyHandler';
import { MockLlmServerOptionsSchema, type MockLlmServerOptions } from './options';
import { createPromptFaults } from './promptFaults';
import { createQuota } from './quota';
import { createPerSecondQuota } from './quotaPerSecond';
import { createStatsRecorder, type MockLlmStats } from './stats';

export const MOCK_LLM_HOST = '127.0.0.1';

export interface MockLlmServer {
  /** `http://127.0.0.1:<port>`: the `api_base` of `http_openai`, the `azure_endpoint` of `azure_openai`. */
  url: string;
  port: number;
  stats(): MockLlmStats;
  /** The last chat request as received (headers, query, parsed body), for assertions. */
  lastRequest(): RecordedRequest | undefined;
  /** Stops listening, drops keep-alive sockets and releases hanging requests; safe to call twice. */
  close(): Promise<void>;
}

const AZURE_CHAT_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

export async function startMockLlmServer(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  const { now = Date.now, ...rest } = options;
  const parsed = MockLlmServerOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '<options>'}: ${issue.message}`);
    throw new AppError('REQUEST_INVALID', `Invalid mock LLM server options: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  let last: RecordedRequest | undefined;
  const stats = createStatsRecorder();
  const ctx: ChatContext = {
    config,
    stats,
    quota: createQuota(config),
    perSecondQuota: createPerSecondQuota(config),
    promptFaults: createPromptFaults(config.seed),
    now,
    hanging: new Set(),
    record: (request) => void (last = request),
  };
  const server = createServer({ keepAlive: true }, (req, res) => safeRoute(req, res, ctx));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, MOCK_LLM_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${MOCK_LLM_HOST}:${port}`,
    port,
    stats: () => stats.snapshot(),
    lastRequest: () => last,
    close: () => (closing ??= closeServer(server, ctx)),
  };
}

function closeServer(server: Server, ctx: ChatContext): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    for (const res of ctx.hanging) res.destroy();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** A handler fault (a malformed URL escape) must answer 400, never crash the process that hosts the server. */
function safeRoute(req: IncomingMessage, res: ServerResponse, ctx: ChatContext): void {
  try {
    route(req, res, ctx);
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    const message = error instanceof Error ? error.message : String(error);
    send(res, undefined, 400, errorBody(`Cannot handle request: ${message}`, 'invalid_request_error', null), 'bad_request');
  }
}

function route(req: IncomingMessage, res: ServerResponse, ctx: ChatContext): void {
  const url = new URL(req.url ?? '/', `http://${MOCK_LLM_HOST}`);
  if (req.method === 'GET' && url.pathname === '/healthz') {
    return send(res, undefined, 200, JSON.stringify({ status: 'ok' }), 'ok');
  }
  if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
    return handleChat(req, res, { path: url.pathname, query: url.searchParams }, ctx);
  }
  if (req.method === 'POST' && url.pathname === CONTENT_SAFETY_PATH) {
    return handleContentSafety(req, res, url.searchParams, ctx);
  }
  const azure = req.method === 'POST' ? AZURE_CHAT_PATH.exec(url.pathname) : null;
  if (azure?.[1] !== undefined) {
    const deployment = decodeURIComponent(azure[1]);
    return handleChat(req, res, { path: url.pathname, query: url.searchParams, deployment }, ctx);
  }
  req.resume();
  send(res, ctx, 404, errorBody(`No route for ${req.method ?? ''} ${url.pathname}`, 'invalid_request_error', 'not_found'), 'not_found');
}
