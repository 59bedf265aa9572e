import { collectVerdicts } from '../../core/engine/verdict';

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '-';
}

function section(plugin: string, output: Record<string, unknown>): string[] {
  const lines = [`${plugin}:`];
  const entries = Object.entries(output).filter(([key]) => key !== 'verdicts');
  if (entries.length === 0) lines.push('  (no result)');
  for (const [key, value] of entries) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const fields = Object.entries(value as Record<string, unknown>).map(([field, inner]) => `${field}=${formatValue(inner)}`);
      lines.push(`  ${key}: ${fields.join(', ')}`);
    } else lines.push(`  ${key}: ${formatValue(value)}`);
  }
  return lines;
}

/** Human-readable report: verdicts first, then each plugin's per-criterion figures. */
export function renderComparison(baseline: string, variant: string, results: Record<string, Record<string, unknown>>): string {
  const lines = [`Comparing ${variant} against baseline ${baseline}`, ''];
  const verdicts = collectVerdicts(results);
  if (verdicts.length > 0) {
    lines.push('Verdicts:');
    for (const v of verdicts) {
      const p = v.adjusted_p_value ?? v.p_value;
      lines.push(`  ${v.criterion}: ${v.verdict} (mean difference ${formatValue(v.mean_difference)}, adjusted p ${formatValue(p)}, interval ${formatValue(v.interval)})`);
    }
    lines.push('');
  }
  for (const [plugin, output] of Object.entries(results)) lines.push(...section(plugin, output), '');
  return `${lines.join('\n')}\n`;
}
