import type { Registry } from '../../src/core/plugins/registry';
import { systemClock, type RunServices } from '../../src/orchestration/services';
import { createMemoryBlobStore } from './memoryBlobStore';
import { createMemoryRunIndex } from './memoryRunIndex';
import { createMemoryLogger, createMemoryTelemetry } from './pluginDeps';

/** RunServices over in-memory storage (no Azurite): for activity and whole-run tests that need no SDK. */
export function createMemoryRunServices(registry: Registry, overrides: Partial<RunServices> = {}) {
  const blobs = createMemoryBlobStore();
  const runIndex = createMemoryRunIndex();
  const logger = createMemoryLogger();
  const services: RunServices = {
    blobs,
    runIndex,
    registry,
    logger,
    telemetry: createMemoryTelemetry(),
    clock: systemClock,
    env: {},
    fetch: () => Promise.reject(new Error('fetch is not available in this test')),
    random: () => 0.5,
    ...overrides,
  };
  return { services, blobs, runIndex, logger };
}
