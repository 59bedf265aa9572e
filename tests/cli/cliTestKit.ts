import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../src/cli/io';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const SAMPLE_SUITE = path.join(REPO_ROOT, 'samples', 'sample_suite');
export const MINI_SUITE = path.join(REPO_ROOT, 'tests', 'fixtures', 'suites', 'mini_suite');

/** A CliIo that keeps what the command prints, in a given working directory, with no env. */
export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

export function createMemoryIo(cwd: string, env: Record<string, string> = {}): MemoryIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
    cwd,
    interactive: false,
    out: () => stdout,
    err: () => stderr,
  };
}

/** A temp working directory with a copy of the mini suite at `./mini_suite`. */
export function createTempCwd(): { cwd: string; cleanup(): void } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-cli-'));
  fs.cpSync(MINI_SUITE, path.join(cwd, 'mini_suite'), { recursive: true });
  return { cwd, cleanup: () => fs.rmSync(cwd, { recursive: true, force: true }) };
}

/**
 * Breaks `<cwd>/mini_suite/settings.yaml` in three independent ways: an unknown llm
 * plugin, an unknown prompt pack, and an unknown option key of a known sink.
 */
export function breakMiniSuite(cwd: string): string {
  const settingsFile = path.join(cwd, 'mini_suite', 'settings.yaml');
  const broken = fs
    .readFileSync(settingsFile, 'utf8')
    .replace('plugin: mock', 'plugin: mokc')
    .replace('        path: results.csv', '        path: results.csv\n        colour: red')
    .replace('  suite_defaults:\n', '  suite_defaults:\n    prompt_pack: samplee\n');
  fs.writeFileSync(settingsFile, broken);
  return settingsFile;
}

/** Every path under a folder, relative and sorted: what a command left behind. */
export function listTree(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((entry) => entry.split(path.sep).join('/')).sort();
}
