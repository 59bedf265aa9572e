import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { errorMessage } from '../../core/errors';
import { matchRoute, type HttpHandler, type HttpRouteName } from '../../orchestration/triggers/httpRoutes';

export interface LocalHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The Functions HTTP API over node:http on loopback: each request becomes the same
 * `HttpRequest` / `InvocationContext` the host would pass, and goes to the same handler.
 */
export async function startLocalHttpServer(handlers: Record<HttpRouteName, HttpHandler>, port: number, log: (line: string) => void): Promise<LocalHttpServer> {
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void respond(handlers, incoming, Buffer.concat(chunks), log).then(
        (response) => write(outgoing, response),
        (error: unknown) => write(outgoing, { status: 500, jsonBody: { error: 'INTERNAL', message: errorMessage(error) } }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function respond(handlers: Record<HttpRouteName, HttpHandler>, incoming: http.IncomingMessage, body: Buffer, log: (line: string) => void): Promise<HttpResponseInit> {
  const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? '127.0.0.1'}`);
  const method = incoming.method ?? 'GET';
  const match = matchRoute(method, url.pathname);
  if ('status' in match) return { status: match.status, jsonBody: { error: match.status === 404 ? 'NOT_FOUND' : 'METHOD_NOT_ALLOWED' } };
  const headers = Object.fromEntries(Object.entries(incoming.headers).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])));
  const request = new HttpRequest({ method, url: url.toString(), headers, params: match.params, query: Object.fromEntries(url.searchParams), body: { bytes: body } });
  const context = new InvocationContext({ functionName: match.name, logHandler: (level, ...args) => log(`[${match.name}] ${level}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`) });
  return handlers[match.name](request, context);
}

function write(outgoing: http.ServerResponse, response: HttpResponseInit): void {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries((response.headers ?? {}) as Record<string, string>)) headers[key] = value;
  let payload = '';
  if (response.jsonBody !== undefined) {
    payload = JSON.stringify(response.jsonBody);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (typeof response.body === 'string') payload = response.body;
  outgoing.writeHead(response.status ?? 200, headers);
  outgoing.end(payload);
}
