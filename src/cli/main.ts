import { errorMessage, isAppError } from '../core/errors';
import { createBlobStore } from '../azure/blobStore';
import { AppError } from '../core/errors';
import { runMockLlmCommand } from '../local/mockLlm';
import { DEFAULT_CONTAINER } from '../local/localServices';
import { nodeCompareIo } from './compare/nodeCompareIo';
import { runCompare } from './commands/compare';
import { pluginsCommand } from './commands/plugins';
import { resumeCommand } from './commands/resume';
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';
import { serveCommand } from './commands/serve';
import { submitCommand } from './commands/submit';
import { withConnectionsFile } from './commands/connectionsFile';
import { EXIT, isBadInput, processIo, type CliIo } from './io';

const USAGE = `Usage: elspeth <command> [options]

Commands:
  run        run a suite end to end locally (embedded Azurite, reports in ./out/<runId>/)
  resume     finish an interrupted local run: resume <runId>
  validate   check settings, prompt packs and suite; every problem with file and key path
  plugins    plugins list [kind]: registered plugins
  compare    re-analyse stored results: --baseline A --variant B [--plugins p,q] [--criteria c] [--options JSON] [--json]
  mock-llm   serve the mock OpenAI-compatible model on loopback
  serve      serve the app's HTTP API locally (in-process driver, embedded Azurite): serve [--port N]
  submit     upload a suite folder to an app and run it: submit --url URL --suite DIR [--wait] [--fail-on degraded] [--junit FILE]

Run 'elspeth <command> --help' for a command's options.
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  resume: resumeCommand,
  validate: validateCommand,
  serve: serveCommand,
  submit: submitCommand,
  plugins: pluginsCommand,
  compare: (argv, io) => runCompare(argv, nodeCompareIo(io, () => openRunStore(io))),
  'mock-llm': (argv, io) =>
    runMockLlmCommand(argv, {
      out: (line) => io.stdout(`${line}\n`),
      err: (line) => io.stderr(`${line}\n`),
      ...(io.untilShutdown ? { untilShutdown: io.untilShutdown } : {}),
    }),
};

/** Blob prefixes (`blob:runs/<id>/<experiment>`) are read from the configured storage. */
function openRunStore(io: CliIo) {
  const connectionString = io.env.ELSPETH_STORAGE_CONNECTION_STRING;
  if (!connectionString) throw new AppError('REQUEST_INVALID', 'Reading blob prefixes needs ELSPETH_STORAGE_CONNECTION_STRING (the storage the run wrote to)');
  return createBlobStore({ connectionString }, io.env.ELSPETH_CONTAINER ?? DEFAULT_CONTAINER, { createContainer: false });
}

/** Entry point: returns the exit code (0 ok, 1 run failures, 2 bad input). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`Unknown command '${name}'.\n\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    // Named model connections from a local file join the environment (connectionsFile.ts).
    return await command(rest, withConnectionsFile(io));
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (isAppError(error) && isBadInput(error)) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT.badInput;
  }
  io.stderr(`error: ${isAppError(error) ? `[${error.code}] ` : ''}${errorMessage(error)}\n`);
  return EXIT.failures;
}
