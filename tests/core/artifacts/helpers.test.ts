import { thrownBy } from '../../fakes/thrownBy';
import { createSinkBinding } from '../../../src/core/artifacts/createSinkBinding';
import { joinRelativePath, normalizeRelativePath, pathStem } from '../../../src/core/artifacts/paths';
import { compactToIso, formatCompactTimestamp, toCompactTimestamp } from '../../../src/core/artifacts/timestamps';
import { createFakeSink } from './fakeSinks';

describe('normalizeRelativePath', () => {
  it.each([
    ['outputs/sample_suite/latest_results.csv', 'outputs/sample_suite/latest_results.csv'],
    ['./outputs/x.csv', 'outputs/x.csv'],
    ['././a//b/./c.md', 'a/b/c.md'],
    ['outputs\\win\\x.csv', 'outputs/win/x.csv'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeRelativePath(input, 'path')).toBe(expected);
  });

  it.each([
    ['/etc/passwd', "Sink option 'path' must be a relative path, not an absolute one: '/etc/passwd'"],
    ['C:/out/x.csv', "Sink option 'path' must be a relative path, not an absolute one: 'C:/out/x.csv'"],
    ['outputs/../../x.csv', "Sink option 'path' must not contain '..': 'outputs/../../x.csv'"],
    ['./', "Sink option 'path' must name a file or folder: './'"],
  ])('rejects %s', (input, message) => {
    expect(thrownBy(() => normalizeRelativePath(input, 'path'))).toMatchObject({ code: 'CONFIG_INVALID', message });
  });

  it('joins and splits stems', () => {
    expect(joinRelativePath('out', '', 'x.csv')).toBe('out/x.csv');
    expect([pathStem('a/b/results.csv'), pathStem('a.b/results'), pathStem('a/.hidden')]).toEqual([
      { stem: 'a/b/results', extension: '.csv' },
      { stem: 'a.b/results', extension: '' },
      { stem: 'a/.hidden', extension: '' },
    ]);
  });
});

describe('timestamps', () => {
  it.each([
    ['20260131T235959Z', '20260131T235959Z'],
    ['2026-01-31T23:59:59.999Z', '20260131T235959Z'],
    ['2026-02-01T01:00:00+02:00', '20260131T230000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toCompactTimestamp(input)).toBe(expected);
  });

  it('formats epoch milliseconds and converts back to ISO', () => {
    expect(formatCompactTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('20260102T030405Z');
    expect(compactToIso('20260102T030405Z')).toBe('2026-01-02T03:04:05Z');
  });

  it('rejects anything else', () => {
    expect(thrownBy(() => toCompactTimestamp('yesterday'))).toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('createSinkBinding', () => {
  it('takes the label, level, artifacts and on_error from the definition', () => {
    const sink = createFakeSink('csv');
    const binding = createSinkBinding(
      { name: 'csv', label: 'results', options: { path: 'x.csv', on_error: 'skip' }, securityLevel: 'secret', artifacts: { produces: [] } },
      sink,
      3,
    );
    expect(binding).toEqual({ id: 'results:3', pluginName: 'csv', sink, index: 3, onError: 'skip', securityLevel: 'secret', artifacts: { produces: [] } });
  });

  it('defaults to abort and to the plugin name', () => {
    const sink = createFakeSink('csv');
    expect(createSinkBinding({ name: 'csv', options: {} }, sink, 0)).toEqual({ id: 'csv:0', pluginName: 'csv', sink, index: 0, onError: 'abort' });
  });
});
