import { z } from 'zod';
import type { Artifact, ArtifactWriter, RecordStream, Sink } from '../plugins/kinds';
import type { ErrorInfo } from '../errors';
import type { Logger } from '../ports';
import type { SinkOnError } from './sinkOptions';

/** One `artifacts.produces[]` entry of a sink definition (docs/original-behaviour.md §1.8). */
export const ProducedArtifactSchema = z.strictObject({
  name: z.string().min(1),
  type: z.string(),
  schema_id: z.string().optional(),
  persist: z.boolean().default(false),
  alias: z.string().min(1).optional(),
  security_level: z.string().optional(),
});

/** One `artifacts.consumes[]` entry: a token string, or `{token|name, mode}`. */
export const ConsumedArtifactSchema = z.union([
  z.string().min(1),
  z
    .strictObject({
      token: z.string().min(1).optional(),
      name: z.string().min(1).optional(),
      mode: z.enum(['single', 'all']).default('single'),
    })
    .refine((entry) => entry.token !== undefined || entry.name !== undefined, { message: "needs 'token' or 'name'" }),
]);

export const SinkArtifactsConfigSchema = z.strictObject({
  produces: z.array(ProducedArtifactSchema).default([]),
  consumes: z.array(ConsumedArtifactSchema).default([]),
});
export type SinkArtifactsConfig = z.input<typeof SinkArtifactsConfigSchema>;

/** A sink ready to run in the pipeline (docs/original-behaviour.md §1.8 "binding"). */
export interface SinkBinding {
  /** `<label or plugin name>:<config index>`. */
  id: string;
  pluginName: string;
  sink: Sink;
  /** Position in configuration; independent sinks run in this order. */
  index: number;
  /** Clearance. Absent means the run's own level (see `resolveClearance`). */
  securityLevel?: string;
  artifacts?: SinkArtifactsConfig | Record<string, unknown>;
  onError: SinkOnError;
}

export interface SinkPipelineOptions {
  writer: ArtifactWriter;
  runId: string;
  experiment: string;
  /** The run's level; the data level is the stricter of this and the payload's. */
  securityLevel: string;
  /** `YYYYMMDDTHHMMSSZ` or ISO-8601; sinks receive the compact form. */
  timestamp: string;
  logger: Logger;
  /** Records for `stream` sinks, when the payload holds none. */
  records?: RecordStream;
}

export interface WrittenFile {
  sinkId: string;
  relativePath: string;
  blobName: string;
  contentType: string;
}

export interface SkippedSink {
  sinkId: string;
  error: ErrorInfo;
}

export interface SinkPipelineResult {
  /** Binding ids in the order they ran. */
  order: string[];
  files: WrittenFile[];
  artifacts: Artifact[];
  skipped: SkippedSink[];
}
