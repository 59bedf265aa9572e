/**
 * compileTemplate: legacy conversion, lexing and parsing once; `render` then walks the
 * tree for each row. Faults become AppErrors naming the template (and line).
 */
import { AppError, errorMessage, isAppError } from '../errors';
import { findRequiredFields } from './analyze';
import type { Stmt } from './ast';
import { checkFilterAndTestNames } from './checkNames';
import { checkFoldedConstants } from './constantFold';
import { BudgetFault, DEFAULT_RENDER_LIMITS, type RenderLimits, withBudget } from './budget';
import { namesReadOnlyGuarded } from './guardedReads';
import { RenderFault, TemplateSyntaxFault } from './faults';
import { convertLegacyPlaceholders } from './legacy';
import { tokenize } from './lexer';
import { parseTemplate } from './parser';
import { renderBody } from './render';
import { Scope } from './scope';
import type { WhitespaceOptions } from './tagLexer';
import { checkSyntaxDepth } from './syntaxDepth';
import { TextSink } from './textSink';
import { withUndefinedMode } from './values';

export interface CompiledTemplate {
  /** For error messages. */
  name: string;
  /** The text after legacy conversion. */
  source: string;
  /** The text as given. */
  rawSource: string;
  /** Undeclared variables the template reads (sorted, unique), minus set/loop variables. */
  requiredFields: string[];
  /** requiredFields minus names read only through `default` or `is defined`: these must exist. */
  strictFields: string[];
  render(context: Record<string, unknown>): string;
}

export interface CompileOptions {
  /** Names the template in errors; the original's default is "prompt". */
  name?: string;
  /** The render budget (docs/prompt-templates.md); defaults to DEFAULT_RENDER_LIMITS. */
  limits?: Partial<RenderLimits>;
  /**
   * The Jinja environment. The default is the original's prompt engine (StrictUndefined,
   * trim_blocks, lstrip_blocks, legacy `{field}` conversion); `'plain'` is a default
   * `jinja2.Template` as the original's llm_guard used (lenient undefined, none of those).
   */
  environment?: 'prompt' | 'plain';
}

export function compileTemplate(text: string, options: CompileOptions = {}): CompiledTemplate {
  const name = options.name ?? 'prompt';
  const plain = options.environment === 'plain';
  const source = plain ? text : convertLegacyPlaceholders(text);
  const limits: RenderLimits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  const { body, requiredFields } = parseOrThrow(source, name, { trimBlocks: !plain, lstripBlocks: !plain }, (parsed) => checkFoldedConstants(parsed, limits, plain));
  const optional = namesReadOnlyGuarded(body);
  return {
    name,
    source,
    rawSource: text,
    requiredFields,
    strictFields: requiredFields.filter((field) => !optional.has(field)),
    render: (context) => renderTemplate(body, name, context, limits, plain),
  };
}

function parseOrThrow(source: string, name: string, whitespace: WhitespaceOptions, fold: (body: Stmt[]) => void): { body: Stmt[]; requiredFields: string[] } {
  try {
    const body = mergeText(parseTemplate(tokenize(source, whitespace)));
    checkSyntaxDepth(body);
    checkFilterAndTestNames(body);
    fold(body);
    return { body, requiredFields: findRequiredFields(body) };
  } catch (error) {
    const line = error instanceof TemplateSyntaxFault ? error.line : undefined;
    const where = line === undefined ? '' : ` (line ${line})`;
    throw new AppError('PROMPT_TEMPLATE_INVALID', `Prompt template '${name}' is invalid${where}: ${errorMessage(error)}`, {
      details: line === undefined ? { template: name } : { template: name, line },
      cause: error,
    });
  }
}

/** Adjacent text nodes (e.g. around comments) become one, so rendering pushes less. */
function mergeText(body: Stmt[]): Stmt[] {
  const merged: Stmt[] = [];
  for (const stmt of body) {
    const previous = merged[merged.length - 1];
    if (stmt.kind === 'text' && previous?.kind === 'text') {
      merged[merged.length - 1] = { ...previous, text: previous.text + stmt.text };
    } else {
      merged.push(stmt);
    }
  }
  return merged;
}

function renderTemplate(body: readonly Stmt[], name: string, context: Record<string, unknown>, limits: RenderLimits, lenient: boolean): string {
  const out = new TextSink(false);
  try {
    withBudget(limits, () => withUndefinedMode(lenient, () => renderBody(body, new Scope(null, context, lenient), out)));
  } catch (error) {
    if (isAppError(error)) throw error;
    throw renderError(error, name);
  }
  return out.text();
}

function renderError(error: unknown, name: string): AppError {
  const fault = error instanceof RenderFault ? error : undefined;
  const where = fault?.line === undefined ? '' : ` (line ${fault.line})`;
  const details: Record<string, unknown> = { template: name };
  if (fault?.variable !== undefined) details.variable = fault.variable;
  if (error instanceof BudgetFault) details.budget = error.budget;
  return new AppError('PROMPT_RENDER_FAILED', `Prompt template '${name}' failed to render${where}: ${errorMessage(error)}`, {
    details,
    cause: error,
  });
}
