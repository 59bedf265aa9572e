/**
 * pandas' `pd.NA`: the missing value of the nullable dtypes (`Int64`, `boolean`, `string`).
 * It prints `<NA>`, and `bool(pd.NA)` raises TypeError ("boolean value of NA is ambiguous"),
 * so `{% if n %}` on a missing Int64 cell fails the row in the original; the prompt engine
 * does the same (its hooks: prompts/pyText.ts, prompts/pySemantics.ts). pandas' NA
 * arithmetic (`NA + 1` is NA) is not modelled: such expressions fail the row here.
 */
export class PandasNA {
  readonly pythonTypeName = 'NAType';

  toJSON(): null {
    return null;
  }
}

export const PANDAS_NA = new PandasNA();

export const NA_TEXT = '<NA>';
export const NA_AMBIGUOUS = 'boolean value of NA is ambiguous';
