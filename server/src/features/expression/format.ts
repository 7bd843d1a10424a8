// The canonical layout of an expression.
//
// - `Name(arg1, arg2)`: ", " between arguments, no spaces inside the parentheses, an empty slot
//   written as nothing between its commas (`Switch([a], , "x", "y")`, `Replace([m], "x", , , "", , )`).
// - Comparisons with one space around the operator: `[a] = "x"`.
// - Constants and attribute references exactly as written (their text is their meaning).
// - Catalogue function names and enum words in canonical casing (`tolower` → `ToLower`,
//   `vbtextcompare` → `vbTextCompare`) unless `canonicalCasing: false`. Expressions are documented
//   as case-sensitive and only the canonical spelling is documented, so this can only help; the
//   EPX103 quick fix does the same for one name.
// - A call that does not fit in `maxWidth` columns is broken one argument per line, indented one
//   level, with `)` on its own line; Switch (every function whose repeatable group has several
//   parameters) puts each key/value pair on one line. Empty slots stay on the line of the
//   argument before them. Nested calls break only when they do not fit themselves.
// - A string constant that spans lines (a raw line break inside the quotes) makes the calls
//   around it break, so the rest of the expression does not trail behind its last line.
// - Leading and trailing white space of the expression is removed.
// - Entra counts white space towards its 10,000-character limit: when the broken layout would
//   exceed it, the expression stays on one line; when even that exceeds it, formatting refuses.
//
// The layout depends only on the tree, so formatting is idempotent, and the result re-parses to
// the same tree (checked before returning). Input with syntax errors is refused (null): the
// formatter never guesses what broken text means.
import { allFunctions, FunctionInfo, getFunction, parameterAt } from '../../catalog/functions';
import { codeInfo } from '../../diagnostics/codes';
import type { CallExpr, Expr, ParseResult } from '../../language/expression/ast';
import { MAX_EXPRESSION_LENGTH, parseExpression } from '../../language/expression/parser';
import type { OffsetEdit } from './types';

export interface FormatOptions {
  /** Width limit in columns; longer calls are broken. Default 100; Infinity keeps one line. */
  maxWidth?: number;
  /** Spaces per indentation level (default 2), or the width of a tab when `insertSpaces` is false. */
  tabSize?: number;
  /** Indent with spaces (default true) or tabs. */
  insertSpaces?: boolean;
  /** The column the expression starts at on its first line (default 0). */
  startColumn?: number;
  /** Prefix of every continuation line (default ""): the indentation of the embedding line. */
  baseIndent?: string;
  /** Write catalogue function names and enum words in canonical casing (default true). */
  canonicalCasing?: boolean;
  /** Line break for broken calls (default "\n"). */
  newline?: string;
}

// ---- a small Wadler/Prettier-style document algebra ---------------------------------------------

type Doc = string | Doc[] | { kind: 'group'; contents: Doc } | { kind: 'indent'; contents: Doc } | { kind: 'line'; soft: boolean } | { kind: 'gap' };

const line: Doc = { kind: 'line', soft: false };
const softline: Doc = { kind: 'line', soft: true };
/** A space that is dropped when a line break follows it (after the comma of an empty slot). */
const gap: Doc = { kind: 'gap' };
const group = (contents: Doc): Doc => ({ kind: 'group', contents });
const indent = (contents: Doc): Doc => ({ kind: 'indent', contents });

type Mode = 'flat' | 'break';
type Cmd = [level: number, mode: Mode, doc: Doc];

interface Printer {
  width: number;
  indentUnit: string;
  indentUnitWidth: number;
  baseIndent: string;
  baseIndentWidth: number;
  newline: string;
}

/** Columns a string advances: to the length of its last line when it spans lines. */
function advance(col: number, s: string): number {
  const nl = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
  return nl < 0 ? col + s.length : s.length - nl - 1;
}

/** Whether `next` printed flat, followed by the rest up to its first line break, fits in `remaining`. */
function fits(next: Cmd, rest: readonly Cmd[], remaining: number): boolean {
  const cmds: Cmd[] = [next];
  let restIndex = rest.length - 1;
  while (remaining >= 0) {
    let cmd = cmds.pop();
    if (!cmd) {
      if (restIndex < 0) return true;
      cmd = rest[restIndex--];
    }
    const [level, mode, d] = cmd;
    if (typeof d === 'string') {
      // A constant spanning lines never counts as flat: the calls around it break.
      if (/[\r\n]/.test(d)) return false;
      remaining -= d.length;
    } else if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) cmds.push([level, mode, d[i]]);
    } else if (d.kind === 'group' || d.kind === 'indent') {
      cmds.push([level, mode, d.contents]);
    } else if (d.kind === 'gap') {
      remaining -= 1;
    } else if (mode === 'break') {
      return true;
    } else if (!d.soft) {
      remaining -= 1;
    }
  }
  return false;
}

