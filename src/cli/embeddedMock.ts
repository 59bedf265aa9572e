import type { ResolvedRun } from '../core/config/resolved';
import { startMockLlmServer, type MockLlmServer } from '../local/mockLlm';

/** Suites that talk to "the mock endpoint" name this variable (e.g. `api_base_env`). */
export const MOCK_URL_ENV = 'ELSPETH_MOCK_LLM_URL';

/** True when some option `<x>_env` of the run names the mock endpoint variable. */
export function usesMockEndpoint(run: ResolvedRun): boolean {
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(visit);
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(value as Record<string, unknown>).some(([key, inner]) => (key.endsWith('_env') && inner === MOCK_URL_ENV) || visit(inner));
  };
  return run.experiments.some(
    (experiment) => visit(experiment.llm) || visit(experiment.validationPlugins) || visit(experiment.aggregatorPlugins) || visit(experiment.llmMiddlewares),
  );
}

/**
 * The environment a run will see once `withEmbeddedMock` has started the mock, for checking
 * a configuration before anything starts: the variable holds a placeholder loopback URL.
 */
export function envWithEmbeddedMock(env: Readonly<Record<string, string | undefined>>) {
  return (run: ResolvedRun): Readonly<Record<string, string | undefined>> =>
    usesMockEndpoint(run) && !env[MOCK_URL_ENV] ? { ...env, [MOCK_URL_ENV]: 'http://127.0.0.1:1' } : env;
}

/**
 * Starts the mock OpenAI-compatible server on loopback when the run needs it and the
 * variable is not set, and returns the environment the run should see.
 */
export async function withEmbeddedMock(
  run: ResolvedRun,
  env: Readonly<Record<string, string | undefined>>,
  options: { latencyMs?: number; seed?: number } = {},
): Promise<{ env: Readonly<Record<string, string | undefined>>; server?: MockLlmServer }> {
  if (!usesMockEndpoint(run) || env[MOCK_URL_ENV]) return { env };
  const server = await startMockLlmServer({ seed: options.seed ?? 42, latencyMs: options.latencyMs ?? 0 });
  return { env: { ...env, [MOCK_URL_ENV]: server.url }, server };
}
