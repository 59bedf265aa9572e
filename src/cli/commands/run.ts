import fs from 'node:fs';
import path from 'node:path';
import { formatProblem, type ConfigProblem } from '../../core/config/problems';
import type { ResolvedRun } from '../../core/config/resolved';
import type { Registry } from '../../core/plugins/registry';
import { encodeCsv, buildResultsTable, renderSummaryTable, type SuiteSummary } from '../../core/reports';
import { serviceClientFor } from '../../azure/blobStore';
import { acquireRunLock, type HeldRunLock } from '../../azure/runLock';
import type { Logger } from '../../core/ports';
import { startLocalServices, type LocalServices } from '../../local/localServices';
import { newLocalRunId, runLocally, type LocalRunResult } from '../../local/runLocally';
import { createConsoleLogger } from '../../observability/logger';
import type { RunProgress } from '../../orchestration/contracts';
import { getJson } from '../../orchestration/jsonBlobs';
import type { RunRequest } from '../../orchestration/runRequest';
import { loadExperimentOutcomes } from '../../orchestration/runtime/batchFiles';
import { paths } from '../../orchestration/storagePaths';
import { createBuiltinRegistry } from '../../plugins';
import { verdictTable, type VerdictRow } from '../../orchestration/triggers/verdictTable';
import { applyGate } from './verdictGate';
import { validateRequest } from '../../orchestration/validateRun';
import { envWithEmbeddedMock, withEmbeddedMock } from '../embeddedMock';
import { EXIT, type CliIo } from '../io';
import { noticeOnInterrupt } from '../interruptNotice';
import { createProgressBar } from '../progressBar';
import { writeReportsDir } from '../reportsDir/writeReportsDir';
import { describeRowFailures, describeRunError, exitCodeOf } from './outcomeReport';
import { parseRunFlags, RUN_USAGE, type RunFlags } from './runFlags';
import { suiteRootHint } from './suiteRootHint';

/** `elspeth run`: validate (exit 2, nothing written, on any problem), then run locally. */
export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseRunFlags(argv, io.cwd);
  if (flags.help) {
    io.stdout(RUN_USAGE);
    return EXIT.ok;
  }
  const registry = createBuiltinRegistry();
  const { run, problems } = await validateRequest({ ...flags.request, runId: 'validation' }, { registry, env: envWithEmbeddedMock(io.env) });
  printProblems(io, problems.warnings);
  if (!run) {
    printProblems(io, problems.errors);
    io.stderr(`\n${problems.errors.length} problem(s); nothing was run or written.\n`);
    return EXIT.badInput;
  }
  if (run.mode === 'single' && !flags.request.singleRun) io.stderr(suiteRootHint(run.settingsFile) ?? '');
  const request: RunRequest = { ...flags.request, suite: run.suite, runId: flags.runId ?? newLocalRunId(run.suite) };
  return executeLocally({ request, run, flags, io, registry, connectionString: io.env.ELSPETH_STORAGE_CONNECTION_STRING || undefined });
}

export interface LocalExecution {
  request: RunRequest;
  run: ResolvedRun;
  flags: RunFlags;
  io: CliIo;
  registry: Registry;
  /** Storage to use; without it an embedded Azurite (disk or memory, per --storage). */
  connectionString?: string;
  /** Names the holder of the run's lock in what a second process prints (default "run"). */
  command?: 'run' | 'resume';
}

