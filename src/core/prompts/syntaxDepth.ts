/**
 * How deeply a parsed template nests. Rendering walks the tree recursively, so a template
 * such as `{{ x|abs|abs|...|abs }}` with 50,000 filters (built by the parser in a loop) would
 * exhaust the stack at render time; it is refused when it compiles instead.
 */
import { MAX_NESTING_DEPTH } from './budget';
import { TemplateSyntaxFault } from './faults';

/** Iterative, so measuring cannot overflow the stack itself. */
export function checkSyntaxDepth(root: unknown): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const isNode = !Array.isArray(value) && 'kind' in value;
    const nodeDepth = isNode ? depth + 1 : depth;
    if (nodeDepth > MAX_NESTING_DEPTH) throw tooDeep('line' in value && typeof value.line === 'number' ? value.line : 1);
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, nodeDepth]);
  }
}

export function tooDeep(line: number): TemplateSyntaxFault {
  return new TemplateSyntaxFault(`the template nests more than ${MAX_NESTING_DEPTH} levels deep (tags, brackets, operators or filters)`, line);
}
