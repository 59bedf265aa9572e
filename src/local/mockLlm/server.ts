/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for local runs, tests and load
 * tests: deterministic answers, seeded fault injection, an optional per-minute quota, and
 * counters. Plain `node:http` with keep-alive so it sustains thousands of requests a second.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../core/errors';
import { handleChat, send, type ChatContext, type RecordedRequest } from './chatHandler';
import { errorBody } from './completion';
import { MockLlmServerOptionsSchema, type MockLlmServerOptions } from './options';
import { createQuota } from './quota';
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
  const azure = req.method === 'POST' ? AZURE_CHAT_PATH.exec(url.pathname) : null;
  if (azure?.[1] !== undefined) {
    const deployment = decodeURIComponent(azure[1]);
    return handleChat(req, res, { path: url.pathname, query: url.searchParams, deployment }, ctx);
  }
  req.resume();
  send(res, ctx, 404, errorBody(`No route for ${req.method ?? ''} ${url.pathname}`, 'invalid_request_error', 'not_found'), 'not_found');
}
