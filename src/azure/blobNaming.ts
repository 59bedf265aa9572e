import { AppError } from '../core/errors';
import { pythonStr } from '../core/python';

/**
 * Renders a Python `str.format`-style template: `{name}` placeholders, `{{` and `}}` for
 * literal braces. Format specs and attribute/index access are not supported; an unknown
 * name is an error listing what is available (Python raised KeyError).
 */
export function renderPathTemplate(template: string, values: Readonly<Record<string, unknown>>, optionName = 'path_template'): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const key = (name ?? '').trim();
    if (!Object.hasOwn(values, key)) {
      throw new AppError(
        'CONFIG_INVALID',
        `${optionName} '${template}' uses unknown placeholder '{${key}}'. Available: ${Object.keys(values).sort().join(', ')}`,
      );
    }
    return pythonStr(values[key]);
  });
}

/** The original's rule: a name ending in `/`, or whose last segment has no extension, gets `/filename`. */
export function withFilename(name: string, filename: string): string {
  if (name === '' || name.endsWith('/')) return `${name}${filename}`;
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes('.') ? name : `${name}/${filename}`;
}

/** Splits `dir/results.json` into `dir/results` and `.json`. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  if (dot <= slash + 1) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

/** `dir/results.json` -> `dir/results_<index>.json`, for the second and later artifacts. */
export function indexedName(name: string, index: number): string {
  const { stem, extension } = splitExtension(name);
  return `${stem}_${index}${extension}`;
}

/**
 * Blob metadata must have C#-identifier names and ASCII header values: other characters in
 * names become `_`, non-ASCII values are percent-encoded, every value is stringified.
 */
export function toBlobMetadata(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(values)) {
    if (value === undefined) continue;
    let key = rawKey.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(key)) key = `_${key}`;
    const text = typeof value === 'string' ? value : pythonStr(value);
    out[key] = /^[\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text);
  }
  return out;
}

export interface TimestampParts {
  /** `YYYYMMDDTHHMMSSZ`. */
  timestamp: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HHMMSS`. */
  time: string;
  /** ISO 8601, for `generated_at`. */
  iso: string;
}

/** Accepts the compact `YYYYMMDDTHHMMSSZ` form or anything `Date` parses (ISO). */
export function timestampParts(timestamp: string): TimestampParts {
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(timestamp);
  const date = compact
    ? new Date(Date.UTC(+compact[1]!, +compact[2]! - 1, +compact[3]!, +compact[4]!, +compact[5]!, +compact[6]!))
    : new Date(timestamp);
  if (Number.isNaN(date.getTime())) throw new AppError('SINK_FAILED', `Unreadable sink timestamp '${timestamp}'`);
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const [day, clock] = iso.replace('Z', '').split('T') as [string, string];
  const time = clock.replace(/:/g, '');
  return { timestamp: `${day.replace(/-/g, '')}T${time}Z`, date: day, time, iso };
}
