import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../../src/core/plugins/registry';
import { datasourcePlugins } from '../../../src/plugins/datasource';
import { resolveInputPath } from '../../../src/plugins/datasource/inputPath';
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
  it('prefers the working directory, then baseDir, and keeps absolute paths', async () => {
    const cwd = await makeDir();
    const baseDir = await makeDir();
    await writeFile(path.join(baseDir, 'only-base.csv'), 'a\n');
    await writeFile(path.join(baseDir, 'both.csv'), 'a\n');
    await writeFile(path.join(cwd, 'both.csv'), 'a\n');
    expect(await resolveInputPath('both.csv', baseDir, cwd)).toEqual({ path: path.join(cwd, 'both.csv'), tried: [path.join(cwd, 'both.csv'), path.join(baseDir, 'both.csv')] });
    expect((await resolveInputPath('only-base.csv', baseDir, cwd)).path).toBe(path.join(baseDir, 'only-base.csv'));
    expect(await resolveInputPath('/abs/x.csv', baseDir, cwd)).toEqual({ path: '/abs/x.csv', tried: ['/abs/x.csv'] });
  });
});
