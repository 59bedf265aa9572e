/**
 * The names a run's storage folder uses for itself (docs/storage.md). They live in core so
 * that configuration checks can refuse experiment names and sink paths that would land on
 * them; `orchestration/storagePaths.ts` builds every blob name from these constants.
 */

/** Entries of `runs/<runId>/` other than experiment folders: no experiment may be named so. */
export const RUN_FOLDER = {
  plan: 'plan.json',
  request: 'request.json',
  input: 'input',
  suite: 'suite',
} as const;

/** Entries of `runs/<runId>/<experiment>/` the run writes itself: no sink may write there. */
export const EXPERIMENT_FOLDER = {
  batches: 'batches',
  aggregates: 'aggregates.json',
  comparison: 'comparison.json',
} as const;

const lower = (names: Record<string, string>) => new Set(Object.values(names).map((name) => name.toLowerCase()));
const RUN_NAMES = lower(RUN_FOLDER);
const EXPERIMENT_NAMES = lower(EXPERIMENT_FOLDER);

/**
 * Compared without case: blob names are case-sensitive, but the `out/` mirror may sit on a
 * case-insensitive file system (Windows, macOS), where `Plan.json` is `plan.json`.
 */
export function isRunFolderName(name: string): boolean {
  return RUN_NAMES.has(name.toLowerCase());
}

export function isExperimentFolderName(name: string): boolean {
  return EXPERIMENT_NAMES.has(name.toLowerCase());
}

export const RUN_FOLDER_NAMES: readonly string[] = Object.values(RUN_FOLDER);
export const EXPERIMENT_FOLDER_NAMES: readonly string[] = Object.values(EXPERIMENT_FOLDER);
