/**
 * Internal fault types. The lexer/parser throw `TemplateSyntaxFault`, the evaluator throws
 * `RenderFault`; `compile.ts` turns both into `AppError`s that name the template.
 */

export class TemplateSyntaxFault extends Error {
  override readonly name = 'TemplateSyntaxFault';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface RenderFaultOptions {
  variable?: string;
  line?: number;
}

export class RenderFault extends Error {
  override readonly name = 'RenderFault';
  readonly variable?: string;
  line?: number;

  constructor(message: string, options: RenderFaultOptions = {}) {
    super(message);
    if (options.variable !== undefined) this.variable = options.variable;
    if (options.line !== undefined) this.line = options.line;
  }
}

/** Python's TypeError/ValueError equivalents surface as render faults with the Python wording. */
export function typeFault(message: string): RenderFault {
  return new RenderFault(message);
}

export function forbiddenAttribute(name: string): RenderFault {
  return new RenderFault(`access to attribute '${name}' is not allowed in a prompt template`, { variable: name });
}
