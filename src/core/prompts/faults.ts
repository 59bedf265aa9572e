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

/**
 * Templates are user data: a template alone must not be able to allocate unbounded memory
 * (`'x' * 10**9`, `'%999999999s'`). Output driven by data size is not limited here.
 */
export const MAX_GENERATED_LENGTH = 10_000_000;

export function checkGeneratedLength(length: number): void {
  if (length > MAX_GENERATED_LENGTH) {
    throw new RenderFault(`a value of ${length} characters or items is larger than prompt templates may build`);
  }
}

export function forbiddenAttribute(name: string): RenderFault {
  return new RenderFault(`access to attribute '${name}' is not allowed in a prompt template`, { variable: name });
}
