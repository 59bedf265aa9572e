/**
 * Jinja's `Macro` (runtime.py): a template-defined callable. It binds arguments exactly as
 * Macro.__call__ does (positionals, then keywords by name, then `caller`, `kwargs`,
 * `varargs` when the body reads them) and renders its body into a string. It is never a JS
 * function: the evaluator calls `invoke` itself, and its only readable attributes are the
 * ones Jinja documents (`name`, `arguments`, `catch_kwargs`, `catch_varargs`, `caller`).
 */
import type { CallArguments } from './args';
import type { Signature } from './ast';
import { typeFault } from './faults';
import { dictFromEntries } from './pyDict';
import { UndefinedValue, makeTuple } from './values';

/** The values a macro body starts with, in parameter order; `undefined` marks a parameter to default. */
export type BoundMacroArguments = Map<string, unknown>;

export class Macro {
  readonly pythonTypeName = 'Macro';

  constructor(
    readonly name: string,
    readonly signature: Signature,
    private readonly run: (bound: BoundMacroArguments) => string,
  ) {}

  invoke(call: CallArguments): string {
    return this.run(bindMacroArguments(this.name, this.signature, call));
  }

  /** The attributes Jinja's Macro exposes. */
  attribute(name: string): unknown {
    switch (name) {
      case 'name': return this.name;
      case 'arguments': return makeTuple([...this.signature.params]);
      case 'catch_kwargs': return this.signature.uses.kwargs;
      case 'catch_varargs': return this.signature.uses.varargs;
      case 'caller': return this.signature.uses.caller;
      default: return undefined;
    }
  }
}

function bindMacroArguments(name: string, signature: Signature, call: CallArguments): BoundMacroArguments {
  const { params, uses } = signature;
  const keywords = new Map(call.keywords);
  const bound: BoundMacroArguments = new Map();
  params.forEach((param, index) => {
    if (index < call.positional.length) bound.set(param, call.positional[index]);
    else {
      bound.set(param, keywords.get(param));
      keywords.delete(param);
    }
  });
  const explicitCaller = params.includes('caller');
  if (uses.caller && !explicitCaller) {
    const caller = keywords.get('caller');
    keywords.delete('caller');
    bound.set('caller', caller ?? new UndefinedValue('No caller defined', 'caller'));
  }
  if (uses.kwargs) {
    bound.set('kwargs', dictFromEntries(keywords));
  } else if (keywords.size > 0) {
    if (keywords.has('caller')) throw typeFault(`macro '${name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
    throw typeFault(`macro '${name}' takes no keyword argument '${[...keywords.keys()][0]!}'`);
  }
  if (uses.varargs) bound.set('varargs', makeTuple(call.positional.slice(params.length)));
  else if (call.positional.length > params.length) throw typeFault(`macro '${name}' takes not more than ${params.length} argument(s)`);
  return bound;
}