/** Starts the mock model and storage as needed, runs (or resumes) the run, reports. */
export async function executeLocally(execution: LocalExecution): Promise<number> {
  const { request, run, flags, io, registry } = execution;
  const logger = createConsoleLogger({ level: flags.logLevel, write: (line) => io.stderr(`${line}\n`) });
  if (flags.storage === 'disk') rememberRequest(io, request);
  const mock = await withEmbeddedMock(run, io.env);
  let local: LocalServices | undefined;
  let lock: HeldRunLock | undefined;
  const stopNotice = flags.storage === 'disk' ? noticeOnInterrupt(io, request.runId) : () => undefined;
  try {
    local = await startLocalServices({
      connectionString: execution.connectionString,
      azurite: flags.storage === 'memory' ? { inMemory: true } : { inMemory: false, location: localAzuriteFolder(io) },
      logger,
      env: mock.env,
      registry,
    });
    // One process per run: a second `run --run-id` or `resume` of it stops here (RUN_LOCKED, exit 1).
    lock = await lockRun(local, request.runId, execution.command ?? 'run', logger);
    io.stderr(describeStart(request, run, local, mock.server?.url));
    const result = await runWithProgress(local, request, flags, io);
    const verdicts = await report(io, local, result, flags, run);
    if (flags.reportsDir && result.outcome.status !== 'failed') {
      const written = await writeReportsDir(path.join(flags.outDir, result.outcome.runId), flags.reportsDir, new Date().toISOString());
      io.stderr(`Suite reports (original layout): ${path.relative(io.cwd, flags.reportsDir) || flags.reportsDir}/ (${written.length} files)\n`);
    }
    return Math.max(exitCodeOf(result.outcome), gateRun(io, flags, result, verdicts));
  } finally {
    stopNotice();
    await lock?.release();
    await local?.close();
    await mock.server?.close();
  }
}

function lockRun(local: LocalServices, runId: string, command: string, logger: Logger): Promise<HeldRunLock> {
  const container = serviceClientFor({ connectionString: local.connectionString }).getContainerClient(local.container);
  return acquireRunLock(container, paths.runLock(runId), { runId, command, logger });
}

/**
 * The request, kept on disk before anything starts, so a run killed even before its
 * storage was up can still be resumed by id.
 */
function rememberRequest(io: Pick<CliIo, 'cwd'>, request: RunRequest): void {
  const file = rememberedRequestFile(io, request.runId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify(request, null, 2));
}

export function rememberedRequestFile(io: Pick<CliIo, 'cwd'>, runId: string): string {
  return path.join(io.cwd, '.elspeth', 'runs', `${runId}.json`);
}

/** Where the embedded Azurite keeps its data, so `elspeth resume` finds an interrupted run. */
export function localAzuriteFolder(io: Pick<CliIo, 'cwd'>): string {
  return path.join(io.cwd, '.elspeth', 'azurite');
}

async function runWithProgress(local: LocalServices, request: RunRequest, flags: RunFlags, io: CliIo): Promise<LocalRunResult> {
  const bar = createProgressBar(io.stderr, io.interactive);
  let estimateShown = false;
  const onProgress = (progress: RunProgress) => {
    if (!estimateShown && progress.estimate) {
      estimateShown = true;
      bar.finish();
      io.stderr(describeEstimate(progress));
    }
    if (flags.progress) bar.update(progress);
  };
  try {
    return await runLocally({ services: local.services, request, outDir: flags.outDir, maxConcurrentActivities: flags.activities, onProgress });
  } finally {
    bar.finish();
  }
}

function describeStart(request: RunRequest, run: ResolvedRun, local: LocalServices, mockUrl: string | undefined): string {
  const storage = local.embeddedAzurite ? `embedded Azurite, container '${local.container}'` : `configured storage, container '${local.container}'`;
  const lines = [
    `Run ${request.runId}`,
    `  suite ${run.suite} (${run.mode}), ${run.experiments.length} experiment(s), baseline ${run.baseline}`,
    `  storage: ${storage}`,
  ];
  if (mockUrl) lines.push(`  mock LLM: ${mockUrl}`);
  return `${lines.join('\n')}\n`;
}

function describeEstimate(progress: RunProgress): string {
  const estimate = progress.estimate!;
  const cost = estimate.estimated_cost === null ? 'unknown (no fixed price configured)' : `$${estimate.estimated_cost.toFixed(4)} at most`;
  return `Estimate: ${estimate.rows} rows × ${estimate.experiments} experiment(s) = ${estimate.requests} model calls, ~${estimate.estimated_prompt_tokens} prompt + ≤${estimate.estimated_completion_tokens} completion tokens, cost ${cost}\n`;
}

