import { AppError } from '../errors';
import type { ArtifactDescriptor } from '../plugins/kinds';
import type { Logger } from '../ports';
import { SinkArtifactsConfigSchema, type SinkBinding } from './bindingTypes';
import { normalizeSecurityLevel, type SecurityLevel } from './securityLevels';

export type ConsumeMode = 'single' | 'all';

export interface ConsumeRequest {
  /** `@alias` (by alias or name) or an artifact type such as `file/csv`. */
  token: string;
  mode: ConsumeMode;
}

/** A binding with its clearance, declared outputs and requests worked out. */
export interface SinkNode {
  binding: SinkBinding;
  clearance: SecurityLevel;
  produces: ArtifactDescriptor[];
  consumes: ConsumeRequest[];
}

const ARTIFACT_TYPE = /^(file|data)\/[^/\s]+/;

/** docs/original-behaviour.md §1.8: a type starts with `file/` or `data/` and has a subtype. */
export function isArtifactType(type: string): boolean {
  return ARTIFACT_TYPE.test(type);
}

/**
 * Clearance of a binding. The original defaulted a sink without `security_level` to
 * `unofficial`; combined with "a sink never receives data above its clearance", every
 * sink of a classified run would then be refused unless each one repeated the run's level.
 * A sink configured without a level is therefore cleared for the run it was configured in;
 * a level that IS given is honoured, so a sink explicitly marked lower is refused.
 */
export function resolveClearance(binding: SinkBinding, runLevel: SecurityLevel): SecurityLevel {
  const declared = binding.securityLevel;
  if (declared === undefined || declared.trim() === '') return runLevel;
  return normalizeSecurityLevel(declared);
}

export function prepareSinkNode(binding: SinkBinding, runLevel: SecurityLevel, logger: Logger): SinkNode {
  const parsed = SinkArtifactsConfigSchema.safeParse(binding.artifacts ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '<artifacts>'}: ${issue.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid artifacts for sink '${binding.id}': ${problems.join('; ')}`, {
      details: { sinkId: binding.id },
    });
  }
  const produces = mergeDescriptors([...parsed.data.produces, ...(binding.sink.produces?.() ?? [])]);
  for (const descriptor of produces) assertArtifactType(binding.id, descriptor);
  const requested = [...parsed.data.consumes, ...(binding.sink.consumes?.() ?? [])].map(toRequest);
  const consumes = requested.filter((request) => {
    if (request.token.startsWith('@') || isArtifactType(request.token)) return true;
    // The original silently ignored invalid type tokens; we keep ignoring them, but say so.
    logger.warn('[sinks] ignoring invalid artifact token', { sinkId: binding.id, token: request.token });
    return false;
  });
  return { binding, clearance: resolveClearance(binding, runLevel), produces, consumes };
}

/** Configured descriptors come first; a sink's own descriptor of the same name is dropped. */
function mergeDescriptors(descriptors: ArtifactDescriptor[]): ArtifactDescriptor[] {
  const seen = new Set<string>();
  return descriptors.filter((descriptor) => {
    if (seen.has(descriptor.name)) return false;
    seen.add(descriptor.name);
    return true;
  });
}

function assertArtifactType(sinkId: string, descriptor: ArtifactDescriptor): void {
  if (isArtifactType(descriptor.type)) return;
  throw new AppError(
    'CONFIG_INVALID',
    `Artifact '${descriptor.name}' of sink '${sinkId}' has type '${descriptor.type}'; types must start with 'file/' or 'data/' and include a subtype`,
    { details: { sinkId, artifact: descriptor.name, type: descriptor.type } },
  );
}

type RawRequest = string | { token?: string; name?: string; mode?: ConsumeMode };

function toRequest(entry: RawRequest): ConsumeRequest {
  if (typeof entry === 'string') return { token: entry, mode: 'single' };
  return { token: entry.token ?? entry.name ?? '', mode: entry.mode ?? 'single' };
}
