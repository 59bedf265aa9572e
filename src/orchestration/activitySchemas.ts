import { z } from 'zod';
import { AppError } from '../core/errors';
import type { ActivityInput, ActivityOutput } from './activityCalls';
import type { ActivityName } from './activityNames';
import { describeIssues } from './storedFormats';

/**
 * What crosses the orchestrator/activity boundary, checked where it crosses: inputs when an
 * activity is scheduled (activityCalls.ts `callActivity`) and again when it runs
 * (activities/index.ts), outputs when the orchestrator takes them (`activityResult`). The
 * types are contracts.ts's; the `satisfies` below makes a schema for every activity, of the
 * contract's type, a compile-time requirement. Schemas check what the other side relies on
 * and let other keys through.
 */

const name = z.string().min(1);
const count = z.int().min(0);
const cost = z.record(z.string(), z.number());
const earlyStop = z.looseObject({ plugin: z.string() });

const RunRequestSchema = z.looseObject({
  runId: name,
  trigger: z.enum(['http', 'timer', 'cli']),
  suite: name,
  settingsFile: z.string(),
  suiteRoot: z.string().optional(),
  experiments: z.array(z.string()).optional(),
  maxRows: z.int().min(1).optional(),
});

const RunPlanSchema = z.looseObject({
  runId: name,
  suite: name,
  baseline: name,
  rowCount: count,
  batchSize: z.int().min(1),
  batchCount: count,
  maxBatchesInFlight: z.int().min(1),
  maxCallsInFlight: z.int().min(1),
  slotsPerBatch: z.int().min(1),
  experiments: z.array(z.looseObject({ name, isBaseline: z.boolean(), sequential: z.boolean(), earlyStop: z.array(z.looseObject({ name: z.string(), options: z.record(z.string(), z.unknown()) })), calls: count, maxCalls: z.int().min(1) })),
  securityLevel: z.string(),
  costEstimate: z.looseObject({ rows: count, experiments: count, requests: count, estimated_prompt_tokens: z.number(), estimated_completion_tokens: z.number(), estimated_cost: z.number().nullable() }),
});

const EvaluateBatchInputSchema = z.looseObject({
  runId: name,
  experiment: name,
  batch: count,
  earlyStopState: z.array(z.unknown()).optional(),
  slots: z.int().min(1),
  baselineAbsent: z.boolean().optional(),
});

const observations = z.array(z.array(z.number().nullable()));

const BatchResultSchema = z.looseObject({
  experiment: name,
  batch: count,
  rows: count,
  ok: count,
  failed: count,
  skipped: count,
  cost,
  observations,
  baselineObservations: observations.optional(),
  budgetStopped: z.boolean().optional(),
  earlyStop: earlyStop.optional(),
});

const ExperimentSummarySchema = z.looseObject({ experiment: name, rows: count, ok: count, failed: count, skipped: count, cost, earlyStop: earlyStop.optional() });

const AggregateInputSchema = z.looseObject({
  runId: name,
  experiment: name,
  earlyStop: earlyStop.optional(),
  cost,
  failedBatches: z.array(z.looseObject({ batch: count, error: z.string() })),
  unscheduledBatches: z.array(count),
});

const ReportResultSchema = z.looseObject({ experiment: name, files: z.array(z.string()) });

const RunOutcomeSchema = z.looseObject({
  runId: name,
  suite: name,
  status: z.enum(['completed', 'completed_with_failures', 'stopped', 'failed']),
  experiments: z.array(ExperimentSummarySchema),
  reportPrefix: z.string(),
  reports: z.array(z.string()),
  costInUsd: z.number(),
});

type ContractSchemas = { [N in ActivityName]: { input: z.ZodType<ActivityInput<N>>; output: z.ZodType<ActivityOutput<N>> } };

export const ACTIVITY_SCHEMAS = {
  planRun: { input: RunRequestSchema, output: RunPlanSchema },
  evaluateBatch: { input: EvaluateBatchInputSchema, output: BatchResultSchema },
  aggregateExperiment: { input: AggregateInputSchema, output: ExperimentSummarySchema },
  compareExperiment: {
    input: z.looseObject({ runId: name, baseline: name, variant: name }),
    output: z.looseObject({ variant: name, plugins: z.array(z.string()), verdicts: z.array(z.looseObject({ criterion: z.string(), verdict: z.string() })) }),
  },
  writeReports: { input: z.looseObject({ runId: name, experiment: name }), output: ReportResultSchema },
  finishRun: {
    input: z.looseObject({ runId: name, experiments: z.array(ExperimentSummarySchema), reports: z.array(ReportResultSchema), startedAt: z.string(), stopReason: z.string().optional() }),
    output: RunOutcomeSchema,
  },
} satisfies ContractSchemas;

/**
 * The value when it matches the activity's contract; otherwise a non-retryable INTERNAL
 * error naming the activity, the side and the key (a bug on one side of the boundary, or
 * history written by another version).
 */
export function checkActivityValue<N extends ActivityName, S extends 'input' | 'output'>(activity: N, side: S, value: unknown): ActivityContractValue<N, S> {
  const checked = ACTIVITY_SCHEMAS[activity][side].safeParse(value);
  if (!checked.success) {
    throw new AppError('INTERNAL', `Activity '${activity}' ${side} does not match its contract: ${describeIssues(checked.error)}`, { details: { activity, side } });
  }
  return value as ActivityContractValue<N, S>;
}

type ActivityContractValue<N extends ActivityName, S extends 'input' | 'output'> = S extends 'input' ? ActivityInput<N> : ActivityOutput<N>;
