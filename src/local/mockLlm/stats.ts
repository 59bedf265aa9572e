/** Counters the mock server keeps, so tests and benchmarks can check what it was asked. */

export const MOCK_OUTCOMES = [
  'ok',
  'rate_limited',
  'quota_exceeded',
  'server_error',
  'hang',
  'malformed',
  'content_filtered',
  'unauthorized',
  'bad_request',
  'not_found',
  /** The client went away before the answer was due. */
  'client_aborted',
] as const;
export type MockOutcome = (typeof MOCK_OUTCOMES)[number];

export const CONTENT_SAFETY_OUTCOMES = ['ok', 'unauthorized', 'bad_request'] as const;
export type ContentSafetyOutcome = (typeof CONTENT_SAFETY_OUTCOMES)[number];

/** Calls to the mock Azure AI Content Safety, counted apart from chat completions. */
export interface ContentSafetyStats {
  requests: number;
  outcomes: Record<ContentSafetyOutcome, number>;
  /** Answers that reported a severity above 0 in some category. */
  detected: number;
}

export interface MockLlmStats {
  /** Chat-completion requests received (health checks and unknown routes excluded). */
  totalRequests: number;
  outcomes: Record<MockOutcome, number>;
  inFlight: number;
  maxInFlight: number;
  /** Milliseconds from the first request's arrival to the last answer: the time the model was busy (0 before any). */
  busyMs: number;
  /** Requests per `promptHash(system, user)`: a count above 1 means the prompt was sent again. */
  promptCounts: Record<string, number>;
  /** Successful answers per prompt hash: above 1 means a prompt already answered was asked again. */
  promptAnswers: Record<string, number>;
  contentSafety: ContentSafetyStats;
  /** Labelling answers (`accuracy=`): how many, and how many gave the label the mock holds true. */
  labels: { answered: number; right: number };
  /** Judge answers (`judge=`): how many, and how many were faithful. */
  judgements: { answered: number; faithful: number };
}

export interface StatsRecorder {
  begin(): void;
  end(): void;
  outcome(kind: MockOutcome): void;
  prompt(hash: string): void;
  answered(hash: string): void;
  countRequest(): number;
  contentSafety(outcome: ContentSafetyOutcome, detected?: boolean): void;
  labelled(right: boolean): void;
  judged(faithful: boolean): void;
  snapshot(): MockLlmStats;
}

export function createStatsRecorder(): StatsRecorder {
  let totalRequests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let firstBeginAt: number | undefined;
  let lastEndAt: number | undefined;
  const outcomes = Object.fromEntries(MOCK_OUTCOMES.map((kind) => [kind, 0])) as Record<MockOutcome, number>;
  const promptCounts = new Map<string, number>();
  const promptAnswers = new Map<string, number>();
  const safety: ContentSafetyStats = { requests: 0, outcomes: { ok: 0, unauthorized: 0, bad_request: 0 }, detected: 0 };
  const labels = { answered: 0, right: 0 };
  const judgements = { answered: 0, faithful: 0 };
  return {
    begin() {
      firstBeginAt ??= performance.now();
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
    },
    end() {
      lastEndAt = performance.now();
      inFlight -= 1;
    },
    outcome(kind) {
      outcomes[kind] += 1;
    },
    prompt(hash) {
      promptCounts.set(hash, (promptCounts.get(hash) ?? 0) + 1);
    },
    answered(hash) {
      promptAnswers.set(hash, (promptAnswers.get(hash) ?? 0) + 1);
    },
    /** Counts a chat request and returns its 0-based number, which keys its seeded draws. */
    countRequest() {
      totalRequests += 1;
      return totalRequests - 1;
    },
    contentSafety(outcome, detected = false) {
      safety.requests += 1;
      safety.outcomes[outcome] += 1;
      if (detected) safety.detected += 1;
    },
    labelled(right) {
      labels.answered += 1;
      if (right) labels.right += 1;
    },
    judged(faithful) {
      judgements.answered += 1;
      if (faithful) judgements.faithful += 1;
    },
    snapshot: () => ({
      totalRequests,
      outcomes: { ...outcomes },
      inFlight,
      maxInFlight,
      busyMs: firstBeginAt !== undefined && lastEndAt !== undefined ? lastEndAt - firstBeginAt : 0,
      promptCounts: Object.fromEntries(promptCounts),
      promptAnswers: Object.fromEntries(promptAnswers),
      contentSafety: { ...safety, outcomes: { ...safety.outcomes } },
      labels: { ...labels },
      judgements: { ...judgements },
    }),
  };
}
