// Evaluates scoping filters against one source object, as the provisioning service does
// (scoping-filters.md section 8), and explains every clause for traces.
import type { SourceAttributeCatalog } from '../catalog/source-attributes';
import {
  ClauseVerdict,
  FilterClause,
  FilterGroup,
  GroupVerdict,
  operatorInfo,
  OPERATORS,
  ScopeFilter,
  ScopeVerdict,
} from './model';
import type { ScopeRegexEngine } from './regex';
import { parseBoolean, parseInteger, readAttribute } from './values';

export interface EvaluateScopeOptions {
  /** The regex engine for REGEX MATCH; defaults to entramap's .NET emulation. */
  regex?: ScopeRegexEngine;
  /**
   * The source schema: attributes it marks multi-valued are unsupported even when the object
   * holds a single value, and sensitive values are hidden in the verdict.
   */
  catalog?: SourceAttributeCatalog;
}

const HIDDEN = '(hidden: sensitive attribute)';

/**
 * Decides whether `obj` is in scope: true when there is no filter or no group, otherwise when
 * any group has all its clauses true. When the filter has experimental input or category filter
 * groups, the object must also pass one of each (they gate reading and belonging) [inferred].
 */
export function evaluateScope(
  filter: ScopeFilter | null | undefined,
  obj: Record<string, unknown>,
  options: EvaluateScopeOptions = {},
): ScopeVerdict {
  if (!filter) return { inScope: true, groups: [] };
  const ctx = new Context(options);
  const groups = (filter.groups ?? []).map((g) => evaluateGroup(g, obj, ctx));
  const verdict: ScopeVerdict = { inScope: groups.length === 0 || groups.some((g) => g.result), groups };
  for (const section of ['inputFilterGroups', 'categoryFilterGroups'] as const) {
    const list = filter[section];
    if (list && list.length) {
      const extra = list.map((g) => evaluateGroup(g, obj, ctx));
      verdict[section] = extra;
      if (!extra.some((g) => g.result)) verdict.inScope = false;
    }
  }
  return verdict;
}

/** One group: true when every clause is true (a group without clauses is true). */
export function evaluateGroup(group: FilterGroup, obj: Record<string, unknown>, ctx: Context | EvaluateScopeOptions = {}): GroupVerdict {
  const c = ctx instanceof Context ? ctx : new Context(ctx);
  const clauses = (group.clauses ?? []).map((cl) => evaluateClause(cl, obj, c));
  return { name: typeof group.name === 'string' ? group.name : '', result: clauses.every((v) => v.result), clauses };
}

export class Context {
  readonly regex: ScopeRegexEngine | undefined;
  readonly catalog: SourceAttributeCatalog | undefined;
  constructor(options: EvaluateScopeOptions) {
    this.regex = options.regex;
    this.catalog = options.catalog;
  }
  private engine?: ScopeRegexEngine;
  regexEngine(): ScopeRegexEngine {
    if (this.regex) return this.regex;
    // Loaded on first use so that filters without regexes never pay for the engine.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.engine ??= (require('./dotnet-regex') as typeof import('./dotnet-regex')).dotnetRegexEngine as ScopeRegexEngine;
    return this.engine;
  }
}

