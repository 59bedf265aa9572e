import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback stand-ins for the parts of the GitHub contents API and the Azure DevOps Git
 * REST API that the repository sinks use. Each keeps a repository in memory (path ->
 * text), checks the token, and records every request so tests can assert the flow.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface RepoStandIn {
  url: string;
  files: Map<string, string>;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Handler = (request: RecordedRequest, url: URL, state: RepoStandIn) => { status: number; body?: unknown };

async function start(handler: Handler): Promise<RepoStandIn> {
  const state: RepoStandIn = { url: '', files: new Map(), requests: [], close: () => Promise.resolve() };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, authorization: req.headers.authorization, body: text === '' ? undefined : JSON.parse(text) };
      state.requests.push(recorded);
      const { status, body } = handler(recorded, url, state);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

function sha(text: string): string {
  return Buffer.from(text).toString('hex').slice(0, 40).padEnd(40, '0');
}

/** GET/PUT /repos/<owner>/<repo>/contents/<path>; token must be `Bearer <token>`. */
export function startGithubStandIn(token: string): Promise<RepoStandIn> {
  return start((request, url, state) => {
    if (request.authorization !== `Bearer ${token}`) return { status: 401, body: { message: 'Bad credentials' } };
    const match = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (!match) return { status: 404, body: { message: 'Not Found' } };
    const path = decodeURIComponent(match[3]!);
    const existing = state.files.get(path);
    if (request.method === 'GET') return existing === undefined ? { status: 404, body: { message: 'Not Found' } } : { status: 200, body: { path, sha: sha(existing) } };
    const body = request.body as { content: string; sha?: string; message: string; branch: string };
    if (existing !== undefined && body.sha !== sha(existing)) return { status: 409, body: { message: 'sha does not match' } };
    state.files.set(path, Buffer.from(body.content, 'base64').toString('utf8'));
    return { status: existing === undefined ? 201 : 200, body: { content: { path } } };
  });
}

/** refs, items and pushes of /<org>/<project>/_apis/git/repositories/<repo>; Basic auth with an empty user. */
export function startAzureDevopsStandIn(token: string, branches: string[] = ['main']): Promise<RepoStandIn> {
  let head = 'a'.repeat(40);
  return start((request, url, state) => {
    if (request.authorization !== `Basic ${Buffer.from(`:${token}`).toString('base64')}`) return { status: 401, body: { message: 'unauthorized' } };
    const match = /^\/[^/]+\/[^/]+\/_apis\/git\/repositories\/[^/]+\/(refs|items|pushes)$/.exec(url.pathname);
    if (!match || !url.searchParams.get('api-version')) return { status: 404, body: { message: 'Not Found' } };
    if (match[1] === 'refs') {
      const branch = (url.searchParams.get('filter') ?? '').replace(/^heads\//, '');
      return { status: 200, body: { value: branches.includes(branch) ? [{ name: `refs/heads/${branch}`, objectId: head }] : [], count: 0 } };
    }
    if (match[1] === 'items') {
      const path = (url.searchParams.get('path') ?? '').replace(/^\//, '');
      return state.files.has(path) ? { status: 200, body: { path: `/${path}` } } : { status: 404, body: { message: 'not found' } };
    }
    const body = request.body as { refUpdates: { oldObjectId: string }[]; commits: { changes: { changeType: string; item: { path: string }; newContent: { content: string } }[] }[] };
    if (body.refUpdates[0]?.oldObjectId !== head) return { status: 409, body: { message: 'stale ref' } };
    for (const change of body.commits[0]?.changes ?? []) {
      const path = change.item.path.replace(/^\//, '');
      if ((change.changeType === 'add') === state.files.has(path)) return { status: 400, body: { message: `bad changeType ${change.changeType} for ${path}` } };
      state.files.set(path, change.newContent.content);
    }
    head = head === 'a'.repeat(40) ? 'b'.repeat(40) : 'a'.repeat(40);
    return { status: 201, body: { pushId: 1 } };
  });
}
