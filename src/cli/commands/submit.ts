import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';
import { BUNDLE_LIMITS, checkBundle, manifestOf } from '../../orchestration/triggers/suiteBundle';
import { intFlag, listFlag, parseFlags } from '../args';
import { EXIT, type CliIo } from '../io';
import { applyGate, parseFailOn } from './verdictGate';

const FLAGS = {
  url: { type: 'string' },
  suite: { type: 'string' },
  name: { type: 'string' },
  profile: { type: 'string' },
  experiments: { type: 'string' },
  'max-rows': { type: 'string' },
  key: { type: 'string' },
  token: { type: 'string' },
  wait: { type: 'boolean', default: false },
  'fail-on': { type: 'string' },
  junit: { type: 'string' },
  json: { type: 'boolean', default: false },
  'poll-ms': { type: 'string', default: '2000' },
  'timeout-minutes': { type: 'string', default: '120' },
  help: { type: 'boolean', default: false },
} as const;

export const SUBMIT_USAGE = `Usage: elspeth submit --url URL --suite DIR [options]

Uploads the suite folder (every file, datasets included, content-addressed: the app
stores it once under suites/<sha256>/) and starts a run on it; with --wait, polls until
it ends and gates on its verdicts. docs/ci.md.

  --url URL              the app (https://<app>.azurewebsites.net, or elspeth serve's URL)
  --suite DIR            the suite folder (settings.yaml at its top)
  --name NAME            the suite's name in the run index (default: the folder's name)
  --profile P, --experiments a,b, --max-rows N   as for elspeth run
  --key KEY              function key (default: $ELSPETH_FUNCTION_KEY), sent as x-functions-key
  --token TOKEN          an Entra access token instead (default: $ELSPETH_TOKEN), sent as a bearer token
  --wait                 wait for the run to end; print its verdict table
  --fail-on V            degraded | inconclusive: exit 1 when a verdict matches (implies --wait)
  --junit FILE           write JUnit XML: a test case per variant and criterion (implies --wait)
  --json                 print the result as JSON
Exit codes: 0 ok, 1 a verdict matched --fail-on or the run failed, 2 bad input.
`;

interface SubmitFlags {
  url: URL;
  folder: string;
  name: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  wait: boolean;
  json: boolean;
  pollMs: number;
  timeoutMs: number;
  gate: Parameters<typeof applyGate>[1];
}

/** `elspeth submit`: upload, start by reference, optionally wait and gate. */
export async function submitCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return io.stdout(SUBMIT_USAGE), EXIT.ok;
  const flags = readFlags(values, io);
  const files = readSuiteFolder(flags.folder);
  checkBundle(files, BUNDLE_LIMITS.defaultMaxBytes);
  const { digest } = manifestOf(files);
  const upload = await call(flags, 'PUT', `api/suites/${digest}`, { files: Object.fromEntries([...files].map(([file, content]) => [file, content.toString('base64')])) });
  if (upload.status !== 200 && upload.status !== 201) return failed(io, 'upload', upload);
  const started = await call(flags, 'POST', 'api/runs', { ...flags.body, suite: flags.name, suiteRef: `sha256:${digest}` });
  if (started.status !== 202) return failed(io, 'start', started);
  const runId = (started.body as { runId: string }).runId;
  io.stderr(`Submitted ${flags.name} (sha256:${digest.slice(0, 12)}…, ${files.size} files) as run ${runId}\n`);
  if (!flags.wait) {
    if (flags.json) io.stdout(`${JSON.stringify({ runId, suiteRef: `sha256:${digest}`, status: 'Pending' }, null, 2)}\n`);
    return EXIT.ok;
  }
  const final = await waitForRun(flags, runId, io);
  return applyGate(io, flags.gate, final);
}

