import { startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from '../../../src/local/mockLlm';
import { analyzeSeverities, CONTENT_SAFETY_CATEGORIES, DEFAULT_CONTENT_SAFETY_TERMS } from '../../../src/local/mockLlm/contentSafetyTerms';

let server: MockLlmServer;
afterEach(async () => server?.close());

const ANALYZE = '/contentsafety/text:analyze?api-version=2023-10-01';

async function analyze(body: unknown, options: { path?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}${options.path ?? ANALYZE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const serve = async (options: MockLlmServerOptions = {}) => (server = await startMockLlmServer(options));
const none = CONTENT_SAFETY_CATEGORIES.map((category) => ({ category, severity: 0 }));

describe('trigger terms', () => {
  it.each([
    ['a calm request', { Hate: 0, SelfHarm: 0, Sexual: 0, Violence: 0 }],
    ['they threaten to KILL the deal', { Hate: 0, SelfHarm: 0, Sexual: 0, Violence: 6 }],
    ['new skills, no fighting, threatened', { Hate: 0, SelfHarm: 0, Sexual: 0, Violence: 0 }],
    ['a violent, hateful rant', { Hate: 4, SelfHarm: 0, Sexual: 0, Violence: 4 }],
    ['sexually explicit and idiots', { Hate: 2, SelfHarm: 0, Sexual: 6, Violence: 0 }],
    ['talk of self-harm', { Hate: 0, SelfHarm: 6, Sexual: 0, Violence: 0 }],
  ])('%p -> %p', (text, expected) => {
    const severities = Object.fromEntries(analyzeSeverities(text, CONTENT_SAFETY_CATEGORIES, DEFAULT_CONTENT_SAFETY_TERMS).map((a) => [a.category, a.severity]));
    expect(severities).toEqual(expected);
  });
});

describe('mock Azure AI Content Safety (text:analyze)', () => {
  it('answers the GA shape for every category, and counts the calls apart from chat', async () => {
    await serve();
    expect(await analyze({ text: 'hello there' })).toEqual({ status: 200, body: { blocklistsMatch: [], categoriesAnalysis: none } });
    expect(await analyze({ text: 'I will kill you', categories: ['Violence', 'Hate'] })).toEqual({
      status: 200,
      body: { blocklistsMatch: [], categoriesAnalysis: [{ category: 'Hate', severity: 0 }, { category: 'Violence', severity: 6 }] },
    });
    expect(server.stats()).toMatchObject({ totalRequests: 0, contentSafety: { requests: 2, outcomes: { ok: 2, unauthorized: 0, bad_request: 0 }, detected: 1 } });
  });

  it('uses configured terms, four levels by default and eight on request', async () => {
    await serve({ contentSafetyTerms: { Violence: { brawl: 5 } } });
    const severity = async (extra: Record<string, unknown>) =>
      ((await analyze({ text: 'a brawl, then kill', categories: ['Violence'], ...extra })).body.categoriesAnalysis as { severity: number }[])[0]?.severity;
    expect([await severity({}), await severity({ outputType: 'EightSeverityLevels' })]).toEqual([4, 5]);
  });

  it.each([
    ['no key header', {}, 401],
    ['a wrong key', { 'Ocp-Apim-Subscription-Key': 'nope' }, 401],
    ['the key', { 'Ocp-Apim-Subscription-Key': 'cs-key' }, 200],
  ])('with a key configured, %s (headers %j) -> %i', async (_label, headers, status) => {
    await serve({ contentSafetyKey: 'cs-key' });
    expect((await analyze({ text: 'x' }, { headers })).status).toBe(status);
  });

  it('falls back to the chat apiKey, and accepts any key or none when no key is configured', async () => {
    await serve({ apiKey: 'chat-key' });
    expect((await analyze({ text: 'x' }, { headers: { 'Ocp-Apim-Subscription-Key': 'chat-key' } })).status).toBe(200);
    expect((await analyze({ text: 'x' })).body).toEqual({ error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint (mock).' } });
    await server.close();
    await serve();
    expect([(await analyze({ text: 'x' })).status, (await analyze({ text: 'x' }, { headers: { 'Ocp-Apim-Subscription-Key': 'any' } })).status]).toEqual([200, 200]);
  });

  it.each([
    ['no api-version', { text: 'x' }, '/contentsafety/text:analyze', 'MissingApiVersionParameter'],
    ['not JSON', '{"text": ', ANALYZE, 'InvalidRequestBody'],
    ['no text', { categories: ['Hate'] }, ANALYZE, 'InvalidRequestBody'],
    ['blank text', { text: '  ' }, ANALYZE, 'InvalidRequestBody'],
    ['text over 10,000 characters', { text: 'a'.repeat(10_001) }, ANALYZE, 'InvalidRequestBody'],
    ['an unknown category', { text: 'x', categories: ['Gore'] }, ANALYZE, 'InvalidRequestBody'],
    ['an unknown output type', { text: 'x', outputType: 'Ten' }, ANALYZE, 'InvalidRequestBody'],
  ])('rejects %s with 400', async (_label, body, path, code) => {
    await serve();
    const answer = await analyze(body, { path });
    expect({ status: answer.status, code: (answer.body.error as { code: string }).code }).toEqual({ status: 400, code });
    expect(server.stats().contentSafety.outcomes.bad_request).toBe(1);
  });
});
