import type { z } from 'zod';
import { AppError } from '../errors';
import { didYouMean } from '../plugins/didYouMean';

/** One thing wrong (or worth a warning) in a configuration file, located by key path. */
export interface ConfigProblem {
  severity: 'error' | 'warning';
  file: string;
  /** Dotted key path inside the file, e.g. `default.llm.options.seed` or `row_plugins[0].name`. */
  path: string;
  message: string;
}

export function keyPath(base: string, ...segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path === '' ? problem.file : `${problem.file}: ${problem.path}`;
  return `${problem.severity === 'warning' ? 'warning: ' : ''}${where}: ${problem.message}`;
}

/** Collects problems while validation walks the configuration. */
export class ProblemCollector {
  readonly problems: ConfigProblem[] = [];

  error(file: string, path: string, message: string): void {
    this.problems.push({ severity: 'error', file, path, message });
  }

  warning(file: string, path: string, message: string): void {
    this.problems.push({ severity: 'warning', file, path, message });
  }

  get errors(): ConfigProblem[] {
    return this.problems.filter((p) => p.severity === 'error');
  }

  get warnings(): ConfigProblem[] {
    return this.problems.filter((p) => p.severity === 'warning');
  }

  addZodIssues(issues: readonly z.core.$ZodIssue[], file: string, base: string, knownKeysAt?: (path: PropertyKey[]) => string[]): void {
    for (const issue of issues) {
      const path = keyPath(base, ...issue.path);
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt?.(issue.path) ?? [];
        for (const key of issue.keys) {
          const hint = didYouMean(key, known);
          const allowed = known.length > 0 ? ` Allowed keys: ${[...known].sort().join(', ')}.` : '';
          this.error(file, keyPath(path, key), `unknown key '${key}'.${hint ? ` Did you mean '${hint}'?` : ''}${allowed}`);
        }
      } else {
        this.error(file, path, issue.message);
      }
    }
  }

  /** Throws CONFIG_INVALID listing every error; warnings alone do not throw. */
  throwIfErrors(): void {
    const errors = this.errors;
    if (errors.length === 0) return;
    throw configInvalid(errors);
  }
}

/** True when every issue is only an unknown key: the rest of the object can still be checked. */
export function onlyUnknownKeys(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.every((issue) => issue.code === 'unrecognized_keys');
}

/** A copy without the unknown keys the issues name (top level and nested objects). */
export function withoutUnknownKeys(value: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = copy;
    for (const segment of issue.path) target = (target as Record<PropertyKey, unknown> | undefined)?.[segment as string];
    if (target && typeof target === 'object') for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * Parses a section and reports its problems. A section whose only problems are unknown
 * keys is still returned (without them), so one typo does not hide every other problem.
 */
export function parseSectionReporting<S extends z.ZodType>(
  schema: S,
  value: Record<string, unknown>,
  where: { problems: ProblemCollector; file: string; path: string; knownKeysAt?: (path: PropertyKey[]) => string[] },
): z.output<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  where.problems.addZodIssues(parsed.error.issues, where.file, where.path, where.knownKeysAt);
  if (!onlyUnknownKeys(parsed.error.issues)) return undefined;
  const retry = schema.safeParse(withoutUnknownKeys(value, parsed.error.issues));
  return retry.success ? retry.data : undefined;
}

export function configInvalid(problems: ConfigProblem[]): AppError {
  const lines = problems.map(formatProblem);
  return new AppError('CONFIG_INVALID', `Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, {
    details: { problems },
  });
}