/** One clause, following scoping-filters.md section 8 step by step. */
export function evaluateClause(clause: FilterClause, obj: Record<string, unknown>, ctx: Context | EvaluateScopeOptions = {}): ClauseVerdict {
  const c = ctx instanceof Context ? ctx : new Context(ctx);
  const attribute = typeof clause.sourceOperandName === 'string' ? clause.sourceOperandName : '';
  const operator = typeof clause.operatorName === 'string' ? clause.operatorName : '';
  const rawValues = clause.targetOperand && Array.isArray(clause.targetOperand.values) ? clause.targetOperand.values : [];
  const values = rawValues.map((v) => (typeof v === 'string' ? v : String(v)));
  const def = c.catalog?.get(attribute);
  const sensitive = !!def?.sensitive;
  const verdict = (result: boolean, actual: ClauseVerdict['actual'], note?: string): ClauseVerdict => {
    const out: ClauseVerdict = { attribute, operator, values, actual: sensitive && actual !== null ? HIDDEN : actual, result };
    if (note) out.note = note;
    return out;
  };

  const info = operatorInfo(operator);
  const v = readAttribute(obj, attribute);

  // Multi-valued attributes cannot be filtered, whatever the operator.
  if (v.kind === 'multi') return verdict(false, v.actual, 'multi-valued attribute: scoping filters cannot use it (evaluated as false)');
  if (def?.multiValued) return verdict(false, v.kind === 'empty' ? null : v.actual, 'multi-valued attribute: scoping filters cannot use it (evaluated as false)');

  if (!info) {
    const ci = OPERATORS.find((o) => o.name.toLowerCase() === operator.toLowerCase())?.name;
    return verdict(false, actualOf(v), `unknown operator "${operator}"${ci ? ` (operator names are case-sensitive: "${ci}")` : ''} (evaluated as false)`);
  }
  if (info.status === 'portalOnly' || info.status === 'undocumented') {
    return verdict(
      false,
      actualOf(v),
      `operator "${operator}" is ${info.status === 'portalOnly' ? 'not documented and its semantics are unknown' : 'not documented'} (evaluated as false)`,
    );
  }

  if (v.kind === 'complex') return verdict(false, null, 'complex value: scoping compares single values only (evaluated as false)');

  if (operator === 'IS NULL') return verdict(v.kind === 'empty', v.actual, v.kind === 'empty' ? v.note : undefined);
  if (v.kind === 'empty') return verdict(false, v.actual, v.note ?? 'empty attribute: every operator but IS NULL is false');

  const text = v.text;
  if (operator === 'IS NOT NULL') return verdict(true, v.actual);
  if (operator === 'IS TRUE' || operator === 'IS FALSE') {
    const b = v.kind === 'boolean' ? v.value : parseBoolean(text);
    const actual = v.kind === 'boolean' ? v.value : text;
    if (b === undefined) return verdict(false, actual, 'not a Boolean value (evaluated as false)');
    return verdict(operator === 'IS TRUE' ? b : !b, actual);
  }

  // Binary operators compare with the first value.
  if (!values.length) return verdict(false, v.actual, 'the clause has no value to compare with (evaluated as false)');
  const value = values[0];
  const extra = values.length > 1 ? `only the first value is used; ${values.length - 1} more ignored` : undefined;
  const withExtra = (result: boolean, note?: string) => verdict(result, v.actual, [note, extra].filter(Boolean).join('; ') || undefined);

  switch (operator) {
    case 'EQUALS':
      return withExtra(text === value);
    case 'NOT EQUALS':
      return withExtra(text !== value);
    case 'Includes':
      return withExtra(text.includes(value));
    case 'ENDS_WITH':
      return withExtra(text.endsWith(value));
    case '&':
      return withExtra(value.includes(text), 'semantics uncertain: read as "the value contains the attribute"');
    case '!&':
      return withExtra(!value.includes(text), 'semantics uncertain: read as "the value does not contain the attribute"');
    case 'Greater_Than':
    case 'Greater_Than_OR_EQUALS': {
      const right = parseInteger(value);
      if (right === undefined) return withExtra(false, `the clause value "${value}" is not an integer (evaluated as false)`);
      const left = parseInteger(text);
      if (left === undefined) return withExtra(false, 'not an integer (evaluated as false)');
      return withExtra(operator === 'Greater_Than' ? left > right : left >= right);
    }
    case 'REGEX MATCH':
    case 'NOT REGEX MATCH': {
      const outcome = c.regexEngine().isMatch(value, text);
      if (outcome.kind === 'syntax') return withExtra(false, `invalid regular expression: ${outcome.message} (evaluated as false)`);
      if (outcome.kind === 'budget') return withExtra(false, `regex timed out: ${outcome.message} (evaluated as false)`);
      return withExtra(operator === 'REGEX MATCH' ? outcome.matched : !outcome.matched);
    }
    default:
      // Every documented operator is handled above; this is a safety net for the table.
      return withExtra(false, `operator "${operator}" cannot be evaluated (evaluated as false)`);
  }
}

function actualOf(v: ReturnType<typeof readAttribute>): ClauseVerdict['actual'] {
  return v.kind === 'complex' ? null : v.actual;
}

