import { z } from 'zod';
import { ContentSafetyTermsSchema } from './contentSafetyTerms';

const Rate = z.number().min(0).max(1).default(0);

export const MockLlmServerOptionsSchema = z
  .strictObject({
    /** 0 picks a free port. The server only ever listens on 127.0.0.1. */
    port: z.number().int().min(0).max(65535).default(0),
    /** Mixed into every score and every fault draw. */
    seed: z.number().int().default(0),
    /** Reported as `model` on `/v1` calls that send none; Azure calls report the deployment. */
    model: z.string().min(1).default('mock-gpt'),
    latencyMs: z.number().min(0).default(0),
    /** Extra delay in [0, jitterMs), drawn from the seeded sequence. */
    jitterMs: z.number().min(0).default(0),
    rateLimitRate: Rate,
    serverErrorRate: Rate,
    hangRate: Rate,
    malformedRate: Rate,
    /** What injected 429s ask the client to wait. */
    retryAfterMs: z.number().int().min(0).default(1000),
    requestsPerMinute: z.number().int().positive().optional(),
    tokensPerMinute: z.number().int().positive().optional(),
    /** Azure-style per-second quota, checked on arrival (quotaPerSecond.ts). */
    requestsPerSecond: z.number().int().positive().optional(),
    tokensPerSecond: z.number().int().positive().optional(),
    /** When set, calls must carry it as `api-key` or `Authorization: Bearer`; others get 401. */
    apiKey: z.string().min(1).optional(),
    /** A user prompt containing any of these (case-insensitive) gets Azure's content-filter 400. */
    contentFilterTerms: z.array(z.string().min(1)).default([]),
    /**
     * When set (or, failing that, `apiKey`), Content Safety calls must carry it as
     * `Ocp-Apim-Subscription-Key`; others get 401. Unset: any key or none is accepted.
     */
    contentSafetyKey: z.string().min(1).optional(),
    /** Per category, term to severity, for `/contentsafety/text:analyze` (see contentSafetyTerms.ts). */
    contentSafetyTerms: ContentSafetyTermsSchema,
  })
  .refine((o) => o.rateLimitRate + o.serverErrorRate + o.hangRate + o.malformedRate <= 1, {
    message: 'the fault rates must add up to at most 1',
  });

export type MockLlmServerConfig = z.output<typeof MockLlmServerOptionsSchema>;

export type MockLlmServerOptions = z.input<typeof MockLlmServerOptionsSchema> & {
  /** Epoch ms for quota windows and `created`; defaults to the wall clock. */
  now?: () => number;
};
