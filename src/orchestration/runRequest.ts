import { z } from 'zod';

/**
 * What starts a run, from any door (HTTP body, timer, CLI). Callers name a suite and
 * override listed fields only; model endpoints and secrets come from configuration (docs/original-behaviour.md §10).
 */
/** Limits on what a caller may send (README "HTTP API"): small bodies, bounded lists. */
export const REQUEST_LIMITS = { bodyBytes: 16 * 1024, experiments: 64, nameLength: 100 } as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const RunOverridesSchema = z.strictObject({
  profile: z.string().min(1).max(REQUEST_LIMITS.nameLength).optional(),
  experiments: z
    .array(z.string().min(1).max(REQUEST_LIMITS.nameLength).regex(NAME, 'must be an experiment name (letters, digits, _ . -)'))
    .min(1)
    .max(REQUEST_LIMITS.experiments)
    .optional(),
  maxRows: z.int().min(1).optional(),
  disableMetrics: z.boolean().optional(),
  label: z.string().max(200).optional(),
});

/** The HTTP body of `POST /api/runs`. */
export const HttpRunBodySchema = RunOverridesSchema.extend({
  suite: z.string().max(REQUEST_LIMITS.nameLength).regex(NAME, 'must be a suite folder name (letters, digits, _ . -)'),
  /** A suite sent by `elspeth submit` (PUT /api/suites/{sha256}); `suite` is then its name in the run index. */
  suiteRef: z.string().regex(/^sha256:[0-9a-f]{64}$/, "must be 'sha256:' and 64 hex digits, as PUT /api/suites answers").optional(),
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
  /** CLI only (`--input-root`): inputs may come from anywhere inside this folder. Never set over HTTP. */
  inputRoot?: string;
  /** Do not use the shared response cache even if the profile enables it. */
  noCache?: boolean;
  label?: string;
  /** A submitted suite (`sha256:<hex>`): activities unpack it from blob storage where they run. */
  suiteRef?: string;
  /** Set by the timer: the schedule slot this run belongs to. */
  slot?: string;
}
