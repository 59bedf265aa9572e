import { createBlobStore } from '../../azure/blobStore';
import type { BlobStore } from '../../core/ports';
import { startAzurite, type RunningAzurite } from '../../local/azurite';
import { DEFAULT_CONTAINER } from '../../local/localServices';
import { runCompare } from '../commands/compare';
import { localAzuriteFolder } from '../commands/run';
import type { CliIo } from '../io';
import { nodeCompareIo } from './nodeCompareIo';

/**
 * `elspeth compare` as the CLI runs it. `blob:` sources are read from the storage the run
 * wrote to: ELSPETH_STORAGE_CONNECTION_STRING when set, else the embedded Azurite in
 * `.elspeth/azurite` (started only when a blob source is asked for, stopped afterwards).
 */
export async function compareCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let azurite: RunningAzurite | undefined;
  let store: Promise<BlobStore> | undefined;
  const open = (): Promise<BlobStore> => (store ??= openRunStore(io, (started) => (azurite = started)));
  try {
    return await runCompare(argv, nodeCompareIo(io, open));
  } finally {
    await azurite?.stop();
  }
}

async function openRunStore(io: CliIo, started: (azurite: RunningAzurite) => void): Promise<BlobStore> {
  const container = io.env.ELSPETH_CONTAINER ?? DEFAULT_CONTAINER;
  const configured = io.env.ELSPETH_STORAGE_CONNECTION_STRING;
  if (configured) return createBlobStore({ connectionString: configured }, container, { createContainer: false });
  const azurite = await startAzurite({ inMemory: false, location: localAzuriteFolder(io) });
  started(azurite);
  return createBlobStore({ connectionString: azurite.connectionString }, container, { createContainer: false });
}
