import { startMockLlmServer, type MockLlmServer } from '../../../src/local/mockLlm';
import { judgeAnswer, labelAnswer, labelCatalogue, oracleLabel } from '../../../src/local/mockLlm/labelling';

const SYSTEM = [
  'Classify the support ticket. Answer with one label:',
  '- billing: invoice, charge, refund',
  '- technical: error, crash, login',
  '- shipping: parcel, delivery, tracking number',
].join('\n');

describe('the mock classifier', () => {
  it('reads the label lines of the prompt and picks the label with the most keyword hits', () => {
    const catalogue = labelCatalogue(SYSTEM);
    expect(catalogue).toEqual([
      { label: 'billing', keywords: ['invoice', 'charge', 'refund'] },
      { label: 'technical', keywords: ['error', 'crash', 'login'] },
      { label: 'shipping', keywords: ['parcel', 'delivery', 'tracking number'] },
    ]);
    expect(oracleLabel(catalogue, 'I was charged twice, please refund the invoice.')).toBe('billing');
    expect(oracleLabel(catalogue, 'The app crashes with an error after login; also my parcel is late.')).toBe('technical');
    expect(oracleLabel(catalogue, 'Where is my delivery? The tracking number shows nothing.')).toBe('shipping');
    // No keyword at all: the first label (ties go to the first listed).
    expect(oracleLabel(catalogue, 'Hello there')).toBe('billing');
  });

  it('answers right with the asked accuracy, the same for a prompt whatever the order, nested across accuracies', () => {
    const tickets = Array.from({ length: 2000 }, (_, i) => `Ticket ${i}: my invoice shows a wrong charge`);
    const answer = (accuracy: number, user: string) => labelAnswer({ seed: 7, model: 'mock', system: SYSTEM, user, accuracy })!;
    const at80 = tickets.map((user) => answer(0.8, user));
    const rate = at80.filter((result) => result.right).length / tickets.length;
    expect(Math.abs(rate - 0.8)).toBeLessThan(0.03);
    expect([...tickets].reverse().map((user) => answer(0.8, user).content).reverse()).toEqual(at80.map((result) => result.content));
    const at90 = tickets.map((user) => answer(0.9, user));
    expect(at80.every((result, i) => !result.right || at90[i]!.right)).toBe(true);
    expect(at80.filter((result) => !result.right).every((result) => ['technical', 'shipping'].includes(result.content))).toBe(true);
    expect(answer(1, tickets[0]!)).toEqual({ content: 'billing', truth: 'billing', right: true });
    expect(labelAnswer({ seed: 7, model: 'mock', system: 'No labels here', user: 'x', accuracy: 1 })).toBeUndefined();
  });

  it('answers JSON when the prompt shows a {"label"} answer', () => {
    expect(labelAnswer({ seed: 1, model: 'mock', system: `${SYSTEM}\nReply as {"label": "<label>"}`, user: 'refund', accuracy: 1 })!.content).toBe('{"label":"billing"}');
  });
});

describe('the mock judge', () => {
  const prompt = (answer: string, format: string) => `Grade the answer.\nReference: billing\nAnswer: ${answer}\n\n${format}`;
  it.each([
    ['PASS or FAIL', 'Billing.', 'PASS'],
    ['PASS or FAIL', 'shipping', 'FAIL'],
  ])('judges faithfully at fidelity 1 (%s, %s)', (format, answer, score) => {
    expect(JSON.parse(judgeAnswer({ seed: 1, model: 'judge', system: '', user: prompt(answer, `Reply with JSON {"score": "PASS" or "FAIL"}. ${format}`), fidelity: 1 })!.content)).toMatchObject({ score });
  });

  it('grades 1-5 and 0-1 scales, inverts unfaithful judgements, and ignores prompts without an Answer line', () => {
    const graded = (answer: string, format: string, fidelity = 1) => (JSON.parse(judgeAnswer({ seed: 3, model: 'judge', system: '', user: prompt(answer, format), fidelity })!.content) as { score: number }).score;
    expect(graded('billing', '{"score": <1-5>}')).toBeGreaterThanOrEqual(4);
    expect(graded('refund', '{"score": <1-5>}')).toBeLessThanOrEqual(2);
    expect(graded('billing', '{"score": <0-1>}')).toBeGreaterThanOrEqual(0.8);
    expect(graded('billing', '{"score": <1-5>}', 0)).toBeLessThanOrEqual(2);
    expect(judgeAnswer({ seed: 3, model: 'judge', system: '', user: 'no answer line', fidelity: 1 })).toBeUndefined();
  });
});

describe('labelling over HTTP', () => {
  let server: MockLlmServer;
  afterEach(async () => server?.close());

  it('answers labelling and judging prompts from the model directives and counts them', async () => {
    server = await startMockLlmServer({ seed: 5 });
    const chat = async (model: string, system: string, user: string) => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] }),
      });
      return ((await response.json()) as { model: string; choices: { message: { content: string } }[] });
    };
    const labelled = await chat('mock;accuracy=1', SYSTEM, 'Where is my parcel?');
    expect([labelled.model, labelled.choices[0]!.message.content]).toEqual(['mock', 'shipping']);
    const judged = await chat('mock-judge;judge=1', 'Judge.', 'Reference: shipping\nAnswer: shipping\nReply {"score": "PASS" or "FAIL"}');
    expect(JSON.parse(judged.choices[0]!.message.content)).toEqual({ score: 'PASS', rationale: 'The answer matches the reference.' });
    // A model without labelling directives keeps answering score JSON.
    expect(JSON.parse((await chat('mock', SYSTEM, 'Where is my parcel?')).choices[0]!.message.content)).toHaveProperty('score');
    expect(server.stats()).toMatchObject({ labels: { answered: 1, right: 1 }, judgements: { answered: 1, faithful: 1 } });
  });
});
