import type { ChatPrompts } from './completion';
import { judgeAnswer, labelAnswer } from './labelling';
import type { ModelSpec } from './modelSpec';
import type { StatsRecorder } from './stats';

/** The labelling or judging answer a model's directives ask for, and how to count it once it is sent. */
export function labellingAnswer(spec: ModelSpec | undefined, prompts: ChatPrompts, seed: number): { content: string; count(stats: StatsRecorder): void } | undefined {
  if (!spec) return undefined;
  const base = { seed, model: spec.base, system: prompts.system, user: prompts.user };
  if (spec.judgeFidelity !== undefined) {
    const judged = judgeAnswer({ ...base, fidelity: spec.judgeFidelity });
    if (judged) return { content: judged.content, count: (stats) => stats.judged(judged.faithful) };
  }
  if (spec.accuracy !== undefined) {
    const labelled = labelAnswer({ ...base, accuracy: spec.accuracy });
    if (labelled) return { content: labelled.content, count: (stats) => stats.labelled(labelled.right) };
  }
  return undefined;
}
