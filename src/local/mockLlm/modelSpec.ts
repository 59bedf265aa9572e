/**
 * What a model name asks of the mock server: `<base>[;<directive>=<value>]...`, e.g.
 * `mock+0.04;429=0.2;500=0.05;retry-after-ms=50`.
 *
 * - The base name keeps the bias convention (`mock+0.04`, see `modelBias`); it is what the
 *   server reports as `model`, so price tables key on `mock`, not on the directives.
 * - `429=R`, `500=R`, `hang=R`, `malformed=R`: fault rates in [0, 1] for requests naming this
 *   model. Naming any of them replaces all of the server's rates (the unnamed ones are 0), so
 *   a suite's faults come from its own configuration whatever flags the server was started with.
 * - `retry-after-ms=N`: what this model's injected 429s ask the client to wait.
 * - `accuracy=R`, `judge=R`: answer labelling prompts right with probability R, or judge
 *   answers faithfully with probability R (see labelling.ts).
 * Unknown directives and bad values are a 400, never silently ignored.
 */
import type { FaultRates } from './draws';

export interface ModelSpec {
  /** The name without its directives. */
  base: string;
  /** Set when the name gives at least one rate. */
  faultRates?: FaultRates;
  retryAfterMs?: number;
  /** Classifier: how often the label the mock holds true is answered. */
  accuracy?: number;
  /** Judge: how often the judgement is faithful. */
  judgeFidelity?: number;
}

export type ModelSpecResult = { ok: true; spec: ModelSpec } | { ok: false; message: string };

const RATE_DIRECTIVES: Record<string, keyof FaultRates> = {
  '429': 'rateLimitRate',
  '500': 'serverErrorRate',
  hang: 'hangRate',
  malformed: 'malformedRate',
};
const RETRY_AFTER_DIRECTIVE = 'retry-after-ms';
const LABELLING_DIRECTIVES = { accuracy: 'accuracy', judge: 'judgeFidelity' } as const;
const KNOWN = [...Object.keys(RATE_DIRECTIVES), RETRY_AFTER_DIRECTIVE, ...Object.keys(LABELLING_DIRECTIVES)].join(', ');

export function parseModelSpec(name: string): ModelSpecResult {
  const [first = '', ...rest] = name.split(';');
  const directives = rest.map((part) => part.trim());
  const rates: Partial<FaultRates> = {};
  const spec: ModelSpec = { base: directives.length > 0 ? first.trim() : first };
  const seen = new Set<string>();
  for (const directive of directives.filter((part) => part !== '')) {
    const match = /^([a-z0-9-]+)\s*=\s*(\S+)$/i.exec(directive);
    const key = match?.[1]?.toLowerCase();
    const value = Number(match?.[2]);
    if (key === undefined) return invalid(name, `'${directive}' is not <directive>=<value>`);
    if (seen.has(key)) return invalid(name, `'${key}' is given twice`);
    seen.add(key);
    const rateKey = RATE_DIRECTIVES[key];
    if (rateKey !== undefined) {
      if (!(value >= 0 && value <= 1)) return invalid(name, `'${key}' must be a rate between 0 and 1`);
      rates[rateKey] = value;
    } else if (key === 'accuracy' || key === 'judge') {
      if (!(value >= 0 && value <= 1)) return invalid(name, `'${key}' must be a rate between 0 and 1`);
      spec[LABELLING_DIRECTIVES[key]] = value;
    } else if (key === RETRY_AFTER_DIRECTIVE) {
      if (!Number.isInteger(value) || value < 0) return invalid(name, `'${key}' must be a whole number of milliseconds`);
      spec.retryAfterMs = value;
    } else {
      return invalid(name, `unknown directive '${key}' (known: ${KNOWN})`);
    }
  }
  if (Object.keys(rates).length > 0) {
    const faultRates: FaultRates = { rateLimitRate: 0, serverErrorRate: 0, hangRate: 0, malformedRate: 0, ...rates };
    const total = faultRates.rateLimitRate + faultRates.serverErrorRate + faultRates.hangRate + faultRates.malformedRate;
    if (total > 1 + 1e-9) return invalid(name, 'the fault rates must add up to at most 1');
    spec.faultRates = faultRates;
  }
  return { ok: true, spec };
}

function invalid(name: string, reason: string): ModelSpecResult {
  return { ok: false, message: `Invalid mock model '${name}': ${reason}` };
}
