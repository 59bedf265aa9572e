import { main } from '../../src/cli/main';
import { PLUGIN_KINDS } from '../../src/core/plugins/kinds';
import { createBuiltinRegistry } from '../../src/plugins';
import { createMemoryIo } from './cliTestKit';

const registry = createBuiltinRegistry();
const KINDS_LIST = [...PLUGIN_KINDS].sort().join(', ');

async function plugins(...args: string[]) {
  const io = createMemoryIo(__dirname);
  const code = await main(['plugins', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('elspeth plugins list', () => {
  it('prints one line per registered plugin of every kind, under a header', async () => {
    const { code, out, err } = await plugins('list');
    const lines = out.trimEnd().split('\n');

    expect([code, err]).toEqual([0, '']);
    expect(lines[0]).toMatch(/^KIND +NAME +DESCRIPTION$/);
    const listed = lines.slice(1).map((line) => line.split(/ {2,}/).slice(0, 2));
    const registered = PLUGIN_KINDS.flatMap((kind) => registry.names(kind).map((name) => [kind, name]));
    expect(listed).toEqual(registered);
    expect(new Set(listed.map(([kind]) => kind))).toEqual(new Set(PLUGIN_KINDS));
  });

  it('lists one kind, in aligned columns with each first description line', async () => {
    const { code, out } = await plugins('list', 'row');
    const description = (name: string) => registry.get('row', name).description.split('\n')[0];
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'KIND  NAME             DESCRIPTION',
        `row   gold_match       ${description('gold_match')}`,
        `row   noop             ${description('noop')}`,
        `row   score_extractor  ${description('score_extractor')}`,
        '',
      ].join('\n'),
    );
  });

  it('keeps every line short: long descriptions are cut at 100 characters', async () => {
    const { out } = await plugins('list');
    const descriptions = out.trimEnd().split('\n').slice(1).map((line) => line.split(/ {2,}/).slice(2).join('  '));
    expect(descriptions.filter((text) => text.length > 100)).toEqual([]);
  });

  it.each([
    ['an unknown kind', ['list', 'nosuchkind'], `error: Unknown plugin kind 'nosuchkind'. Available: ${KINDS_LIST}.\n`],
    ['a misspelt kind', ['list', 'rwo'], `error: Unknown plugin kind 'rwo'. Available: ${KINDS_LIST}. Did you mean 'row'?\n`],
    ['no action', [], 'error: usage: elspeth plugins list [kind]\n'],
    ['an unknown action', ['show'], 'error: usage: elspeth plugins list [kind]\n'],
    ['too many arguments', ['list', 'row', 'sink'], 'error: usage: elspeth plugins list [kind]\n'],
  ])('exits 2 for %s, saying what is available', async (_label, args, message) => {
    expect(await plugins(...args)).toEqual({ code: 2, out: '', err: message });
  });
});
