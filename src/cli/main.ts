import { errorMessage, isAppError } from '../core/errors';
import { didYouMean } from '../core/plugins/didYouMean';
import { runMockLlmCommand } from '../local/mockLlm';
import { compareCommand } from './compare/compareCommand';
import { initCommand } from './commands/init';
import { pluginsCommand } from './commands/plugins';
import { resumeCommand } from './commands/resume';
import { runCommand } from './commands/run';
import { schemaCommand } from './commands/schema';
import { validateCommand } from './commands/validate';
import { serveCommand } from './commands/serve';
import { submitCommand } from './commands/submit';
import { blessCommand, runsCommand } from './commands/runIndexCommands';
import { withConnectionsFile } from './commands/connectionsFile';
import { EXIT, isBadInput, processIo, type CliIo } from './io';

const USAGE = `Usage: elspeth <command> [options]

Commands:
  run        run a suite end to end locally (embedded Azurite, reports in ./out/<runId>/)
  resume     finish an interrupted local run: resume <runId>
  validate   check settings, prompt packs and suite; every problem with file and key path
  init       write a small suite that runs on the mock model: init <dir>
  plugins    plugins list [kind]: registered plugins; plugins show <name>: options, types, defaults
  compare    re-analyse stored results: --baseline A --variant B [--plugins p,q] [--criteria c] [--options JSON] [--json]
  schema     print the JSON Schema of settings (or of an experiment config) for editors
  mock-llm   serve the mock OpenAI-compatible model on loopback
  serve      serve the app's HTTP API locally (in-process driver, embedded Azurite): serve [--port N]
  submit     upload a suite folder to an app and run it: submit --url URL --suite DIR [--wait] [--fail-on degraded] [--junit FILE]
  runs       list an app's runs with verdicts and scheduled checks: runs --url URL [--suite S] [--json]
  bless      make a completed run its suite's baseline for scheduled runs: bless <runId> --url URL

Run 'elspeth <command> --help' for a command's options.
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  resume: resumeCommand,
  validate: validateCommand,
  serve: serveCommand,
  submit: submitCommand,
  runs: runsCommand,
  bless: blessCommand,
  plugins: pluginsCommand,
  schema: schemaCommand,
  init: initCommand,
  compare: compareCommand,
  'mock-llm': (argv, io) =>
    runMockLlmCommand(argv, {
      out: (line) => io.stdout(`${line}\n`),
      err: (line) => io.stderr(`${line}\n`),
      ...(io.untilShutdown ? { untilShutdown: io.untilShutdown } : {}),
    }),
};

/** Entry point: returns the exit code (0 ok, 1 run failures, 2 bad input). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const hint = didYouMean(name, Object.keys(COMMANDS));
    io.stderr(`Unknown command '${name}'.${hint ? ` Did you mean '${hint}'?` : ''}\n\n${USAGE}`);
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
