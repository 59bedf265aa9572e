import fs from 'node:fs';
import path from 'node:path';
import { unknownNameMessage } from '../../core/plugins/didYouMean';

/** The settings file of a suite folder: `<suitesRoot>/<suite>/settings.yaml` (or `.yml`). */
export interface SuiteLocation {
  settingsFile: string;
  suiteRoot: string;
}

const SETTINGS_NAMES = ['settings.yaml', 'settings.yml'];

export function listSuites(suitesRoot: string): string[] {
  try {
    return fs
      .readdirSync(suitesRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && SETTINGS_NAMES.some((name) => fs.existsSync(path.join(suitesRoot, entry.name, name))))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** Finds a suite by folder name; callers can name suites, never files (docs/architecture.md, "Security"). */
export function locateSuite(suitesRoot: string, suite: string): SuiteLocation | { error: string } {
  const suiteRoot = path.join(suitesRoot, suite);
  const settings = SETTINGS_NAMES.map((name) => path.join(suiteRoot, name)).find((file) => fs.existsSync(file));
  if (path.basename(suite) !== suite || !settings) return { error: unknownNameMessage('suite', suite, listSuites(suitesRoot)) };
  return { settingsFile: settings, suiteRoot };
}
