import { AppError, errorMessage } from '../../core/errors';
import type { ExperimentRecord } from '../../core/engine/records';
import type { BatchTrailer } from '../../orchestration/storedFormats';
import type { CompareIo } from './compareIo';

/** Records of one side of a comparison, with what was skipped. */
export interface LoadedRecords {
  source: string;
  records: ExperimentRecord[];
  failures: number;
}

const BLOB_PREFIX = 'blob:';

function bad(message: string): AppError {
  return new AppError('REQUEST_INVALID', message);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const TRAILER_STATUS: BatchTrailer['status'] = 'batch';

/**
 * One JSONL line as a successful record, 'failure' for a `status: "error"` line, or
 * 'trailer' for the bookkeeping line that ends every batch file (declared in orchestration/storedFormats.ts).
 */
function toRecord(line: unknown, position: number, where: string): ExperimentRecord | 'failure' | 'trailer' {
  const value = asObject(line);
  if (!value) throw bad(`${where}: each line must be a JSON object`);
  if (value.status === 'error') return 'failure';
  if (value.status === TRAILER_STATUS) return 'trailer';
  const row = asObject(value.row) ?? {};
  const metrics = asObject(value.metrics);
  if (!metrics) throw bad(`${where}: a record needs a "metrics" object (with "scores")`);
  const id = typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : typeof row.id === 'string' ? row.id : String(position);
  const response = asObject(value.response) as ExperimentRecord['response'] | undefined;
  return {
    ...(value as Partial<ExperimentRecord>),
    status: 'ok',
    index: typeof value.index === 'number' ? value.index : position,
    id,
    row,
    response: response ?? { content: '', metrics: {} },
    metrics,
    metadata: asObject(value.metadata) ?? {},
    security_level: typeof value.security_level === 'string' ? value.security_level : 'unofficial',
  };
}

/** Parses JSONL text; blank lines are skipped, a bad line names its number. */
export function parseRecordsJsonl(text: string, name: string, into: LoadedRecords): void {
  text.split(/\r?\n/).forEach((raw, lineIndex) => {
    if (raw.trim() === '') return;
    const where = `${name} line ${lineIndex + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw bad(`${where}: not JSON (${errorMessage(error)})`);
    }
    const record = toRecord(parsed, into.records.length + into.failures, where);
    if (record === 'failure') into.failures++;
    else if (record !== 'trailer') into.records.push(record);
  });
}

/** batches/<n>.jsonl in batch order; other .jsonl names after, alphabetically. */
function batchOrder(a: string, b: string): number {
  const number = (name: string) => Number(/(\d+)\.jsonl$/.exec(name)?.[1] ?? Number.NaN);
  const [x, y] = [number(a), number(b)];
  if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readText(path: string, io: CompareIo): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw bad(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

async function readLocal(source: string, io: CompareIo, into: LoadedRecords): Promise<void> {
  if (source.endsWith('.jsonl')) {
    parseRecordsJsonl(await readText(source, io), source, into);
    return;
  }
  const folder = source.replace(/\/+$/, '');
  const batches = await io.listDir?.(`${folder}/batches`);
  const entries = batches ?? (await io.listDir?.(folder));
  if (!entries) throw bad(`${source} is neither a .jsonl file nor a run folder with batches/*.jsonl`);
  for (const name of entries.filter((entry) => entry.endsWith('.jsonl')).sort(batchOrder)) {
    const path = batches ? `${folder}/batches/${name}` : `${folder}/${name}`;
    parseRecordsJsonl(await readText(path, io), path, into);
  }
}

async function readBlobs(source: string, io: CompareIo, into: LoadedRecords): Promise<void> {
  if (!io.openBlobStore) throw bad(`${source}: blob sources need storage; none is configured`);
  const store = await io.openBlobStore();
  const prefix = source.slice(BLOB_PREFIX.length).replace(/\/+$/, '');
  const names = (await store.list(`${prefix}/batches/`)).filter((name) => name.endsWith('.jsonl')).sort(batchOrder);
  const files = names.length > 0 ? names : prefix.endsWith('.jsonl') ? [prefix] : [];
  for (const name of files) {
    const body = await store.get(name);
    if (body) parseRecordsJsonl(body.toString('utf8'), `${BLOB_PREFIX}${name}`, into);
  }
}

/**
 * Loads the successful records of a run folder (`<dir>/batches/*.jsonl`), a `.jsonl` file, or
 * a blob prefix (`blob:runs/<runId>/<experiment>`), ordered by original row index.
 */
export async function loadRecords(source: string, io: CompareIo): Promise<LoadedRecords> {
  const loaded: LoadedRecords = { source, records: [], failures: 0 };
  if (source.startsWith(BLOB_PREFIX)) await readBlobs(source, io, loaded);
  else await readLocal(source, io, loaded);
  if (loaded.records.length === 0) throw bad(`${source}: no successful records found`);
  loaded.records.sort((a, b) => a.index - b.index);
  return loaded;
}
