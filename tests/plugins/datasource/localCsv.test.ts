import { mkdtemp, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../../src/core/plugins/registry';
import { datasourcePlugins } from '../../../src/plugins/datasource';
import { resolveInputPath } from '../../../src/plugins/datasource/inputPath';
import { inputPolicyFor } from '../../../src/core/config/inputPolicy';
import { thrownBy } from '../../fakes/thrownBy';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';

const registry = createRegistry(datasourcePlugins);

async function makeDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'elspeth-csv-'));
}

describe.each(['local_csv', 'csv_blob'])('%s datasource', (name) => {
  it('loads a CSV relative to baseDir with types, order and security level', async () => {
    const baseDir = await makeDir();
    await mkdir(path.join(baseDir, 'data'));
    await writeFile(path.join(baseDir, 'data', 'input.csv'), '\uFEFFAPPID,title,priority\nA1,"Hello, world",1\nA2,Second,2\n');
    const datasource = registry.create('datasource', { name, options: { path: 'data/input.csv', security_level: 'OFFICIAL' } }, createTestDeps({ baseDir }));
    expect(await datasource.load()).toEqual({
      columns: ['APPID', 'title', 'priority'],
      rows: [
        { APPID: 'A1', title: 'Hello, world', priority: 1 },
        { APPID: 'A2', title: 'Second', priority: 2 },
      ],
      securityLevel: 'official',
      source: path.join(baseDir, 'data', 'input.csv'),
    });
  });

  it('honours dtype and encoding, and defaults the level to unofficial', async () => {
    const baseDir = await makeDir();
    await writeFile(path.join(baseDir, 'latin.csv'), Buffer.from('id,name\n007,Jos\u00e9\n', 'latin1'));
    const deps = createTestDeps({ baseDir });
    const datasource = registry.create('datasource', { name, options: { path: path.join(baseDir, 'latin.csv'), dtype: { id: 'str' }, encoding: 'latin-1' } }, deps);
    expect(await datasource.load()).toMatchObject({ rows: [{ id: '007', name: 'José' }], securityLevel: 'unofficial' });
  });

  it('aborts on a missing file by default, naming where it looked', async () => {
    const baseDir = await makeDir();
    const datasource = registry.create('datasource', { name, options: { path: 'nope.csv' } }, createTestDeps({ baseDir }));
    await expect(datasource.load()).rejects.toMatchObject({
      code: 'DATASOURCE_FAILED',
      message: `File not found: nope.csv (looked in ${path.resolve('nope.csv')}, ${path.join(baseDir, 'nope.csv')})`,
    });
  });

  it('with on_error=skip returns an empty dataset and logs a warning', async () => {
    const baseDir = await makeDir();
    const logger = createMemoryLogger();
    const datasource = registry.create('datasource', { name, options: { path: 'nope.csv', on_error: 'skip', security_level: 'secret' } }, createTestDeps({ baseDir, logger }));
    expect(await datasource.load()).toEqual({ columns: [], rows: [], securityLevel: 'secret', source: path.resolve('nope.csv') });
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        message: `[datasource] ${name} failed; on_error=skip gives an empty dataset`,
        context: expect.objectContaining({ plugin: name, errorCode: 'DATASOURCE_FAILED' }),
      },
    ]);
  });

  it('reports a ragged file with its line', async () => {
    const baseDir = await makeDir();
    const file = path.join(baseDir, 'bad.csv');
    await writeFile(file, 'a,b\n1,2\n3,4,5\n');
    const datasource = registry.create('datasource', { name, options: { path: file } }, createTestDeps({ baseDir }));
    await expect(datasource.load()).rejects.toMatchObject({ code: 'DATASOURCE_FAILED', message: `${file}: line 3: expected 2 fields, saw 3` });
  });

  it.each([
    [{}, ['options.path']],
    [{ path: 'x.csv', security_level: 'classified' }, ['options.security_level']],
    [{ path: 'x.csv', encoding: 'klingon' }, ['options.encoding']],
    [{ path: 'x.csv', dtype: { a: 'complex128' } }, ['options.dtype']],
    [{ path: 'x.csv', sheet: 1 }, ['options.sheet']],
  ])('rejects options %j', (options, paths) => {
    expect(registry.check('datasource', { name, options }).map((problem) => problem.path.join('.'))).toEqual(paths);
  });

  it('applies the original defaults', () => {
    expect(registry.get('datasource', name).configSchema.parse({ path: 'x.csv' })).toEqual({ path: 'x.csv', encoding: 'utf-8', on_error: 'abort' });
  });
});

