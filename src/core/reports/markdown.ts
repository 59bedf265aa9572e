import { toJsonText } from './json';
import { formatNumber, roundForPeople } from './numberFormat';

/** A cell value as Markdown text: numbers formatted, pipes escaped, line breaks flattened. */
export function markdownCell(value: unknown): string {
  const text = typeof value === 'string' ? value : formatCell(value);
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.every((item) => typeof item === 'number' || item === null)) {
    return `[${value.map(formatNumber).join(', ')}]`;
  }
  return JSON.stringify(value);
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const line = (cells: readonly unknown[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** Nested plugin output as JSON for people: numbers rounded (the .json report keeps them raw). */
export function fencedJson(value: unknown): string {
  return `\`\`\`json\n${toJsonText(roundForPeople(value), { sortKeys: true })}\`\`\``;
}

/** Joins blocks with one blank line between them and a final newline. */
export function joinBlocks(blocks: readonly (string | undefined)[]): string {
  return `${blocks.filter((block): block is string => block !== undefined && block !== '').join('\n\n')}\n`;
}
