// Scoping filters: the Graph `filter` shape, the operator catalogue, and the verdict shape that
// traces print. See /work/shared/spec/scoping-filters.md (sections 2, 3 and 8).

/** `filterOperand`: values are always strings, even for integer and Boolean operators. */
export interface FilterOperand {
  values: string[];
}

/** `filterClause`: one condition. */
export interface FilterClause {
  sourceOperandName: string;
  operatorName: string;
  targetOperand: FilterOperand;
}

/** `filterGroup` (a portal "scoping filter" with its title): the AND of its clauses. */
export interface FilterGroup {
  name: string;
  clauses: FilterClause[];
}

/** Graph `filter` (`objectMappings[].scope`): the OR of its groups. `null` means no filter. */
export interface ScopeFilter {
  groups: FilterGroup[];
  /** Experimental: objects that fail are dropped at read time (and never deprovisioned). */
  inputFilterGroups?: FilterGroup[];
  /** Experimental: decides whether an object belongs to this object mapping. */
  categoryFilterGroups?: FilterGroup[];
}

export type FilterSection = 'groups' | 'inputFilterGroups' | 'categoryFilterGroups';
export const FILTER_SECTIONS: readonly FilterSection[] = ['groups', 'inputFilterGroups', 'categoryFilterGroups'];

// ---- verdicts (the stable trace shape) ---------------------------------------------------------

/** The user's value as compared: a string, a Boolean (IS TRUE / IS FALSE), null when absent, or the list of a multi-valued attribute. */
export type ScopeActual = string | boolean | null | unknown[];

export interface ClauseVerdict {
  attribute: string;
  operator: string;
  values: string[];
  actual: ScopeActual;
  result: boolean;
  note?: string;
}

export interface GroupVerdict {
  name: string;
  result: boolean;
  clauses: ClauseVerdict[];
}

export interface ScopeVerdict {
  inScope: boolean;
  groups: GroupVerdict[];
  /** Present only when the filter has experimental input filter groups. */
  inputFilterGroups?: GroupVerdict[];
  /** Present only when the filter has experimental category filter groups. */
  categoryFilterGroups?: GroupVerdict[];
}

// ---- operators ---------------------------------------------------------------------------------

export type OperatorStatus =
  /** In the current how-to, with clear semantics. */
  | 'documented'
  /** In the how-to, but its meaning is unclear (`&`, `!&`). */
  | 'uncertain'
  /** Reported elsewhere but not in the current docs; only if the tenant's filterOperators lists it. */
  | 'undocumented'
  /** Seen in the portal, semantics unknown (`Present`, `Valid Cert Match`). */
  | 'portalOnly';

export type OperatorValueKind = 'none' | 'string' | 'integer' | 'regex';

export interface OperatorInfo {
  /** The `operatorName` token, exactly as the API and the portal write it. */
  name: string;
  arity: 'Unary' | 'Binary';
  status: OperatorStatus;
  value: OperatorValueKind;
  /** Source attribute types the operator is meant for (empty: any). */
  attributeTypes: string[];
  /** One line for hovers and completion, in our words. */
  summary: string;
}

const op = (
  name: string,
  arity: OperatorInfo['arity'],
  status: OperatorStatus,
  value: OperatorValueKind,
  attributeTypes: string[],
  summary: string,
): OperatorInfo => ({ name, arity, status, value, attributeTypes, summary });

export const OPERATORS: readonly OperatorInfo[] = [
  op('EQUALS', 'Binary', 'documented', 'string', ['String', 'Integer'], 'True when the attribute equals the value exactly (case-sensitive).'),
  op('NOT EQUALS', 'Binary', 'documented', 'string', ['String', 'Integer'], 'True when the attribute is not empty and differs from the value (case-sensitive).'),
  op('Includes', 'Binary', 'documented', 'string', ['String'], 'True when the attribute contains the value (case-sensitive substring).'),
  op('ENDS_WITH', 'Binary', 'documented', 'string', ['String'], 'True when the attribute ends with the value (case-sensitive).'),
  op('REGEX MATCH', 'Binary', 'documented', 'regex', ['String'], 'True when the .NET regular expression matches somewhere in the attribute (not anchored; case-sensitive).'),
  op('NOT REGEX MATCH', 'Binary', 'documented', 'regex', ['String'], 'True when the attribute is not empty and the .NET regular expression matches nowhere in it.'),
  op('Greater_Than', 'Binary', 'documented', 'integer', ['Integer', 'String'], 'True when both the attribute and the value are integers and the attribute is greater.'),
  op('Greater_Than_OR_EQUALS', 'Binary', 'documented', 'integer', ['Integer', 'String'], 'True when both the attribute and the value are integers and the attribute is greater or equal.'),
  op('IS TRUE', 'Unary', 'documented', 'none', ['Boolean'], 'True when the attribute holds the Boolean true.'),
  op('IS FALSE', 'Unary', 'documented', 'none', ['Boolean'], 'True when the attribute holds the Boolean false.'),
  op('IS NULL', 'Unary', 'documented', 'none', [], 'True when the attribute is absent or empty.'),
  op('IS NOT NULL', 'Unary', 'documented', 'none', [], 'True when the attribute has a non-empty value.'),
  op('&', 'Binary', 'uncertain', 'string', ['String'], 'Documented only as "the attribute exists in the input string value"; entramap reads it as: the value contains the attribute (semantics uncertain).'),
  op('!&', 'Binary', 'uncertain', 'string', ['String'], 'Documented only as "the attribute does not exist in the input string value"; entramap reads it as: the value does not contain the attribute (semantics uncertain).'),
  op('Less_Than', 'Binary', 'undocumented', 'integer', [], 'Not in the current documentation; use it only if your tenant lists it in filterOperators.'),
  op('Less_Than_OR_EQUALS', 'Binary', 'undocumented', 'integer', [], 'Not in the current documentation; use it only if your tenant lists it in filterOperators.'),
  op('IS IN', 'Binary', 'undocumented', 'string', [], 'Not in the current documentation; use it only if your tenant lists it in filterOperators.'),
  op('IS NOT IN', 'Binary', 'undocumented', 'string', [], 'Not in the current documentation; use it only if your tenant lists it in filterOperators.'),
  op('STARTS_WITH', 'Binary', 'undocumented', 'string', [], 'Not in the current documentation; use it only if your tenant lists it in filterOperators.'),
  op('Present', 'Unary', 'portalOnly', 'none', [], 'Seen in the portal but not documented; its semantics are unknown.'),
  op('Valid Cert Match', 'Binary', 'portalOnly', 'string', [], 'Seen in the portal but not documented; its semantics are unknown.'),
];

const byName = new Map(OPERATORS.map((o) => [o.name, o]));

/** Exact (case-sensitive) lookup of an operator token. */
export function operatorInfo(name: string): OperatorInfo | undefined {
  return byName.get(name);
}

/** The operators entramap offers for completion: documented and not uncertain. */
export function offeredOperators(): OperatorInfo[] {
  return OPERATORS.filter((o) => o.status === 'documented');
}
