// Quick fixes for expression diagnostics. Most come from the checker's `data` (a replacement or
// did-you-mean suggestions for the diagnostic's range); a few are computed here from the tree:
// the missing `)`, a missing `]` or closing quote at the end, AND/OR in an IIF condition
// rewritten as nested IIF, and FormatDateTime's empty dateTimeStyles slot.
import { FunctionInfo, getFunction, parameterAt } from '../../catalog/functions';
import type { ExpressionDiagnosticData } from '../../check/expression';
import type { CallExpr, Expr, ParseResult } from '../../language/expression/ast';
import { parseExpression } from '../../language/expression/parser';
import { visitAll } from './cursor';
import type { OffsetEdit } from './types';

/** What a code action needs of a diagnostic; `ExpressionDiagnostic` fits. */
export interface FixableDiagnostic {
  code: string;
  start: number;
  end: number;
  message?: string;
  data?: ExpressionDiagnosticData | unknown;
}

export interface ExpressionCodeAction<D extends FixableDiagnostic = FixableDiagnostic> {
  title: string;
  kind: 'quickfix';
  /** The diagnostics (as passed in) this action fixes. */
  diagnostics: D[];
  /** Non-overlapping edits in expression offsets. */
  edits: OffsetEdit[];
  /** The fix to apply without asking (one per diagnostic at most). */
  isPreferred?: boolean;
}

function shown(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

function dataOf(d: FixableDiagnostic): ExpressionDiagnosticData {
  const data = d.data;
  if (!data || typeof data !== 'object') return {};
  const out: ExpressionDiagnosticData = {};
  const r = (data as { replacement?: unknown }).replacement;
  const s = (data as { suggestions?: unknown }).suggestions;
  if (typeof r === 'string') out.replacement = r;
  if (Array.isArray(s)) out.suggestions = s.filter((x): x is string => typeof x === 'string');
  return out;
}

/**
 * Quick fixes for `diagnostics` of the expression `text`. Identical fixes for several diagnostics
 * (two ANDs in one condition) are merged into one action listing them all. Never throws.
 */
export function codeActionsFor<D extends FixableDiagnostic>(text: string, diagnostics: readonly D[]): ExpressionCodeAction<D>[] {
  let parse: ParseResult | undefined;
  const parsed = () => (parse ??= parseExpression(text));
  const actions: ExpressionCodeAction<D>[] = [];
  const add = (d: D, title: string, edits: OffsetEdit[], isPreferred: boolean) => {
    if (!edits.length || edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end)) return;
    const key = JSON.stringify(edits);
    const same = actions.find((a) => a.title === title && JSON.stringify(a.edits) === key);
    if (same) {
      if (!same.diagnostics.includes(d)) same.diagnostics.push(d);
      return;
    }
    actions.push({ title, kind: 'quickfix', diagnostics: [d], edits, ...(isPreferred ? { isPreferred: true } : {}) });
  };

  for (const d of diagnostics) {
    if (d.start < 0 || d.end > text.length || d.start > d.end) continue;
    const covered = text.slice(d.start, d.end);
    const data = dataOf(d);
    const replace = (newText: string): OffsetEdit[] => [{ start: d.start, end: d.end, newText }];

    switch (d.code) {
      case 'EPX004': {
        const n = unclosedCallsEndingAt(parsed(), d.start);
        add(d, n > 1 ? `Add the ${n} missing ')'` : "Add the missing ')'", [{ start: d.start, end: d.start, newText: ')'.repeat(Math.max(1, n)) }], true);
        continue;
      }
      case 'EPX002': {
        // Only at the very end of the expression is the right place for the quote certain.
        if (text.slice(d.end).trim() === '') add(d, 'Add the closing quote', [{ start: d.end, end: d.end, newText: '"' }], true);
        continue;
      }
      case 'EPX003': {
        let end = d.end;
        while (end > d.start + 1 && /\s/.test(text[end - 1])) end--;
        if (end > d.start + 1) add(d, "Add the missing ']'", [{ start: end, end, newText: ']' }], true);
        continue;
      }
      case 'EPX014': {
        const rewrite = logicalRewrite(parsed(), d.start, d.end);
        if (rewrite) add(d, rewrite.title, [rewrite.edit], true);
        continue;
      }
      case 'EPX124': {
        const fix = emptyOptionalSlots(parsed(), d.start);
        if (fix) add(d, fix.title, fix.edits, true);
        continue;
      }
      default:
        break;
    }

    const suggestions = data.suggestions ?? [];
    if (suggestions.length) {
      // Did-you-mean: the best function name is preferred; a bare word's two readings are not.
      const preferFirst = suggestions.length === 1 || d.code === 'EPX101';
      suggestions.forEach((s, i) => add(d, suggestionTitle(d.code, s), replace(s), i === 0 && preferFirst));
      continue;
    }
    if (data.replacement !== undefined) {
      add(d, replacementTitle(d.code, covered, data.replacement), replace(data.replacement), true);
    }
  }
  // Typographic quotes come in pairs, each its own diagnostic: one action replaces them all.
  const quotes = actions.filter((a) => a.title === TYPOGRAPHIC_TITLE);
  if (quotes.length > 1) {
    actions.push({
      title: 'Replace all typographic quotes with "',
      kind: 'quickfix',
      diagnostics: quotes.flatMap((a) => a.diagnostics),
      edits: quotes.flatMap((a) => a.edits).sort((x, y) => x.start - y.start),
    });
  }
  return actions;
}

