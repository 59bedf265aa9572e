import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors';

/**
 * A suite folder as sent by `elspeth submit` (docs/ci.md): every file by relative path,
 * content-addressed. The digest covers paths and contents only (not the folder's name), so
 * the same suite always has the same address, `suites/<sha256>/` in the run container, and
 * what is stored there never changes. The app checks every path and the digest itself.
 */
export interface BundleFile {
  path: string;
  sha256: string;
  size: number;
}

export interface SuiteManifest {
  digest: string;
  files: BundleFile[];
}

export const BUNDLE_LIMITS = { files: 1000, pathLength: 240, defaultMaxBytes: 20 * 1024 * 1024 } as const;
export const SUITE_REF = /^sha256:([0-9a-f]{64})$/;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_. -]*$/;

/** Why a path may not be part of a bundle, or undefined when it may: relative, inside the folder, plain names. */
export function badBundlePath(path: string): string | undefined {
  if (path.length === 0 || path.length > BUNDLE_LIMITS.pathLength) return `must be 1-${BUNDLE_LIMITS.pathLength} characters`;
  const segments = path.split('/');
  if (segments.some((segment) => !SEGMENT.test(segment) || segment.endsWith('.') || segment.endsWith(' '))) {
    return "must be a relative path of plain names (letters, digits, _ . - and spaces; no '..', no leading '/' or '.', no backslashes)";
  }
  return undefined;
}

export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The manifest of a set of files: sorted by path, digest over `path NUL sha256 LF` lines. */
export function manifestOf(files: ReadonlyMap<string, Buffer>): SuiteManifest {
  const entries = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, content]) => ({ path, sha256: sha256Hex(content), size: content.length }));
  const digest = sha256Hex(entries.map((entry) => `${entry.path}\u0000${entry.sha256}\n`).join(''));
  return { digest, files: entries };
}

/** Checks a bundle's paths, count and size; throws REQUEST_INVALID naming each problem. */
export function checkBundle(files: ReadonlyMap<string, Buffer>, maxBytes: number): void {
  const problems: string[] = [];
  if (files.size > BUNDLE_LIMITS.files) problems.push(`${files.size} files; at most ${BUNDLE_LIMITS.files}`);
  const total = [...files.values()].reduce((sum, content) => sum + content.length, 0);
  if (total > maxBytes) problems.push(`${total} bytes; at most ${maxBytes}`);
  for (const path of files.keys()) {
    const bad = badBundlePath(path);
    if (bad) problems.push(`'${path}' ${bad}`);
  }
  if (!files.has('settings.yaml') && !files.has('settings.yml')) problems.push('no settings.yaml at the top of the suite folder');
  if (problems.length > 0) throw new AppError('REQUEST_INVALID', `suite bundle refused: ${problems.join('; ')}`, { details: { problems } });
}
