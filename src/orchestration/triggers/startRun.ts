import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { ConfigProblem } from '../../core/config/problems';
import type { Registry } from '../../core/plugins/registry';
import type { RunIndex } from '../../core/ports';
import { ORCHESTRATOR_NAME } from '../activityNames';
import { HttpRunBodySchema, REQUEST_LIMITS, type RunRequest } from '../runRequest';
import type { CloudPolicy } from '../cloudPolicy';
import { validateRequest } from '../validateRun';
import type { RunClient } from './durableClientPort';
import { locateSuite, type SuiteLocation } from './suites';

export interface StartRunOptions {
  registry: Registry;
  suitesRoot: string;
  /** The app settings the run's activities will see: `*_env` options are checked against them. */
  env: Readonly<Record<string, string | undefined>>;
  getClient(context: InvocationContext): RunClient;
  runIndex?(): Promise<RunIndex>;
  /** Unpacks a submitted suite (`sha256:<hex>`) and locates it like a deployed one. */
  locateSubmitted?(suiteRef: string, name: string): Promise<SuiteLocation | { error: string }>;
  /** The Functions app: models only through named connections (cloudPolicy.ts); not elspeth serve. */
  cloud?: CloudPolicy;
  newId?(): string;
  now?(): Date;
}

interface Problem {
  path: string;
  message: string;
  file?: string;
}

const badRequest = (problems: Problem[]): HttpResponseInit => ({ status: 400, jsonBody: { error: 'REQUEST_INVALID', problems } });

/**
 * `POST /api/runs`: validate the body and the suite's whole configuration, then start the
 * fixed orchestrator under our own id. 202 with this app's own status URL (never the Durable
 * management URLs, which carry the system key); 400 listing every problem.
 */
export function createStartRunHandler(options: StartRunOptions) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const body = await readJson(request);
    if (body.error) return badRequest([{ path: '', message: body.error }]);
    const parsed = HttpRunBodySchema.safeParse(body.value);
    if (!parsed.success) return badRequest(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
    const located = await locate(options, parsed.data.suite, parsed.data.suiteRef);
    if ('error' in located) return badRequest([{ path: parsed.data.suiteRef ? 'suiteRef' : 'suite', message: located.error }]);
    const runId = `run-${parsed.data.suite}-${(options.newId ?? randomUUID)()}`;
    const { suite, ...overrides } = parsed.data;
    const runRequest: RunRequest = { runId, trigger: 'http', suite, settingsFile: located.settingsFile, suiteRoot: located.suiteRoot, ...overrides };
    const { run, problems } = await validateRequest(runRequest, { registry: options.registry, env: options.env, ...(options.cloud ? { cloud: options.cloud } : {}) });
    if (!run) return badRequest(problems.errors.map((problem) => relativeProblem(problem, parsed.data.suiteRef ? located.suiteRoot : options.suitesRoot)));
    const client = options.getClient(context);
    await client.startNew(ORCHESTRATOR_NAME, { instanceId: runId, input: runRequest });
    await recordQueued(options, runRequest, context);
    context.info('[http] run started', { runId, suite });
    const runStatusUrl = new URL(`/api/runs/${runId}`, request.url).toString();
    return { status: 202, headers: { Location: runStatusUrl }, jsonBody: { runId, suite, runStatusUrl } };
  };
}

/** A deployed suite by folder name, or a submitted one by reference (same validation either way). */
async function locate(options: StartRunOptions, suite: string, suiteRef: string | undefined): Promise<SuiteLocation | { error: string }> {
  if (!suiteRef) return locateSuite(options.suitesRoot, suite);
  if (!options.locateSubmitted) return { error: 'this endpoint does not take submitted suites' };
  return options.locateSubmitted(suiteRef, suite);
}

async function readJson(request: HttpRequest): Promise<{ value?: unknown; error?: string }> {
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > REQUEST_LIMITS.bodyBytes) return { error: `request body is larger than ${REQUEST_LIMITS.bodyBytes} bytes` };
  if (text.trim() === '') return { error: 'request body must be a JSON object such as {"suite": "sample_suite"}' };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `request body is not valid JSON: ${(error as Error).message}` };
  }
}

/** Paths relative to the suites root: the caller knows suites, not the server's disk. */
function relativeProblem(problem: ConfigProblem, suitesRoot: string): Problem {
  return { file: path.relative(suitesRoot, problem.file) || problem.file, path: problem.path, message: problem.message };
}

async function recordQueued(options: StartRunOptions, request: RunRequest, context: InvocationContext): Promise<void> {
  if (!options.runIndex) return;
  try {
    const index = await options.runIndex();
    const startedAt = (options.now?.() ?? new Date()).toISOString();
    await index.upsert({ suite: request.suite, runId: request.runId, status: 'queued', trigger: request.trigger, startedAt, ...(request.suiteRef ? { suiteRef: request.suiteRef } : {}) });
  } catch (error) {
    // The run index is a convenience; the orchestration is what matters.
    context.warn('[http] could not record the run in the run index', { runId: request.runId, error: String(error) });
  }
}
