import type { Plugin } from '../../../src/core/plugins/kinds';
import type { SinkContext } from '../../../src/core/plugins/kinds';
import type { z } from 'zod';
import { createTestDeps } from '../../fakes/pluginDeps';
import { createMemoryArtifactWriter } from '../../core/artifacts/memoryArtifactWriter';

/** Creates a sink from raw options (parsed by its schema) plus a context writing to memory. */
export function setUpSink<S extends z.ZodType>(plugin: Plugin<'sink', S>, rawOptions: unknown, existing: string[] = []) {
  const writer = createMemoryArtifactWriter('runs/run-1/exp', existing);
  const sink = plugin.create(plugin.configSchema.parse(rawOptions), createTestDeps());
  const ctx: SinkContext = { runId: 'run-1', experiment: 'exp', writer, consumed: {}, securityLevel: 'official', timestamp: '20260101T120000Z' };
  return { sink, writer, ctx };
}