/** Prints the outcome (with the verdict table under --json) and returns the verdict table. */
async function report(io: CliIo, local: LocalServices, result: LocalRunResult, flags: RunFlags, run: ResolvedRun): Promise<VerdictRow[]> {
  const { outcome } = result;
  const summary = outcome.status === 'failed' ? undefined : await getJson<SuiteSummary>(local.services.blobs, paths.suiteFile(outcome.runId, 'summary.json'));
  const verdicts = summary ? verdictTable(summary) : [];
  if (flags.json) io.stdout(`${JSON.stringify({ ...outcome, verdicts }, null, 2)}\n`);
  if (outcome.status === 'failed') {
    io.stderr(`\nStatus: failed.\n${describeRunError(outcome.error)}`);
    return verdicts;
  }
  io.stderr(await describeRowFailures(local.services.blobs, outcome));
  if (!flags.json && summary) io.stdout(`\n${renderSummaryTable(summary)}\n`);
  if (run.mode === 'single') await singleRunExtras(io, local, outcome.runId, run.baseline, flags);
  const cached = outcome.experiments.reduce((sum, experiment) => sum + (experiment.cost.cache_hits ?? 0), 0);
  if (cached > 0) {
    const saved = outcome.experiments.reduce((sum, experiment) => sum + (experiment.cost.cache_saved_cost ?? 0), 0);
    io.stderr(`\nShared response cache: ${cached} calls answered without the model, cost saved ${saved.toFixed(4)}\n`);
  }
  const outPath = path.join(flags.outDir, outcome.runId);
  // The embedded Azurite stops with this command, so its URL is only good while it runs.
  const served = local.embeddedAzurite ? ' (embedded Azurite: served only while this command runs; the same files are in the folder above)' : '';
  io.stderr(`\nStatus: ${outcome.status}. Reports: ${path.relative(io.cwd, outPath) || outPath}/ (${result.mirrored.length} files); blobs: ${local.services.blobs.urlOf(outcome.reportPrefix)}${served}\n`);
  return verdicts;
}

/** `--fail-on` / `--junit` (verdictGate.ts): 1 when a verdict matches the gate. */
function gateRun(io: CliIo, flags: RunFlags, result: LocalRunResult, verdicts: VerdictRow[]): number {
  if (!flags.failOn && !flags.junitFile) return EXIT.ok;
  const gateIo = { ...io, stdout: (text: string) => io.stderr(`\n${text}`) };
  const status = result.outcome.status === 'failed' ? 'Failed' : 'Completed';
  return applyGate(gateIo, { ...(flags.failOn ? { failOn: flags.failOn } : {}), ...(flags.junitFile ? { junitFile: flags.junitFile } : {}) }, { runId: result.outcome.runId, status, outcome: result.outcome, verdicts });
}

/** Single run (docs/original-behaviour.md §7): print the first N flattened rows and optionally write them all as CSV. */
async function singleRunExtras(io: CliIo, local: LocalServices, runId: string, experiment: string, flags: RunFlags): Promise<void> {
  const outcomes = await loadExperimentOutcomes(local.services.blobs, runId, experiment);
  for (const failure of outcomes.failures) io.stderr(`error Row processing failed after ${failure.retry?.attempts ?? 1} attempts: ${failure.error}\n`);
  const table = buildResultsTable(outcomes.records, { includeMetrics: true, includeRetry: true });
  if (flags.outputCsv) {
    fs.mkdirSync(path.dirname(flags.outputCsv), { recursive: true });
    fs.writeFileSync(flags.outputCsv, encodeCsv(table.columns, table.rows, { sanitizeFormulas: true }));
    io.stderr(`Wrote ${table.size} rows to ${flags.outputCsv}\n`);
  }
  if (flags.head > 0 && table.size > 0) {
    io.stdout(`\nFirst ${Math.min(flags.head, table.size)} rows:\n`);
    let shown = 0;
    for (const row of table.rows) {
      if (shown++ >= flags.head) break;
      io.stdout(`${JSON.stringify(row)}\n`);
    }
  }
}

export function printProblems(io: CliIo, problems: readonly ConfigProblem[]): void {
  for (const problem of problems) io.stderr(`${formatProblem(problem)}\n`);
}
