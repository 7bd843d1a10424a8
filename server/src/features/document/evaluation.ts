// Inline evaluation for the selected sample user: the value each attribute mapping produces
// (expression result, Graph's "default value if null", no flow, errors, Redact) and whether the
// user is in scope (each scoping filter and clause), in the words hover and inlay hints show.
// Expressions are compiled once per document version (ParsedDocument.compiledFor).
import { evaluate } from '../../evaluate/compile';
import { fromSource, lookupSource, toJson } from '../../evaluate/values';
import { quoteString as entramapQuote } from '../../language/mapping/scan';
import type { AttributeMapping, FilterGroup, ObjectMapping } from '../../model/types';
import { evaluateGroup, evaluateScope } from '../../scoping/evaluate';
import type { ClauseVerdict, GroupVerdict, ScopeFilter, ScopeVerdict } from '../../scoping/model';
import type { EvaluationOutcome, ExpressionContext, PreviewValue } from '../expression';
import type { ParsedDocument } from './document';

/** The sample the inline evaluation runs for. */
export interface SampleOptions {
  /** The selected sample user: a source object keyed by source attribute names. */
  sampleUser?: object;
  /** The sample's name in hovers (default: its displayName, userPrincipalName or mail). */
  sampleName?: string;
  /** The clock for Now() (default: the real time). */
  now?: Date;
}

export type MappingOutcome =
  | {
      kind: 'value';
      value: PreviewValue;
      redacted?: boolean;
      /** The expression gave null and the mapping's default value was used. */
      defaulted?: boolean;
      /** Now(), Guid() or RandomString(): another run gives another value. */
      nonDeterministic?: boolean;
    }
  | { kind: 'noflow'; reason?: string; redacted?: boolean }
  | { kind: 'error'; message: string; code?: string };

export function sampleObject(options: SampleOptions): Record<string, unknown> | undefined {
  const u = options.sampleUser;
  return u && typeof u === 'object' && !Array.isArray(u) ? (u as Record<string, unknown>) : undefined;
}

/** The sample's display name: `sampleName`, else its displayName / userPrincipalName / mail. */
export function sampleNameOf(options: SampleOptions): string | undefined {
  if (options.sampleName) return options.sampleName;
  const u = sampleObject(options);
  if (!u) return undefined;
  for (const k of ['displayName', 'userPrincipalName', 'mail', 'mailNickname', 'objectId', 'id']) {
    const v = u[k];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return 'the sample user';
}

/** The value one attribute mapping produces for the sample, or undefined without a sample. */
export function evaluateMapping(doc: ParsedDocument, mapping: AttributeMapping, options: SampleOptions): MappingOutcome | undefined {
  const user = sampleObject(options);
  if (!user) return undefined;
  const dflt = mapping.defaultValue;
  if (!mapping.source) {
    return dflt !== null ? { kind: 'value', value: dflt, defaulted: true } : { kind: 'value', value: null };
  }
  const site = mapping.source.expression;
  const compiled = doc.compiledFor(site);
  const outcome = evaluate(compiled, { source: user, now: options.now });
  switch (outcome.kind) {
    case 'error':
      return { kind: 'error', message: outcome.message, code: outcome.code };
    case 'noflow':
      return outcome.redacted ? { kind: 'noflow', reason: outcome.reason, redacted: true } : { kind: 'noflow', reason: outcome.reason };
    case 'value': {
      const value = toJson(outcome.value) as PreviewValue;
      const empty = value === null || (Array.isArray(value) && value.length === 0);
      if (empty && dflt !== null) return outcome.redacted ? { kind: 'value', value: dflt, defaulted: true, redacted: true } : { kind: 'value', value: dflt, defaulted: true };
      const out: MappingOutcome = { kind: 'value', value };
      if (outcome.redacted) out.redacted = true;
      if (compiled.nonDeterministic) out.nonDeterministic = true;
      return out;
    }
  }
}

/** The expression services' evaluation hook for one expression text (hover on attributes). */
export function expressionEvaluator(doc: ParsedDocument, mapping: AttributeMapping | undefined, options: SampleOptions): ((text: string) => EvaluationOutcome | undefined) | undefined {
  const user = sampleObject(options);
  if (!user) return undefined;
  const sample = sampleNameOf(options);
  return (text: string) => {
    if (mapping?.source && mapping.source.expression.text === text) {
      const o = evaluateMapping(doc, mapping, options);
      if (!o) return undefined;
      if (o.kind === 'error') return { kind: 'error', message: o.message, code: o.code, sample };
      if (o.kind === 'noflow') return { kind: 'noflow', reason: o.reason, redacted: o.redacted, sample };
      return { kind: 'value', value: o.value, redacted: o.redacted, sample };
    }
    return undefined;
  };
}

/** The sample's value of one source attribute, in JSON form (undefined: no sample). */
export function sampleValueOf(options: SampleOptions, name: string): PreviewValue | undefined {
  const user = sampleObject(options);
  if (!user) return undefined;
  const hit = lookupSource(user, name);
  if (!hit.found) return null;
  return toJson(fromSource(hit.raw)) as PreviewValue;
}

// ---- display -----------------------------------------------------------------------------------

const MAX_HINT = 60;

function clip(s: string, max = MAX_HINT): string {
  const one = s.replace(/\r\n|\r|\n/g, '⏎');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * A value as hints show it, in its JSON form (evaluate/values.ts `toJson`): strings quoted, lists
 * in brackets, Booleans (CBool, IsPresent, a comparison, a Boolean attribute) as true/false; Not's
 * "True"/"False" is text, so it is quoted.
 */
export function valueText(value: PreviewValue, max = MAX_HINT): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return clip(JSON.stringify(value), max);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return clip(`[${(value as readonly PreviewValue[]).map((v) => valueText(v, max)).join(', ')}]`, max);
  return clip(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), max);
}

