import path from 'node:path';
import { loadRunConfig } from '../../core/config/loadRun';
import { createBuiltinRegistry } from '../../plugins';
import { parseFlags } from '../args';
import { EXIT, type CliIo } from '../io';
import { connectionConfigProblems, printProblems } from './run';

const FLAGS = {
  settings: { type: 'string', default: 'config/settings.yaml' },
  profile: { type: 'string', default: 'default' },
  'suite-root': { type: 'string' },
  'single-run': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const VALIDATE_USAGE = `Usage: elspeth validate --settings FILE [--profile NAME] [--suite-root DIR] [--single-run]

Checks settings, prompt packs and the suite without running anything; lists every
problem with its file and key path and exits 2 if there is any.
`;

/** `elspeth validate`: every problem with its file and key path; exit 2 if any is an error. */
export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    io.stdout(VALIDATE_USAGE);
    return EXIT.ok;
  }
  const { run, problems } = loadRunConfig({
    settingsFile: path.resolve(io.cwd, values.settings),
    profile: values.profile,
    registry: createBuiltinRegistry(),
    singleRun: values['single-run'],
    ...(values['suite-root'] ? { suiteRoot: path.resolve(io.cwd, values['suite-root']) } : {}),
  });
  printProblems(io, problems.warnings);
  const errors = run ? connectionConfigProblems(run, io.env, path.resolve(io.cwd, values.settings)) : problems.errors;
  if (!run || errors.length > 0) {
    printProblems(io, errors);
    io.stderr(`\n${errors.length} problem(s) found.\n`);
    return EXIT.badInput;
  }
  io.stdout(`OK: ${run.suite} (${run.mode}) with ${run.experiments.length} experiment(s): ${run.experiments.map((e) => e.name).join(', ')}; baseline ${run.baseline}\n`);
  return EXIT.ok;
}
