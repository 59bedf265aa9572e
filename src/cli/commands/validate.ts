import path from 'node:path';
import { validateRequest } from '../../orchestration/validateRun';
import { createBuiltinRegistry } from '../../plugins';
import { parseFlags } from '../args';
import { envWithEmbeddedMock } from '../embeddedMock';
import { EXIT, type CliIo } from '../io';
import { printProblems } from './run';

const FLAGS = {
  settings: { type: 'string', default: 'config/settings.yaml' },
  profile: { type: 'string', default: 'default' },
  'suite-root': { type: 'string' },
  'single-run': { type: 'boolean', default: false },
  'input-root': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

const VALIDATE_USAGE = `Usage: elspeth validate --settings FILE [--profile NAME] [--suite-root DIR] [--single-run] [--input-root DIR]

Checks everything a run would check before its first model call, without running
anything: settings, prompt packs and the suite, environment variables named by *_env
options, model settings, the whole dataset, and template fields against its columns.
Lists every problem with its file and key path and exits 2 if there is any.
`;

/** `elspeth validate`: the checks `elspeth run` makes before starting; exit 2 if any fails. */
export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    io.stdout(VALIDATE_USAGE);
    return EXIT.ok;
  }
  const request = {
    runId: 'validation',
    trigger: 'cli' as const,
    suite: '',
    settingsFile: path.resolve(io.cwd, values.settings),
    profile: values.profile,
    ...(values['single-run'] ? { singleRun: true } : {}),
    ...(values['suite-root'] ? { suiteRoot: path.resolve(io.cwd, values['suite-root']) } : {}),
    ...(values['input-root'] !== undefined ? { inputRoot: path.resolve(io.cwd, values['input-root']) } : {}),
  };
  const { run, problems, dataset } = await validateRequest(request, { registry: createBuiltinRegistry(), env: envWithEmbeddedMock(io.env) });
  printProblems(io, problems.warnings);
  if (!run) {
    printProblems(io, problems.errors);
    io.stderr(`\n${problems.errors.length} problem(s) found.\n`);
    return EXIT.badInput;
  }
  const rows = dataset ? `; ${dataset.rows.length} row(s)` : '';
  io.stdout(`OK: ${run.suite} (${run.mode}) with ${run.experiments.length} experiment(s): ${run.experiments.map((e) => e.name).join(', ')}; baseline ${run.baseline}${rows}\n`);
  return EXIT.ok;
}
