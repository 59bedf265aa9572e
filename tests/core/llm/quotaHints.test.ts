import { durationInMs, quotaHintDetails, quotaHintsFromDetails, quotaHintsFromRecord, quotaHintsOfFailure } from '../../../src/core/llm/quotaHints';

describe('quota hints', () => {
  it.each([
    ['1s', 1000],
    ['20ms', 20],
    ['6m0s', 360_000],
    ['1h2m3.5s', 3_723_500],
    ['0.25', 250],
    ['7', 7000],
    ['', undefined],
    ['soon', undefined],
    ['1s garbage', undefined],
    ['-1s', undefined],
  ])('reads the reset duration %j as %s ms', (text, expected) => {
    expect(durationInMs(text)).toBe(expected);
  });

  it('reads remaining counts and resets from lower-case headers, ignoring what is not a count', () => {
    expect(
      quotaHintsFromRecord({
        'x-ratelimit-remaining-requests': '12',
        'x-ratelimit-remaining-tokens': 'lots',
        'x-ratelimit-reset-requests': '2s',
        'x-ratelimit-limit-requests': '100',
      }),
    ).toEqual({ remainingRequests: 12, resetRequestsInMs: 2000 });
    expect(quotaHintsFromRecord(undefined)).toEqual({});
  });

  it("takes a 429's retry-after as the reset of the counts it reports spent", () => {
    expect(quotaHintsOfFailure({ http_status: 429, retry_after_ms: 640, remaining_requests: 0 })).toEqual({ remainingRequests: 0, resetRequestsInMs: 640 });
    expect(quotaHintsOfFailure({ http_status: 429, retry_after_ms: 640, remaining_requests: 0, reset_requests_ms: 900 })).toEqual({ remainingRequests: 0, resetRequestsInMs: 900 });
    expect(quotaHintsOfFailure({ http_status: 500, retry_after_ms: 640, remaining_requests: 3 })).toEqual({ remainingRequests: 3 });
  });

  it('round-trips through error details and rejects hostile values there', () => {
    const hints = { remainingRequests: 0, remainingTokens: 300, resetRequestsInMs: 250, resetTokensInMs: 1000 };
    expect(quotaHintsFromDetails(quotaHintDetails(hints))).toEqual(hints);
    expect(quotaHintsFromDetails({ remaining_requests: -1, remaining_tokens: 'x', reset_requests_ms: Infinity })).toEqual({});
  });
});
