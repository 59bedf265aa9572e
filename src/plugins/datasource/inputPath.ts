import { access } from 'node:fs/promises';
import path from 'node:path';

export interface ResolvedInputPath {
  /** The path to read: the first candidate that exists, else the first candidate. */
  path: string;
  /** Every place looked at, for "not found" messages. */
  tried: string[];
}

/**
 * Resolves a configured file path: absolute as given; relative against the current
 * working directory first (how the original CLI behaved), then against `baseDir` (the
 * folder of the settings file, so suites also run from elsewhere).
 */
export async function resolveInputPath(configured: string, baseDir: string, cwd: string = process.cwd()): Promise<ResolvedInputPath> {
  const candidates = path.isAbsolute(configured)
    ? [configured]
    : [...new Set([path.resolve(cwd, configured), path.resolve(baseDir, configured)])];
  for (const candidate of candidates) {
    if (await exists(candidate)) return { path: candidate, tried: candidates };
  }
  return { path: candidates[0]!, tried: candidates };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
