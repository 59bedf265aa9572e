import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';
import { BUNDLE_LIMITS, checkBundle, manifestOf } from '../../orchestration/triggers/suiteBundle';
import { intFlag, listFlag, parseFlags } from '../args';
import { EXIT, type CliIo } from '../io';
import { APP_FLAGS, APP_FLAGS_USAGE, appConnection, callApp, refused, type AppConnection } from './appClient';
import { applyGate, parseFailOn } from './verdictGate';

const FLAGS = {
  ...APP_FLAGS,
  suite: { type: 'string' },
  name: { type: 'string' },
  profile: { type: 'string' },
  experiments: { type: 'string' },
  'max-rows': { type: 'string' },
  wait: { type: 'boolean', default: false },
  'fail-on': { type: 'string' },
  junit: { type: 'string' },
  summary: { type: 'string' },
  json: { type: 'boolean', default: false },
  'poll-ms': { type: 'string', default: '2000' },
  'timeout-minutes': { type: 'string', default: '120' },
  help: { type: 'boolean', default: false },
} as const;

export const SUBMIT_USAGE = `Usage: elspeth submit --url URL --suite DIR [options]

Uploads the suite folder (every file, datasets included, content-addressed: the app
stores it once under suites/<sha256>/) and starts a run on it; with --wait, polls until
it ends and gates on its verdicts. docs/ci.md.

  --suite DIR            the suite folder (settings.yaml at its top)
  --name NAME            the suite's name in the run index (default: the folder's name)
  --profile P, --experiments a,b, --max-rows N   as for elspeth run
${APP_FLAGS_USAGE}
  --wait                 wait for the run to end; print its verdict table
  --fail-on V            degraded | inconclusive: exit 1 when a verdict matches (implies --wait)
  --junit FILE           write JUnit XML: a test case per variant and criterion (implies --wait)
  --summary FILE         write the run's summary.md (e.g. for a CI job summary; implies --wait)
  --json                 print the result as JSON
  --timeout-minutes N    give up waiting after N minutes (default 120); --poll-ms N: status poll interval (default 2000)
Exit codes: 0 ok, 1 a verdict matched --fail-on or the run failed, 2 bad input.
`;

interface SubmitFlags {
  app: AppConnection;
  folder: string;
  name: string;
  body: Record<string, unknown>;
  wait: boolean;
  json: boolean;
  pollMs: number;
  timeoutMs: number;
  gate: Parameters<typeof applyGate>[1];
  summaryFile?: string;
}

/** `elspeth submit`: upload, start by reference, optionally wait and gate. */
export async function submitCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return io.stdout(SUBMIT_USAGE), EXIT.ok;
  const flags = readFlags(values, io);
  const files = readSuiteFolder(flags.folder);
  checkBundle(files, BUNDLE_LIMITS.defaultMaxBytes);
  const { digest } = manifestOf(files);
  const upload = await callApp(flags.app, 'PUT', `api/suites/${digest}`, { files: Object.fromEntries([...files].map(([file, content]) => [file, content.toString('base64')])) });
  if (upload.status !== 200 && upload.status !== 201) return refused(io, 'upload', upload);
  const started = await callApp(flags.app, 'POST', 'api/runs', { ...flags.body, suite: flags.name, suiteRef: `sha256:${digest}` });
  if (started.status !== 202) return refused(io, 'start', started);
  const runId = (started.body as { runId: string }).runId;
  io.stderr(`Submitted ${flags.name} (sha256:${digest.slice(0, 12)}…, ${files.size} files) as run ${runId}\n`);
  if (!flags.wait) {
    if (flags.json) io.stdout(`${JSON.stringify({ runId, suiteRef: `sha256:${digest}`, status: 'Pending' }, null, 2)}\n`);
    return EXIT.ok;
  }
  const final = await waitForRun(flags, runId, io);
  if (flags.summaryFile) writeSummary(flags.summaryFile, final);
  return applyGate(io, flags.gate, final);
}

function readFlags(values: ReturnType<typeof parseFlags<typeof FLAGS>>['values'], io: CliIo): SubmitFlags {
  const app = appConnection(values, io);
  if (!values.suite) throw new AppError('REQUEST_INVALID', '--suite is required (the suite folder)');
  const folder = path.resolve(io.cwd, values.suite);
  const body: Record<string, unknown> = {};
  if (values.profile) body.profile = values.profile;
  const experiments = listFlag(values.experiments);
  if (experiments) body.experiments = experiments;
  const maxRows = intFlag(values['max-rows'], 'max-rows', 1);
  if (maxRows !== undefined) body.maxRows = maxRows;
  const failOn = parseFailOn(values['fail-on']);
  return {
    app,
    folder,
    name: values.name ?? path.basename(folder),
    body,
    wait: values.wait || failOn !== undefined || values.junit !== undefined || values.summary !== undefined,
    json: values.json,
    pollMs: intFlag(values['poll-ms'], 'poll-ms', 10)!,
    timeoutMs: intFlag(values['timeout-minutes'], 'timeout-minutes', 1)! * 60_000,
    ...(values.summary ? { summaryFile: path.resolve(io.cwd, values.summary) } : {}),
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

const FINAL = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

async function waitForRun(flags: SubmitFlags, runId: string, io: CliIo): Promise<Record<string, unknown>> {
  const deadline = Date.now() + flags.timeoutMs;
  for (;;) {
    const answer = await callApp(flags.app, 'GET', `api/runs/${encodeURIComponent(runId)}`);
    if (answer.status !== 200) throw new AppError(answer.status === 404 ? 'RUN_NOT_FOUND' : 'INTERNAL', `status of ${runId}: HTTP ${answer.status}`);
    const status = answer.body as Record<string, unknown>;
    if (FINAL.has(String(status.status))) return status;
    if (Date.now() > deadline) throw new AppError('INTERNAL', `${runId} did not end within --timeout-minutes`);
    if (!flags.json) io.stderr(`  ${runId}: ${String(status.status)}\n`);
    await new Promise((resolve) => setTimeout(resolve, flags.pollMs));
  }
}

/** The run's summary.md as the app serves it; a run that ended without one gets a line saying so. */
function writeSummary(file: string, final: Record<string, unknown>): void {
  const markdown = typeof final.summary === 'string' ? final.summary : `# Elspeth run ${String(final.runId)}\n\nStatus: ${String(final.status)}; no summary was written.\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, markdown);
}
