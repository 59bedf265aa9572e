import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { createMemoryIo, createTempCwd } from './cliTestKit';

let cwd: string;
let cleanup: () => void;
beforeEach(() => ({ cwd, cleanup } = createTempCwd()));
afterEach(() => cleanup());

describe('the command line under hostile names and files', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])("'elspeth %s' is an unknown command (exit 2), not an internal error", async (name) => {
    const io = createMemoryIo(cwd);
    expect(await main([name], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^Unknown command '${name}'\\.\\n\\nUsage: elspeth <command>`));
  });

  it('refuses a YAML alias bomb with exit 2, naming the file', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const file = path.join(cwd, 'bomb.yaml');
    fs.writeFileSync(file, `${lines.join('\n')}\ndefault: *a9\n`);
    const io = createMemoryIo(cwd);
    expect(await main(['validate', '--settings', 'bomb.yaml'], io)).toBe(2);
    expect(io.err()).toBe(`${file}: Invalid YAML: more than 100 aliases to resolve (an alias bomb?)\n\n1 problem(s) found.\n`);
  });
});
