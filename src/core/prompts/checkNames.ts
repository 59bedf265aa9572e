/**
 * Jinja 3 compiles a filter or test it does not know into a runtime error when the use sits
 * inside an `if` (test or branches) or an inline `x if c else y`, and fails the template at
 * compile time anywhere else; a loop, block or macro body starts afresh. This pass applies
 * that rule after parsing: unknown names outside such "soft" places are compile errors, the
 * others fail when (and only if) the render reaches them.
 */
import type { Expr, Stmt } from './ast';
import { TemplateSyntaxFault } from './faults';
import { hasFilter } from './filters';
import { hasTest } from './jinjaTests';

type Node = Stmt | Expr;

/** Node kinds whose bodies are a new frame, and the fields that hold those bodies. */
const INNER_FRAME_FIELDS: Record<string, readonly string[]> = {
  for: ['body', 'otherwise', 'filter'],
  setBlock: ['body'],
  macro: ['body', 'defaults'],
  callBlock: ['body', 'defaults'],
  filterBlock: ['body'],
  with: ['body', 'values'],
};

export function checkFilterAndTestNames(body: readonly Stmt[]): void {
  const stack: Array<[unknown, boolean]> = body.map((stmt) => [stmt, false]);
  while (stack.length > 0) {
    const [value, soft] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item) => stack.push([item, soft]));
      continue;
    }
    if (!('kind' in value)) {
      Object.values(value).forEach((child) => stack.push([child, soft]));
      continue;
    }
    const node = value as Node & Record<string, unknown>;
    checkNode(node, soft);
    const childSoft = soft || node.kind === 'if' || node.kind === 'conditional';
    const inner = INNER_FRAME_FIELDS[node.kind] ?? [];
    for (const [field, child] of Object.entries(node)) {
      if (field !== 'kind' && typeof child === 'object' && child !== null) stack.push([child, inner.includes(field) ? false : childSoft]);
    }
  }
}

function checkNode(node: Node, soft: boolean): void {
  if (soft) return;
  if (node.kind === 'filter' && !hasFilter(node.name)) throw new TemplateSyntaxFault(`No filter named '${node.name}'.`, node.line);
  if (node.kind === 'test' && !hasTest(node.name)) throw new TemplateSyntaxFault(`No test named '${node.name}'.`, node.line);
  if (node.kind === 'filterBlock' || node.kind === 'setBlock') {
    const unknown = node.filters.find((filter) => !hasFilter(filter.name));
    if (unknown !== undefined) throw new TemplateSyntaxFault(`No filter named '${unknown.name}'.`, unknown.line);
  }
}
