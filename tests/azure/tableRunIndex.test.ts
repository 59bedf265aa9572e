import { TableClient } from '@azure/data-tables';
import { createTableRunIndex, encodeKey, RUN_INDEX_TABLE, tableClientFromConnectionString } from '../../src/azure/tableRunIndex';
import { createTestRunIndex, testStorageConnectionString, uniqueTableName } from '../support/testStorage';
import { describeRunIndexContract } from './runIndexContract';

describeRunIndexContract('Table Storage adapter on Azurite', () => createTestRunIndex('contract'));

describe('createTableRunIndex (Azurite)', () => {
  it('stores suite as PartitionKey and run id as RowKey, with typed columns', async () => {
    const index = await createTestRunIndex('layout');
    await index.upsert({ suite: 'nightly', runId: 'run-1', status: 'completed', trigger: 'http', startedAt: '2026-01-01T00:00:00Z', costInUsd: 2, rows: 3 });
    const table = tableClientFromConnectionString(testStorageConnectionString(), index.tableName);
    const entity = await table.getEntity('nightly', 'run-1');
    expect({ pk: entity.partitionKey, rk: entity.rowKey, cost: entity.costInUsd, rows: entity.rows }).toEqual({ pk: 'nightly', rk: 'run-1', cost: 2, rows: 3 });
  });

  it('accepts a connection string and defaults to the elspethruns table', async () => {
    expect(RUN_INDEX_TABLE).toBe('elspethruns');
    const tableName = uniqueTableName('conn');
    const index = await createTableRunIndex({ connectionString: testStorageConnectionString(), tableName });
    await index.upsert({ suite: 's', runId: 'r', status: 'running', trigger: 'cli', startedAt: '2026-01-01T00:00:00Z' });
    expect(tableClientFromConnectionString(testStorageConnectionString()).tableName).toBe('elspethruns');
    expect(await index.get('s', 'r')).toEqual({ suite: 's', runId: 'r', status: 'running', trigger: 'cli', startedAt: '2026-01-01T00:00:00Z' });
    expect(tableClientFromConnectionString(testStorageConnectionString(), tableName)).toBeInstanceOf(TableClient);
  });

  it.each([
    ['plain', 'nightly', 'nightly'],
    ['slash', 'a/b', 'a%2Fb'],
    ['percent first, so decoding is unambiguous', '100%/x', '100%25%2Fx'],
    ['hash, question mark, backslash', '#?\\', '%23%3F%5C'],
    ['control characters', 'a\tb', 'a%09b'],
  ])('encodes table keys: %s', (_label, raw, encoded) => {
    expect(encodeKey(raw)).toBe(encoded);
  });
});
