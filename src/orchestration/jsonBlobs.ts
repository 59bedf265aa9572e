import { parseOrderedJson, stringifyOrdered } from '../core/data/orderedJson';
import { AppError } from '../core/errors';
import type { BlobStore } from '../core/ports';
import { describeIssues, type StoredFormat } from './storedFormats';

/** JSON and JSON Lines over a BlobStore: the claim-check format of every run file. */

export async function putJson(blobs: BlobStore, name: string, value: unknown, ifNoneMatch = false): Promise<void> {
  await blobs.put(name, stringifyOrdered(value, jsonSafe), { contentType: 'application/json', ifNoneMatch });
}

export async function getJson<T>(blobs: BlobStore, name: string): Promise<T | undefined> {
  const body = await blobs.get(name);
  if (body === undefined) return undefined;
  try {
    return parseOrderedJson(body.toString('utf8')) as T;
  } catch (error) {
    throw new AppError('STORAGE_FAILED', `Blob '${name}' is not valid JSON: ${(error as Error).message}`, { details: { blob: name, corrupt: true } });
  }
}

export async function requireJson<T>(blobs: BlobStore, name: string): Promise<T> {
  const value = await getJson<T>(blobs, name);
  if (value === undefined) throw new AppError('STORAGE_FAILED', `Blob '${name}' is missing`, { retryable: true });
  return value;
}

/** A stored file read and checked against its declared format (storedFormats.ts). */
export async function getJsonOf<T>(blobs: BlobStore, name: string, format: StoredFormat<T>): Promise<T | undefined> {
  const value = await getJson<unknown>(blobs, name);
  return value === undefined ? undefined : checkStored(format, value, name);
}

export async function requireJsonOf<T>(blobs: BlobStore, name: string, format: StoredFormat<T>): Promise<T> {
  return checkStored(format, await requireJson<unknown>(blobs, name), name);
}

/** Every line of a stored JSON Lines file, each checked against the line format. */
export async function getJsonLinesOf<T>(blobs: BlobStore, name: string, format: StoredFormat<T>): Promise<T[] | undefined> {
  const lines = await getJsonLines<unknown>(blobs, name);
  return lines?.map((line, i) => checkStored(format, line, `${name}:${i + 1}`));
}

/** The value as read when it has the declared shape; a non-retryable STORAGE_FAILED naming where it breaks otherwise. */
export function checkStored<T>(format: StoredFormat<T>, value: unknown, where: string): T {
  const checked = format.schema.safeParse(value);
  if (!checked.success) {
    throw new AppError('STORAGE_FAILED', `Blob '${where}' is not ${format.what}: ${describeIssues(checked.error)}`, { details: { blob: where, corrupt: true } });
  }
  return value as T;
}

export function toJsonLines(items: readonly unknown[]): string {
  return items.map((item) => stringifyOrdered(item, jsonSafe)).join('\n') + (items.length > 0 ? '\n' : '');
}

export function parseJsonLines<T>(text: string, source: string): T[] {
  const out: T[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    try {
      out.push(parseOrderedJson(raw) as T);
    } catch (error) {
      throw new AppError('STORAGE_FAILED', `${source}:${line}: invalid JSON line: ${(error as Error).message}`, { details: { blob: source, line, corrupt: true } });
    }
  }
  return out;
}

export async function putJsonLines(blobs: BlobStore, name: string, items: readonly unknown[], ifNoneMatch = false): Promise<void> {
  await blobs.put(name, toJsonLines(items), { contentType: 'application/x-ndjson', ifNoneMatch });
}

export async function getJsonLines<T>(blobs: BlobStore, name: string): Promise<T[] | undefined> {
  const body = await blobs.get(name);
  return body === undefined ? undefined : parseJsonLines<T>(body.toString('utf8'), name);
}

/** NaN and ±Infinity are not JSON: they become null (a missing value), never bare literals. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Runs `work` over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