function print(doc: Doc, p: Printer, startColumn: number): string {
  const out: string[] = [];
  let col = startColumn;
  let pendingGap = false;
  const stack: Cmd[] = [[0, 'break', doc]];
  const emit = (s: string) => {
    if (pendingGap) {
      out.push(' ');
      col++;
      pendingGap = false;
    }
    out.push(s);
    col = advance(col, s);
  };
  while (stack.length) {
    const [level, mode, d] = stack.pop()!;
    if (typeof d === 'string') {
      if (d) emit(d);
    } else if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push([level, mode, d[i]]);
    } else if (d.kind === 'indent') {
      stack.push([level + 1, mode, d.contents]);
    } else if (d.kind === 'group') {
      if (mode === 'flat') {
        stack.push([level, 'flat', d.contents]);
      } else {
        const flat: Cmd = [level, 'flat', d.contents];
        stack.push(fits(flat, stack, p.width - col) ? flat : [level, 'break', d.contents]);
      }
    } else if (d.kind === 'gap') {
      pendingGap = true;
    } else if (mode === 'flat') {
      if (!d.soft) emit(' ');
    } else {
      pendingGap = false;
      out.push(p.newline + p.baseIndent + p.indentUnit.repeat(level));
      col = p.baseIndentWidth + p.indentUnitWidth * level;
    }
  }
  return out.join('');
}

// ---- expression → document -----------------------------------------------------------------------

class Layout {
  private readonly enumCasing = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly canonical: boolean,
  ) {
    for (const fn of allFunctions()) for (const p of fn.parameters) for (const v of p.enumValues ?? []) this.enumCasing.set(v.value.toLowerCase(), v.value);
  }

  doc(e: Expr): Doc {
    switch (e.kind) {
      case 'call':
        return this.call(e);
      case 'comparison':
        return [this.doc(e.left), ' ', e.op, ' ', this.doc(e.right)];
      case 'identifier':
        return this.canonical ? (this.enumCasing.get(e.name.toLowerCase()) ?? e.name) : e.name;
      case 'missing':
        return '';
      default:
        return this.text.slice(e.start, e.end);
    }
  }

  private call(call: CallExpr): Doc {
    const fn = getFunction(call.name);
    const name = this.canonical && fn ? fn.name : call.name;
    if (call.args.length === 0) return `${name}()`;
    const units = this.units(call, fn);
    const body: Doc[] = [];
    units.forEach((unit, u) => {
      if (u > 0) body.push(',', line);
      unit.forEach((slot, i) => {
        if (i > 0) body.push(',', gap);
        const value = call.args[slot].value;
        if (value) body.push(this.doc(value));
      });
    });
    return group([name, '(', indent([softline, body]), softline, ')']);
  }

  /**
   * The argument slots grouped into lines for the broken layout: one slot per line, or one
   * repetition of a multi-parameter group (Switch's key/value) per line; empty slots join the
   * line before them (the first line when they lead).
   */
  private units(call: CallExpr, fn: FunctionInfo | undefined): number[][] {
    const base: number[][] = [];
    const groupSize = fn?.repeatedParameters.length ?? 0;
    let i = 0;
    while (i < call.args.length) {
      const b = fn ? parameterAt(fn, i) : undefined;
      if (groupSize > 1 && b && b.parameterIndex === fn!.fixedParameters.length) {
        const unit: number[] = [];
        for (let k = 0; k < groupSize && i < call.args.length; k++) unit.push(i++);
        base.push(unit);
      } else {
        base.push([i++]);
      }
    }
    const merged: number[][] = [];
    let leading: number[] = [];
    for (const unit of base) {
      const empty = unit.every((s) => !call.args[s].value);
      if (empty) {
        if (merged.length) merged[merged.length - 1].push(...unit);
        else leading.push(...unit);
        continue;
      }
      merged.push([...leading, ...unit]);
      leading = [];
    }
    if (leading.length) merged.push(leading);
    return merged;
  }
}

// ---- public API ----------------------------------------------------------------------------------

function hasSyntaxErrors(parse: ParseResult): boolean {
  return parse.errors.some((e) => codeInfo(e.code)?.severity !== 'warning');
}