/** The inlay hint label of a mapping outcome: `→ "adele@contoso.com"`, `→ (no flow)`, `→ error: ...`. */
export function outcomeLabel(o: MappingOutcome): string {
  switch (o.kind) {
    case 'error': {
      // the first sentence says what failed; the tooltip has the rest
      const first = /^.*?[.!?](?=\s|$)/.exec(o.message)?.[0] ?? o.message;
      return `→ error: ${clip(first, 80)}`;
    }
    case 'noflow':
      return '→ (no flow)';
    case 'value': {
      if (o.redacted) return '→ [Redact]';
      if (o.value === null) return '→ (no value)';
      return `→ ${valueText(o.value)}${o.defaulted ? ' (default)' : ''}`;
    }
  }
}

// ---- scope ---------------------------------------------------------------------------------------

/** A filter group as the scoping evaluator takes it, from the model's typed fields (any JSON shape is safe). */
function groupOf(g: FilterGroup) {
  return {
    name: g.name ?? '',
    clauses: g.clauses.map((c) => ({ sourceOperandName: c.sourceOperandName ?? '', operatorName: c.operatorName ?? '', targetOperand: { values: c.values.slice() } })),
  };
}

/** The scoping verdict of an object mapping for the sample (undefined: no sample or no scope). */
export function scopeVerdict(doc: ParsedDocument, om: ObjectMapping, options: SampleOptions): ScopeVerdict | undefined {
  const user = sampleObject(options);
  const scope = om.scope;
  if (!user || !scope || scope.raw) return undefined;
  const filter: ScopeFilter = { groups: scope.groups.map(groupOf) };
  if (scope.inputFilterGroups.length) filter.inputFilterGroups = scope.inputFilterGroups.map(groupOf);
  if (scope.categoryFilterGroups.length) filter.categoryFilterGroups = scope.categoryFilterGroups.map(groupOf);
  const catalog = doc.contextFor(om).source.scopingCatalog();
  return evaluateScope(filter, user, { catalog });
}

/** One filter group's verdict for the sample. */
export function groupVerdict(doc: ParsedDocument, om: ObjectMapping, group: FilterGroup, options: SampleOptions): GroupVerdict | undefined {
  const user = sampleObject(options);
  if (!user) return undefined;
  const catalog = doc.contextFor(om).source.scopingCatalog();
  return evaluateGroup(groupOf(group), user, { catalog });
}

/** `department EQUALS "Sales"` */
export function clauseText(c: { attribute: string; operator: string; values: readonly string[] }): string {
  return [c.attribute, c.operator, ...c.values.map((v) => entramapQuote(v))].join(' ');
}

/** `department EQUALS "Sales" is false` (with the verdict's note when there is one). */
export function falseClauseText(c: ClauseVerdict): string {
  return `${clauseText(c)} is false`;
}

/** `✓ matches` / `✗ no match (department EQUALS "Sales" is false)`. */
export function groupLabel(g: GroupVerdict): string {
  if (g.result) return '✓ matches';
  const first = g.clauses.find((c) => !c.result);
  return first ? `✗ no match (${clip(falseClauseText(first), 80)})` : '✗ no match';
}

/** `✓ in scope` / `✗ out of scope (...)`. */
export function scopeLabel(v: ScopeVerdict): string {
  if (v.inScope) return '✓ in scope';
  const gates: [string, GroupVerdict[] | undefined][] = [
    ['input filter', v.inputFilterGroups],
    ['category filter', v.categoryFilterGroups],
  ];
  if (v.groups.length && !v.groups.some((g) => g.result)) {
    if (v.groups.length === 1) {
      const first = v.groups[0].clauses.find((c) => !c.result);
      return first ? `✗ out of scope (${clip(falseClauseText(first), 80)})` : '✗ out of scope';
    }
    return `✗ out of scope (none of the ${v.groups.length} filters matches)`;
  }
  for (const [what, list] of gates) {
    if (list?.length && !list.some((g) => g.result)) return `✗ out of scope (no ${what} matches)`;
  }
  return '✗ out of scope';
}

/** `✓` / `✗ (is "Retail")` for one clause. */
export function clauseLabel(c: ClauseVerdict): string {
  if (c.result) return '✓';
  const a = c.actual;
  let actual: string;
  if (a === null) actual = 'not set';
  else if (typeof a === 'boolean') actual = a ? 'True' : 'False';
  else if (typeof a === 'string') actual = a === '' ? 'empty' : `is ${clip(JSON.stringify(a), 40)}`;
  else actual = `multi-valued`;
  return `✗ (${actual})`;
}

/** The actual value of a clause verdict, in words. */
export function actualText(c: ClauseVerdict): string {
  const a = c.actual;
  if (a === null) return 'not set';
  if (typeof a === 'boolean') return a ? 'True' : 'False';
  if (typeof a === 'string') return a === '' ? '"" (empty)' : JSON.stringify(a);
  return JSON.stringify(a);
}

/** The expression services' context for an expression of `om` (attributes, sample evaluation). */
export function expressionContextFor(
  doc: ParsedDocument,
  om: ObjectMapping | undefined,
  mapping: AttributeMapping | undefined,
  options: SampleOptions & { snippets?: boolean },
): ExpressionContext {
  const ctx: ExpressionContext = {};
  if (om) ctx.attributes = doc.contextFor(om).attributes();
  if (options.snippets !== undefined) ctx.snippets = options.snippets;
  const evaluateFn = expressionEvaluator(doc, mapping, options);
  if (evaluateFn) {
    ctx.evaluate = evaluateFn;
    ctx.sampleValue = (name) => sampleValueOf(options, name);
  }
  return ctx;
}
