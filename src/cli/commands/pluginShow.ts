import { z } from 'zod';
import { AppError } from '../../core/errors';
import { didYouMean } from '../../core/plugins/didYouMean';
import type { AnyPlugin } from '../../core/plugins/kinds';
import type { Registry } from '../../core/plugins/registry';

type JsonSchema = Record<string, unknown>;

/**
 * `elspeth plugins show <name>`: a plugin's description and options (type, default,
 * required), read from the JSON Schema of its zod options schema. A name used by several
 * kinds (`noop`) shows each; `kind/name` picks one.
 */
export function showPlugins(registry: Registry, query: string): string {
  const [kindPart, namePart] = query.includes('/') ? (query.split('/', 2) as [string, string]) : [undefined, query];
  const matches = registry.list().filter((plugin) => plugin.name === namePart && (kindPart === undefined || plugin.kind === kindPart));
  if (matches.length === 0) {
    const names = [...new Set(registry.list().map((plugin) => plugin.name))].sort();
    const hint = didYouMean(namePart, names) ?? names.find((name) => name.startsWith(namePart));
    throw new AppError('PLUGIN_NOT_FOUND', `No plugin named '${query}'.${hint ? ` Did you mean '${hint}'?` : ''} 'elspeth plugins list' shows them all.`);
  }
  return matches.map(describePlugin).join('\n');
}

function describePlugin(plugin: AnyPlugin): string {
  const schema = z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties).map(([name, property]) => [
    name,
    typeText(property),
    required.has(name) ? 'required' : 'default' in property ? `default ${JSON.stringify(property.default)}` : 'optional',
    typeof property.description === 'string' ? property.description : '',
  ]);
  const header = `${plugin.kind} plugin '${plugin.name}'\n  ${plugin.description}\n`;
  if (rows.length === 0) return `${header}\n  No options.\n`;
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), ['OPTION', 'TYPE', 'DEFAULT'][column]!.length));
  const line = (cells: string[]) => `  ${cells.map((cell, index) => (index < 3 ? cell.padEnd(widths[index]!) : cell)).join('  ')}`.trimEnd();
  return `${header}\n${[line(['OPTION', 'TYPE', 'DEFAULT', 'NOTE']), ...rows.map(line)].join('\n')}\n`;
}

/** A short type: `string`, `integer >= 1`, `"abort" | "skip"`, `array of string`, `a | b`. */
export function typeText(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(typeText))].join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : typeof schema.type === 'string' ? schema.type : 'any';
  if (type === 'array' && schema.items && typeof schema.items === 'object') return `array of ${typeText(schema.items as JsonSchema)}`;
  const bounds = [
    typeof schema.minimum === 'number' ? `>= ${schema.minimum}` : undefined,
    typeof schema.exclusiveMinimum === 'number' ? `> ${schema.exclusiveMinimum}` : undefined,
    typeof schema.maximum === 'number' ? `<= ${schema.maximum}` : undefined,
  ].filter((bound) => bound !== undefined && !/e[+-]?\d{2,}/.test(bound));
  return bounds.length > 0 ? `${type} ${bounds.join(', ')}` : type;
}
