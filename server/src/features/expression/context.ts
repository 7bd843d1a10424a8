// What the caller tells the services about the surroundings of an expression.
import type { ExpressionAttribute } from './attributes';

/**
 * A result in its JSON form, for display: what evaluate/values.ts `toJson` makes of an evaluator
 * value (Booleans as true/false, Not's "True"/"False" as text, dates already Entra's text,
 * references their id).
 */
export type PreviewValue =
  | null
  | string
  | number
  | bigint
  | boolean
  | readonly PreviewValue[]
  | { readonly [key: string]: PreviewValue };

/**
 * The result of evaluating the whole expression for the selected sample object. The shape of the
 * evaluator's `EvalOutcome` (evaluate/compile.ts) with the value in JSON form, plus the sample's
 * display name.
 */
export type EvaluationOutcome =
  | { kind: 'value'; value: PreviewValue; redacted?: boolean; sample?: string }
  /** The target attribute is left out of this flow (IgnoreFlowIfNullOrEmpty on an empty value). */
  | { kind: 'noflow'; reason?: string; redacted?: boolean; sample?: string }
  | { kind: 'error'; message: string; code?: string; sample?: string };

export interface ExpressionContext {
  /**
   * The source attributes: offered inside `[...]` and described on hover. Default: the Entra ID
   * user catalogue. Use `attributesFor(object, extraNames)` to add the document's own names.
   */
  attributes?: readonly ExpressionAttribute[];
  /** The client accepts snippet completions (default true). */
  snippets?: boolean;
  /**
   * Evaluates the whole expression for the selected sample object; hover on an attribute shows
   * the result. Return undefined when there is nothing to show (no sample selected).
   */
  evaluate?: (text: string) => EvaluationOutcome | undefined;
  /** The selected sample's value of one source attribute (undefined: no sample or not set). */
  sampleValue?: (attribute: string) => PreviewValue | undefined;
}