const TYPOGRAPHIC_TITLE = 'Replace the typographic quotes with "';

function suggestionTitle(code: string, s: string): string {
  if (code === 'EPX101') return `Change to '${s}'`;
  if (code === 'EPX010') return s.startsWith('[') ? `Use the attribute ${s}` : `Use the string ${s}`;
  return `Replace with ${shown(s)}`;
}

function replacementTitle(code: string, covered: string, replacement: string): string {
  switch (code) {
    case 'EPX101':
      return `Change to '${replacement}'`;
    case 'EPX103':
      return `Write '${replacement}'`;
    case 'EPX010':
      return `Use the string ${replacement}`;
    case 'EPX012':
      return `Remove the spaces: ${shown(replacement)}`;
    case 'EPX009':
      return `Escape the backslash: ${replacement}`;
    case 'EPX001':
      return TYPOGRAPHIC_TITLE;
    case 'EPX105':
      return replacement === '' ? 'Remove the extra arguments' : `Replace with ${shown(replacement)}`;
    default:
      if (replacement === '') return `Remove ${shown(covered)}`;
      {
        const wrap = /^([A-Za-z][A-Za-z0-9_]*)\(([\s\S]*)\)$/.exec(replacement);
        if (wrap && wrap[2] === covered) return `Wrap in ${wrap[1]}(...)`;
      }
      return `Replace with ${shown(replacement)}`;
  }
}

/** How many unclosed calls end at `offset` (the parser reports them as one diagnostic). */
function unclosedCallsEndingAt(parse: ParseResult, offset: number): number {
  let n = 0;
  visitAll(parse, (node) => {
    if (node.kind === 'call' && node.lparen !== undefined && node.rparen === undefined && node.end === offset) n++;
  });
  return n;
}

// ---- AND / OR → nested IIF -------------------------------------------------------------------

interface Rewrite {
  title: string;
  edit: OffsetEdit;
}

/**
 * `IIF(a AND b, x, y)` → `IIF(a, IIF(b, x, y), y)`; `IIF(a OR b, x, y)` → `IIF(a, x, IIF(b, x, y))`;
 * chains of one operator nest further. Only when the IIF has its three arguments, the condition
 * holds nothing but the conditions and one kind of operator, and each condition parses cleanly.
 */
