import { blobStoreOver } from '../azure/blobStore';
import { createStorageClients } from '../azure/storageConnection';
import { createTableRunIndex, RUN_INDEX_TABLE } from '../azure/tableRunIndex';
import type { Registry } from '../core/plugins/registry';
import { createTelemetry } from '../azure/telemetry';
import { createNodeFetch } from '../http/nodeFetch';
import { createJsonLogger } from '../observability/logger';
import { systemClock, type RunServices } from '../orchestration/services';
import type { AppSettings } from './appSettings';

/**
 * The Azure composition root: built on first use and shared by every function in this
 * worker process. Storage comes from AzureWebJobsStorage (connection string or managed
 * identity); the run container and run table are created if missing.
 */
export function createServicesFactory(settings: AppSettings, registry: Registry): () => Promise<RunServices> {
  let services: Promise<RunServices> | undefined;
  return () => {
    services ??= build(settings, registry).catch((error: unknown) => {
      services = undefined;
      throw error;
    });
    return services;
  };
}

async function build(settings: AppSettings, registry: Registry): Promise<RunServices> {
  const clients = createStorageClients(settings.storage);
  const container = clients.blobService.getContainerClient(settings.container);
  await container.createIfNotExists();
  const runIndex = await createTableRunIndex(clients.tableClient(RUN_INDEX_TABLE));
  const logger = createJsonLogger({ level: settings.logLevel, write: (line) => console.log(line) });
  return {
    blobs: blobStoreOver(container),
    runIndex,
    registry,
    logger,
    telemetry: createTelemetry({
      connectionString: settings.appInsightsConnectionString,
      authenticationString: settings.appInsightsAuthenticationString,
      logger,
      role: settings.env.WEBSITE_SITE_NAME ?? 'elspeth',
    }),
    clock: systemClock,
    env: settings.env,
    fetch: createNodeFetch(),
    random: Math.random,
  };
}
