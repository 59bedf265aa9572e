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
        'KIND  NAME                DESCRIPTION',
        `row   custom_scorer       ${description('custom_scorer')}`,
        `row   gold_match          ${description('gold_match')}`,
        `row   llm_judge           ${description('llm_judge')}`,
        `row   llm_pairwise_judge  ${description('llm_pairwise_judge')}`,
        `row   noop                ${description('noop')}`,
        `row   score_extractor     ${description('score_extractor')}`,
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
    ['no action', [], 'error: usage:\nUsage: elspeth plugins list [kind]\n       elspeth plugins show <name|kind/name>\n'],
    ['show without a name', ['show'], 'error: usage:\nUsage: elspeth plugins list [kind]\n       elspeth plugins show <name|kind/name>\n'],
    ['an unknown action', ['shwo', 'x'], 'error: usage:\nUsage: elspeth plugins list [kind]\n       elspeth plugins show <name|kind/name>\n'],
    ['too many arguments', ['list', 'row', 'sink'], 'error: usage:\nUsage: elspeth plugins list [kind]\n       elspeth plugins show <name|kind/name>\n'],
  ])('exits 2 for %s, saying what is available', async (_label, args, message) => {
    expect(await plugins(...args)).toEqual({ code: 2, out: '', err: message });
  });
});

describe('elspeth plugins show', () => {
  it('prints the options of a plugin with types, defaults and what is required', async () => {
    const { code, out, err } = await plugins('show', 'csv');
    expect([code, err]).toEqual([0, '']);
    expect(out.split('\n').slice(0, 4)).toEqual([
      "sink plugin 'csv'",
      `  ${registry.get('sink', 'csv').description}`,
      '',
      expect.stringMatching(/^ {2}OPTION +TYPE +DEFAULT +NOTE$/),
    ]);
    expect(out).toMatch(/\n {2}path +string +required/);
    expect(out).toMatch(/\n {2}on_error +"abort" \| "skip" +default "abort"/);
  });

  it('shows every kind that uses a name, or the one asked for with kind/name', async () => {
    const all = await plugins('show', 'noop');
    const headers = all.out.split('\n').filter((line) => line.endsWith("plugin 'noop'"));
    expect(headers.length).toBe(registry.list().filter((plugin) => plugin.name === 'noop').length);
    expect((await plugins('show', 'sink/csv')).code).toBe(0);
    expect((await plugins('show', 'row/csv')).code).toBe(2);
  });

  it('every registered plugin can be shown', async () => {
    for (const plugin of registry.list()) {
      const { code, out } = await plugins('show', `${plugin.kind}/${plugin.name}`);
      expect([plugin.name, code, out.startsWith(`${plugin.kind} plugin '${plugin.name}'`)]).toEqual([plugin.name, 0, true]);
    }
  });

  it.each([
    ['score_signif', "error: No plugin named 'score_signif'. Did you mean 'score_significance'? 'elspeth plugins list' shows them all.\n"],
    ['loacl_csv', "error: No plugin named 'loacl_csv'. Did you mean 'local_csv'? 'elspeth plugins list' shows them all.\n"],
  ])('suggests a name for %s and exits 2', async (name, message) => {
    expect(await plugins('show', name)).toEqual({ code: 2, out: '', err: message });
  });
});
