/**
 * The render budget (docs/prompt-templates.md, "Limits"). Templates are user data, so one
 * row's render may not hang or exhaust the worker: it gets a number of steps (statements,
 * expression nodes, loop iterations, items a filter walks) and a number of characters and
 * items it may build (each value, the output, and all of them together). The checks run
 * *before* a value is built, so `'x' * 10**9` fails without allocating anything.
 *
 * Rendering is synchronous, so the budget of the render in progress is module state,
 * installed by `withBudget` for the duration of one render and restored afterwards.
 */
import { RenderFault } from './faults';

export interface RenderLimits {
  /** Statements, expression nodes, loop iterations and items walked by filters. */
  maxSteps: number;
  /** Characters of any one string, items of any one list or dict the template builds. */
  maxValueLength: number;
  /** Characters of the rendered text. */
  maxOutputLength: number;
  /** Characters and items built over the whole render (bounds the memory a render can use). */
  maxAllocated: number;
}

export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = Object.freeze({
  maxSteps: 1_000_000,
  maxValueLength: 4_000_000,
  maxOutputLength: 4_000_000,
  maxAllocated: 16_000_000,
});

/** Nesting allowed in a template's syntax and in the values it prints or compares. */
export const MAX_NESTING_DEPTH = 200;

export type BudgetKind = 'steps' | 'value' | 'output' | 'allocated' | 'depth';

export class BudgetFault extends RenderFault {
  constructor(
    message: string,
    readonly budget: BudgetKind,
  ) {
    super(`render budget exceeded: ${message}`);
  }
}

class RenderBudget {
  steps = 0;
  allocated = 0;
  callDepth = 0;

  constructor(readonly limits: RenderLimits) {}
}

/** Used outside a render (compile-time constant folding, tests of helpers): the defaults. */
let active = new RenderBudget({ ...DEFAULT_RENDER_LIMITS });

export function withBudget<T>(limits: RenderLimits, run: () => T): T {
  const previous = active;
  active = new RenderBudget(limits);
  try {
    return run();
  } finally {
    active = previous;
  }
}

const format = (n: number): string => n.toLocaleString('en-US');

/** Charges `count` steps (one per statement, node, iteration, or item a filter walks). */
export function chargeSteps(count = 1): void {
  active.steps += count;
  if (active.steps > active.limits.maxSteps) {
    throw new BudgetFault(`more than ${format(active.limits.maxSteps)} steps (loop iterations, filter calls, expressions)`, 'steps');
  }
}

/**
 * Called before building a string of `length` characters or a list/dict of `length` items:
 * fails when that one value is too large or when the render has built too much in all.
 */
export function chargeValue(length: number): void {
  const limits = active.limits;
  if (length > limits.maxValueLength) {
    throw new BudgetFault(`a value of ${format(length)} characters or items is larger than the ${format(limits.maxValueLength)} a template may build`, 'value');
  }
  chargeAllocation(length);
}

function chargeAllocation(length: number): void {
  active.allocated += length;
  if (active.allocated > active.limits.maxAllocated) {
    throw new BudgetFault(`the template built more than ${format(active.limits.maxAllocated)} characters and items in all`, 'allocated');
  }
}

/** Charges a value that was just built (for operations whose result is at most a few times their input). */
export function built<T extends string | readonly unknown[]>(value: T): T {
  chargeValue(value.length);
  return value;
}

/**
 * For values built piece by piece from many inputs (join, repr, printf): `add` each piece's
 * length before building it; the running total fails as soon as it passes the value limit.
 */
export class ValueMeter {
  private total = 0;

  add(length: number): void {
    this.total += length;
    if (this.total > active.limits.maxValueLength) chargeValue(this.total);
  }

  /** Charges the finished value to the render's running total. */
  finish(): void {
    chargeAllocation(this.total);
  }
}

/** Called as rendered text is appended: the output's own limit plus the running total. */
export function chargeOutput(totalLength: number, added: number): void {
  if (totalLength > active.limits.maxOutputLength) {
    throw new BudgetFault(`the rendered text is longer than ${format(active.limits.maxOutputLength)} characters`, 'output');
  }
  chargeAllocation(added);
}

/** A value that grows one piece at a time (a dict getting keys): its size against the value limit. */
export function chargeGrowth(total: number, added: number): void {
  if (total > active.limits.maxValueLength) {
    throw new BudgetFault(`a value of ${format(total)} characters or items is larger than the ${format(active.limits.maxValueLength)} a template may build`, 'value');
  }
  chargeAllocation(added);
}

/** A captured body (`{% set %}` block, macro body) is a value: the value limit applies. */
export function chargeCapture(totalLength: number, added: number): void {
  if (totalLength > active.limits.maxValueLength) {
    throw new BudgetFault(`a captured block of ${format(totalLength)} characters is larger than the ${format(active.limits.maxValueLength)} a template may build`, 'value');
  }
  chargeAllocation(added);
}

/**
 * Macro calls and recursive `loop(...)` calls nested at once. Python's own recursion limit
 * stops Jinja between 200 and 300 levels; this stops earlier than the JS stack would.
 */
export const MAX_CALL_DEPTH = 250;

export function enterCall<T>(run: () => T): T {
  if (active.callDepth >= MAX_CALL_DEPTH) {
    throw new BudgetFault(`macro calls or recursive loops nested more than ${MAX_CALL_DEPTH} levels deep`, 'depth');
  }
  active.callDepth += 1;
  try {
    return run();
  } finally {
    active.callDepth -= 1;
  }
}

/**
 * Recursion inside each macro level (nested tags and expressions, each within the syntax
 * limit) can still outgrow the JS stack before MAX_CALL_DEPTH: that is the same depth budget.
 */
export function isStackOverflow(error: unknown): boolean {
  // No regular expression here: compiling one this close to the stack's end overflows again.
  return error instanceof RangeError && error.message.includes('call stack');
}

export function stackFault(line: number): BudgetFault {
  const fault = new BudgetFault('macro calls, loops and expressions nested too deeply', 'depth');
  fault.line = line;
  return fault;
}

/** Recursive walks over values (repr, equality, JSON) call this with their depth. */
export function checkDepth(depth: number): void {
  if (depth > MAX_NESTING_DEPTH) throw new BudgetFault(`values nested more than ${MAX_NESTING_DEPTH} levels deep`, 'depth');
}
