import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockLlmServer, type MockLlmServer } from '../../../src/local/mockLlm';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { middleware, recordingNext, rejection, request } from './helpers';

const KEY = 'cs-secret-key-0123456789';

interface Received {
  path: string;
  key: string | undefined;
  body: unknown;
}

/** A loopback stand-in for `POST {endpoint}/contentsafety/text:analyze`. */
async function startContentSafety(answer: (body: { text: string }) => { status: number; body: unknown }): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as { text: string };
      received.push({ path: req.url ?? '', key: req.headers['ocp-apim-subscription-key'] as string | undefined, body });
      const reply = answer(body);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Severity 6 for violence when the text says "attack", 0 otherwise, as the GA API reports it. */
const analysis = ({ text }: { text: string }) => ({
  status: 200,
  body: {
    blocklistsMatch: [],
    categoriesAnalysis: [
      { category: 'Hate', severity: 0 },
      { category: 'Violence', severity: /attack/i.test(text) ? 6 : 0 },
    ],
  },
});

describe('azure_content_safety against a loopback mock of its API', () => {
  let service: Awaited<ReturnType<typeof startContentSafety>>;
  afterEach(async () => service?.close());

  const safety = (options: Record<string, unknown>, logger = createMemoryLogger()) =>
    middleware('azure_content_safety', { endpoint: `${service.url}/`, key_env: 'CS_KEY', ...options }, createTestDeps({ logger, fetch, env: { CS_KEY: KEY } }));

  it('sends the user prompt with the key header and passes clean prompts on', async () => {
    service = await startContentSafety(analysis);
    const { seen, next } = recordingNext();
    await safety({}).send(request({ userPrompt: 'a friendly note' }), next);
    expect(service.received).toEqual([
      { path: '/contentsafety/text:analyze?api-version=2023-10-01', key: KEY, body: { text: 'a friendly note', categories: ['Hate', 'Violence', 'SelfHarm', 'Sexual'] } },
    ]);
    expect(seen).toHaveLength(1);
  });

  it('blocks a flagged prompt with SAFETY_BLOCKED, reading categoriesAnalysis', async () => {
    service = await startContentSafety(analysis);
    const logger = createMemoryLogger();
    const { seen, next } = recordingNext();
    const error = await rejection(safety({}, logger).send(request({ userPrompt: 'plan the attack' }), next));
    expect(error).toEqual(expect.objectContaining({ code: 'SAFETY_BLOCKED', message: 'Prompt blocked by Azure Content Safety', retryable: false }));
    expect(seen).toEqual([]);
    expect(logger.entries.at(-1)).toEqual({
      level: 'warn',
      message: '[dmp.azure_content_safety] Prompt flagged by Azure Content Safety',
      context: { channel: 'dmp.azure_content_safety', event: 'safety_violation', flagged: true, max_severity: 6, categories: ['Violence'], action: 'abort', requestId: 'run/exp/0/analysis' },
    });
  });

  it.each([
    [{ on_violation: 'mask' }, '[CONTENT BLOCKED]'],
    [{ on_violation: 'mask', mask: '***' }, '***'],
    [{ on_violation: 'log' }, 'plan the attack'],
    [{ severity_threshold: 9 }, 'plan the attack'],
  ])('with %p the model sees %p', async (options, prompt) => {
    service = await startContentSafety(analysis);
    const { seen, next } = recordingNext();
    await safety(options).send(request({ userPrompt: 'plan the attack' }), next);
    expect(seen.map((r) => r.userPrompt)).toEqual([prompt]);
  });

  it('fails with SAFETY_CHECK_FAILED when the service errors, without the key in the message', async () => {
    service = await startContentSafety(() => ({ status: 500, body: { error: { message: `bad key ${KEY}` } } }));
    const error = await rejection(safety({}).send(request(), recordingNext().next));
    expect(error).toEqual(expect.objectContaining({ code: 'SAFETY_CHECK_FAILED', retryable: true }));
    expect((error as Error).message).not.toContain(KEY);
  });

  it('skips the check when the service fails and on_error is skip', async () => {
    service = await startContentSafety(() => ({ status: 401, body: {} }));
    const logger = createMemoryLogger();
    const { seen, next } = recordingNext();
    await safety({ on_error: 'skip' }, logger).send(request(), next);
    expect(seen).toHaveLength(1);
    expect(logger.entries.map((e) => e.message)).toEqual(['[dmp.azure_content_safety] Content Safety call failed; skipping']);
    expect(JSON.stringify(logger.entries)).not.toContain(KEY);
  });

  it('needs a key', () => {
    expect(() => middleware('azure_content_safety', { endpoint: 'http://127.0.0.1:1', key_env: 'MISSING' }, createTestDeps())).toThrow("environment variable 'MISSING' is not set");
  });
});

