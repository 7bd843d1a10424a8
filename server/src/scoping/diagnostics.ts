// Scoping diagnostics and their locations. Locations are structural (section, group, clause,
// field, value index) plus a JSON pointer into the filter object, so that each embedding (the
// .entramap scope block, Graph schema JSON) can map them to its own ranges.
import { Code, codeInfo, Severity } from '../diagnostics/codes';
import type { FilterSection } from './model';

export type ScopeField = 'name' | 'clauses' | 'sourceOperandName' | 'operatorName' | 'targetOperand' | 'values';

export interface ScopeLocation {
  /** JSON pointer (RFC 6901) into the filter object, e.g. `/groups/0/clauses/1/operatorName`; `` for the filter itself. */
  pointer: string;
  section?: FilterSection;
  group?: number;
  clause?: number;
  field?: ScopeField;
  /** Index into `targetOperand.values` when the problem is one value. */
  valueIndex?: number;
  /** UTF-16 offsets inside the string at `pointer`, when the problem is part of it (a regex error). */
  span?: { start: number; end: number };
}

export interface ScopeDiagnostic {
  code: Code;
  severity: Severity;
  message: string;
  location: ScopeLocation;
  /** Replacement texts for the located string, best first (did-you-mean, canonical casing). */
  suggestions?: string[];
}

export function pointerOf(loc: Omit<ScopeLocation, 'pointer'>): string {
  let p = '';
  if (loc.section) p += `/${loc.section}`;
  if (loc.group !== undefined) p += `/${loc.group}`;
  if (loc.field === 'name' || loc.field === 'clauses') return p + `/${loc.field}`;
  if (loc.clause !== undefined) p += `/clauses/${loc.clause}`;
  if (loc.field === 'sourceOperandName' || loc.field === 'operatorName' || loc.field === 'targetOperand') p += `/${loc.field}`;
  if (loc.field === 'values') {
    p += '/targetOperand/values';
    if (loc.valueIndex !== undefined) p += `/${loc.valueIndex}`;
  }
  return p;
}

export function diag(
  code: Code,
  message: string,
  loc: Omit<ScopeLocation, 'pointer'>,
  extra: { severity?: Severity; suggestions?: string[] } = {},
): ScopeDiagnostic {
  const d: ScopeDiagnostic = {
    code,
    severity: extra.severity ?? codeInfo(code)!.severity,
    message,
    location: { pointer: pointerOf(loc), ...loc },
  };
  if (extra.suggestions && extra.suggestions.length) d.suggestions = extra.suggestions;
  return d;
}
