/**
 * Jest global setup: one Azurite for the whole run, shared by every test file through
 * ELSPETH_TEST_STORAGE (workers inherit the environment). If the variable is already set
 * (a developer's own Azurite), that storage is used and nothing is started.
 */
import { startAzurite, type RunningAzurite } from '../../src/local/azurite';
import { TEST_STORAGE_ENV } from './testStorage';

declare global {
  // The same process runs globalTeardown, which stops it.
  var __elspethAzurite: RunningAzurite | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_STORAGE_ENV]) return;
  let azurite: RunningAzurite;
  try {
    azurite = await startAzurite({ inMemory: true, silent: true });
  } catch (error) {
    // Fail the whole run loudly: Azurite's output is in the message.
    throw new Error(`Test storage could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  globalThis.__elspethAzurite = azurite;
  process.env[TEST_STORAGE_ENV] = azurite.connectionString;
  if (process.env.ELSPETH_TEST_VERBOSE) {
    process.stderr.write(`\n[test storage] Azurite pid ${azurite.pid} ready in ${azurite.startTimeInMs} ms (blob ${azurite.blobPort}, table ${azurite.tablePort})\n`);
  }
}
