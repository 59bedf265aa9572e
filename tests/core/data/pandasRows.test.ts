import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, type CsvDtype } from '../../../src/core/data/csv';
import { parsePandasFloat } from '../../../src/core/data/pandasNumbers';
import { floatRepr } from '../../../src/core/python';
import { floatCellsFor, metadataValue, PandasFloat, pythonCellText, templateRow } from '../../../src/core/data/pandasCells';
import { compileTemplate } from '../../../src/core/prompts';
import { mockHashByte, mockMetadataRepr } from '../../../src/core/llm/mockScore';
import { encodeCsv } from '../../../src/core/reports/csv';
import { pandasRowCells } from '../../../src/core/reports/resultsTable';
import type { ExperimentRecord } from '../../../src/core/engine/records';

interface GoldenRow {
  printed: Record<string, string>;
  /** `"TypeError"` where bool() raises (pd.NA). */
  truthy: Record<string, boolean | string>;
  app_id_repr: string;
}
interface GoldenCase {
  csv: string;
  dtype?: CsvDtype;
  rows: GoldenRow[];
  to_csv: string;
}

// Made by Debian's pandas and Jinja2: tests/core/data/fixtures/generatePandasRowsGolden.py
const golden = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'pandasRowsGolden.json'), 'utf8')) as Record<string, GoldenCase>;
const cases = Object.entries<GoldenCase>(golden).filter(([name]) => !name.startsWith('_'));

interface GoldenMockCall {
  system: string;
  user: string;
  metadata: Record<string, unknown>;
  repr: string;
  seed: number;
  byte: number;
}
const mockCalls = (golden as unknown as { _mock: GoldenMockCall[] })._mock;

const printTemplate = compileTemplate('{{ value }}');
const truthTemplate = compileTemplate('{% if value %}1{% else %}0{% endif %}');

function parsed(csv: string, dtype?: CsvDtype) {
  return parseCsv(csv, { source: 'golden.csv', ...(dtype ? { dtype } : {}) });
}

function truthOf(value: unknown): boolean | string {
  try {
    return truthTemplate.render({ value }) === '1';
  } catch (error) {
    // Jinja2 lets bool()'s TypeError through: the row fails (PROMPT_RENDER_FAILED here).
    return (error as { code?: string }).code === 'PROMPT_RENDER_FAILED' && /boolean value of NA is ambiguous/.test((error as Error).message) ? 'TypeError' : String(error);
  }
}

describe.each(cases)('rows as pandas reads them: %s', (_name, expected) => {
  const { columns, rows } = parsed(expected.csv, expected.dtype);

  it('renders every value as Jinja2 prints the pandas value, with its truthiness', () => {
    const printed = rows.map((row) => {
      const values = templateRow(row, floatCellsFor(row));
      return Object.fromEntries(columns.map((column) => [column, printTemplate.render({ value: values[column] })]));
    });
    const truthy = rows.map((row) => {
      const values = templateRow(row, floatCellsFor(row));
      return Object.fromEntries(columns.map((column) => [column, truthOf(values[column])]));
    });
    expect(printed).toEqual(expected.rows.map((row) => row.printed));
    expect(truthy).toEqual(expected.rows.map((row) => row.truthy));
  });

  it("names cells as Python's str() does (category names)", () => {
    const names = rows.map((row) => Object.fromEntries(columns.map((column) => [column, pythonCellText(row, column, floatCellsFor(row))])));
    expect(names).toEqual(expected.rows.map((row) => row.printed));
  });

  it('writes the CSV pandas writes from the row contexts', () => {
    const records = rows.map((row) => {
      const floats = floatCellsFor(row);
      return { row, ...(floats ? { row_floats: floats } : {}) } as ExperimentRecord;
    });
    expect(encodeCsv(columns, records.map(pandasRowCells), { sanitizeFormulas: false })).toBe(expected.to_csv);
  });

  it('takes row_id from APPID as row.get("APPID") does', () => {
    // As the mock model prints it inside repr(sorted(metadata.items())).
    const ids = rows.map((row) => {
      const repr = mockMetadataRepr({ row_id: Object.hasOwn(row, 'APPID') ? metadataValue(row, 'APPID', floatCellsFor(row)) : null });
      return repr.slice("[('row_id', ".length, -')]'.length);
    });
    expect(ids).toEqual(expected.rows.map((row) => row.app_id_repr));
  });
});

function asMetadataValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('float' in value)) return value;
  const number = Number(String(value.float).replace('nan', 'NaN'));
  return Number.isInteger(number) ? new PandasFloat(number) : number;
}

describe('dtype int or bool with a missing cell is refused while reading, as pandas refuses it', () => {
  const refused = Object.entries((golden as unknown as { _refused: Record<string, { csv: string; dtype: CsvDtype; error: string }> })._refused);
  it.each(refused)('%s', (_name, spec) => {
    // pandas: "Integer column has NA values in column 1"; here the file, line and column are named too (exit 2).
    const kind = spec.error.startsWith('Integer') ? 'Integer' : 'Bool';
    let thrown: unknown;
    try {
      parsed(spec.csv, spec.dtype);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'DATASOURCE_FAILED', details: { source: 'golden.csv', line: 3 } });
    expect((thrown as Error).message).toMatch(new RegExp(`^golden\\.csv: line 3: column '\\w+' .*"${kind} column has NA values"`));
  });
});

describe("float cells parse as pandas' C reader parses them", () => {
  const floats = (golden as unknown as { _floats: [string, string][] })._floats;
  it(`${floats.length} cells, 0.30000000000000004 read as 0.3 among them`, () => {
    const differing = floats.filter(([text, repr]) => floatRepr(parsePandasFloat(text) ?? Number.NaN) !== repr);
    expect(differing).toEqual([]);
    expect(parsePandasFloat('0.30000000000000004')).toBe(0.3);
  });

  it('is not a float to pandas: overflow, a bare exponent, underscores, hex, spaces around inf', () => {
    expect(['1e400', '1e', '1_000', '0x10', ' inf', '.', '-', '1.5.2', '1e5x', '１２'].map(parsePandasFloat)).toEqual(Array(10).fill(undefined));
  });
});

describe('the mock model hashes what the original mock hashes', () => {
  it.each(mockCalls)('$repr', (call) => {
    // The golden writes floats as {"float": repr} (JSON has no NaN and no 1.0); here they are what metadataValue gives.
    const metadata = Object.fromEntries(Object.entries(call.metadata).map(([key, value]) => [key, asMetadataValue(value)]));
    expect(mockMetadataRepr(metadata)).toBe(call.repr);
    expect(mockHashByte(call.system, call.user, metadata, call.seed)).toBe(call.byte);
  });
});