function readFlags(values: ReturnType<typeof parseFlags<typeof FLAGS>>['values'], io: CliIo): SubmitFlags {
  if (!values.url) throw new AppError('REQUEST_INVALID', '--url is required (the app, e.g. https://<app>.azurewebsites.net)');
  if (!values.suite) throw new AppError('REQUEST_INVALID', '--suite is required (the suite folder)');
  const folder = path.resolve(io.cwd, values.suite);
  const body: Record<string, unknown> = {};
  if (values.profile) body.profile = values.profile;
  const experiments = listFlag(values.experiments);
  if (experiments) body.experiments = experiments;
  const maxRows = intFlag(values['max-rows'], 'max-rows', 1);
  if (maxRows !== undefined) body.maxRows = maxRows;
  const key = values.key ?? io.env.ELSPETH_FUNCTION_KEY;
  const token = values.token ?? io.env.ELSPETH_TOKEN;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['x-functions-key'] = key;
  else if (token) headers.authorization = `Bearer ${token}`;
  const failOn = parseFailOn(values['fail-on']);
  return {
    url: new URL(values.url.endsWith('/') ? values.url : `${values.url}/`),
    folder,
    name: values.name ?? path.basename(folder),
    body,
    headers,
    wait: values.wait || failOn !== undefined || values.junit !== undefined,
    json: values.json,
    pollMs: intFlag(values['poll-ms'], 'poll-ms', 10)!,
    timeoutMs: intFlag(values['timeout-minutes'], 'timeout-minutes', 1)! * 60_000,
    gate: { ...(failOn ? { failOn } : {}), ...(values.junit ? { junitFile: path.resolve(io.cwd, values.junit) } : {}), json: values.json },
  };
}

/** Every regular file under the folder; dot-files and dot-folders stay home, symbolic links are refused. */
export function readSuiteFolder(folder: string): Map<string, Buffer> {
  if (!fs.existsSync(path.join(folder, 'settings.yaml')) && !fs.existsSync(path.join(folder, 'settings.yml'))) {
    throw new AppError('REQUEST_INVALID', `${folder} is not a suite folder: no settings.yaml at its top`);
  }
  const files = new Map<string, Buffer>();
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(folder, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) throw new AppError('REQUEST_INVALID', `${path.join(folder, child)} is a symbolic link; submit sends plain files only`);
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile()) files.set(child, fs.readFileSync(path.join(folder, child)));
    }
  };
  visit('');
  return files;
}

interface Answer {
  status: number;
  body: unknown;
}

async function call(flags: SubmitFlags, method: string, route: string, body?: unknown): Promise<Answer> {
  const response = await fetch(new URL(route, flags.url), { method, headers: flags.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // Not JSON (a proxy's error page): keep the text.
  }
  return { status: response.status, body: parsed };
}

function failed(io: CliIo, what: string, answer: Answer): number {
  const problems = (answer.body as { problems?: { file?: string; path: string; message: string }[] } | undefined)?.problems;
  io.stderr(`error: ${what} refused with HTTP ${answer.status}\n`);
  if (problems) for (const p of problems) io.stderr(`  ${p.file ? `${p.file}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}\n`);
  else io.stderr(`  ${typeof answer.body === 'string' ? answer.body.slice(0, 500) : JSON.stringify(answer.body).slice(0, 500)}\n`);
  return answer.status >= 400 && answer.status < 500 && answer.status !== 401 && answer.status !== 403 ? EXIT.badInput : EXIT.failures;
}

const FINAL = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

async function waitForRun(flags: SubmitFlags, runId: string, io: CliIo): Promise<Record<string, unknown>> {
  const deadline = Date.now() + flags.timeoutMs;
  for (;;) {
    const answer = await call(flags, 'GET', `api/runs/${encodeURIComponent(runId)}`);
    if (answer.status !== 200) throw new AppError(answer.status === 404 ? 'RUN_NOT_FOUND' : 'INTERNAL', `status of ${runId}: HTTP ${answer.status}`);
    const status = answer.body as Record<string, unknown>;
    if (FINAL.has(String(status.status))) return status;
    if (Date.now() > deadline) throw new AppError('INTERNAL', `${runId} did not end within --timeout-minutes`);
    if (!flags.json) io.stderr(`  ${runId}: ${String(status.status)}\n`);
    await new Promise((resolve) => setTimeout(resolve, flags.pollMs));
  }
}
