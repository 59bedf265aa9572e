import fs from 'node:fs';
import { createBlobStore } from '../../azure/blobStore';
import { AppError } from '../../core/errors';
import { startAzurite } from '../../local/azurite';
import { DEFAULT_CONTAINER } from '../../local/localServices';
import { getJsonOf } from '../../orchestration/jsonBlobs';
import { STORED } from '../../orchestration/storedFormats';
import { validateRequest } from '../../orchestration/validateRun';
import type { RunRequest } from '../../orchestration/runRequest';
import type { StoredPlan } from '../../orchestration/runtime/storedPlan';
import { paths } from '../../orchestration/storagePaths';
import { createBuiltinRegistry } from '../../plugins';
import { envWithEmbeddedMock } from '../embeddedMock';
import { EXIT, type CliIo } from '../io';
import { executeLocally, localAzuriteFolder, printProblems, rememberedRequestFile } from './run';
import { parseRunFlags } from './runFlags';

export const RESUME_USAGE = `Usage: elspeth resume <runId> [--out DIR] [--activities N] [--log-level L] [--no-progress] [--json]

Finishes an interrupted local run from where it stopped: the plan and every finished batch
are reused, and answers a batch had already received are not asked again. The run must be
in the storage the CLI uses (the embedded Azurite in .elspeth/azurite, or
ELSPETH_STORAGE_CONNECTION_STRING).
`;

/** `elspeth resume <runId>`: the same orchestration again; idempotent steps make it continue. */
export async function resumeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [runId, ...rest] = argv;
  if (runId === undefined || runId === '--help' || runId === '-h') {
    io.stdout(RESUME_USAGE);
    return runId === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (!/^cli-[A-Za-z0-9_.-]+$/.test(runId)) throw new AppError('REQUEST_INVALID', `'${runId}' is not a local run id (cli-...)`);
  const flags = parseRunFlags(rest, io.cwd);
  const configured = io.env.ELSPETH_STORAGE_CONNECTION_STRING || undefined;
  const azurite = configured ? undefined : await startAzurite({ inMemory: false, location: localAzuriteFolder(io) });
  try {
    const connectionString = configured ?? azurite!.connectionString;
    const { request, plan } = await storedRun(connectionString, runId, io);
    const registry = createBuiltinRegistry();
    // A run that was planned keeps its dataset snapshot: the dataset file is not read again.
    const knownColumns = plan ? { knownColumns: plan.columns } : {};
    const { run, problems } = await validateRequest(request, { registry, env: envWithEmbeddedMock(io.env), ...knownColumns });
    if (!run) {
      printProblems(io, problems.errors);
      return EXIT.badInput;
    }
    io.stderr(`Resuming ${runId}\n`);
    return await executeLocally({ request, run, flags: { ...flags, storage: 'disk' }, io, registry, connectionString, command: 'resume' });
  } finally {
    await azurite?.stop();
  }
}

async function storedRun(connectionString: string, runId: string, io: CliIo): Promise<{ request: RunRequest; plan?: StoredPlan }> {
  const blobs = await createBlobStore({ connectionString }, DEFAULT_CONTAINER);
  const request = (await getJsonOf(blobs, paths.request(runId), STORED.request)) ?? rememberedRequest(io, runId);
  if (!request) throw new AppError('RUN_NOT_FOUND', `No run '${runId}' in this storage (runs started with --storage memory cannot be resumed)`);
  const plan = await getJsonOf(blobs, paths.plan(runId), STORED.plan);
  return plan ? { request, plan } : { request };
}

function rememberedRequest(io: CliIo, runId: string): RunRequest | undefined {
  try {
    return JSON.parse(fs.readFileSync(rememberedRequestFile(io, runId), 'utf8')) as RunRequest;
  } catch {
    return undefined;
  }
}
