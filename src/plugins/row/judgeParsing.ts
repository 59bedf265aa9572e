import { parseJsonAnswer, parseNumberAnswer, textOf } from '../../core/analytics/answers';

export const JUDGE_SCALES = ['1-5', '0-1', 'pass/fail'] as const;
export type JudgeScale = (typeof JUDGE_SCALES)[number];

/** The reply format appended to every rubric, so any model (and the mock judge) answers in a readable shape. */
export const SCALE_FORMATS: Record<JudgeScale, string> = {
  '1-5': 'Reply with JSON only: {"score": <1-5>, "rationale": "<one or two sentences>"}, where 5 is best.',
  '0-1': 'Reply with JSON only: {"score": <0-1>, "rationale": "<one or two sentences>"}, where 1 is best.',
  'pass/fail': 'Reply with JSON only: {"score": "PASS" or "FAIL", "rationale": "<one or two sentences>"}.',
};

export type Judgement = { score: number; rationale: string } | { problem: string };

const SCORE_KEYS = ['score', 'rating', 'grade', 'verdict', 'result'];
const RATIONALE_KEYS = ['rationale', 'reason', 'reasoning', 'explanation', 'justification', 'comment'];
/** Rationales (and unreadable replies) kept in the record are cut to this length. */
export const MAX_RATIONALE_CHARS = 2000;

const PASS_WORDS = new Set(['pass', 'passed', 'yes', 'true', 'correct', '1']);
const FAIL_WORDS = new Set(['fail', 'failed', 'no', 'false', 'incorrect', '0']);

function clip(text: string): string {
  return text.length > MAX_RATIONALE_CHARS ? `${text.slice(0, MAX_RATIONALE_CHARS)}…` : text;
}

function firstKey(record: Record<string, unknown>, keys: readonly string[]): unknown {
  const found = keys.find((key) => Object.hasOwn(record, key));
  return found === undefined ? undefined : record[found];
}

function passFail(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  const word = textOf(value).trim().toLowerCase();
  if (PASS_WORDS.has(word)) return 1;
  if (FAIL_WORDS.has(word)) return 0;
  return undefined;
}

function onScale(value: unknown, scale: JudgeScale): number | undefined {
  if (scale === 'pass/fail') return passFail(value);
  const text = typeof value === 'string' ? value.trim() : value;
  let number = parseNumberAnswer(text);
  if (number !== undefined && scale === '0-1' && typeof text === 'string' && /^\S+\s*%$/.test(text)) number /= 100;
  const [low, high] = scale === '1-5' ? [1, 5] : [0, 1];
  return number !== undefined && number >= low && number <= high ? number : undefined;
}

/** A pass/fail word anywhere in a plain-text reply ("Verdict: PASS. The answer ..."). */
function passFailInText(text: string): number | undefined {
  const match = /\b(pass(?:ed)?|fail(?:ed)?)\b/i.exec(text);
  return match ? passFail(match[1]) : undefined;
}

/**
 * The judge's score and rationale: from a JSON reply (`score`/`rating`/... and
 * `rationale`/`reason`/...), else from plain text (the first pass/fail word, or the first
 * number, "4/5" reads as 4). A reply with no score on the scale is a problem, not a guess.
 */
export function parseJudgement(content: string, scale: JudgeScale): Judgement {
  const parsed = parseJsonAnswer(content);
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    const raw = firstKey(record, SCORE_KEYS);
    const score = raw === undefined ? undefined : onScale(raw, scale);
    if (score === undefined) return { problem: raw === undefined ? 'no score in the JSON reply' : `score ${JSON.stringify(raw)} is not on the ${scale} scale` };
    return { score, rationale: clip(textOf(firstKey(record, RATIONALE_KEYS)).trim()) };
  }
  const text = content.trim();
  const score = scale === 'pass/fail' ? passFailInText(text) : onScale(text, scale);
  return score === undefined ? { problem: `no ${scale} score in the reply` } : { score, rationale: clip(text) };
}
