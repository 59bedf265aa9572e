/**
 * The chat-completion call shared by `http_openai` and `azure_openai`: build the body, send
 * it through an `openai` SDK client (retries off), and turn the answer or the failure into the
 * platform's `LlmResponse` / `AppError`.
 */
import type OpenAI from 'openai';
import { AppError } from '../../core/errors';
import { llmBadResponse, toLlmError, type LlmErrorContext } from '../../core/llm/llmErrors';
import type { GenerateOptions, LlmRequest, LlmResponse, LlmUsage } from '../../core/llm/types';

export interface ChatDefaults {
  /** Sent as `model`; Azure routes by deployment and ignores it. */
  model: string;
  temperature?: number;
  maxTokens?: number;
}

export interface ChatCallContext {
  provider: string;
  timeoutInMs: number;
  nowInMs: () => number;
  secrets: readonly string[];
}

/** How much later than the call's deadline the SDK's own timeout fires. */
export const SDK_TIMEOUT_MARGIN_MS = 1000;

type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** Headers the rate limiter and retry loop read; everything else is dropped. */
const KEPT_HEADERS = new Set(['retry-after', 'retry-after-ms', 'x-request-id', 'apim-request-id']);

export function buildChatBody(request: LlmRequest, defaults: ChatDefaults): ChatBody {
  const body: ChatBody = {
    model: defaults.model,
    messages: [
      { role: 'system', content: request.systemPrompt },
      { role: 'user', content: request.userPrompt },
    ],
  };
  // Per-experiment values win over the client's options (docs/original-behaviour.md §12.2 item 16).
  const temperature = request.temperature ?? defaults.temperature;
  const maxTokens = request.maxTokens ?? defaults.maxTokens;
  if (temperature !== undefined) body.temperature = temperature;
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  return body;
}

export function pickHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (KEPT_HEADERS.has(lower) || lower.startsWith('x-ratelimit-')) kept[lower] = value;
  });
  return kept;
}

/** Sends one chat completion and maps the outcome; every failure is an AppError. */
export async function sendChat(
  client: OpenAI,
  request: LlmRequest,
  defaults: ChatDefaults,
  context: ChatCallContext,
  options: GenerateOptions = {},
): Promise<LlmResponse> {
  const errorContext = (): LlmErrorContext => ({ provider: context.provider, nowInMs: context.nowInMs(), secrets: context.secrets });
  // Our own deadline, not only the SDK's: the SDK recognises an aborted fetch by `instanceof
  // Error`, which fails across realms (Jest's VM), so it may report a timeout as a connection error.
  // A timer we clear ourselves: AbortSignal.timeout() keeps every call's timer and signal
  // alive for the whole timeout, which at thousands of calls a second holds hundreds of MB.
  const call = callSignal(context.timeoutInMs, options.abortSignal);
  let answer: { data: unknown; response: Response };
  try {
    answer = await client.chat.completions.create(buildChatBody(request, defaults), { signal: call.signal }).withResponse();
  } catch (error) {
    if (call.signal.aborted) throw timeoutError(call.timedOut(), context, error);
    throw toLlmError(error, errorContext());
  } finally {
    call.dispose();
  }
  return toLlmResponse(answer.data, pickHeaders(answer.response.headers), request, errorContext());
}

/** An abort signal that fires at the deadline or when the caller aborts; dispose() releases both. */
function callSignal(timeoutInMs: number, callerSignal: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutInMs} ms`));
  }, timeoutInMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

function timeoutError(timedOut: boolean, context: ChatCallContext, cause: unknown): AppError {
  const what = timedOut ? `no answer within ${context.timeoutInMs} ms` : 'the call was aborted';
  return new AppError('LLM_TIMEOUT', `${context.provider}: ${what}`, {
    retryable: true,
    details: { provider: context.provider, timeout_ms: context.timeoutInMs, aborted_by_caller: !timedOut },
    cause,
  });
}

interface ChoiceShape {
  message?: { content?: unknown };
  finish_reason?: unknown;
}

function toLlmResponse(data: unknown, headers: Record<string, string>, request: LlmRequest, context: LlmErrorContext): LlmResponse {
  if (typeof data !== 'object' || data === null) throw llmBadResponse('body is not a JSON object', context);
  const body = data as { id?: unknown; model?: unknown; choices?: unknown; usage?: unknown };
  const choice = (Array.isArray(body.choices) ? body.choices[0] : undefined) as ChoiceShape | undefined;
  if (choice === undefined) throw llmBadResponse('no choices in the body', context);
  const content = choice.message?.content;
  if (typeof content !== 'string') {
    if (choice.finish_reason === 'content_filter') {
      throw new AppError('LLM_REQUEST_REJECTED', `${context.provider}: the answer was withheld by the content filter`, {
        details: { provider: context.provider, finish_reason: 'content_filter' },
      });
    }
    throw llmBadResponse('the first choice has no message content', context);
  }
  const usage = toUsage(body.usage);
  const raw = { id: body.id, model: body.model, finish_reason: choice.finish_reason, usage: usage ?? null };
  const response: LlmResponse = { content, metrics: {}, raw, headers, metadata: { ...request.metadata } };
  if (usage) response.usage = usage;
  return response;
}

function toUsage(value: unknown): LlmUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as Record<string, unknown>;
  const prompt = numberOr(usage.prompt_tokens, 0);
  const completion = numberOr(usage.completion_tokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: numberOr(usage.total_tokens, prompt + completion) };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
