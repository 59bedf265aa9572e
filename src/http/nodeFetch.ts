import http from 'node:http';
import https from 'node:https';

/**
 * A `fetch` over node:http(s) with keep-alive agents, for the model SDK. The calls it makes
 * are small JSON requests and responses; buffering the body and skipping undici's web
 * streams roughly halves the client's CPU per call, which is what bounds throughput when
 * dozens of calls are in flight on one event loop. Aborts destroy the socket.
 */
export function createNodeFetch(options: { maxSockets?: number } = {}): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
  };
  return (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!transport) throw new TypeError(`Unsupported protocol ${url.protocol}`);
    const body = await bodyBytes(init.body);
    const headers = headerRecord(init.headers);
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(networkError(error)));
        response.on('end', () => resolve(toResponse(response, Buffer.concat(chunks))));
      });
      const signal = init.signal;
      const onAbort = () => request.destroy(abortError(signal?.reason));
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => reject(signal?.aborted ? abortError(signal.reason) : networkError(error)));
      request.on('close', () => signal?.removeEventListener('abort', onAbort));
      request.end(body);
    });
  });
}

async function bodyBytes(body: RequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function toResponse(response: http.IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [key, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(key, item));
    else if (value !== undefined) headers.set(key, value);
  }
  const status = response.statusCode ?? 500;
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(nullBody ? null : body, { status, statusText: response.statusMessage ?? '', headers });
}

/**
 * Socket errors re-made here keep their `code` (ECONNREFUSED...) for error mapping: an Error
 * from another realm (Node's core, seen from a sandbox) fails the SDK's instanceof check and
 * would lose it.
 */
function networkError(error: Error & { code?: string }): Error {
  const wrapped = new Error(error.message, { cause: error }) as Error & { code?: string };
  if (error.code !== undefined) wrapped.code = error.code;
  return wrapped;
}

function abortError(reason: unknown): Error {
  const error = new Error(reason instanceof Error ? reason.message : 'The operation was aborted');
  error.name = 'AbortError';
  return error;
}
