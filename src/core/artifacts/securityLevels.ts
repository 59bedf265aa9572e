import { AppError } from '../errors';
import { scalarText } from '../format/text';

/** Ordered lowest to highest (docs/original-behaviour.md §8). */
export const SECURITY_LEVELS = ['unofficial', 'official', 'official-sensitive', 'secret', 'top-secret'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

/** Trims and lower-cases; empty or missing means `unofficial`; anything else unknown is an error. */
export function normalizeSecurityLevel(level: unknown): SecurityLevel {
  if (level === undefined || level === null) return 'unofficial';
  const text = scalarText(level).trim().toLowerCase();
  if (text === '') return 'unofficial';
  const found = SECURITY_LEVELS.find((candidate) => candidate === text);
  if (!found) {
    throw new AppError('CONFIG_INVALID', `Unknown security level '${scalarText(level)}'. Available: ${SECURITY_LEVELS.join(', ')}`);
  }
  return found;
}

export function isSecurityLevel(level: unknown): boolean {
  try {
    normalizeSecurityLevel(level);
    return true;
  } catch {
    return false;
  }
}

/** The most restrictive of the given levels; nulls are ignored; default `unofficial`. */
export function mostRestrictive(...levels: unknown[]): SecurityLevel {
  let best = 0;
  for (const level of levels) {
    if (level === undefined || level === null || level === '') continue;
    best = Math.max(best, SECURITY_LEVELS.indexOf(normalizeSecurityLevel(level)));
  }
  return SECURITY_LEVELS[best]!;
}

/** True when a holder of `clearance` may see data at `dataLevel`. */
export function isAllowed(dataLevel: unknown, clearance: unknown): boolean {
  return SECURITY_LEVELS.indexOf(normalizeSecurityLevel(clearance)) >= SECURITY_LEVELS.indexOf(normalizeSecurityLevel(dataLevel));
}
