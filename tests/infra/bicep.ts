import fs from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

/**
 * Bicep files parsed with a real Bicep grammar: tree-sitter-bicep's WebAssembly build run
 * by web-tree-sitter (both from npm, no native build, no network). The grammar checks
 * syntax only: names, types and API versions are checked by `az bicep build`, which cannot
 * run here (docs/deploy.md).
 */
let parser: Parser | undefined;

export async function bicepParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  // Bytes, not a path: loading by path goes through a dynamic import that Jest's VM refuses.
  const language = await Language.load(fs.readFileSync(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm')));
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export interface BicepFile {
  file: string;
  text: string;
  root: Node;
}

export async function parseBicep(file: string): Promise<BicepFile> {
  const text = fs.readFileSync(file, 'utf8');
  const tree = (await bicepParser()).parse(text);
  if (!tree) throw new Error(`${file}: the parser returned nothing`);
  return { file, text, root: tree.rootNode };
}

/** Every syntax error as `line:column: text`. */
export function syntaxErrors(node: Node): string[] {
  const found: string[] = [];
  const visit = (current: Node) => {
    if (current.type === 'ERROR' || current.isMissing) found.push(`${current.startPosition.row + 1}:${current.startPosition.column + 1}: ${current.isMissing ? `missing ${current.type}` : current.text.slice(0, 60)}`);
    for (const child of current.children) if (child) visit(child);
  };
  visit(node);
  return found;
}

export function bicepFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.bicep'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Top-level declarations of a kind (`variable_declaration`, `module_declaration`, ...) by name. */
export function declarations(file: BicepFile, type: string): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const child of file.root.children) {
    if (child?.type !== type) continue;
    const name = child.children.find((c) => c?.type === 'identifier');
    if (name) found.set(name.text, child);
  }
  return found;
}

/** The keys of an object literal's properties (identifiers or quoted). */
export function objectKeys(node: Node): string[] {
  const object = node.type === 'object' ? node : node.descendantsOfType('object')[0];
  if (!object) return [];
  return object.children.filter((c): c is Node => c?.type === 'object_property').map((property) => property.child(0)!.text.replace(/^'|'$/g, ''));
}

/** The string value of property `key` directly inside an object, if it is a plain string or string array. */
export function propertyStrings(object: Node, key: string): string[] | undefined {
  const property = object.children.find((c): c is Node => c?.type === 'object_property' && c.child(0)?.text === key);
  const value = property?.children.filter((c): c is Node => c !== null && c.type !== 'identifier' && c.type !== ':')[0];
  if (!value) return undefined;
  if (value.type === 'string') return [unquote(value.text)];
  if (value.type === 'array') return value.descendantsOfType('string').map((s) => unquote(s!.text));
  return undefined;
}

function unquote(text: string): string {
  return text.replace(/^'|'$/g, '');
}