describe('resolveInputPath', () => {
  it('without an input policy: the working directory, then baseDir, and absolute paths as given', async () => {
    const cwd = await makeDir();
    const baseDir = await makeDir();
    await writeFile(path.join(baseDir, 'only-base.csv'), 'a\n');
    await writeFile(path.join(baseDir, 'both.csv'), 'a\n');
    await writeFile(path.join(cwd, 'both.csv'), 'a\n');
    expect(resolveInputPath('both.csv', { baseDir }, 'path', cwd)).toEqual({ path: path.join(cwd, 'both.csv'), tried: [path.join(cwd, 'both.csv'), path.join(baseDir, 'both.csv')] });
    expect(resolveInputPath('only-base.csv', { baseDir }, 'path', cwd).path).toBe(path.join(baseDir, 'only-base.csv'));
    expect(resolveInputPath('/abs/x.csv', { baseDir }, 'path', cwd)).toEqual({ path: '/abs/x.csv', tried: ['/abs/x.csv'] });
  });

  it('confined to the suite folder: relative to it only, no absolute paths, no .., no symbolic link out', async () => {
    const cwd = await makeDir();
    const suite = await realpath(await makeDir());
    const outside = await realpath(await makeDir());
    await writeFile(path.join(suite, 'rows.csv'), 'a\n');
    await writeFile(path.join(cwd, 'rows.csv'), 'a\n');
    await writeFile(path.join(outside, 'secret.csv'), 'a\n');
    await symlink(path.join(outside, 'secret.csv'), path.join(suite, 'link.csv'));
    const deps = { baseDir: suite, inputs: inputPolicyFor({ settingsFile: path.join(suite, 'settings.yaml') }) };
    expect(resolveInputPath('rows.csv', deps, 'path', cwd)).toEqual({ path: path.join(suite, 'rows.csv'), tried: [path.join(suite, 'rows.csv')] });
    const refused = (configured: string) => thrownBy(() => resolveInputPath(configured, deps, 'path', cwd));
    expect(refused('/proc/self/environ')).toMatchObject({ code: 'CONFIG_INVALID', message: "path: input path '/proc/self/environ' must be relative to the suite folder; absolute paths are refused" });
    expect(refused(`../${path.basename(outside)}/secret.csv`)).toMatchObject({ code: 'CONFIG_INVALID', message: `path: input path '../${path.basename(outside)}/secret.csv' must not leave the suite folder with '..'` });
    expect(refused('link.csv')).toMatchObject({ code: 'CONFIG_INVALID', message: "path: input path 'link.csv' leads outside the suite folder through a symbolic link" });
  });

  it('an explicit input root allows absolute paths and .. inside it, and nothing outside it', async () => {
    const root = await realpath(await makeDir());
    await mkdir(path.join(root, 'config'));
    await mkdir(path.join(root, 'data'));
    await writeFile(path.join(root, 'data', 'rows.csv'), 'a\n');
    const deps = { baseDir: path.join(root, 'config'), inputs: inputPolicyFor({ settingsFile: path.join(root, 'config', 'settings.yaml'), inputRoot: root }) };
    expect(resolveInputPath('../data/rows.csv', deps, 'path', root).path).toBe(path.join(root, 'data', 'rows.csv'));
    expect(resolveInputPath(path.join(root, 'data', 'rows.csv'), deps, 'path', root).path).toBe(path.join(root, 'data', 'rows.csv'));
    expect(thrownBy(() => resolveInputPath('/proc/self/environ', deps, 'path', root))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: `path: input path '/proc/self/environ' leads outside the input root ${root} through a symbolic link`,
    });
  });
});
