import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';
import { EXIT, type CliIo } from '../io';
import { initFiles } from './initTemplate';

export const INIT_USAGE = `Usage: elspeth init <dir>

Writes a small suite into <dir> (which must be empty or not exist): settings.yaml on the mock
model, a baseline and one variant, a dataset and prompts. It validates and runs as written:
  npx elspeth run --settings <dir>/settings.yaml --suite-root <dir>
`;

/** `elspeth init <dir>`: never overwrites; an existing non-empty folder is an error. */
export async function initCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [target, ...extra] = argv;
  if (target === undefined || target === '--help' || target === '-h') {
    io.stdout(INIT_USAGE);
    return target === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (extra.length > 0 || target.startsWith('-')) throw new AppError('REQUEST_INVALID', `usage: elspeth init <dir>`);
  const folder = path.resolve(io.cwd, target);
  if (fs.existsSync(folder) && (!fs.statSync(folder).isDirectory() || fs.readdirSync(folder).length > 0)) {
    throw new AppError('REQUEST_INVALID', `${target} already exists and is not an empty folder; elspeth init never overwrites files`);
  }
  const files = initFiles();
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: 'wx' });
  }
  const shown = path.relative(io.cwd, folder) || '.';
  io.stdout(`Wrote a starter suite to ${shown}/ (${Object.keys(files).length} files). Next:\n  npx elspeth validate --settings ${shown}/settings.yaml --suite-root ${shown}\n  npx elspeth run --settings ${shown}/settings.yaml --suite-root ${shown}\n`);
  return EXIT.ok;
}
