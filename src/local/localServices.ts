import { createBlobStore } from '../azure/blobStore';
import { createTableRunIndex } from '../azure/tableRunIndex';
import type { Registry } from '../core/plugins/registry';
import type { Logger, Telemetry } from '../core/ports';
import { createTelemetry } from '../azure/telemetry';
import { systemClock, type RunServices } from '../orchestration/services';
import { startAzurite, type StartAzuriteOptions } from './azurite';
import { createNodeFetch } from '../http/nodeFetch';

export interface LocalServicesOptions {
  /** Use this storage; without it an embedded Azurite is started on free loopback ports. */
  connectionString?: string;
  azurite?: StartAzuriteOptions;
  container?: string;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  registry: Registry;
  telemetry?: Telemetry;
  fetch?: typeof fetch;
}

export interface LocalServices {
  services: RunServices;
  connectionString: string;
  container: string;
  embeddedAzurite: boolean;
  close(): Promise<void>;
}

export const DEFAULT_CONTAINER = 'elspeth';

/** The local composition root: storage (configured or embedded Azurite) and everything activities need. */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const azurite = options.connectionString ? undefined : await startAzurite(options.azurite ?? {});
  const connectionString = options.connectionString ?? azurite!.connectionString;
  const container = options.container ?? DEFAULT_CONTAINER;
  try {
    const [blobs, runIndex] = await Promise.all([
      createBlobStore({ connectionString }, container),
      createTableRunIndex({ connectionString }),
    ]);
    const services: RunServices = {
      blobs,
      runIndex,
      registry: options.registry,
      logger: options.logger,
      // Application Insights only when a connection string is set; structured logs otherwise.
      telemetry:
        options.telemetry ??
        createTelemetry({ connectionString: options.env.APPLICATIONINSIGHTS_CONNECTION_STRING, authenticationString: options.env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING, logger: options.logger }),
      clock: systemClock,
      env: options.env,
      fetch: options.fetch ?? createNodeFetch(),
      random: Math.random,
    };
    return { services, connectionString, container, embeddedAzurite: azurite !== undefined, close: async () => azurite?.stop() };
  } catch (error) {
    await azurite?.stop();
    throw error;
  }
}
