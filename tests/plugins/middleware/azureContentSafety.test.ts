import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
