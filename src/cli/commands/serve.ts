import { AppError } from '../../core/errors';
import { startMockLlmServer, type MockLlmServer } from '../../local/mockLlm';
import { startLocalServices } from '../../local/localServices';
import { createConsoleLogger } from '../../observability/logger';
import { createHttpHandlers, defaultSuiteCacheRoot } from '../../orchestration/triggers/httpHandlers';
import { createBuiltinRegistry } from '../../plugins';
import { intFlag, parseFlags } from '../args';
import { MOCK_URL_ENV } from '../embeddedMock';
import { EXIT, type CliIo } from '../io';
import { localAzuriteFolder } from './run';
import { createLocalRunClient } from './serveRunClient';
import { startLocalHttpServer } from './serveHttp';

const FLAGS = {
  port: { type: 'string', default: '7071' },
  storage: { type: 'string', default: 'memory' },
  'suites-root': { type: 'string' },
  'log-level': { type: 'string', default: 'warn' },
  help: { type: 'boolean', default: false },
} as const;

export const SERVE_USAGE = `Usage: elspeth serve [--port N] [--storage memory|disk] [--suites-root DIR]

Serves the Functions app's HTTP API (POST /api/runs, GET /api/runs/{id},
PUT /api/suites/{sha256}, GET /api/runs?suite=, POST /api/runs/{id}/bless) with the same handlers, over the in-process driver and an
embedded Azurite (or ELSPETH_STORAGE_CONNECTION_STRING), so the pipeline loop
(elspeth submit --wait) runs without the Functions host. The mock model is started
on loopback for suites that name ELSPETH_MOCK_LLM_URL. Loopback only; no keys checked.

  --port N             port on 127.0.0.1 (default 7071; 0 picks a free one)
  --storage KIND       embedded Azurite in memory (default) or on disk (.elspeth/azurite)
  --suites-root DIR    suites callers may name by folder (default: the working directory)
`;

/** `elspeth serve`: prints `listening on http://127.0.0.1:<port>` and serves until interrupted. */
export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return io.stdout(SERVE_USAGE), EXIT.ok;
  const port = intFlag(values.port, 'port', 0)!;
  if (values.storage !== 'memory' && values.storage !== 'disk') throw new AppError('REQUEST_INVALID', "--storage must be 'memory' or 'disk'");
  const logger = createConsoleLogger({ level: values['log-level'] as 'warn', write: (line) => io.stderr(`${line}\n`) });
  const mock: MockLlmServer | undefined = io.env[MOCK_URL_ENV] ? undefined : await startMockLlmServer({ seed: 42, latencyMs: 0 });
  const env = mock ? { ...io.env, [MOCK_URL_ENV]: mock.url } : io.env;
  const registry = createBuiltinRegistry();
  const local = await startLocalServices({
    connectionString: io.env.ELSPETH_STORAGE_CONNECTION_STRING || undefined,
    azurite: values.storage === 'memory' ? { inMemory: true } : { inMemory: false, location: localAzuriteFolder(io) },
    logger,
    env,
    registry,
  });
  const client = createLocalRunClient(local.services);
  const handlers = createHttpHandlers({
    registry,
    suitesRoot: values['suites-root'] ?? io.cwd,
    env,
    getClient: () => client,
    storage: async () => local.services,
    suiteCacheRoot: defaultSuiteCacheRoot(),
  });
  const server = await startLocalHttpServer(handlers, port, (line) => logger.info(line));
  io.stdout(`listening on ${server.url}\n`);
  try {
    await (io.untilShutdown ?? new Promise(() => undefined));
  } finally {
    await server.close();
    await client.idle();
    await local.close();
    await mock?.close();
  }
  return EXIT.ok;
}
