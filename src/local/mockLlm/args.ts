/** `elspeth mock-llm` arguments: `--port P --seed S --latency-ms L --rate-limit-rate R ...`. */
import { parseArgs } from 'node:util';
import { AppError } from '../../core/errors';
import { MockLlmServerOptionsSchema, type MockLlmServerConfig } from './options';

/** Flag name to option key; every flag takes a number unless listed in TEXT_FLAGS. */
const NUMBER_FLAGS = {
  port: 'port',
  seed: 'seed',
  'latency-ms': 'latencyMs',
  'jitter-ms': 'jitterMs',
  'rate-limit-rate': 'rateLimitRate',
  'server-error-rate': 'serverErrorRate',
  'hang-rate': 'hangRate',
  'malformed-rate': 'malformedRate',
  'retry-after-ms': 'retryAfterMs',
  'requests-per-minute': 'requestsPerMinute',
  'tokens-per-minute': 'tokensPerMinute',
  'requests-per-second': 'requestsPerSecond',
  'tokens-per-second': 'tokensPerSecond',
} as const;

export const MOCK_LLM_USAGE = [
  'Usage: elspeth mock-llm [--port P] [--seed S] [--latency-ms L] [--jitter-ms J]',
  '  [--rate-limit-rate R] [--server-error-rate R] [--hang-rate R] [--malformed-rate R] [--retry-after-ms MS]',
  '  [--requests-per-minute N] [--tokens-per-minute N] [--model NAME] [--content-filter-term TERM ...]',
  '  [--requests-per-second N] [--tokens-per-second N]  (Azure-style short-window quota, checked on arrival)',
  '  [--content-safety-term CATEGORY:TERM=SEVERITY ...]  (replaces the default Content Safety terms)',
  'Model names may carry fault directives: mock;429=0.2;500=0.05;retry-after-ms=50 (see README).',
].join('\n');

export interface MockLlmArgs {
  help: boolean;
  options: MockLlmServerConfig;
}

export function parseMockLlmArgs(argv: readonly string[]): MockLlmArgs {
  const numberOptions = Object.fromEntries(Object.keys(NUMBER_FLAGS).map((flag) => [flag, { type: 'string' as const }]));
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...numberOptions,
        model: { type: 'string' },
        'content-filter-term': { type: 'string', multiple: true },
        'content-safety-term': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new AppError('REQUEST_INVALID', `mock-llm: ${error instanceof Error ? error.message : String(error)}`);
  }
  const raw: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
    const text = values[flag];
    if (typeof text === 'string') raw[key] = toNumber(flag, text);
  }
  if (typeof values.model === 'string') raw.model = values.model;
  if (Array.isArray(values['content-filter-term'])) raw.contentFilterTerms = values['content-filter-term'];
  if (Array.isArray(values['content-safety-term'])) raw.contentSafetyTerms = toSafetyTerms(values['content-safety-term']);
  const parsed = MockLlmServerOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '<options>'}: ${issue.message}`);
    throw new AppError('REQUEST_INVALID', `mock-llm: ${problems.join('; ')}`, { details: { issues: problems } });
  }
  return { help: values.help === true, options: parsed.data };
}

function toNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new AppError('REQUEST_INVALID', `mock-llm: --${flag} expects a number, got '${text}'`);
  }
  return value;
}

/** `Violence:kill=6` repeated, grouped by category; the schema checks categories and severities. */
function toSafetyTerms(entries: readonly string[]): Record<string, Record<string, number>> {
  const terms: Record<string, Record<string, number>> = {};
  for (const entry of entries) {
    const match = /^([^:]+):(.+)=([^=]+)$/.exec(entry);
    if (!match) throw new AppError('REQUEST_INVALID', `mock-llm: --content-safety-term expects CATEGORY:TERM=SEVERITY, got '${entry}'`);
    const [, category = '', term = '', severity = ''] = match;
    (terms[category.trim()] ??= {})[term.trim()] = toNumber('content-safety-term', severity);
  }
  return terms;
}
