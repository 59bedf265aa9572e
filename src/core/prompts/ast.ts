/** The template syntax tree. Every node carries the source line for error messages. */

export interface KeywordArgument {
  name: string;
  value: Expr;
}

export interface CallSyntax {
  args: Expr[];
  kwargs: KeywordArgument[];
}

export type Expr =
  | { kind: 'literal'; value: unknown; line: number }
  | { kind: 'name'; name: string; line: number }
  | { kind: 'attribute'; target: Expr; name: string; line: number }
  | { kind: 'item'; target: Expr; key: Expr; line: number }
  | { kind: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null; line: number }
  | { kind: 'list'; items: Expr[]; line: number }
  | { kind: 'tuple'; items: Expr[]; line: number }
  | { kind: 'dict'; entries: Array<[Expr, Expr]>; line: number }
  | { kind: 'arithmetic'; op: '+' | '-' | '*' | '/' | '//' | '%' | '**'; left: Expr; right: Expr; line: number }
  | { kind: 'concat'; parts: Expr[]; line: number }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr; line: number }
  | { kind: 'not'; operand: Expr; line: number }
  | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr; line: number }
  | { kind: 'compare'; first: Expr; rest: CompareStep[]; line: number }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr | null; line: number }
  | ({ kind: 'filter'; target: Expr; name: string; line: number } & CallSyntax)
  | ({ kind: 'test'; target: Expr; name: string; line: number } & CallSyntax)
  | ({ kind: 'call'; callee: Expr; line: number } & CallSyntax);

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface CompareStep {
  op: CompareOperator;
  operand: Expr;
}

export type AssignTarget =
  | { kind: 'name'; name: string }
  | { kind: 'tuple'; items: AssignTarget[] };

export interface FilterCall extends CallSyntax {
  name: string;
  line: number;
}

export type Stmt =
  | { kind: 'text'; text: string; line: number }
  | { kind: 'output'; expr: Expr; line: number }
  | { kind: 'if'; branches: Array<{ test: Expr; body: Stmt[] }>; otherwise: Stmt[]; line: number }
  | {
      kind: 'for';
      target: AssignTarget;
      iterable: Expr;
      filter: Expr | null;
      body: Stmt[];
      otherwise: Stmt[];
      /** `{% for ... recursive %}`: `loop(items)` renders the body again one level deeper. */
      recursive: boolean;
      line: number;
    }
  | { kind: 'set'; target: AssignTarget; value: Expr; line: number }
  | { kind: 'setAttribute'; namespace: string; attribute: string; value: Expr; line: number }
  | { kind: 'setBlock'; target: AssignTarget; filters: FilterCall[]; body: Stmt[]; line: number }
  | ({ kind: 'macro'; name: string; body: Stmt[]; line: number } & Signature)
  | ({ kind: 'callBlock'; call: Extract<Expr, { kind: 'call' }>; body: Stmt[]; line: number } & Signature)
  | { kind: 'filterBlock'; filters: FilterCall[]; body: Stmt[]; line: number }
  | { kind: 'with'; targets: AssignTarget[]; values: Expr[]; body: Stmt[]; line: number };

/**
 * A macro's (or call block's) parameters; `defaults` belong to the last parameters, as in
 * Python. `uses` records which of Jinja's special names the body reads (`caller`, `kwargs`,
 * `varargs`): only then does the macro accept a caller, extra keywords or extra positionals.
 */
export interface Signature {
  params: string[];
  defaults: Expr[];
  uses: { caller: boolean; kwargs: boolean; varargs: boolean };
}
