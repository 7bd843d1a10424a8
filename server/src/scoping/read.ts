// Reads a Graph `filter` value of unknown shape (parsed JSON) into a ScopeFilter, reporting every
// structural problem with its location. Malformed groups and clauses are left out of the result,
// so callers can still check and evaluate the well-formed rest.
import { diag, ScopeDiagnostic } from './diagnostics';
import { FILTER_SECTIONS, FilterClause, FilterGroup, FilterSection, ScopeFilter } from './model';

export interface ReadScopeResult {
  /**
   * Null when the input is null (no filter) or unusable as a whole. Groups with a malformed
   * clause are left out (evaluating the rest of such a group would widen the scope).
   */
  filter: ScopeFilter | null;
  /** ESF013 problems only. */
  diagnostics: ScopeDiagnostic[];
  /** Every well-formed group, with its index in the input (also those left out of `filter`). */
  groups: Array<{ section: FilterSection; index: number; name: string; clauseCount: number }>;
  /** Every well-formed clause, with its indices in the input. */
  clauses: Array<{ section: FilterSection; group: number; index: number; clause: FilterClause }>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the Boolean' : typeof v} ${String(v)}`;
}

export function readScopeFilter(input: unknown): ReadScopeResult {
  const diagnostics: ScopeDiagnostic[] = [];
  const res: ReadScopeResult = { filter: null, diagnostics, groups: [], clauses: [] };
  if (input === null) return res;
  if (!isObject(input)) {
    diagnostics.push(
      diag('ESF013', `A scoping filter is an object with "groups" (or null for no filter), not ${kindOf(input)}.`, {}),
    );
    return res;
  }
  const filter: ScopeFilter = { groups: [] };
  if (!('groups' in input)) {
    diagnostics.push(diag('ESF013', 'The scoping filter has no "groups" array (use null for no filter).', {}));
  }
  for (const section of FILTER_SECTIONS) {
    if (!(section in input) || (section !== 'groups' && input[section] === null)) continue;
    const list = input[section];
    if (!Array.isArray(list)) {
      diagnostics.push(diag('ESF013', `"${section}" must be an array of filter groups, not ${kindOf(list)}.`, { section }));
      continue;
    }
    const groups: FilterGroup[] = [];
    list.forEach((g, gi) => {
      const group = readGroup(g, section, gi, res);
      if (group) groups.push(group);
    });
    if (section === 'groups') filter.groups = groups;
    else filter[section] = groups;
  }
  res.filter = filter;
  return res;
}

function readGroup(g: unknown, section: FilterSection, group: number, res: ReadScopeResult): FilterGroup | undefined {
  const out = res.diagnostics;
  if (!isObject(g)) {
    out.push(diag('ESF013', `A filter group is an object with "name" and "clauses", not ${kindOf(g)}.`, { section, group }));
    return undefined;
  }
  let ok = true;
  let name = '';
  if ('name' in g && g.name !== null) {
    if (typeof g.name !== 'string') {
      out.push(diag('ESF013', `The filter group's "name" must be a string, not ${kindOf(g.name)}.`, { section, group, field: 'name' }));
      ok = false;
    } else name = g.name;
  }
  if (!('clauses' in g)) {
    out.push(diag('ESF013', 'The filter group has no "clauses" array.', { section, group }));
    return undefined;
  }
  if (!Array.isArray(g.clauses)) {
    out.push(diag('ESF013', `"clauses" must be an array of clauses, not ${kindOf(g.clauses)}.`, { section, group, field: 'clauses' }));
    return undefined;
  }
  const clauses: FilterClause[] = [];
  g.clauses.forEach((c, ci) => {
    const clause = readClause(c, section, group, ci, out);
    if (clause) {
      clauses.push(clause);
      res.clauses.push({ section, group, index: ci, clause });
    } else ok = false;
  });
  res.groups.push({ section, index: group, name, clauseCount: g.clauses.length });
  return ok ? { name, clauses } : undefined;
}

function readClause(c: unknown, section: FilterSection, group: number, clause: number, out: ScopeDiagnostic[]): FilterClause | undefined {
  const at = { section, group, clause };
  if (!isObject(c)) {
    out.push(
      diag('ESF013', `A clause is an object with "sourceOperandName", "operatorName" and "targetOperand", not ${kindOf(c)}.`, at),
    );
    return undefined;
  }
  let ok = true;
  const str = (field: 'sourceOperandName' | 'operatorName', what: string): string => {
    const v = c[field];
    if (typeof v === 'string' && v.length) return v;
    ok = false;
    out.push(
      diag(
        'ESF013',
        v === undefined
          ? `The clause has no "${field}" (${what}).`
          : typeof v === 'string'
            ? `The clause's "${field}" is empty (${what}).`
            : `The clause's "${field}" must be a string (${what}), not ${kindOf(v)}.`,
        v === undefined ? at : { ...at, field },
      ),
    );
    return '';
  };
  const sourceOperandName = str('sourceOperandName', 'the source attribute');
  const operatorName = str('operatorName', 'the operator, such as EQUALS');
  const values: string[] = [];
  const operand = c.targetOperand;
  if (operand !== undefined && operand !== null) {
    if (!isObject(operand)) {
      ok = false;
      out.push(diag('ESF013', `"targetOperand" must be an object with "values", not ${kindOf(operand)}.`, { ...at, field: 'targetOperand' }));
    } else if (operand.values !== undefined && operand.values !== null) {
      if (!Array.isArray(operand.values)) {
        ok = false;
        out.push(diag('ESF013', `"targetOperand.values" must be an array of strings, not ${kindOf(operand.values)}.`, { ...at, field: 'values' }));
      } else {
        operand.values.forEach((v, vi) => {
          if (typeof v === 'string') values.push(v);
          else {
            ok = false;
            const hint = typeof v === 'number' || typeof v === 'boolean' ? ` (write "${String(v)}": values are always strings)` : '';
            out.push(diag('ESF013', `Clause values must be strings, not ${kindOf(v)}${hint}.`, { ...at, field: 'values', valueIndex: vi }));
          }
        });
      }
    }
  }
  return ok ? { sourceOperandName, operatorName, targetOperand: { values } } : undefined;
}
