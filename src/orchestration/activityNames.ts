/** Fixed names: one route starts one orchestrator, which calls these activities. */
export const ORCHESTRATOR_NAME = 'suiteOrchestrator';

export const ACTIVITY = {
  plan: 'planRun',
  evaluateBatch: 'evaluateBatch',
  aggregate: 'aggregateExperiment',
  compare: 'compareExperiment',
  report: 'writeReports',
  finish: 'finishRun',
} as const;

export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];
