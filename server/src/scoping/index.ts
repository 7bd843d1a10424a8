// Scoping filters: read, check, evaluate, locate. See model.ts for the shapes.
export { readScopeFilter } from './read';
export type { ReadScopeResult } from './read';
export { checkScope } from './check';
export type { CheckScopeOptions } from './check';
export { evaluateScope, evaluateGroup, evaluateClause } from './evaluate';
export type { EvaluateScopeOptions } from './evaluate';
export { locateInScope } from './locate';
export { OPERATORS, operatorInfo, offeredOperators, FILTER_SECTIONS } from './model';
export type {
  ClauseVerdict,
  FilterClause,
  FilterGroup,
  FilterOperand,
  FilterSection,
  GroupVerdict,
  OperatorInfo,
  OperatorStatus,
  ScopeActual,
  ScopeFilter,
  ScopeVerdict,
} from './model';
export type { ScopeDiagnostic, ScopeField, ScopeLocation } from './diagnostics';
export type { RegexOutcome, RegexProblem, ScopeRegexEngine } from './regex';
export { parseBoolean, parseInteger, readAttribute } from './values';
