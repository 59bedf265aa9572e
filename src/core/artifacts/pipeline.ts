import { AppError, errorMessage, isAppError, toErrorInfo } from '../errors';
import type { ExperimentPayload } from '../engine/records';
import type { SinkContext } from '../plugins/kinds';
import { createArtifactStore, type ArtifactStore } from './artifactStore';
import type { SinkBinding, SinkPipelineOptions, SinkPipelineResult } from './bindingTypes';
import { createRecordingWriter } from './recordingWriter';
import { isAllowed, mostRestrictive, type SecurityLevel } from './securityLevels';
import { prepareSinkNode, type SinkNode } from './sinkNode';
import { orderSinkNodes } from './sinkOrder';
import { toCompactTimestamp } from './timestamps';

interface RunState {
  payload: ExperimentPayload;
  options: SinkPipelineOptions;
  dataLevel: SecurityLevel;
  timestamp: string;
  store: ArtifactStore;
  result: SinkPipelineResult;
}

/**
 * Runs an experiment's (or the suite's) sinks as a DAG (docs/original-behaviour.md §1.8): bindings are ordered by
 * their produces/consumes wiring, each one gets the artifacts it asked for, and what it
 * produces is registered for the sinks after it. Clearance failures always abort: they
 * are configuration errors about who may see the data, not sink faults to skip.
 */
export async function runSinkPipeline(
  bindings: readonly SinkBinding[],
  payload: ExperimentPayload,
  options: SinkPipelineOptions,
): Promise<SinkPipelineResult> {
  const dataLevel = mostRestrictive(options.securityLevel, payload.metadata.security_level);
  const nodes = orderSinkNodes(bindings.map((binding) => prepareSinkNode(binding, dataLevel, options.logger)));
  const state: RunState = {
    payload,
    options,
    dataLevel,
    timestamp: toCompactTimestamp(options.timestamp),
    store: createArtifactStore(),
    result: { order: nodes.map((node) => node.binding.id), files: [], artifacts: [], skipped: [] },
  };
  for (const node of nodes) await runNode(node, state);
  state.result.artifacts = state.store.all();
  return state.result;
}

async function runNode(node: SinkNode, state: RunState): Promise<void> {
  assertMayReceive(node, state.dataLevel);
  const consumed = state.store.resolve(node);
  const { binding } = node;
  const ctx: SinkContext = {
    runId: state.options.runId,
    experiment: state.options.experiment,
    writer: createRecordingWriter(state.options.writer, binding.id, state.result.files),
    consumed,
    securityLevel: state.dataLevel,
    timestamp: state.timestamp,
  };
  if (state.options.records) ctx.records = state.options.records;
  const logContext = { runId: ctx.runId, experiment: ctx.experiment, sinkId: binding.id };
  try {
    await binding.sink.write(state.payload, ctx);
    state.store.registerProduced(node, binding.sink.collectArtifacts?.() ?? {});
  } catch (error) {
    if (binding.onError === 'abort') throw asSinkError(binding, error);
    const info = toErrorInfo(error);
    state.options.logger.warn(`${binding.pluginName} sink failed; skipping: ${info.message}`, { ...logContext, errorCode: info.code });
    state.result.skipped.push({ sinkId: binding.id, error: info });
    return;
  }
  const written = state.result.files.filter((file) => file.sinkId === binding.id).map((file) => file.blobName);
  state.options.logger.info('[sinks] sink finished', { ...logContext, files: written });
}

/** A sink never receives data above its clearance (docs/architecture.md, "Security"). */
function assertMayReceive(node: SinkNode, dataLevel: SecurityLevel): void {
  if (isAllowed(dataLevel, node.clearance)) return;
  throw new AppError(
    'ARTIFACT_PERMISSION_DENIED',
    `Sink '${node.binding.id}' with clearance '${node.clearance}' cannot receive data at level '${dataLevel}'`,
    { details: { sinkId: node.binding.id, clearance: node.clearance, level: dataLevel } },
  );
}

function asSinkError(binding: SinkBinding, error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('SINK_FAILED', `Sink '${binding.id}' failed: ${errorMessage(error)}`, {
    cause: error,
    details: { sinkId: binding.id, plugin: binding.pluginName },
  });
}
