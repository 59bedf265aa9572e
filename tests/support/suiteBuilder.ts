import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * Writes a small suite into a fresh temp folder, from plain objects, so each hostile-input
 * test states exactly what it breaks. The default suite is valid: two experiments over the
 * mock model on loopback (`ELSPETH_MOCK_LLM_URL`), three rows, a CSV sink.
 */
export interface SuiteSpec {
  /** The `default` profile; merged over the valid default. */
  profile?: Record<string, unknown>;
  /** The whole settings text, instead of `profile`. */
  settingsText?: string;
  /** `<folder>/config.json` per experiment (folder name -> config). */
  experiments?: Record<string, Record<string, unknown>>;
  /** File name -> content, under `data/`. */
  data?: Record<string, string | Buffer>;
}

export interface BuiltSuite {
  /** The temp folder (cwd for CLI tests). */
  dir: string;
  /** `<dir>/suite`. */
  root: string;
  settingsFile: string;
  cleanup(): void;
}

export const VALID_CSV = 'id,subject,body\n1,Refund,Where is my refund?\n2,Login,I cannot log in\n3,Invoice,Please resend the invoice\n';

export function defaultProfile(): Record<string, unknown> {
  return {
    datasource: { plugin: 'local_csv', options: { path: 'data/rows.csv' } },
    llm: { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', model: 'mock', timeout: 5 } },
    sinks: [{ plugin: 'csv', options: { path: 'results.csv' } }],
    prompts: { system: 'You rate support tickets.', user: 'Ticket {{ id }}: {{ subject }}. {{ body }}' },
    retry: { max_attempts: 1 },
  };
}

export function buildSuite(spec: SuiteSpec = {}): BuiltSuite {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-suite-'));
  const root = path.join(dir, 'suite');
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  const settingsFile = path.join(root, 'settings.yaml');
  fs.writeFileSync(settingsFile, spec.settingsText ?? stringify({ default: { ...defaultProfile(), ...spec.profile } }));
  for (const [name, content] of Object.entries(spec.data ?? { 'rows.csv': VALID_CSV })) fs.writeFileSync(path.join(root, 'data', name), content);
  const experiments = spec.experiments ?? { baseline: { name: 'baseline', is_baseline: true }, variant: { name: 'variant', prompt_system: 'You rate tickets kindly.' } };
  for (const [folder, config] of Object.entries(experiments)) {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    fs.writeFileSync(path.join(root, folder, 'config.json'), JSON.stringify(config));
  }
  return { dir, root, settingsFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
