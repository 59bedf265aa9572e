import { AppError } from '../errors';

const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** UTC `YYYYMMDDTHHMMSSZ`, the original's timestamp form for bundle names (docs/original-behaviour.md §2.12). */
export function formatCompactTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Accepts the compact form or any ISO-8601 instant, and returns the compact form. */
export function toCompactTimestamp(value: string): string {
  if (COMPACT.test(value)) return value;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw new AppError('CONFIG_INVALID', `Timestamp '${value}' is neither YYYYMMDDTHHMMSSZ nor ISO-8601`);
  }
  return formatCompactTimestamp(parsed);
}

/** `20260101T120000Z` -> `2026-01-01T12:00:00Z`, for `generated_at` fields. */
export function compactToIso(compact: string): string {
  const match = COMPACT.exec(compact);
  if (!match) throw new AppError('CONFIG_INVALID', `Timestamp '${compact}' is not YYYYMMDDTHHMMSSZ`);
  const [, year, month, day, hour, minute, second] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
}