describe('azure_content_safety against the mock server, endpoint from the environment', () => {
  let mock: MockLlmServer;
  afterEach(async () => mock?.close());

  const env = () => ({ ELSPETH_MOCK_LLM_URL: mock.url, CS_KEY: KEY });
  const safety = (options: Record<string, unknown>, logger = createMemoryLogger()) =>
    middleware('azure_content_safety', { endpoint_env: 'ELSPETH_MOCK_LLM_URL', key_env: 'CS_KEY', ...options }, createTestDeps({ logger, fetch, env: env() }));

  it('reads endpoint_env, passes clean prompts and blocks the ones the mock flags', async () => {
    mock = await startMockLlmServer({ contentSafetyKey: KEY });
    const logger = createMemoryLogger();
    const { seen, next } = recordingNext();
    await safety({}, logger).send(request({ userPrompt: 'a friendly note' }), next);
    const error = await rejection(safety({}, logger).send(request({ userPrompt: 'they said they would kill the project' }), next));
    expect(error).toEqual(expect.objectContaining({ code: 'SAFETY_BLOCKED', retryable: false }));
    expect((error as { details: unknown }).details).toEqual({ middleware: 'azure_content_safety', flagged: true, max_severity: 6, categories: ['Violence'] });
    expect(seen.map((r) => r.userPrompt)).toEqual(['a friendly note']);
    expect(mock.stats().contentSafety).toEqual({ requests: 2, outcomes: { ok: 2, unauthorized: 0, bad_request: 0 }, detected: 1 });
  });

  it.each([
    ['hateful remarks', 4, { Hate: 4 }, 'blocked'],
    ['a fight broke out', 4, { Violence: 2 }, 'passed'],
    ['a fight broke out', 2, { Violence: 2 }, 'blocked'],
  ])('%p at threshold %i (severities %p) is %s', async (prompt, threshold, _severities, outcome) => {
    mock = await startMockLlmServer();
    const { next } = recordingNext();
    const sent = safety({ severity_threshold: threshold }).send(request({ userPrompt: prompt }), next);
    expect(await sent.then(() => 'passed', (e: { code?: string }) => (e.code === 'SAFETY_BLOCKED' ? 'blocked' : String(e.code)))).toBe(outcome);
  });

  it('reports a wrong key as SAFETY_CHECK_FAILED from the 401, without the key', async () => {
    mock = await startMockLlmServer({ contentSafetyKey: 'the-right-key' });
    const error = await rejection(safety({}).send(request(), recordingNext().next));
    expect(error).toEqual(expect.objectContaining({ code: 'SAFETY_CHECK_FAILED', retryable: false, details: { service: 'azure_content_safety', http_status: 401 } }));
    expect((error as Error).message).not.toContain(KEY);
  });

  it.each([
    [{ endpoint: 'http://127.0.0.1:1', endpoint_env: 'ELSPETH_MOCK_LLM_URL' }],
    [{}],
  ])('needs exactly one of endpoint and endpoint_env: %p', (options) => {
    const config = { key: 'k', ...options };
    expect(() => middleware('azure_content_safety', config, createTestDeps())).toThrow("set exactly one of 'endpoint' and 'endpoint_env'");
  });

  it.each([
    [{}, "azure_content_safety: environment variable 'CS_URL' (endpoint_env) must hold an http(s) URL"],
    [{ CS_URL: '' }, "azure_content_safety: environment variable 'CS_URL' (endpoint_env) must hold an http(s) URL"],
    [{ CS_URL: 'cs.example' }, "azure_content_safety: environment variable 'CS_URL' (endpoint_env) must hold an http(s) URL"],
  ])('rejects an unusable endpoint variable (env %p) with CONFIG_INVALID', (env, message) => {
    const create = () => middleware('azure_content_safety', { endpoint_env: 'CS_URL', key: 'k' }, createTestDeps({ env }));
    let thrown: unknown;
    try {
      create();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(expect.objectContaining({ code: 'CONFIG_INVALID', message }));
  });
});
