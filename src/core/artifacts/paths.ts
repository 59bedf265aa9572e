import { AppError } from '../errors';

/**
 * Sinks write relative paths under the run's folder in Blob Storage, and the CLI mirrors
 * those blobs to `./out/<runId>/`. A path that is absolute or climbs out with `..` could
 * escape that folder on the mirror, so it is a configuration error, named by its option.
 */
export function normalizeRelativePath(value: string, optionName: string): string {
  const text = value.trim().replace(/\\/g, '/');
  if (text.startsWith('/') || /^[A-Za-z]:/.test(text)) {
    throw invalidPath(optionName, value, 'must be a relative path, not an absolute one');
  }
  const segments = text.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw invalidPath(optionName, value, "must not contain '..'");
  if (segments.length === 0) throw invalidPath(optionName, value, 'must name a file or folder');
  return segments.join('/');
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
