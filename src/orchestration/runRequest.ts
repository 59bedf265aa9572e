import { z } from 'zod';

/**
 * What starts a run, from any door (HTTP body, timer, CLI). Callers name a suite and
 * override listed fields only; model endpoints and secrets come from configuration (§10).
 */
export const RunOverridesSchema = z.strictObject({
  profile: z.string().min(1).optional(),
  experiments: z.array(z.string().min(1)).min(1).optional(),
  maxRows: z.int().min(1).optional(),
  disableMetrics: z.boolean().optional(),
  label: z.string().max(200).optional(),
});

/** The HTTP body of `POST /api/runs`. */
export const HttpRunBodySchema = RunOverridesSchema.extend({
  suite: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a suite folder name (letters, digits, _ . -)'),
});
export type HttpRunBody = z.infer<typeof HttpRunBodySchema>;

/** The orchestrator's input: a request with files already located. JSON-safe and small. */
export interface RunRequest {
  runId: string;
  trigger: 'http' | 'timer' | 'cli';
  suite: string;
  settingsFile: string;
  suiteRoot?: string;
  singleRun?: boolean;
  profile?: string;
  experiments?: string[];
  maxRows?: number;
  disableMetrics?: boolean;
  liveOutputs?: boolean;
  label?: string;
  /** Set by the timer: the schedule slot this run belongs to. */
  slot?: string;
}