function logicalRewrite(parse: ParseResult, start: number, end: number): Rewrite | undefined {
  const text = parse.text;
  const iif = getFunction('IIF');
  if (!iif) return undefined;
  let owner: CallExpr | undefined;
  visitAll(parse, (node) => {
    if (node.kind !== 'call' || getFunction(node.name) !== iif || node.lparen === undefined) return;
    const condEnd = node.commas[0];
    if (condEnd !== undefined && node.lparen < start && end <= condEnd) owner = node;
  });
  if (!owner || owner.rparen === undefined || owner.args.length !== 3 || owner.commas.length !== 2) return undefined;
  const [, ifTrue, ifFalse] = owner.args;
  if (!ifTrue.value || !ifFalse.value) return undefined;

  // Split the condition slot at its logical words (outside nested calls, strings and brackets).
  const condStart = owner.lparen! + 1;
  const condEnd = owner.commas[0];
  const words = logicalWords(parse, condStart, condEnd);
  if (!words.length) return undefined;
  const op = words[0].word.toLowerCase();
  if (op !== 'and' && op !== 'or') return undefined;
  if (words.some((w) => w.word.toLowerCase() !== op)) return undefined;
  const conditions: string[] = [];
  let from = condStart;
  for (const w of [...words, { start: condEnd, end: condEnd, word: '' }]) {
    const piece = text.slice(from, w.start).trim();
    if (!piece) return undefined;
    const check = parseExpression(piece);
    if (!check.expr || check.errors.length || check.trailing?.length) return undefined;
    conditions.push(piece);
    from = w.end;
  }
  const x = text.slice(ifTrue.start, ifTrue.end);
  const y = text.slice(ifFalse.start, ifFalse.end);
  const name = text.slice(owner.nameSpan.start, owner.nameSpan.end);
  let nested = '';
  if (op === 'and') {
    nested = `${name}(${conditions[conditions.length - 1]}, ${x}, ${y})`;
    for (let i = conditions.length - 2; i >= 0; i--) nested = `${name}(${conditions[i]}, ${nested}, ${y})`;
  } else {
    nested = `${name}(${conditions[conditions.length - 1]}, ${x}, ${y})`;
    for (let i = conditions.length - 2; i >= 0; i--) nested = `${name}(${conditions[i]}, ${x}, ${nested})`;
  }
  return {
    title: `Rewrite ${words[0].word.toUpperCase()} as nested ${name}`,
    edit: { start: owner.start, end: owner.end, newText: nested },
  };
}

/** The bare words of [from, to) at the call's own level (identifier tokens not inside nested calls). */
function logicalWords(parse: ParseResult, from: number, to: number): { start: number; end: number; word: string }[] {
  const nestedCalls: { start: number; end: number }[] = [];
  visitAll(parse, (node) => {
    if (node.kind === 'call' && node.start >= from && node.end <= to) {
      nestedCalls.push({ start: node.start, end: node.end });
      return false;
    }
    return true;
  });
  const out: { start: number; end: number; word: string }[] = [];
  for (const t of parse.tokens) {
    if (t.start < from || t.end > to || t.kind !== 'identifier') continue;
    if (nestedCalls.some((c) => t.start >= c.start && t.end <= c.end)) continue;
    out.push({ start: t.start, end: t.end, word: parse.text.slice(t.start, t.end) });
  }
  return out;
}

// ---- empty optional slots (FormatDateTime with 3 arguments) ----------------------------------

/**
 * A call that has exactly its required arguments, while optional parameters sit before required
 * ones: insert the empty slots so every argument reaches its parameter.
 */
function emptyOptionalSlots(parse: ParseResult, nameStart: number): { title: string; edits: OffsetEdit[] } | undefined {
  let call: CallExpr | undefined;
  visitAll(parse, (node) => {
    if (node.kind === 'call' && node.nameSpan.start === nameStart) call = node;
  });
  if (!call || call.lparen === undefined) return undefined;
  const fn: FunctionInfo | undefined = getFunction(call.name);
  if (!fn || fn.repeatedParameters.length) return undefined;
  const required = fn.fixedParameters.filter((p) => p.required).length;
  if (call.args.length !== required || call.args.some((a) => !a.value)) return undefined;
  const optionalBefore: number[] = [];
  let last = -1;
  fn.fixedParameters.forEach((p, i) => {
    if (p.required) last = i;
  });
  fn.fixedParameters.forEach((p, i) => {
    if (!p.required && i < last) optionalBefore.push(i);
  });
  if (!optionalBefore.length) return undefined;
  // Walk the parameters; each optional one before a required one gets an empty slot inserted
  // before the argument that currently sits in its place.
  const edits: OffsetEdit[] = [];
  let arg = 0;
  const names: string[] = [];
  for (let i = 0; i <= last; i++) {
    const p = fn.fixedParameters[i];
    if (p.required) {
      arg++;
      continue;
    }
    const at = call.args[arg]?.value as Expr | undefined;
    if (!at) return undefined;
    edits.push({ start: at.start, end: at.start, newText: ', ' });
    names.push(parameterAt(fn, i)!.label);
  }
  // `a, b` → insert ", " before b gives `a, , b`.
  return { title: `Add the empty ${names.join(', ')} slot${names.length > 1 ? 's' : ''}`, edits };
}
