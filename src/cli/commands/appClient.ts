import { AppError } from '../../core/errors';
import { EXIT, type CliIo } from '../io';

/**
 * The deployed app (or `elspeth serve`) as the CLI reaches it: its base URL and the
 * credentials of `--key` / `--token` (or ELSPETH_FUNCTION_KEY / ELSPETH_TOKEN), shared by
 * submit, runs and bless (docs/ci.md, "Authentication").
 */
export interface AppConnection {
  url: URL;
  headers: Record<string, string>;
}

export const APP_FLAGS = {
  url: { type: 'string' },
  key: { type: 'string' },
  token: { type: 'string' },
} as const;

export const APP_FLAGS_USAGE = `  --url URL              the app (https://<app>.azurewebsites.net, or elspeth serve's URL)
  --key KEY              function key (default: $ELSPETH_FUNCTION_KEY), sent as x-functions-key
  --token TOKEN          an Entra access token instead (default: $ELSPETH_TOKEN), sent as a bearer token`;

export function appConnection(values: { url?: string | undefined; key?: string | undefined; token?: string | undefined }, io: CliIo): AppConnection {
  if (!values.url) throw new AppError('REQUEST_INVALID', '--url is required (the app, e.g. https://<app>.azurewebsites.net)');
  let url: URL;
  try {
    url = new URL(values.url.endsWith('/') ? values.url : `${values.url}/`);
  } catch {
    throw new AppError('REQUEST_INVALID', `--url '${values.url}' is not a URL`);
  }
  const key = values.key ?? io.env.ELSPETH_FUNCTION_KEY;
  const token = values.token ?? io.env.ELSPETH_TOKEN;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['x-functions-key'] = key;
  else if (token) headers.authorization = `Bearer ${token}`;
  return { url, headers };
}

export interface Answer {
  status: number;
  body: unknown;
}

export async function callApp(app: AppConnection, method: string, route: string, body?: unknown): Promise<Answer> {
  const response = await fetch(new URL(route, app.url), { method, headers: app.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // Not JSON (a proxy's error page): keep the text.
  }
  return { status: response.status, body: parsed };
}

/** Prints what the app refused and why; exit 2 for the caller's mistakes, 1 for the rest. */
export function refused(io: CliIo, what: string, answer: Answer): number {
  const body = answer.body as { problems?: { file?: string; path: string; message: string }[]; message?: string } | undefined;
  io.stderr(`error: ${what} refused with HTTP ${answer.status}\n`);
  if (body?.problems) for (const p of body.problems) io.stderr(`  ${p.file ? `${p.file}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}\n`);
  else if (typeof body?.message === 'string') io.stderr(`  ${body.message}\n`);
  else io.stderr(`  ${typeof answer.body === 'string' ? answer.body.slice(0, 500) : JSON.stringify(answer.body).slice(0, 500)}\n`);
  return answer.status >= 400 && answer.status < 500 && answer.status !== 401 && answer.status !== 403 ? EXIT.badInput : EXIT.failures;
}
