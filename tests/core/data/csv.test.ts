import { parseCsv } from '../../../src/core/data/csv';
import { hasErrorCode } from '../../../src/core/errors';

const source = 'data/input.csv';

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseCsv', () => {
  it('keeps column order and infers numbers per column', () => {
    const text = 'APPID,title,score,ratio\n1,Alpha,10,0.5\n2,Beta,20,1.25\n';
    expect(parseCsv(text, { source })).toEqual({
      columns: ['APPID', 'title', 'score', 'ratio'],
      rows: [
        { APPID: 1, title: 'Alpha', score: 10, ratio: 0.5 },
        { APPID: 2, title: 'Beta', score: 20, ratio: 1.25 },
      ],
    });
    expect(Object.keys(parseCsv(text, { source }).rows[0]!)).toEqual(['APPID', 'title', 'score', 'ratio']);
  });

  it.each([
    ['one text cell keeps the column as text', 'v\n1\nabc\n', ['1', 'abc']],
    ['ints and floats mix into numbers', 'v\n1\n2.5\n', [1, 2.5]],
    ['empty and NA cells become null', 'v,w\n1,\n,\nNA,\nnan,\n3,\n', [1, null, null, null, 3]],
    ['blank lines are skipped, as in pandas', 'v\n1\n\n2\n', [1, 2]],
    ['exponents and leading dots are floats', 'v\n1e3\n.5\n-2.\n', [1000, 0.5, -2]],
    ['inf is a float', 'v\ninf\n-Infinity\n1\n', [Infinity, -Infinity, 1]],
    ['spaces around numbers are allowed', 'v\n 7 \n8\n', [7, 8]],
    ['leading zeros read as numbers, like pandas', 'v\n007\n', [7]],
    ['true/false columns become booleans', 'v,w\nTrue,\nfalse,\n,\n', [true, false, null]],
    ['integers beyond 2^53 keep the column as text', 'v\n12345678901234567890\n1\n', ['12345678901234567890', '1']],
    ['all-missing columns are null', 'v,w\n,1\n,2\n', [null, null]],
  ])('%s', (_label, text, expected) => {
    expect(parseCsv(text, { source }).rows.map((row) => row.v)).toEqual(expected);
  });

  it.each([
    ['all columns as text', 'str' as const, { a: '1', b: '2.50', c: null }],
    ['one column as text', { a: 'str' } as const, { a: '1', b: 2.5, c: null }],
    ['a column as float', { a: 'float64' } as const, { a: 1, b: 2.5, c: null }],
  ])('honours dtype: %s', (_label, dtype, expected) => {
    expect(parseCsv('a,b,c\n1,2.50,\n', { source, dtype }).rows).toEqual([expected]);
  });

  it('rejects a cell that does not fit the requested dtype, naming file, line and column', () => {
    const error = caught(() => parseCsv('a\n1\nx\n', { source, dtype: { a: 'int' } }));
    expect(hasErrorCode(error, 'DATASOURCE_FAILED')).toBe(true);
    expect((error as Error).message).toBe("data/input.csv: line 3: cannot convert 'x' in column 'a' to int");
  });

  it('handles quotes, escaped quotes, separators and newlines inside quotes', () => {
    const text = 'id,text\r\n1,"He said ""hi"", then left"\r\n2,"line one\nline two"\r\n';
    expect(parseCsv(text, { source }).rows).toEqual([
      { id: 1, text: 'He said "hi", then left' },
      { id: 2, text: 'line one\nline two' },
    ]);
  });

  it('reports ragged rows with the physical line number (multi-line cells counted)', () => {
    const error = caught(() => parseCsv('a,b\n1,"x\ny"\n2,3,4\n', { source }));
    expect(hasErrorCode(error, 'DATASOURCE_FAILED')).toBe(true);
    expect((error as Error).message).toBe('data/input.csv: line 4: expected 2 fields, saw 3');
    expect((error as { details?: unknown }).details).toEqual({ source, line: 4, expected: 2, actual: 3 });
  });

  it('rejects short rows too', () => {
    expect((caught(() => parseCsv('a,b\n1\n', { source })) as Error).message).toBe('data/input.csv: line 2: expected 2 fields, saw 1');
  });

  it('rejects an unterminated quote', () => {
    expect((caught(() => parseCsv('a\n"open\n', { source })) as Error).message).toBe('data/input.csv: line 2: quoted field is never closed');
  });

  it('rejects empty input', () => {
    expect(hasErrorCode(caught(() => parseCsv('', { source })), 'DATASOURCE_FAILED')).toBe(true);
  });

  it('strips a BOM, skips blank lines and accepts a header-only file', () => {
    expect(parseCsv('\uFEFFa,b\n\n1,2\n\n', { source })).toEqual({ columns: ['a', 'b'], rows: [{ a: 1, b: 2 }] });
    expect(parseCsv('a,b\n', { source })).toEqual({ columns: ['a', 'b'], rows: [] });
  });

  it('renames empty and repeated headers the way pandas does', () => {
    expect(parseCsv('a,,a,a\n1,2,3,4\n', { source }).columns).toEqual(['a', 'Unnamed: 1', 'a.1', 'a.2']);
  });

  it('keeps a "__proto__" column as data', () => {
    const row = parseCsv('__proto__\nx\n', { source, dtype: 'str' }).rows[0]!;
    expect(Object.keys(row)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('uses another separator', () => {
    expect(parseCsv('a;b\n1;x\n', { source, delimiter: ';' }).rows).toEqual([{ a: 1, b: 'x' }]);
  });

  it.each([
    ['utf-8', Buffer.from('\uFEFFname\ncafé\n', 'utf8'), 'café'],
    ['latin-1', Buffer.from('name\ncaf\u00e9\n', 'latin1'), 'café'],
    ['cp1252', Buffer.from([0x6e, 0x0a, 0x80, 0x0a]), '€'],
    ['utf-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('n\nü\n', 'utf16le')]), 'ü'],
  ])('decodes bytes as %s', (encoding, bytes, expected) => {
    expect(Object.values(parseCsv(bytes, { source, encoding }).rows[0]!)).toEqual([expected]);
  });

  it.each([
    ['invalid utf-8', Buffer.from([0x61, 0x0a, 0xff, 0x0a]), 'utf-8', 'data/input.csv: line 2: byte 0xff at offset 2: the file is not valid utf-8 text'],
    ['a truncated utf-8 sequence', Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0x63, 0xc3, 0x0a]), 'utf-8', 'data/input.csv: line 3: byte 0xc3 at offset 5: the file is not valid utf-8 text'],
    ['a utf-8 surrogate', Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80]), 'utf-8', 'data/input.csv: line 2: byte 0xed at offset 2: the file is not valid utf-8 text'],
    ['a byte cp1252 leaves undefined', Buffer.from([0x61, 0x0a, 0x81, 0x0a]), 'cp1252', 'data/input.csv: the file is not valid cp1252 text'],
    ['non-ascii under ascii', Buffer.from('a\né\n', 'utf8'), 'ascii', 'data/input.csv: line 2: byte 0xc3 at offset 2: the file is not valid ascii text'],
    ['an unknown encoding', Buffer.from('a\n1\n'), 'klingon', expect.stringContaining("unknown encoding 'klingon'")],
  ])('rejects %s', (_label, bytes, encoding, message) => {
    const error = caught(() => parseCsv(bytes, { source, encoding }));
    expect(hasErrorCode(error, 'DATASOURCE_FAILED')).toBe(true);
    expect((error as Error).message).toEqual(message);
  });

  it('parses 100,000 rows into the right values', () => {
    const lines = ['APPID,title,summary,industry,priority'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i},"Title ${i}","A summary, with a comma",tech,${(i % 5) + 0.5}`);
    const parsed = parseCsv(lines.join('\n'), { source });
    expect(parsed.rows).toHaveLength(100_000);
    expect(parsed.rows[99_999]).toEqual({ APPID: 99_999, title: 'Title 99999', summary: 'A summary, with a comma', industry: 'tech', priority: 4.5 });
  });
});
