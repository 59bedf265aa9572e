export * from './bindingTypes';
export { createSinkBinding } from './createSinkBinding';
export { normalizeRelativePath, joinRelativePath, pathStem } from './paths';
export { runSinkPipeline } from './pipeline';
export { sinkCommonOptions, SinkOnErrorSchema, type SinkOnError } from './sinkOptions';
export { isArtifactType, resolveClearance } from './sinkNode';
export { compactToIso, formatCompactTimestamp, toCompactTimestamp } from './timestamps';
