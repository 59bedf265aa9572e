import type { Artifact, ArtifactDescriptor, Sink, SinkContext } from '../../../src/core/plugins/kinds';
import type { SinkBinding } from '../../../src/core/artifacts/bindingTypes';

export interface FakeSinkOptions {
  produces?: ArtifactDescriptor[];
  consumes?: (string | { token: string; mode?: 'single' | 'all' })[];
  /** Thrown from write. */
  fail?: Error;
  /** Level stamped on produced artifacts. */
  artifactLevel?: string;
}

export interface FakeSink extends Sink {
  calls: SinkContext[];
}

/** A sink that writes `<name>.txt`, records its context, and produces one artifact per descriptor. */
export function createFakeSink(name: string, options: FakeSinkOptions = {}): FakeSink {
  const calls: SinkContext[] = [];
  const produced: Record<string, Artifact> = {};
  return {
    calls,
    produces: options.produces ? () => options.produces! : undefined,
    consumes: options.consumes ? () => options.consumes! : undefined,
    collectArtifacts: () => produced,
    async write(_payload, ctx) {
      calls.push(ctx);
      if (options.fail) throw options.fail;
      const blob = await ctx.writer.write(`${name}.txt`, name, 'text/plain');
      for (const descriptor of options.produces ?? []) {
        produced[descriptor.name] = { id: '', type: descriptor.type, path: blob, metadata: {}, persist: false, security_level: options.artifactLevel };
      }
    },
  };
}

export function bindingOf(
  name: string,
  index: number,
  sink: Sink,
  extra: Partial<Pick<SinkBinding, 'securityLevel' | 'artifacts' | 'onError'>> = {},
): SinkBinding {
  return { id: `${name}:${index}`, pluginName: name, sink, index, onError: 'abort', ...extra };
}
