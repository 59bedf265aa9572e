/**
 * Fresh, uniquely named storage for one test: a container or table of its own in the run's
 * shared Azurite (started by globalSetup), so tests never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { createBlobStore } from '../../src/azure/blobStore';
import { createTableRunIndex, tableClientFromConnectionString } from '../../src/azure/tableRunIndex';
import type { BlobStore, RunIndex } from '../../src/core/ports';

export const TEST_STORAGE_ENV = 'ELSPETH_TEST_STORAGE';

/** The connection string of the run's test storage; throws when the harness did not set it. */
export function testStorageConnectionString(): string {
  const connectionString = process.env[TEST_STORAGE_ENV];
  if (!connectionString) {
    throw new Error(`${TEST_STORAGE_ENV} is not set: run tests through jest (tests/support/globalSetup.ts starts Azurite).`);
  }
  return connectionString;
}

/** A container name (3-63 lowercase letters, digits, hyphens) no other test uses. */
export function uniqueContainerName(prefix = 'test'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'test';
  return `${clean}-${randomBytes(6).toString('hex')}`;
}

/** A table name (letters and digits, starting with a letter) no other test uses. */
export function uniqueTableName(prefix = 'runs'): string {
  return `${prefix.replace(/[^A-Za-z0-9]/g, '').slice(0, 40) || 'runs'}${randomBytes(6).toString('hex')}`;
}

export async function createTestBlobStore(prefix?: string): Promise<BlobStore & { containerName: string }> {
  const containerName = uniqueContainerName(prefix);
  const store = await createBlobStore({ connectionString: testStorageConnectionString() }, containerName);
  return { ...store, containerName };
}

export async function createTestRunIndex(prefix?: string): Promise<RunIndex & { tableName: string }> {
  const tableName = uniqueTableName(prefix);
  const index = await createTableRunIndex(tableClientFromConnectionString(testStorageConnectionString(), tableName));
  return { ...index, tableName };
}
