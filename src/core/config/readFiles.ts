import fs from 'node:fs';
import { parseDocument } from 'yaml';
import { rememberKeyOrder } from '../data/keyOrder';
import { parseOrderedJson } from '../data/orderedJson';
import { CONFIG_LIMITS, nestingDepth } from './limits';
import type { ProblemCollector } from './problems';

/** Reads a YAML file; problems carry the file, and the line and column of syntax errors. */
export function readYamlFile(file: string, problems: ProblemCollector): unknown {
  const text = readText(file, problems, 'Settings file not found');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    const document = parseDocument(text, { prettyErrors: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        // Where the parser's stack ran out depends on the stack, not the file: no position.
        const position = isStackOverflow(error.message) ? undefined : error.linePos?.[0];
        const where = position ? `line ${position.line}, column ${position.col}` : '';
        problems.error(file, where, `Invalid YAML: ${yamlMessage(error.message)}`);
      }
      return undefined;
    }
    // Maps keep the written key order; mappingsToObjects records it where JS would move integer-like keys.
    value = mappingsToObjects(document.toJS({ maxAliasCount: CONFIG_LIMITS.yamlAliases, mapAsMap: true }) as unknown);
  } catch (error) {
    problems.error(file, '', `Invalid YAML: ${yamlMessage((error as Error).message)}`);
    return undefined;
  }
  return withinDepth(value, file, problems);
}

export function readJsonFile(file: string, problems: ProblemCollector): unknown {
  const text = readText(file, problems, 'File not found');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = parseOrderedJson(text);
  } catch (error) {
    problems.error(file, '', `Invalid JSON: ${(error as Error).message}`);
    return undefined;
  }
  return withinDepth(value, file, problems);
}

/**
 * YAML mappings (read as Maps) as plain objects with their key order kept (data/keyOrder.ts):
 * `{2024: 10, 2023: 5}` iterates 2024 first in a template, as in the original's PyYAML dicts.
 * Keys become strings as the yaml package's own conversion writes them; an alias stays one
 * shared object, so converting never expands what the alias limit allowed.
 */
function mappingsToObjects(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(mappingsToObjects(item, seen));
    return out;
  }
  if (!(value instanceof Map)) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  const keys: string[] = [];
  for (const [key, item] of value as Map<unknown, unknown>) {
    const name = keyText(key);
    if (!Object.hasOwn(out, name)) keys.push(name);
    // defineProperty: a `__proto__` key is data, not the prototype.
    Object.defineProperty(out, name, { value: mappingsToObjects(item, seen), enumerable: true, writable: true, configurable: true });
  }
  rememberKeyOrder(out, keys);
  return out;
}

function keyText(key: unknown): string {
  return key !== null && typeof key === 'object' ? JSON.stringify(key) : String(key);
}

export function readText(file: string, problems: ProblemCollector, missingMessage: string): string | undefined {
  try {
    return readLimited(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.error(file, '', code === 'ENOENT' ? missingMessage : `cannot read file: ${(error as Error).message}`);
    return undefined;
  }
}

/** Text of an optional file, or undefined when it does not exist; other faults are problems. */
export function readOptionalText(file: string, problems: ProblemCollector): string | undefined {
  try {
    return readLimited(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    problems.error(file, '', `cannot read file: ${(error as Error).message}`);
    return undefined;
  }
}

/** A regular file of at most CONFIG_LIMITS.fileBytes, as UTF-8 without a BOM. */
function readLimited(file: string): string {
  const descriptor = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) throw new Error('not a regular file');
    // Read one byte past the limit: files whose size the stat does not know (/proc) are caught too.
    const buffer = Buffer.alloc(CONFIG_LIMITS.fileBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
    }
    if (length > CONFIG_LIMITS.fileBytes) throw new Error(`the file is larger than ${CONFIG_LIMITS.fileBytes} bytes, the limit for configuration files`);
    return buffer.toString('utf8', 0, length).replace(/^\uFEFF/, '');
  } finally {
    fs.closeSync(descriptor);
  }
}

function withinDepth(value: unknown, file: string, problems: ProblemCollector): unknown {
  if (nestingDepth(value, CONFIG_LIMITS.depth) <= CONFIG_LIMITS.depth) return value;
  problems.error(file, '', `nesting is deeper than ${CONFIG_LIMITS.depth} levels, the limit for configuration files`);
  return undefined;
}

/** The first line of a parser message; the parser's own stack overflow becomes the depth limit. */
const isStackOverflow = (message: string) => /Maximum call stack size exceeded/.test(message);

function yamlMessage(message: string): string {
  if (isStackOverflow(message)) return `nesting is deeper than this parser can follow (the limit is ${CONFIG_LIMITS.depth} levels)`;
  if (/alias count/i.test(message)) return `more than ${CONFIG_LIMITS.yamlAliases} aliases to resolve (an alias bomb?)`;
  return message.split('\n')[0]!;
}
