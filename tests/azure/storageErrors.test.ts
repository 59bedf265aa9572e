import { RestError } from '@azure/storage-blob';
import { redactStorageSecrets, withoutQuery } from '../../src/azure/redact';
import { toStorageError } from '../../src/azure/storageErrors';

const context = { operation: 'get', target: 'elspeth/runs/r1/plan.json' };

describe('toStorageError', () => {
  it.each([
    ['5xx', new RestError('Server busy', { statusCode: 503, code: 'ServerBusy' }), true],
    ['408', new RestError('Timeout', { statusCode: 408 }), true],
    ['429', new RestError('Throttled', { statusCode: 429 }), true],
    ['403', new RestError('Forbidden', { statusCode: 403, code: 'AuthorizationFailure' }), false],
    ['404', new RestError('Missing', { statusCode: 404, code: 'ContainerNotFound' }), false],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['send error', new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR' }), true],
    ['abort', Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }), true],
    ['a plain error', new Error('boom'), false],
  ])('%s: retryable = %s', (_label, error, retryable) => {
    const appError = toStorageError(error, context);
    expect({ code: appError.code, retryable: appError.retryable }).toEqual({ code: 'STORAGE_FAILED', retryable });
  });

  it('says what failed, with status and code, first line only', () => {
    const error = new RestError('The specified container does not exist.\nRequestId:abc\nTime:2026', { statusCode: 404, code: 'ContainerNotFound' });
    expect(toStorageError(error, { ...context, details: { conflict: false } }).toErrorInfo()).toEqual({
      code: 'STORAGE_FAILED',
      message: "Storage get failed for 'elspeth/runs/r1/plan.json' (404 ContainerNotFound): The specified container does not exist.",
      retryable: false,
      details: { operation: 'get', target: 'elspeth/runs/r1/plan.json', statusCode: 404, errorCode: 'ContainerNotFound', conflict: false },
    });
  });

  it('never carries keys or SAS signatures, and drops the SDK error (and its request) as cause', () => {
    const error = new RestError('Failed for https://a.blob.core.windows.net/c/b?sv=2024&sig=SECRETSIG&se=1 with AccountKey=SECRETKEY;', { statusCode: 500 });
    const appError = toStorageError(error, context);
    expect(appError.message).not.toMatch(/SECRETSIG|SECRETKEY/);
    expect(appError.message).toContain('sig=<redacted>');
    expect(appError.cause).toBeUndefined();
  });
});

describe('redaction helpers', () => {
  it.each([
    ['DefaultEndpointsProtocol=http;AccountName=a;AccountKey=abc/def==;BlobEndpoint=x', 'DefaultEndpointsProtocol=http;AccountName=a;AccountKey=<redacted>;BlobEndpoint=x'],
    ['BlobEndpoint=x;SharedAccessSignature=sv=1&sig=abc', 'BlobEndpoint=x;SharedAccessSignature=<redacted>'],
    ['https://h/c/b?sv=1&sig=abc%2F&se=2', 'https://h/c/b?sv=1&sig=<redacted>&se=2'],
    ['Authorization: Bearer eyJ', 'Authorization: <redacted>'],
    ['nothing secret here', 'nothing secret here'],
  ])('redacts %s', (input, expected) => {
    expect(redactStorageSecrets(input)).toBe(expected);
  });

  it('strips the query from a URL', () => {
    expect(withoutQuery('https://h/c/b.json?sv=1&sig=x')).toBe('https://h/c/b.json');
    expect(withoutQuery('https://h/c/b.json')).toBe('https://h/c/b.json');
  });
});
