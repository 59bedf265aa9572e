/**
 * Azure AI Content Safety, text analysis (GA API 2023-10-01):
 * POST {endpoint}/contentsafety/text:analyze?api-version=... with the subscription key header.
 * The answer lists `categoriesAnalysis: [{category, severity}]`; the original read `results`
 * and so never flagged anything (docs/original-behaviour.md §5.3). The key never appears in errors.
 */
import { AppError, errorMessage } from '../core/errors';

export interface ContentSafetyRequestOptions {
  endpoint: string;
  key: string;
  apiVersion: string;
  categories: readonly string[];
  fetch: typeof fetch;
  timeoutInMs: number;
}

export interface CategorySeverity {
  category: string;
  severity: number;
}

export function analyzeUrl(endpoint: string, apiVersion: string): string {
  return `${endpoint.replace(/\/+$/, '')}/contentsafety/text:analyze?api-version=${encodeURIComponent(apiVersion)}`;
}

export async function analyzeText(text: string, options: ContentSafetyRequestOptions): Promise<CategorySeverity[]> {
  let response: Response;
  try {
    response = await options.fetch(analyzeUrl(options.endpoint, options.apiVersion), {
      method: 'POST',
      headers: { 'Ocp-Apim-Subscription-Key': options.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, categories: options.categories }),
      signal: AbortSignal.timeout(options.timeoutInMs),
    });
  } catch (error) {
    throw failure(`could not reach the service: ${redact(errorMessage(error), options.key)}`, { retryable: true });
  }
  const body = await response.text();
  if (!response.ok) {
    const retryable = response.status === 429 || response.status >= 500;
    throw failure(`HTTP ${response.status}: ${redact(body.slice(0, 200), options.key)}`, { retryable, http_status: response.status });
  }
  return parseAnalysis(body);
}

/** `categoriesAnalysis` (GA); `results` / `categories` (pre-GA shapes) are read when it is absent. */
export function parseAnalysis(body: string): CategorySeverity[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw failure('the answer is not JSON', { retryable: true });
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const list = [record.categoriesAnalysis, record.results, record.categories].find(Array.isArray) as unknown[] | undefined;
  if (!list) throw failure('the answer has no categoriesAnalysis', { retryable: false });
  return list.flatMap((item) => {
    const entry = (item ?? {}) as { category?: unknown; severity?: unknown };
    return typeof entry.category === 'string' && typeof entry.severity === 'number' ? [{ category: entry.category, severity: entry.severity }] : [];
  });
}

function failure(reason: string, extra: { retryable: boolean; http_status?: number }): AppError {
  const { retryable, ...details } = extra;
  return new AppError('SAFETY_CHECK_FAILED', `Azure Content Safety call failed: ${reason}`, {
    retryable,
    details: { service: 'azure_content_safety', ...details },
  });
}

function redact(text: string, key: string): string {
  return key.length >= 4 ? text.split(key).join('***') : text;
}
