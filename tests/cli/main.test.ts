import { main } from '../../src/cli/main';
import { createMemoryIo } from './cliTestKit';

const USAGE_START = 'Usage: elspeth <command> [options]\n';
const COMMANDS = ['run', 'validate', 'plugins', 'compare', 'mock-llm'];

describe('elspeth (no command, help, unknown command)', () => {
  it('prints the usage and exits 2 when no command is given', async () => {
    const io = createMemoryIo(__dirname);
    expect(await main([], io)).toBe(2);
    expect(io.out().startsWith(USAGE_START)).toBe(true);
  });

  it.each(['help', '--help', '-h'])('prints the usage listing every command for %s and exits 0', async (flag) => {
    const io = createMemoryIo(__dirname);
    expect(await main([flag], io)).toBe(0);
    expect(io.out().startsWith(USAGE_START)).toBe(true);
    for (const command of COMMANDS) expect(io.out()).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(io.err()).toBe('');
  });

  it.each(COMMANDS)("'%s --help' prints that command's usage and exits 0, as the usage promises", async (command) => {
    const io = createMemoryIo(__dirname);
    expect(await main([command, '--help'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: elspeth ${command}\\b`));
    expect(io.err()).toBe('');
  });

  it.each([
    ['frobnicate', ''],
    ['Run', " Did you mean 'run'?"],
    ['--run', " Did you mean 'run'?"],
    ['comapre', " Did you mean 'compare'?"],
  ])('rejects the unknown command %s with a hint and the usage on stderr and exit 2', async (name, hint) => {
    const io = createMemoryIo(__dirname);
    expect(await main([name, '--settings', 'x.yaml'], io)).toBe(2);
    expect(io.err().startsWith(`Unknown command '${name}'.${hint}\n\n${USAGE_START}`)).toBe(true);
    expect(io.out()).toBe('');
  });
});
