import os from 'node:os';
import path from 'node:path';
import type { InvocationContext } from '@azure/functions';
import type { Registry } from '../../core/plugins/registry';
import type { BlobStore, RunIndex } from '../../core/ports';
import type { CloudPolicy } from '../cloudPolicy';
import type { RunClient } from './durableClientPort';
import { createGetRunHandler } from './getRun';
import type { HttpHandler, HttpRouteName } from './httpRoutes';
import { createPutSuiteHandler } from './putSuite';
import { createBlessRunHandler, createListRunsHandler } from './runIndexRoutes';
import { createStartRunHandler } from './startRun';
import { BUNDLE_LIMITS, SUITE_REF } from './suiteBundle';
import { materializeSuite } from './suiteStore';

export interface HttpHandlersOptions {
  registry: Registry;
  /** Suites shipped with the app (ELSPETH_SUITES_ROOT); submitted suites come from blob storage. */
  suitesRoot: string;
  /** The app settings the runs' activities will see (`*_env` options are checked against them). */
  env: Readonly<Record<string, string | undefined>>;
  getClient: (context: InvocationContext) => RunClient;
  storage(): Promise<{ blobs: BlobStore; runIndex: RunIndex }>;
  /** Where submitted suites are unpacked (default: <tmp>/elspeth-suites). */
  suiteCacheRoot?: string;
  maxSuiteBytes?: number;
  /** The Functions app passes its policy; `elspeth serve` (local) does not. */
  cloud?: CloudPolicy;
}

/** Every route's handler, for the Functions app and `elspeth serve` alike. */
export function createHttpHandlers(options: HttpHandlersOptions): Record<HttpRouteName, HttpHandler> {
  const cacheRoot = options.suiteCacheRoot ?? path.join(os.tmpdir(), 'elspeth-suites');
  const blobs = async () => (await options.storage()).blobs;
  const runIndex = async () => (await options.storage()).runIndex;
  return {
    startRun: createStartRunHandler({
      registry: options.registry,
      suitesRoot: options.suitesRoot,
      env: options.env,
      getClient: options.getClient,
      runIndex,
      ...(options.cloud ? { cloud: options.cloud } : {}),
      locateSubmitted: async (ref, name) => materializeSuite(await blobs(), SUITE_REF.exec(ref)![1]!, cacheRoot, name),
    }),
    listRuns: createListRunsHandler(runIndex),
    getRun: createGetRunHandler(options.getClient, { blobs }),
    blessRun: createBlessRunHandler({ runIndex }),
    putSuite: createPutSuiteHandler({ blobs, maxBytes: options.maxSuiteBytes ?? BUNDLE_LIMITS.defaultMaxBytes }),
  };
}

/** The folder submitted suites are unpacked into, for activities that need the files again. */
export function defaultSuiteCacheRoot(): string {
  return path.join(os.tmpdir(), 'elspeth-suites');
}
