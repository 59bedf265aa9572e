/**
 * Unit tests of src/core/llm/llmErrors.ts (kept beside the clients that rely on it): real SDK
 * error objects and undici-shaped errors must map to the right codes.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, InternalServerError, RateLimitError } from 'openai';
import { AppError } from '../../../src/core/errors';
import { parseRetryAfterMs, redactSecrets, toLlmError } from '../../../src/core/llm/llmErrors';

const NOW = Date.UTC(2026, 0, 1);
const context = { provider: 'http_openai', nowInMs: NOW, secrets: ['sk-very-secret'] };

describe('parseRetryAfterMs', () => {
  it.each([
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after-ms': 'x', 'retry-after': '3' }, 3000],
    [{}, undefined],
  ])('%j -> %s', (headers, expected) => {
    expect(parseRetryAfterMs(new Headers(headers), NOW)).toBe(expected);
  });
});

describe('toLlmError', () => {
  const headers = new Headers({ 'retry-after': '4' });
  it.each([
    ['SDK 429', new RateLimitError(429, { message: 'slow down' }, undefined, headers), 'LLM_RATE_LIMITED', true, { http_status: 429, retry_after_ms: 4000 }],
    [
      'SDK 429 with quota counts',
      new RateLimitError(429, { message: 'slow down' }, undefined, new Headers({ 'retry-after-ms': '640', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '1200', 'x-ratelimit-reset-requests': '640ms' })),
      'LLM_RATE_LIMITED',
      true,
      { http_status: 429, retry_after_ms: 640, remaining_requests: 0, remaining_tokens: 1200, reset_requests_ms: 640 },
    ],
    ['SDK 503', new InternalServerError(503, undefined, undefined, new Headers()), 'LLM_SERVER_ERROR', true, { http_status: 503 }],
    ['plain 404 shape', { status: 404, message: 'no deployment', headers: new Headers() }, 'LLM_REQUEST_REJECTED', false, { http_status: 404 }],
    ['408 shape', { status: 408, headers: new Headers() }, 'LLM_TIMEOUT', true, { http_status: 408 }],
    ['SDK timeout', new APIConnectionTimeoutError(), 'LLM_TIMEOUT', true, {}],
    ['SDK user abort', new APIUserAbortError(), 'LLM_TIMEOUT', true, {}],
    ['DOM abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'LLM_TIMEOUT', true, {}],
    ['undici reset', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) }), 'LLM_CONNECTION_FAILED', true, { cause_code: 'ECONNRESET' }],
    ['SDK connection', new APIConnectionError({ message: 'Connection error.' }), 'LLM_CONNECTION_FAILED', true, {}],
    ['bad JSON', new SyntaxError('Unexpected end of JSON input'), 'LLM_BAD_RESPONSE', true, {}],
    ['anything else', new Error('boom'), 'INTERNAL', false, {}],
  ])('%s -> %s', (_label, error, code, retryable, details) => {
    const mapped = toLlmError(error, context);
    expect({ code: mapped.code, retryable: mapped.retryable, details: mapped.details }).toEqual({
      code,
      retryable,
      details: { provider: 'http_openai', ...details },
    });
  });

  it('passes AppErrors through, also when an SDK wrapped one as its cause', () => {
    const own = new AppError('LLM_CONNECTION_FAILED', 'token failed', { retryable: true });
    expect(toLlmError(own, context)).toBe(own);
    expect(toLlmError(new Error('Failed to get token', { cause: own }), context)).toBe(own);
  });

  it('redacts secrets from messages', () => {
    const error = { status: 401, message: '401 Incorrect API key provided: sk-very-secret', headers: new Headers() };
    expect(toLlmError(error, context).message).toBe('http_openai: request rejected (HTTP 401): Incorrect API key provided: ***');
  });
});

describe('redactSecrets', () => {
  it.each([
    ['key abcd1234 and abcd1234', ['abcd1234'], 'key *** and ***'],
    ['short ab stays', ['ab'], 'short ab stays'],
    ['none', [], 'none'],
  ])('%s', (text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });
});
