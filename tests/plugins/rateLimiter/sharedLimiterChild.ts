/**
 * One "process" of the three-process shared-limiter test: waits for the agreed start time,
 * then makes `calls` model calls through the shared limiter with `workers` concurrent
 * callers, and prints a JSON summary. Run by sharedLimiterProcesses.test.ts with plain node.
 */
import { createBlobStore } from '../../../src/azure/blobStore';
import { errorMessage, isAppError } from '../../../src/core/errors';
import type { Clock } from '../../../src/core/ports';
import { noopLogger } from '../../../src/core/ports';
import { createHttpOpenaiClient } from '../../../src/plugins/llm/httpOpenai';
import { SharedLimiterOptionsSchema, createSharedLimiter } from '../../../src/plugins/rateLimiter/shared';

interface ChildArgs {
  container: string;
  apiBase: string;
  calls: number;
  workers: number;
  requestsPerMinute: number;
  windowSeconds: number;
  startAt: number;
  name: string;
}

const clock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

async function main(args: ChildArgs): Promise<void> {
  const connectionString = process.env.ELSPETH_TEST_STORAGE;
  if (!connectionString) throw new Error('ELSPETH_TEST_STORAGE is not set');
  const blobs = await createBlobStore({ connectionString }, args.container, { createContainer: false });
  const config = SharedLimiterOptionsSchema.parse({ requests_per_minute: args.requestsPerMinute, window_seconds: args.windowSeconds, key: 'mock-deployment' });
  const limiter = createSharedLimiter(config, { blobs, clock, logger: noopLogger });
  const deps = { logger: noopLogger, telemetry: { trackEvent: () => undefined, trackMetric: () => undefined, flush: async () => undefined }, clock, env: {}, fetch, baseDir: process.cwd(), createLlm: () => { throw new Error('unused'); } };
  const client = createHttpOpenaiClient({ api_base: args.apiBase, model: 'mock', timeout: 30 }, deps);
  // Node loads its fetch implementation on first use; loading it at the first admitted call
  // would stall this process past its slots and release them as a burst.
  await (await fetch('data:,warm-up')).text();
  await clock.sleep(Math.max(0, args.startAt - Date.now()));

  const outcomes: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < args.calls) {
      const n = next++;
      const meta = { row_id: `${args.name}-${n}` };
      const release = await limiter.acquire(meta);
      try {
        const response = await client.generate({ systemPrompt: 's', userPrompt: `call ${n} from ${args.name}`, metadata: meta, requestId: `${args.name}-${n}` });
        limiter.updateUsage(response, meta);
        outcomes.ok = (outcomes.ok ?? 0) + 1;
      } catch (error) {
        limiter.onError?.(error, meta);
        const code = isAppError(error) ? error.code : errorMessage(error);
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      } finally {
        release();
      }
    }
  };
  await Promise.all(Array.from({ length: args.workers }, worker));
  await limiter.settle();
  process.stdout.write(`${JSON.stringify({ name: args.name, outcomes })}\n`);
}

main(JSON.parse(process.env.CHILD_ARGS ?? '{}') as ChildArgs).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
