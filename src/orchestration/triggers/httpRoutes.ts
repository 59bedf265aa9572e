import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

/**
 * The HTTP API, once: the Functions app registers these routes (src/functions/app.ts) and
 * `elspeth serve` routes to the same handlers over node:http, so the two cannot drift.
 * Routes are relative to `/api/`.
 */
export const HTTP_ROUTES = [
  { name: 'startRun', route: 'runs', methods: ['POST'] },
  { name: 'listRuns', route: 'runs', methods: ['GET'] },
  { name: 'getRun', route: 'runs/{id}', methods: ['GET'] },
  { name: 'blessRun', route: 'runs/{id}/bless', methods: ['POST'] },
  { name: 'putSuite', route: 'suites/{digest}', methods: ['PUT'] },
] as const;

export type HttpRouteName = (typeof HTTP_ROUTES)[number]['name'];
export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** The route and path parameters that match `/api/<path>` for a method, if any. */
export function matchRoute(method: string, pathname: string): { name: HttpRouteName; params: Record<string, string> } | { status: 404 | 405 } {
  if (!pathname.startsWith('/api/')) return { status: 404 };
  const segments = pathname.slice('/api/'.length).split('/');
  let pathMatched = false;
  for (const spec of HTTP_ROUTES) {
    const pattern = spec.route.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, index) => {
      const value = decodeURIComponent(segments[index]!);
      if (part.startsWith('{')) return value !== '' && ((params[part.slice(1, -1)] = value), true);
      return part === value;
    });
    if (!matches) continue;
    pathMatched = true;
    if ((spec.methods as readonly string[]).includes(method)) return { name: spec.name, params };
  }
  return { status: pathMatched ? 405 : 404 };
}
