import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpRequest, InvocationContext, type LogLevel, type Timer } from '@azure/functions';

/** Where the mini fixture suite lives; trigger tests copy it into temp suites roots. */
export const FIXTURE_SUITES_ROOT = path.resolve(__dirname, '../../fixtures/suites');

export interface LoggedLine {
  level: LogLevel;
  message: string;
  data: unknown[];
}

/** A real InvocationContext whose log lines are kept for assertions instead of printed. */
export function createTestContext(functionName: string): { context: InvocationContext; logs: LoggedLine[] } {
  const logs: LoggedLine[] = [];
  const context = new InvocationContext({
    invocationId: `test-${functionName}`,
    functionName,
    logHandler: (level, message, ...data) => logs.push({ level, message: String(message), data }),
  });
  return { context, logs };
}

/** `POST /api/runs` with a raw body (undefined = no body at all). */
export function postRuns(body: string | undefined): HttpRequest {
  return new HttpRequest({
    url: 'http://127.0.0.1:7071/api/runs',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: { string: body } }),
  });
}

export function getRunRequest(id: string | undefined): HttpRequest {
  return new HttpRequest({
    url: `http://127.0.0.1:7071/api/runs/${id ?? ''}`,
    method: 'GET',
    ...(id === undefined ? {} : { params: { id } }),
  });
}

/** A Timer as the host passes it (a plain object). */
export function timerTick(isPastDue = false): Timer {
  return {
    isPastDue,
    schedule: { adjustForDST: false },
    scheduleStatus: { last: '2026-03-04T05:00:00.000Z', next: '2026-03-04T05:10:00.000Z', lastUpdated: '2026-03-04T05:00:00.000Z' },
  };
}

/** A fresh suites root holding a copy of the mini suite; removed by the returned cleanup. */
export function createTempSuitesRoot(): { root: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-suites-'));
  fs.cpSync(path.join(FIXTURE_SUITES_ROOT, 'mini_suite'), path.join(root, 'mini_suite'), { recursive: true });
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * Adds `broken_suite` to a suites root: the mini suite with an unknown llm plugin, an
 * unknown row plugin, an unknown prompt pack in suite_defaults and, in the variant's
 * config.json, an unknown option key of a known plugin.
 */
export function writeBrokenSuite(root: string): string {
  const suiteRoot = path.join(root, 'broken_suite');
  fs.cpSync(path.join(FIXTURE_SUITES_ROOT, 'mini_suite'), suiteRoot, { recursive: true });
  const settingsFile = path.join(suiteRoot, 'settings.yaml');
  const settings = fs
    .readFileSync(settingsFile, 'utf8')
    .replace('plugin: mock', 'plugin: mokc')
    .replace('name: score_extractor', 'name: score_extractr')
    .replace('  suite_defaults:\n', '  suite_defaults:\n    prompt_pack: samplee\n');
  fs.writeFileSync(settingsFile, settings);
  const variant = { name: 'variant_b', temperature: 0, max_tokens: 64, enabled: true, aggregator_plugins: [{ name: 'score_stats', options: { colour: 'red' } }] };
  fs.writeFileSync(path.join(suiteRoot, 'variant_b', 'config.json'), JSON.stringify(variant));
  return suiteRoot;
}
