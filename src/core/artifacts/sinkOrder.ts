import { AppError } from '../errors';
import type { ArtifactDescriptor } from '../plugins/kinds';
import { SECURITY_LEVELS } from './securityLevels';
import type { ConsumeRequest, SinkNode } from './sinkNode';

/** Does a producer's declared descriptor satisfy a consumer's request? */
export function descriptorMatches(descriptor: ArtifactDescriptor, token: string): boolean {
  if (token.startsWith('@')) {
    const wanted = token.slice(1);
    return descriptor.alias === wanted || descriptor.name === wanted;
  }
  return descriptor.type === token;
}

/**
 * Kahn's topological order (docs/original-behaviour.md §1.8). The ready set is always taken lowest config index
 * first, so sinks that do not depend on each other keep their configured order.
 */
export function orderSinkNodes(nodes: readonly SinkNode[]): SinkNode[] {
  const upstream = new Map<SinkNode, Set<SinkNode>>(nodes.map((node) => [node, producersOf(node, nodes)]));
  const ordered: SinkNode[] = [];
  const pending = [...nodes].sort((a, b) => a.binding.index - b.binding.index);
  while (pending.length > 0) {
    const nextIndex = pending.findIndex((node) => [...upstream.get(node)!].every((producer) => ordered.includes(producer)));
    if (nextIndex < 0) {
      throw new AppError('ARTIFACT_GRAPH_INVALID', 'Sink artifact dependencies contain a cycle or unresolved reference', {
        details: { unresolved: pending.map((node) => node.binding.id) },
      });
    }
    ordered.push(...pending.splice(nextIndex, 1));
  }
  return ordered;
}

/** The sinks a node waits for. Self-dependencies are ignored, as in the original. */
function producersOf(consumer: SinkNode, nodes: readonly SinkNode[]): Set<SinkNode> {
  const producers = new Set<SinkNode>();
  for (const request of consumer.consumes) {
    const matches = nodes.filter((node) => node.produces.some((descriptor) => descriptorMatches(descriptor, request.token)));
    if (matches.length === 0) assertResolvable(consumer, request);
    for (const producer of matches) {
      if (producer === consumer) continue;
      assertMayDepend(consumer, producer);
      producers.add(producer);
    }
  }
  return producers;
}

/**
 * A type token with no producer just yields nothing (a sink may take "all CSVs", of which
 * there are none). An `@alias` names one artifact on purpose, so a typo must not pass.
 */
function assertResolvable(consumer: SinkNode, request: ConsumeRequest): void {
  if (!request.token.startsWith('@')) return;
  throw new AppError(
    'ARTIFACT_GRAPH_INVALID',
    `Sink '${consumer.binding.id}' consumes '${request.token}', but no sink produces an artifact with that name or alias`,
    { details: { sinkId: consumer.binding.id, token: request.token } },
  );
}

function assertMayDepend(consumer: SinkNode, producer: SinkNode): void {
  if (SECURITY_LEVELS.indexOf(consumer.clearance) >= SECURITY_LEVELS.indexOf(producer.clearance)) return;
  throw new AppError(
    'ARTIFACT_PERMISSION_DENIED',
    `Sink '${consumer.binding.id}' cannot depend on '${producer.binding.id}' due to security level mismatch`,
    { details: { consumer: consumer.binding.id, producer: producer.binding.id } },
  );
}
