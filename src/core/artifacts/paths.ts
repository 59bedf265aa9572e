import { z } from 'zod';
import { AppError } from '../errors';
import { EXPERIMENT_FOLDER_NAMES, isExperimentFolderName } from '../runLayout';

/**
 * Sinks write relative paths under the run's folder in Blob Storage, and the CLI mirrors
 * those blobs to `./out/<runId>/`. A path that is absolute, climbs out with `..`, holds a NUL
 * or lands on the run's own files could escape that folder or overwrite the run's records, so
 * it is a configuration error, named by its option: at validation (sink schemas use
 * `relativePathOption`) and again when the sink writes.
 */
export function normalizeRelativePath(value: string, optionName: string, options: RelativePathOptions = {}): string {
  const checked = checkRelativePath(value, options);
  if ('problem' in checked) throw invalidPath(optionName, value, checked.problem);
  return checked.path;
}

export interface RelativePathOptions {
  /** The path starts at the experiment's folder, so its first segment may not be one the run uses. */
  experimentRoot?: boolean;
}

export function checkRelativePath(value: string, options: RelativePathOptions = {}): { path: string } | { problem: string } {
  if (value.includes('\0')) return { problem: 'must not contain a NUL character' };
  const text = value.trim().replace(/\\/g, '/');
  if (text.startsWith('/') || /^[A-Za-z]:/.test(text)) return { problem: 'must be a relative path, not an absolute one' };
  const segments = text.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { problem: "must not contain '..'" };
  if (segments.length === 0) return { problem: 'must name a file or folder' };
  if (options.experimentRoot && isExperimentFolderName(segments[0]!)) {
    return { problem: `must not start with '${segments[0]!}': the run keeps its own files there (${EXPERIMENT_FOLDER_NAMES.join(', ')})` };
  }
  return { path: segments.join('/') };
}

/** A sink option holding a relative output path, checked when the configuration is validated. */
export function relativePathOption(options: RelativePathOptions = {}) {
  return z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const checked = checkRelativePath(value, options);
      if ('problem' in checked) ctx.addIssue({ code: 'custom', message: `${checked.problem}: '${value}'` });
    });
}

/** Joins already-normalised parts; an empty part (a base path of '.') is skipped. */
export function joinRelativePath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

/** `a/b/results.csv` -> `a/b/results`; a name without an extension is its own stem. */
export function pathStem(relativePath: string): { stem: string; extension: string } {
  const slash = relativePath.lastIndexOf('/');
  const dot = relativePath.lastIndexOf('.');
  if (dot <= slash + 1) return { stem: relativePath, extension: '' };
  return { stem: relativePath.slice(0, dot), extension: relativePath.slice(dot) };
}

function invalidPath(optionName: string, value: string, reason: string): AppError {
  return new AppError('CONFIG_INVALID', `Sink option '${optionName}' ${reason}: '${value}'`, {
    details: { option: optionName, value },
  });
}
