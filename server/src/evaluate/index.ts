// Public entry of the expression evaluator (docs/evaluation.md): compile once, evaluate many
// times, never throw for user input.

export {
  compileCached, compileExpression, evaluate, evaluateExpression, ExpressionCache,
} from './compile';
export type { CompiledExpression, ErrorOutcome, EvalOutcome, NoFlowOutcome, ValueOutcome } from './compile';
export type { EvalContext } from './state';
export {
  ComplexValue, describeKind, fromSource, isDateTime, isMulti, lookupSource, NoFlowValue, ReferenceValue, ROLE_TYPE, RolesValue,
  textOf, toFlowText, toJson,
} from './values';
export type { AppRole, JsonOut, MultiValue, RolesMode, Value } from './values';
export { describeJsonNode, jsonValue, parseJson } from './json';
export type { JsonNode, JsonParseResult, JsonProp } from './json';
