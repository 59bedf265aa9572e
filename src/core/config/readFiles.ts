import fs from 'node:fs';
import { parseDocument } from 'yaml';
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
    value = document.toJS({ maxAliasCount: CONFIG_LIMITS.yamlAliases }) as unknown;
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
    value = JSON.parse(text) as unknown;
  } catch (error) {
    problems.error(file, '', `Invalid JSON: ${(error as Error).message}`);
    return undefined;
  }
  return withinDepth(value, file, problems);
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
