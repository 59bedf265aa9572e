import { resolveInputPath as resolveUnderPolicy } from '../../core/config/inputPolicy';
import { AppError } from '../../core/errors';
import type { PluginDeps } from '../../core/plugins/kinds';

export interface ResolvedInputPath {
  /** The path to read: the first candidate that exists, else the first candidate. */
  path: string;
  /** Every place looked at, for "not found" messages. */
  tried: string[];
}

/**
 * Resolves a configured input file under the run's input policy (core/config/inputPolicy.ts):
 * by default relative to the settings file's folder and confined to the suite folder; a path
 * the policy refuses is a configuration error naming the option.
 */
export function resolveInputPath(configured: string, deps: Pick<PluginDeps, 'baseDir' | 'inputs'>, option: string, cwd: string = process.cwd()): ResolvedInputPath {
  const resolved = resolveUnderPolicy(configured, deps.baseDir, deps.inputs, cwd);
  if ('problem' in resolved) throw new AppError('CONFIG_INVALID', `${option}: ${resolved.problem}`, { details: { option, value: configured } });
  return resolved;
}
