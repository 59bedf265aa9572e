import ExcelJS from 'exceljs';

/** A sheet as a header row and value rows; cells are strings, numbers, booleans or empty. */
export interface SheetData {
  name: string;
  headers: string[];
  rows: (string | number | boolean | null)[][];
}

/**
 * A cell that starts with = + - @ (or a tab / carriage return) is a formula to a
 * spreadsheet; user data must never run as one, so text like that gets a leading quote.
 */
export function sanitizeCell(value: string | number | boolean | null): string | number | boolean | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** An .xlsx file (exceljs) with one worksheet per sheet, headers bold, values sanitized. */
export async function buildWorkbook(sheets: readonly SheetData[], sanitize = true): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'elspeth';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.name));
    worksheet.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(sanitize ? row.map(sanitizeCell) : row);
    worksheet.columns.forEach((column) => (column.width = 18));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';
}

/** JSON for a cell: objects and arrays with sorted keys, scalars as they are. */
export function cellValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}
