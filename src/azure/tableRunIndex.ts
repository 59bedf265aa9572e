import { odata, TableClient, type TableEntity, type TableServiceClientOptions } from '@azure/data-tables';
import { connectionStringEndpoints, normalizeConnectionString } from './connectionString';
import type { RunIndex, RunIndexEntry } from '../core/ports';
import { statusOf, toStorageError } from './storageErrors';

export const RUN_INDEX_TABLE = 'elspethruns';

const OPTIONAL_FIELDS = ['finishedAt', 'rows', 'failures', 'costInUsd', 'blessed', 'blessedAt', 'reportPrefix', 'slot', 'suiteRef'] as const;
/** Structured fields, stored as JSON text (a property holds at most 64 KiB; producers keep them small). */
const JSON_FIELDS = ['verdicts', 'regression'] as const;

export interface CreateTableRunIndexOptions {
  /** Create the table when it is missing (default true). */
  createTable?: boolean;
}

/**
 * The run index over Table Storage: PartitionKey = suite, RowKey = runId. Upserts merge,
 * so a later update that omits a field keeps the stored value.
 */
export async function createTableRunIndex(
  source: TableClient | { connectionString: string; tableName?: string },
  options: CreateTableRunIndexOptions = {},
): Promise<RunIndex> {
  const table = source instanceof TableClient ? source : tableClientFromConnectionString(source.connectionString, source.tableName);
  if (options.createTable ?? true) {
    try {
      await table.createTable();
    } catch (error) {
      throw toStorageError(error, { operation: 'create table', target: table.tableName });
    }
  }
  return tableRunIndexOver(table);
}

/** A TableClient from a connection string; plain-http endpoints (Azurite) are allowed explicitly. */
export function tableClientFromConnectionString(
  connectionString: string,
  tableName = RUN_INDEX_TABLE,
  options: TableServiceClientOptions = {},
): TableClient {
  const normalized = normalizeConnectionString(connectionString);
  const allowInsecureConnection = connectionStringEndpoints(normalized).table.startsWith('http://');
  return TableClient.fromConnectionString(normalized, tableName, { ...options, allowInsecureConnection });
}

export function tableRunIndexOver(table: TableClient): RunIndex {
  const target = (suite: string, runId?: string) => `${table.tableName}/${suite}${runId === undefined ? '' : `/${runId}`}`;
  return {
    async upsert(entry) {
      try {
        await table.upsertEntity(toEntity(entry), 'Merge');
      } catch (error) {
        throw toStorageError(error, { operation: 'upsert', target: target(entry.suite, entry.runId) });
      }
    },

    async get(suite, runId) {
      try {
        return fromEntity(await table.getEntity<TableEntity>(encodeKey(suite), encodeKey(runId)));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw toStorageError(error, { operation: 'get', target: target(suite, runId) });
      }
    },

    async list(suite, options = {}) {
      const filter = suite === undefined ? undefined : odata`PartitionKey eq ${encodeKey(suite)}`;
      return newestFirst(await query(table, filter, suite === undefined ? table.tableName : target(suite)), options.limit);
    },

    async find(runId) {
      // RowKey across partitions: a scan, which the run index's size allows.
      return newestFirst(await query(table, odata`RowKey eq ${encodeKey(runId)}`, `${table.tableName}/*/${runId}`), 1)[0];
    },
  };
}

async function query(table: TableClient, filter: string | undefined, target: string): Promise<RunIndexEntry[]> {
  const entries: RunIndexEntry[] = [];
  try {
    for await (const entity of table.listEntities<TableEntity>(filter ? { queryOptions: { filter } } : {})) entries.push(fromEntity(entity));
  } catch (error) {
    throw toStorageError(error, { operation: 'list', target });
  }
  return entries;
}

/** Newest first; the run id breaks ties so the order is stable. */
function newestFirst(entries: RunIndexEntry[], limit?: number): RunIndexEntry[] {
  const sorted = entries.sort((a, b) => compareDesc(a.startedAt, b.startedAt) || compareDesc(a.runId, b.runId));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

function toEntity(entry: RunIndexEntry): TableEntity<Record<string, unknown>> {
  const entity: TableEntity<Record<string, unknown>> = {
    partitionKey: encodeKey(entry.suite),
    rowKey: encodeKey(entry.runId),
    suite: entry.suite,
    runId: entry.runId,
    status: entry.status,
    trigger: entry.trigger,
    startedAt: entry.startedAt,
  };
  for (const field of OPTIONAL_FIELDS) {
    const value = entry[field];
    if (value === undefined) continue;
    // Doubles stay doubles even when whole (a cost of 0 then 0.5 must not switch types).
    entity[field] = field === 'costInUsd' ? { value: String(value), type: 'Double' } : value;
  }
  for (const field of JSON_FIELDS) if (entry[field] !== undefined) entity[field] = JSON.stringify(entry[field]);
  return entity;
}

function fromEntity(entity: TableEntity<Record<string, unknown>>): RunIndexEntry {
  const entry: RunIndexEntry = {
    suite: textOf(entity.suite) ?? decodeKey(entity.partitionKey),
    runId: textOf(entity.runId) ?? decodeKey(entity.rowKey),
    status: textOf(entity.status) ?? '',
    trigger: entity.trigger as RunIndexEntry['trigger'],
    startedAt: textOf(entity.startedAt) ?? '',
  };
  for (const field of OPTIONAL_FIELDS) {
    const value = entity[field];
    if (value !== undefined && value !== null) (entry as unknown as Record<string, unknown>)[field] = value;
  }
  for (const field of JSON_FIELDS) {
    const text = textOf(entity[field]);
    if (text !== undefined) (entry as unknown as Record<string, unknown>)[field] = parseJson(text);
  }
  return entry;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited cell: keep the text rather than lose the row.
    return text;
  }
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Table keys may not contain / \ # ? or control characters: percent-encode those (and %). */
export function encodeKey(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[%/\\#?\u0000-\u001f\u007f-\u009f]/g, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

function decodeKey(value: string): string {
  return value.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
