import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a run may read its inputs from (README "Input files stay in the suite folder"). A
 * suite names its dataset, prompt files and blob-config file; read unchecked, a name like
 * `/proc/self/environ` or `../../secrets.env` would copy the server's files into the plan
 * and the prompts. By default every input must be a relative path, without `..`, whose real
 * path (symbolic links resolved) stays inside the suite folder. The local CLI may choose a
 * wider folder with `--input-root DIR` (absolute paths and `..` then allowed inside it); the
 * HTTP API and the timer cannot.
 */
export interface InputPolicy {
  /** Real paths of the folders inputs may come from. Absent: anywhere (unit tests, `compare`). */
  roots?: string[];
  /** True unless the folder was chosen explicitly: only relative paths without `..`. */
  relativeOnly: boolean;
}

export interface InputPolicyOptions {
  settingsFile: string;
  /** A suite folder named by the caller (CLI flag, HTTP suite name), not by the configuration. */
  suiteRoot?: string;
  /** The CLI's `--input-root`: inputs anywhere inside this folder. */
  inputRoot?: string;
}

export function inputPolicyFor(options: InputPolicyOptions): InputPolicy {
  if (options.inputRoot !== undefined) return { roots: [realPathOf(options.inputRoot)], relativeOnly: false };
  const roots = [path.dirname(options.settingsFile), ...(options.suiteRoot ? [options.suiteRoot] : [])].map(realPathOf);
  return { roots: [...new Set(roots)], relativeOnly: true };
}

export type ConfinedPath = { path: string; tried: string[] } | { problem: string };

/**
 * Resolves a configured input path under the policy. Relative paths resolve against
 * `baseDir` (the settings file's folder); with an explicit root, against the working
 * directory first as the original CLI did.
 */
export function resolveInputPath(configured: string, baseDir: string, policy: InputPolicy | undefined, cwd: string): ConfinedPath {
  if (configured.includes('\0')) return { problem: `input path '${configured}' must not contain a NUL character` };
  const absolute = path.isAbsolute(configured);
  if (policy?.relativeOnly) {
    if (absolute) return { problem: `input path '${configured}' must be relative to the suite folder; absolute paths are refused` };
    if (configured.split(/[\\/]/).includes('..')) return { problem: `input path '${configured}' must not leave the suite folder with '..'` };
  }
  const candidates = absolute ? [configured] : policy?.relativeOnly ? [path.resolve(baseDir, configured)] : [...new Set([path.resolve(cwd, configured), path.resolve(baseDir, configured)])];
  const found = candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0]!;
  const problem = outsideProblem(found, policy);
  return problem ? { problem: `input path '${configured}' ${problem}` } : { path: found, tried: candidates };
}

/** Why a file (that exists) may not be read under the policy, or undefined when it may. */
export function outsideProblem(file: string, policy: InputPolicy | undefined): string | undefined {
  if (!policy?.roots || !fs.existsSync(file)) return undefined;
  const real = realPathOf(file);
  if (policy.roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) return undefined;
  const where = policy.relativeOnly ? 'the suite folder' : `the input root ${policy.roots[0]!}`;
  return real === path.resolve(file) ? `is outside ${where}` : `leads outside ${where} through a symbolic link`;
}

function realPathOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
