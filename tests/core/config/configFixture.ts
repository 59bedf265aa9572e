import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** Writes a settings file and suite folders into a fresh temp directory. */
export function writeSuite(settings: Record<string, unknown>, experiments: Record<string, Record<string, unknown>> = {}, files: Record<string, string> = {}): { dir: string; settingsFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-config-'));
  const settingsFile = path.join(dir, 'settings.yaml');
  fs.writeFileSync(settingsFile, stringify(settings));
  for (const [name, config] of Object.entries(experiments)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify(config));
  }
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  return { dir, settingsFile };
}

export const baseProfile = {
  datasource: { plugin: 'local_csv', options: { path: 'data.csv' } },
  llm: { plugin: 'mock', options: { seed: 1 } },
  sinks: [{ plugin: 'csv', options: { path: 'out.csv' } }],
};
