import { main } from '../../src/cli/main';
import { createMemoryIo } from './cliTestKit';

describe('elspeth mock-llm', () => {
  it('serves on loopback and stops when the CLI io says to shut down', async () => {
    let stop!: () => void;
    const io = { ...createMemoryIo(__dirname), untilShutdown: new Promise<void>((resolve) => (stop = resolve)) };
    const running = main(['mock-llm', '--port', '0', '--seed', '3'], io);
    stop();

    expect(await running).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Mock LLM listening on http:\/\/127\.0\.0\.1:\d+ \(seed 3\)$/);
    expect(lines.at(-1)).toBe('Mock LLM stopped after 0 requests (max 0 in flight, busy 0 ms)');
  });

  it('prints its usage for --help and exits 0', async () => {
    const io = createMemoryIo(__dirname);
    expect(await main(['mock-llm', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: elspeth mock-llm /);
  });

  it.each([
    ['an unknown flag', ['--colour', 'red']],
    ['a port that is not a number', ['--port', 'eighty']],
  ])('exits 2 for %s, with the usage on stderr', async (_label, flags) => {
    const io = createMemoryIo(__dirname);
    expect(await main(['mock-llm', ...flags], io)).toBe(2);
    expect(io.err()).toMatch(/^mock-llm: .*\nUsage: elspeth mock-llm /s);
    expect(io.out()).toBe('');
  });
});
