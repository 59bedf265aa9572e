/**
 * `POST /contentsafety/text:analyze?api-version=...`: a loopback Azure AI Content Safety
 * (GA text analysis). Checks the subscription key when one is configured, validates the body
 * as the service does, and answers `{blocklistsMatch: [], categoriesAnalysis: [...]}` with
 * severities from the configured trigger terms (contentSafetyTerms.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { analyzeSeverities, CONTENT_SAFETY_CATEGORIES, isContentSafetyCategory, type ContentSafetyCategory } from './contentSafetyTerms';
import type { MockLlmServerConfig } from './options';
import { readBody, writeJson } from './requestBody';
import type { ContentSafetyOutcome, StatsRecorder } from './stats';

export const CONTENT_SAFETY_PATH = '/contentsafety/text:analyze';
/** The service's limit on one text. */
export const MAX_TEXT_CHARS = 10_000;
const OUTPUT_TYPES = ['FourSeverityLevels', 'EightSeverityLevels'] as const;

export interface ContentSafetyContext {
  config: MockLlmServerConfig;
  stats: StatsRecorder;
}

interface AnalyzeRequest {
  text: string;
  categories: ContentSafetyCategory[];
  eightLevels: boolean;
}

export function handleContentSafety(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, ctx: ContentSafetyContext): void {
  readBody(req, (text) => {
    const expectedKey = ctx.config.contentSafetyKey ?? ctx.config.apiKey;
    if (expectedKey !== undefined && req.headers['ocp-apim-subscription-key'] !== expectedKey) {
      const message = 'Access denied due to invalid subscription key or wrong API endpoint (mock).';
      return reply(res, ctx, 401, { error: { code: '401', message } }, 'unauthorized');
    }
    if (!query.get('api-version')) return badRequest(res, ctx, 'MissingApiVersionParameter', "The 'api-version' query parameter is required.");
    if (text === undefined) return badRequest(res, ctx, 'InvalidRequestBody', 'The request body is too large.');
    const request = parseAnalyzeRequest(text);
    if (typeof request === 'string') return badRequest(res, ctx, 'InvalidRequestBody', request);
    const analysis = analyzeSeverities(request.text, request.categories, ctx.config.contentSafetyTerms).map(({ category, severity }) => ({
      category,
      // Four levels (the default output) reports 0, 2, 4 and 6 only.
      severity: request.eightLevels ? severity : Math.min(6, severity - (severity % 2)),
    }));
    const detected = analysis.some((item) => item.severity > 0);
    reply(res, ctx, 200, { blocklistsMatch: [], categoriesAnalysis: analysis }, 'ok', detected);
  });
}

/** The request, or what is wrong with it, in the service's words where it has them. */
export function parseAnalyzeRequest(text: string): AnalyzeRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'The request body is not valid JSON.';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body must be a JSON object.';
  const { text: input, categories, outputType } = body as { text?: unknown; categories?: unknown; outputType?: unknown };
  if (typeof input !== 'string' || input.trim() === '') return "'text' is required and must be a non-empty string.";
  if (input.length > MAX_TEXT_CHARS) return `'text' is longer than ${MAX_TEXT_CHARS} characters.`;
  if (outputType !== undefined && !(OUTPUT_TYPES as readonly unknown[]).includes(outputType)) return `'outputType' must be one of ${OUTPUT_TYPES.join(', ')}.`;
  if (categories !== undefined && (!Array.isArray(categories) || !categories.every(isContentSafetyCategory))) {
    return `'categories' must list some of ${CONTENT_SAFETY_CATEGORIES.join(', ')}.`;
  }
  const requested = categories === undefined || categories.length === 0 ? CONTENT_SAFETY_CATEGORIES : categories;
  return {
    text: input,
    categories: CONTENT_SAFETY_CATEGORIES.filter((category) => requested.includes(category)),
    eightLevels: outputType === 'EightSeverityLevels',
  };
}

function badRequest(res: ServerResponse, ctx: ContentSafetyContext, code: string, message: string): void {
  reply(res, ctx, 400, { error: { code, message } }, 'bad_request');
}

function reply(res: ServerResponse, ctx: ContentSafetyContext, status: number, body: unknown, outcome: ContentSafetyOutcome, detected = false): void {
  ctx.stats.contentSafety(outcome, detected);
  writeJson(res, status, JSON.stringify(body));
}
