import fs from 'node:fs';
import { parseDocument } from 'yaml';
import type { ProblemCollector } from './problems';

/** Reads a YAML file; problems carry the file, and the line and column of syntax errors. */
export function readYamlFile(file: string, problems: ProblemCollector): unknown {
  const text = readText(file, problems, 'Settings file not found');
  if (text === undefined) return undefined;
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      const where = position ? `line ${position.line}, column ${position.col}` : '';
      problems.error(file, where, `Invalid YAML: ${error.message.split('\n')[0]}`);
    }
    return undefined;
  }
  return document.toJS() as unknown;
}

export function readJsonFile(file: string, problems: ProblemCollector): unknown {
  const text = readText(file, problems, 'File not found');
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.error(file, '', `Invalid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

export function readText(file: string, problems: ProblemCollector, missingMessage: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.error(file, '', code === 'ENOENT' ? missingMessage : `cannot read file: ${(error as Error).message}`);
    return undefined;
  }
}

/** Text of an optional file, or undefined when it does not exist. */
export function readOptionalText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
