// Maps a scoping diagnostic's structural location to a document range through the configuration
// model (both the .entramap reader and the Graph JSON reader fill the same ranges).
import type { FilterClause, FilterGroup, Range, Scope } from '../model/types';
import type { ScopeLocation } from './diagnostics';

/**
 * The narrowest range of `scope` the location points at: a part of a string (regex errors,
 * directory-extension problems), a clause field, a clause, a group's name, a group, or the
 * whole scope.
 */
export function locateInScope(scope: Scope, loc: ScopeLocation): Range {
  const list: FilterGroup[] | undefined = loc.section ? scope[loc.section] : undefined;
  const group = list && loc.group !== undefined ? list[loc.group] : undefined;
  if (!group) return scope.range;
  if (loc.field === 'name') return group.nameRange ?? group.range;
  const clause: FilterClause | undefined = loc.clause !== undefined ? group.clauses[loc.clause] : undefined;
  if (!clause) return group.range;
  switch (loc.field) {
    case 'sourceOperandName':
      return inner(clause.ranges.sourceOperandName, clause.sourceOperandName, loc) ?? clause.range;
    case 'operatorName':
      return inner(clause.ranges.operatorName, clause.operatorName, loc) ?? clause.range;
    case 'values':
    case 'targetOperand': {
      if (loc.valueIndex !== undefined) {
        const r = clause.ranges.values[loc.valueIndex];
        if (r) return inner(r, clause.values[loc.valueIndex], loc) ?? r;
      }
      const all = clause.ranges.values;
      if (all.length) return { start: all[0].start, end: all[all.length - 1].end };
      return clause.ranges.operatorName ?? clause.range;
    }
    default:
      return clause.range;
  }
}

/**
 * Narrows `range` (the whole written token) to `loc.span` (offsets into the decoded string)
 * when the token maps one to one: a bare word, or a quoted string without escapes.
 */
function inner(range: Range | undefined, decoded: string | undefined, loc: ScopeLocation): Range | undefined {
  if (!range) return undefined;
  if (!loc.span || decoded === undefined) return range;
  const width = range.end - range.start;
  const shift = width === decoded.length ? 0 : width === decoded.length + 2 ? 1 : -1;
  if (shift < 0) return range;
  const start = range.start + shift + Math.min(loc.span.start, decoded.length);
  const end = range.start + shift + Math.min(Math.max(loc.span.end, loc.span.start), decoded.length);
  return { start, end: Math.max(end, start) };
}
