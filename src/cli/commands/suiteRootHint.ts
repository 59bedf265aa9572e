import fs from 'node:fs';
import path from 'node:path';

/**
 * Without `--suite-root` (and without a profile `suite_root`) a run is a single run of the
 * profile. When the settings file sits beside experiment folders, that is rarely what the
 * user meant, so the CLI says so and names the flag. Returns the note, or undefined.
 */
export function suiteRootHint(settingsFile: string): string | undefined {
  const folder = path.dirname(settingsFile);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const experiments = entries.filter((entry) => entry.isDirectory() && fs.existsSync(path.join(folder, entry.name, 'config.json'))).map((entry) => entry.name).sort();
  if (experiments.length === 0) return undefined;
  const shown = experiments.length > 5 ? `${experiments.slice(0, 5).join(', ')}, ...` : experiments.join(', ');
  return `Note: ${folder} holds experiment folders (${shown}), but no --suite-root was given and the profile has no suite_root, so this is a single run of the profile. To run them as a suite: --suite-root ${folder}\n`;
}
