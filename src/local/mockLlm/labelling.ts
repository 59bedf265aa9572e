/**
 * The mock model as a classifier and as a judge, so suites can exercise gold labels, judges
 * and verdicts end to end (README, "The mock model").
 *
 * Classifier (`accuracy=R` in the model name): the prompt lists the labels, one per line, as
 * `- <label>: <keyword>, <keyword>, ...`. The mock's "truth" for a prompt is the label whose
 * keywords appear most often as words in the user message (ties: the first listed). With
 * probability R it answers that label, otherwise another listed label; the draw is a hash of
 * the seed, the base model name and the prompts, so it does not depend on request order, and
 * two accuracies of one base name are nested (a row right at 0.8 is right at 0.9). It answers
 * `{"label": ...}` when the prompt shows `{"label"`, else the bare label.
 *
 * Judge (`judge=R`): the prompt holds `Answer: ...` (or `Answer A:` and `Answer B:` for a
 * pairwise judge) and `Reference: ...` lines; with
 * probability R the judgement is faithful (the normalised answer equals the reference),
 * otherwise inverted. The scale is read from the format line the `llm_judge` plugin appends:
 * `"PASS" or "FAIL"`, `<1-5>` or `<0-1>`.
 */
import { createHash } from 'node:crypto';

export interface LabelAnswer {
  content: string;
  /** The label the mock holds true for the prompt, and whether it answered it. */
  truth: string;
  right: boolean;
}

export interface JudgeAnswer {
  content: string;
  faithful: boolean;
}

const LABEL_LINE = /^\s*[-*]\s*([A-Za-z0-9_][\w .&/-]*?)\s*:\s*(.+)$/gm;

/** `- billing: invoice, charge, refund` lines of the prompt, in order. */
export function labelCatalogue(text: string): { label: string; keywords: string[] }[] {
  const catalogue: { label: string; keywords: string[] }[] = [];
  for (const match of text.matchAll(LABEL_LINE)) {
    const label = match[1]!.trim();
    if (catalogue.some((entry) => entry.label === label)) continue;
    const keywords = match[2]!.split(',').map((keyword) => keyword.trim().toLowerCase()).filter((keyword) => keyword !== '');
    catalogue.push({ label, keywords });
  }
  return catalogue;
}

/** Words of a text, lower-cased; a keyword matches a word that starts with it ("refund" matches "refunded"). */
function countHits(text: string, keywords: readonly string[]): number {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  const joined = ` ${words.join(' ')} `;
  let hits = 0;
  for (const keyword of keywords) {
    const phrase = keyword.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '').join(' ');
    if (phrase === '') continue;
    let from = 0;
    for (let at = joined.indexOf(` ${phrase}`, from); at >= 0; at = joined.indexOf(` ${phrase}`, from)) {
      hits++;
      from = at + phrase.length + 1;
    }
  }
  return hits;
}

/** The label the mock holds true for a message: the most keyword hits, the first listed on ties. */
export function oracleLabel(catalogue: readonly { label: string; keywords: string[] }[], message: string): string | undefined {
  let best: { label: string; hits: number } | undefined;
  for (const entry of catalogue) {
    const hits = countHits(message, entry.keywords);
    if (!best || hits > best.hits) best = { label: entry.label, hits };
  }
  return best?.label;
}

/** A number in [0, 1) from the seed, the base model name, the prompts and a stream name. */
export function promptUnit(seed: number, model: string, system: string, user: string, stream: string): number {
  const digest = createHash('sha256').update(`${seed}\u0000${model}\u0000${stream}\u0000${system}\u0000${user}`).digest();
  return digest.readUInt32BE(0) / 0x100000000;
}

export function labelAnswer(input: { seed: number; model: string; system: string; user: string; accuracy: number }): LabelAnswer | undefined {
  const catalogue = labelCatalogue(`${input.system}\n${input.user}`);
  if (catalogue.length === 0) return undefined;
  const truth = oracleLabel(catalogue, input.user)!;
  const right = catalogue.length === 1 || promptUnit(input.seed, input.model, input.system, input.user, 'accuracy') < input.accuracy;
  let label = truth;
  if (!right) {
    const others = catalogue.filter((entry) => entry.label !== truth);
    label = others[Math.floor(promptUnit(input.seed, input.model, input.system, input.user, 'wrong') * others.length)]!.label;
  }
  const wantsJson = `${input.system}\n${input.user}`.includes('{"label"');
  return { content: wantsJson ? JSON.stringify({ label }) : label, truth, right };
}

const normalize = (text: string) => text.toLowerCase().replace(/\p{P}+/gu, ' ').replace(/\s+/gu, ' ').trim();

function lineValue(text: string, name: string): string | undefined {
  const match = new RegExp(`^\\s*${name}\\s*:\\s*(.*)$`, 'im').exec(text);
  return match?.[1]?.trim();
}

/**
 * A pairwise judgement (`Answer A:` and `Answer B:` lines): the answer equal to the reference
 * wins, a tie when both or neither are; inverted when the judgement is not faithful.
 */
function pairwiseAnswer(input: { seed: number; model: string; system: string; user: string; fidelity: number }, first: string): JudgeAnswer {
  const reference = normalize(lineValue(input.user, 'Reference') ?? '');
  const right = (text: string) => reference !== '' && normalize(text) === reference;
  const [a, b] = [right(first), right(lineValue(input.user, 'Answer B') ?? '')];
  const faithful = promptUnit(input.seed, input.model, input.system, input.user, 'judge') < input.fidelity;
  let winner = a === b ? 'tie' : a ? 'A' : 'B';
  if (!faithful) winner = winner === 'A' ? 'B' : winner === 'B' ? 'A' : 'A';
  return { content: JSON.stringify({ winner, rationale: winner === 'tie' ? 'Both answers are equally good.' : `Answer ${winner} matches the reference.` }), faithful };
}

/** A judgement in the scale the prompt asks for; undefined when the prompt has no Answer line. */
export function judgeAnswer(input: { seed: number; model: string; system: string; user: string; fidelity: number }): JudgeAnswer | undefined {
  const text = `${input.system}\n${input.user}`;
  const first = lineValue(input.user, 'Answer A');
  if (first !== undefined) return pairwiseAnswer(input, first);
  const answer = lineValue(input.user, 'Answer');
  if (answer === undefined) return undefined;
  const reference = lineValue(input.user, 'Reference') ?? '';
  const correct = reference !== '' && normalize(answer) === normalize(reference);
  const faithful = promptUnit(input.seed, input.model, input.system, input.user, 'judge') < input.fidelity;
  const good = faithful ? correct : !correct;
  const shade = promptUnit(input.seed, input.model, input.system, input.user, 'shade');
  const rationale = good ? 'The answer matches the reference.' : 'The answer does not match the reference.';
  let score: string | number;
  if (/\bPASS\W+or\W+FAIL\b/.test(text)) score = good ? 'PASS' : 'FAIL';
  else if (text.includes('<0-1>')) score = good ? 0.8 + Math.round(shade * 20) / 100 : Math.round(shade * 30) / 100;
  else score = good ? 4 + Math.floor(shade * 2) : 1 + Math.floor(shade * 2);
  return { content: JSON.stringify({ score, rationale }), faithful };
}
