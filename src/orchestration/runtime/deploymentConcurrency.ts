import { createAdaptiveConcurrency, type AdaptiveConcurrency } from '../../core/llm/adaptiveConcurrency';
import { deploymentOf } from '../../core/llm/pipeline';
import type { LlmIdentity } from '../../core/llm/types';
import type { Clock } from '../../core/ports';

/**
 * One adaptive-concurrency controller per deployment per process, shared by every run,
 * experiment and batch that calls it without a declared rate limiter: the quota belongs to
 * the deployment, so what one caller learns (a 429, a slower answer) holds for all.
 */
const controllers = new Map<string, AdaptiveConcurrency>();

export function deploymentConcurrency(identity: LlmIdentity | undefined, maxLimit: number, clock: Clock): AdaptiveConcurrency | undefined {
  const key = deploymentOf(identity);
  if (key === undefined) return undefined;
  const known = controllers.get(key);
  if (known) {
    known.raiseCeiling(maxLimit);
    return known;
  }
  const controller = createAdaptiveConcurrency({ clock, maxLimit });
  controllers.set(key, controller);
  return controller;
}
