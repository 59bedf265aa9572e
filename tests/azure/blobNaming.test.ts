import { indexedName, renderPathTemplate, splitExtension, timestampParts, toBlobMetadata, withFilename } from '../../src/azure/blobNaming';
import { blockId } from '../../src/azure/blobUpload';
import { hasErrorCode } from '../../src/core/errors';

describe('blob naming', () => {
  it('renders {name} placeholders with Python str() values and {{ }} escapes', () => {
    expect(renderPathTemplate('runs/{run_id}/{experiment}/{rows}-{flag}-{none}/{{literal}}', { run_id: 'r1', experiment: 'exp', rows: 3, flag: true, none: null })).toBe(
      'runs/r1/exp/3-True-None/{literal}',
    );
  });

  it('names the unknown placeholder and what is available', () => {
    let caught: unknown;
    try {
      renderPathTemplate('x/{nope}', { b: 1, a: 2 });
    } catch (error) {
      caught = error;
    }
    expect(hasErrorCode(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toBe("path_template 'x/{nope}' uses unknown placeholder '{nope}'. Available: a, b");
  });

  it.each([
    ['results/exp1', 'results/exp1/results.json'],
    ['results/', 'results/results.json'],
    ['', 'results.json'],
    ['results/exp1/out.json', 'results/exp1/out.json'],
    ['v1.2/data', 'v1.2/data/results.json'],
  ])('appends the filename to %j', (name, expected) => {
    expect(withFilename(name, 'results.json')).toBe(expected);
  });

  it.each([
    ['dir/results.json', { stem: 'dir/results', extension: '.json' }, 'dir/results_2.json'],
    ['dir.v1/results', { stem: 'dir.v1/results', extension: '' }, 'dir.v1/results_2'],
    ['archive.tar.gz', { stem: 'archive.tar', extension: '.gz' }, 'archive.tar_2.gz'],
    ['dir/.hidden', { stem: 'dir/.hidden', extension: '' }, 'dir/.hidden_2'],
  ])('splits and indexes %j', (name, parts, indexed) => {
    expect(splitExtension(name)).toEqual(parts);
    expect(indexedName(name, 2)).toBe(indexed);
  });

  it('makes metadata header-safe and stringified', () => {
    expect(toBlobMetadata({ security_level: 'official', 'run-id': 'r1', '9lives': 9, flag: false, note: 'café', skipped: undefined })).toEqual({
      security_level: 'official',
      run_id: 'r1',
      _9lives: '9',
      flag: 'False',
      note: 'caf%C3%A9',
    });
  });

  it.each([
    ['20260102T030405Z', { timestamp: '20260102T030405Z', date: '2026-01-02', time: '030405', iso: '2026-01-02T03:04:05Z' }],
    ['2026-01-02T03:04:05.678Z', { timestamp: '20260102T030405Z', date: '2026-01-02', time: '030405', iso: '2026-01-02T03:04:05Z' }],
  ])('reads the sink timestamp %s', (input, expected) => {
    expect(timestampParts(input)).toEqual(expected);
  });

  it('uses the original block ids: base64 of a 5-digit index', () => {
    expect([blockId(0), blockId(12)]).toEqual([Buffer.from('00000').toString('base64'), Buffer.from('00012').toString('base64')]);
  });
});
