import path from 'node:path';
import { AppError } from '../../core/errors';
import type { RunRequest } from '../../orchestration/runRequest';
import { intFlag, listFlag, parseFlags } from '../args';
import type { FailOn } from '../../orchestration/triggers/verdictTable';
import { parseFailOn } from './verdictGate';

/** `elspeth run` flags: the original's (docs/original-behaviour.md §7) plus the local platform's own. */
export const RUN_FLAGS = {
  settings: { type: 'string', default: 'config/settings.yaml' },
  profile: { type: 'string', default: 'default' },
  'suite-root': { type: 'string' },
  'single-run': { type: 'boolean', default: false },
  head: { type: 'string' },
  'reports-dir': { type: 'string' },
  'output-csv': { type: 'string' },
  'disable-metrics': { type: 'boolean', default: false },
  'live-outputs': { type: 'boolean', default: false },
  'no-cache': { type: 'boolean', default: false },
  'log-level': { type: 'string', default: 'warn' },
  'max-rows': { type: 'string' },
  experiments: { type: 'string' },
  out: { type: 'string', default: 'out' },
  activities: { type: 'string', default: '16' },
  storage: { type: 'string', default: 'disk' },
  'no-progress': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'run-id': { type: 'string' },
  'fail-on': { type: 'string' },
  junit: { type: 'string' },
  'input-root': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

export interface RunFlags {
  request: Omit<RunRequest, 'runId'>;
  head: number;
  outputCsv?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  outDir: string;
  activities: number;
  storage: 'disk' | 'memory';
  progress: boolean;
  json: boolean;
  help: boolean;
  /** `--reports-dir`: the original's suite reports are written there after the run. */
  reportsDir?: string;
  /** A chosen run id (`cli-<anything>`), e.g. to resume it later by name. */
  runId?: string;
  /** Exit 1 when a verdict matches (degraded, or also inconclusive). */
  failOn?: FailOn;
  /** Write JUnit XML of the verdict table here. */
  junitFile?: string;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function parseRunFlags(argv: readonly string[], cwd: string): RunFlags {
  const { values } = parseFlags(argv, RUN_FLAGS);
  const logLevel = String(values['log-level']).toLowerCase().replace('warning', 'warn').replace('critical', 'error');
  if (!LOG_LEVELS.includes(logLevel as (typeof LOG_LEVELS)[number])) throw new AppError('REQUEST_INVALID', `--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  if (values.storage !== 'disk' && values.storage !== 'memory') throw new AppError('REQUEST_INVALID', `--storage must be 'disk' or 'memory'`);
  const settingsFile = path.resolve(cwd, values.settings);
  const request: Omit<RunRequest, 'runId'> = { trigger: 'cli', suite: '', settingsFile, profile: values.profile };
  if (values['suite-root']) request.suiteRoot = path.resolve(cwd, values['suite-root']);
  if (values['single-run']) request.singleRun = true;
  if (values['disable-metrics']) request.disableMetrics = true;
  if (values['live-outputs']) request.liveOutputs = true;
  if (values['input-root'] !== undefined) request.inputRoot = path.resolve(cwd, values['input-root']);
  if (values['no-cache']) request.noCache = true;
  const maxRows = intFlag(values['max-rows'], 'max-rows', 1);
  if (maxRows !== undefined) request.maxRows = maxRows;
  const experiments = listFlag(values.experiments);
  if (experiments) request.experiments = experiments;
  const flags: RunFlags = {
    request,
    head: intFlag(values.head, 'head') ?? 5,
    logLevel: logLevel as RunFlags['logLevel'],
    outDir: path.resolve(cwd, values.out),
    activities: intFlag(values.activities, 'activities', 1) ?? 16,
    storage: values.storage,
    progress: !values['no-progress'],
    json: values.json,
    help: values.help,
  };
  const failOn = parseFailOn(values['fail-on']);
  if (failOn) flags.failOn = failOn;
  if (values.junit) flags.junitFile = path.resolve(cwd, values.junit);
  if (values['output-csv']) flags.outputCsv = path.resolve(cwd, values['output-csv']);
  if (values['reports-dir']) flags.reportsDir = path.resolve(cwd, values['reports-dir']);
  // --head previews rows of a single run; elsewhere it would be silently ignored (0 asks for nothing).
  if (values.head !== undefined && flags.head > 0 && !values['single-run']) {
    throw new AppError('REQUEST_INVALID', '--head applies only with --single-run (it previews the first N rows of a single run)');
  }
  if (values['run-id'] !== undefined) {
    if (!/^cli-[A-Za-z0-9_.-]{1,80}$/.test(values['run-id'])) throw new AppError('REQUEST_INVALID', `--run-id must look like cli-<letters, digits, _ . ->, got '${values['run-id']}'`);
    flags.runId = values['run-id'];
  }
  return flags;
}

export const RUN_USAGE = `Usage: elspeth run --settings FILE [options]

Runs a suite (or a single experiment) end to end on the local path: the same
orchestrator as on Azure, an embedded Azurite when ELSPETH_STORAGE_CONNECTION_STRING
is not set, reports in blob storage mirrored to ./out/<runId>/.

  --settings FILE        settings YAML (default config/settings.yaml)
  --profile NAME         profile in the settings file (default "default")
  --suite-root DIR       suite folder (default: the profile's suite_root)
  --single-run           ignore the suite; run the profile alone
  --head N               with --single-run: preview the first N rows (default 5, 0 = none)
  --reports-dir DIR      also write the original's suite reports (comparative analysis,
                         recommendations, executive summary, analysis.xlsx) to DIR
  --output-csv FILE      single run: write the flattened results
  --disable-metrics      drop row, aggregation and baseline analytics plugins
  --live-outputs         let repository sinks really push (default: dry run)
  --no-cache             ask the model even if the profile enables the shared response cache
  --max-rows N           use only the first N rows of the dataset
  --experiments A,B      run only these experiments (plus the baseline)
  --out DIR              where to mirror reports (default ./out)
  --activities N         activities in flight in this process (default 16)
  --storage disk|memory  embedded Azurite persistence (default disk: .elspeth/azurite)
  --log-level LEVEL      debug, info, warn, error (default warn)
  --no-progress          no progress bar
  --json                 print the run outcome as JSON on stdout
  --run-id ID            use this run id (cli-...), e.g. to resume it by name
  --fail-on V            degraded | inconclusive: exit 1 when a verdict matches
  --junit FILE           write the verdict table as JUnit XML (a case per variant and criterion)
  --input-root DIR       read inputs (dataset, prompt files) from anywhere inside DIR;
                         by default they must be relative paths inside the suite folder
`;
