/**
 * What the mock server reads from a chat-completions body and what it answers: a JSON
 * `{"score", "comment"}` whose score is the mock model's hash score of the prompts.
 */
import { createHash } from 'node:crypto';
import { mockScore } from '../../core/llm/mockScore';

export const MOCK_SERVER_COMMENT = 'Mock server response';

export interface ChatPrompts {
  system: string;
  user: string;
  model?: string;
}

export interface Completion {
  body: Record<string, unknown>;
  totalTokens: number;
}

/** The prompts of a chat body (system and user messages, joined), or a reason it is unusable. */
export function readPrompts(body: unknown): ChatPrompts | string {
  if (typeof body !== 'object' || body === null) return 'the body must be a JSON object';
  const { messages, model } = body as { messages?: unknown; model?: unknown };
  if (!Array.isArray(messages) || messages.length === 0) return "'messages' must be a non-empty array";
  const system: string[] = [];
  const user: string[] = [];
  for (const message of messages as { role?: unknown; content?: unknown }[]) {
    const text = messageText(message?.content);
    if (text === undefined) return 'every message needs text content';
    if (message.role === 'system' || message.role === 'developer') system.push(text);
    else if (message.role === 'user') user.push(text);
  }
  const prompts: ChatPrompts = { system: system.join('\n'), user: user.join('\n') };
  if (typeof model === 'string' && model !== '') prompts.model = model;
  return prompts;
}

function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content as { type?: unknown; text?: unknown }[];
  return parts.map((part) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Key of the per-prompt request counter in the server's stats. */
export function promptHash(system: string, user: string): string {
  return createHash('sha256').update(system).update('\u0000').update(user).digest('hex').slice(0, 16);
}

export interface CompletionInput {
  id: string;
  model: string;
  prompts: ChatPrompts;
  seed: number;
  createdInSeconds: number;
  /** The answer's text when the model was asked to label or judge (labelling.ts); else the score JSON. */
  content?: string;
}

/**
 * A model named `mock+0.05` (or `mock-0.1`) answers the same hash score shifted by that
 * amount, clamped to [0, 1]: a deterministic "better model" for demos and statistics tests.
 */
export function modelBias(model: string | undefined): number {
  const match = /^mock([+-](?:\d+\.?\d*|\.\d+))$/.exec(model ?? '');
  return match ? Number(match[1]) : 0;
}

export function buildCompletion(input: CompletionInput): Completion {
  const bias = modelBias(input.prompts.model);
  // A biased model also draws its own scores (the model name joins the hash), so it is a
  // different model that is better on average, not the same answers shifted row by row.
  const hashScore = mockScore(input.prompts.system, input.prompts.user, bias === 0 ? {} : { model: input.prompts.model }, input.seed);
  const score = bias === 0 ? hashScore : Math.min(1, Math.max(0, Math.round((hashScore + bias) * 1e12) / 1e12));
  const content = input.content ?? JSON.stringify({ score, comment: MOCK_SERVER_COMMENT });
  const promptTokens = estimateTokens(input.prompts.system + input.prompts.user);
  const completionTokens = estimateTokens(content);
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  return {
    body: {
      id: input.id,
      object: 'chat.completion',
      created: input.createdInSeconds,
      model: input.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage,
    },
    totalTokens: usage.total_tokens,
  };
}

/** OpenAI's error body shape. */
export function errorBody(message: string, type: string | null, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}
