/** `elspeth mock-llm`: start the mock server, print where it listens, stop on SIGINT/SIGTERM. */
import { errorMessage, isAppError } from '../../core/errors';
import { MOCK_LLM_USAGE, parseMockLlmArgs } from './args';
import { startMockLlmServer } from './server';

export interface MockLlmCommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the command should stop; defaults to the first SIGINT or SIGTERM. */
  untilShutdown?: Promise<unknown>;
}

/** Exit codes: 0 after a clean stop or `--help`, 2 for bad arguments, 1 if the server cannot start. */
export async function runMockLlmCommand(argv: readonly string[], io: MockLlmCommandIo): Promise<number> {
  let args: ReturnType<typeof parseMockLlmArgs>;
  try {
    args = parseMockLlmArgs(argv);
  } catch (error) {
    io.err(errorMessage(error));
    io.err(MOCK_LLM_USAGE);
    return isAppError(error) && error.code === 'REQUEST_INVALID' ? 2 : 1;
  }
  if (args.help) {
    io.out(MOCK_LLM_USAGE);
    return 0;
  }
  let server: Awaited<ReturnType<typeof startMockLlmServer>>;
  try {
    server = await startMockLlmServer(args.options);
  } catch (error) {
    io.err(`mock-llm: cannot start: ${errorMessage(error)}`);
    return 1;
  }
  io.out(`Mock LLM listening on ${server.url} (seed ${args.options.seed})`);
  io.out(`  http_openai:  api_base: ${server.url}`);
  io.out(`  azure_openai: azure_endpoint: ${server.url}  (any deployment, any api_version)`);
  await (io.untilShutdown ?? shutdownSignal());
  const stats = server.stats();
  await server.close();
  io.out(`Mock LLM stopped after ${stats.totalRequests} requests (max ${stats.maxInFlight} in flight, busy ${Math.round(stats.busyMs)} ms)`);
  return 0;
}

function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