function printerFor(options: FormatOptions): Printer {
  const tabSize = Math.max(1, Math.floor(options.tabSize ?? 2));
  const insertSpaces = options.insertSpaces !== false;
  const indentUnit = insertSpaces ? ' '.repeat(tabSize) : '\t';
  const baseIndent = options.baseIndent ?? '';
  const widthOf = (s: string) => [...s].reduce((w, c) => w + (c === '\t' ? tabSize : 1), 0);
  const maxWidth = options.maxWidth ?? 100;
  return {
    width: Number.isFinite(maxWidth) ? Math.max(1, maxWidth) : Number.MAX_SAFE_INTEGER,
    indentUnit,
    indentUnitWidth: widthOf(indentUnit),
    baseIndent,
    baseIndentWidth: widthOf(baseIndent),
    newline: options.newline ?? '\n',
  };
}

/**
 * The expression in canonical layout (the whole new text), or null when it has syntax errors
 * (warnings such as an unknown escape do not count) or is empty.
 */
export function formatExpression(text: string, options: FormatOptions = {}): string | null {
  const parse = parseExpression(text);
  return formatParsed(parse, options);
}

/** As `formatExpression`, for an expression already parsed. */
export function formatParsed(parse: ParseResult, options: FormatOptions = {}): string | null {
  if (!parse.expr || hasSyntaxErrors(parse) || parse.trailing?.length) return null;
  const canonical = options.canonicalCasing !== false;
  const doc = new Layout(parse.text, canonical).doc(parse.expr);
  let formatted = print(doc, printerFor(options), Math.max(0, options.startColumn ?? 0));
  if (formatted.length > MAX_EXPRESSION_LENGTH) {
    // Line breaks and indentation count towards Entra's limit: fall back to one line, and
    // refuse rather than push an expression over the limit.
    formatted = print(doc, printerFor({ ...options, maxWidth: Infinity }), 0);
    if (formatted.length > MAX_EXPRESSION_LENGTH) return null;
  }
  // Safety net: the layout must not change the tree.
  const again = parseExpression(formatted);
  if (!again.expr || hasSyntaxErrors(again) || !sameTree(parse.expr, again.expr, canonical)) return null;
  return formatted;
}

/**
 * The formatting as minimal edits (expression offsets): the white space between tokens that
 * changes, and names whose casing changes. Null when the expression cannot be formatted; an
 * empty list when it is already formatted.
 */
export function formatExpressionEdits(text: string, options: FormatOptions = {}): OffsetEdit[] | null {
  const parse = parseExpression(text);
  const formatted = formatParsed(parse, options);
  if (formatted === null) return null;
  if (formatted === text) return [];
  const a = parse.tokens;
  const b = parseExpression(formatted).tokens;
  if (a.length !== b.length || a.some((t, i) => t.kind !== b[i].kind)) {
    return [{ start: 0, end: text.length, newText: formatted }];
  }
  const edits: OffsetEdit[] = [];
  const gapEdit = (start: number, end: number, newText: string) => {
    if (text.slice(start, end) !== newText) edits.push({ start, end, newText });
  };
  for (let i = 0; i <= a.length; i++) {
    const prevEnd = i === 0 ? 0 : a[i - 1].end;
    const nextStart = i === a.length ? text.length : a[i].start;
    const fPrevEnd = i === 0 ? 0 : b[i - 1].end;
    const fNextStart = i === b.length ? formatted.length : b[i].start;
    gapEdit(prevEnd, nextStart, formatted.slice(fPrevEnd, fNextStart));
    if (i < a.length) gapEdit(a[i].start, a[i].end, formatted.slice(b[i].start, b[i].end));
  }
  return edits;
}

/** Structural equality of two trees, ignoring positions (and name casing when `ignoreCase`). */
export function sameTree(x: Expr, y: Expr, ignoreCase = false): boolean {
  if (x.kind !== y.kind) return false;
  const name = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  switch (x.kind) {
    case 'call': {
      const c = y as CallExpr;
      if (name(x.name) !== name(c.name) || x.args.length !== c.args.length) return false;
      if ((x.rparen === undefined) !== (c.rparen === undefined)) return false;
      return x.args.every((a, i) => {
        const b = c.args[i].value;
        return a.value === null ? b === null : b !== null && sameTree(a.value, b, ignoreCase);
      });
    }
    case 'comparison': {
      const c = y as typeof x;
      return x.op === c.op && sameTree(x.left, c.left, ignoreCase) && sameTree(x.right, c.right, ignoreCase);
    }
    case 'attribute':
      return x.name === (y as typeof x).name && x.closed === (y as typeof x).closed;
    case 'string':
      return x.value === (y as typeof x).value && x.closed === (y as typeof x).closed;
    case 'number':
      return x.text === (y as typeof x).text;
    case 'hex':
      return x.text === (y as typeof x).text;
    case 'identifier':
      return name(x.name) === name((y as typeof x).name);
    case 'missing':
      return true;
  }
}
