import { AppError } from '../errors';
import type { Artifact, ArtifactDescriptor } from '../plugins/kinds';
import { mostRestrictive, normalizeSecurityLevel, isAllowed, type SecurityLevel } from './securityLevels';
import type { ConsumeRequest, SinkNode } from './sinkNode';
import { descriptorMatches } from './sinkOrder';

interface StoredArtifact {
  artifact: Artifact;
  descriptor: ArtifactDescriptor;
}

export interface ArtifactStore {
  /** Registers what a sink returned from `collectArtifacts()` for each declared descriptor. */
  registerProduced(node: SinkNode, collected: Record<string, Artifact>): Artifact[];
  /** The artifacts a sink asked for, keyed by token (alias tokens also under the bare name). */
  resolve(node: SinkNode): Record<string, Artifact[]>;
  all(): Artifact[];
}

export function createArtifactStore(): ArtifactStore {
  const stored: StoredArtifact[] = [];
  return {
    registerProduced(node, collected) {
      const registered: Artifact[] = [];
      for (const descriptor of node.produces) {
        const found = findCollected(descriptor, collected);
        if (!found) continue;
        const artifact = registerOne(node, descriptor, found);
        stored.push({ artifact, descriptor });
        registered.push(artifact);
      }
      return registered;
    },
    resolve(node) {
      const consumed: Record<string, Artifact[]> = {};
      for (const request of node.consumes) {
        const matches = select(stored, request);
        for (const artifact of matches) assertClearance(node, artifact);
        consumed[request.token] = matches;
        if (request.token.startsWith('@')) consumed[request.token.slice(1)] = matches;
      }
      return consumed;
    },
    all: () => stored.map((entry) => entry.artifact),
  };
}

/**
 * By the descriptor's name, then its alias. A descriptor declared in configuration may
 * rename a sink's output, so as a last resort the first collected artifact of the same
 * type is taken.
 */
function findCollected(descriptor: ArtifactDescriptor, collected: Record<string, Artifact>): Artifact | undefined {
  const byName = collected[descriptor.name] ?? (descriptor.alias === undefined ? undefined : collected[descriptor.alias]);
  return byName ?? Object.values(collected).find((artifact) => artifact.type === descriptor.type);
}

function registerOne(node: SinkNode, descriptor: ArtifactDescriptor, artifact: Artifact): Artifact {
  const registered: Artifact = {
    ...artifact,
    id: artifact.id === '' ? `${node.binding.id}:${descriptor.name}` : artifact.id,
    type: artifact.type === '' ? descriptor.type : artifact.type,
    produced_by: node.binding.id,
    persist: artifact.persist || (descriptor.persist ?? false),
    security_level: levelOf(artifact.security_level ?? descriptor.security_level, node.clearance),
  };
  const schemaId = artifact.schema_id ?? descriptor.schema_id;
  if (schemaId !== undefined) registered.schema_id = schemaId;
  return registered;
}

/** Artifact level, else descriptor level, else the producing binding's clearance. */
function levelOf(declared: string | undefined, bindingLevel: SecurityLevel): SecurityLevel {
  return declared === undefined || declared.trim() === '' ? bindingLevel : normalizeSecurityLevel(declared);
}

function select(stored: readonly StoredArtifact[], request: ConsumeRequest): Artifact[] {
  const matches = stored.filter((entry) =>
    request.token.startsWith('@') ? descriptorMatches(entry.descriptor, request.token) : entry.artifact.type === request.token,
  );
  const artifacts = matches.map((entry) => entry.artifact);
  return request.mode === 'single' ? artifacts.slice(0, 1) : artifacts;
}

function assertClearance(node: SinkNode, artifact: Artifact): void {
  const level = mostRestrictive(artifact.security_level);
  if (isAllowed(level, node.clearance)) return;
  throw new AppError(
    'ARTIFACT_PERMISSION_DENIED',
    `Sink '${node.binding.id}' with clearance '${node.clearance}' cannot consume artifact '${artifact.id}' at level '${level}'`,
    { details: { sinkId: node.binding.id, artifact: artifact.id, clearance: node.clearance, level } },
  );
}
