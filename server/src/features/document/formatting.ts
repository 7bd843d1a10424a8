// Formatting.
//
// .entramap, whole document: the canonical layout of docs/mapping-format.md (printMapping: two
// spaces per block, statements of a block in a fixed order, single blanks, one blank line
// between blocks) with every expression in the expression formatter's layout. Refused (null)
// when the document has syntax errors: the printer prints the model, and a statement the parser
// rejected is not in it. A guard re-parses the result and refuses unless its Graph JSON equals
// the input's (expressions compared without the white space formatting may change) and every
// comment is still there. The result is returned as minimal edits.
//
// .entramap, range: re-indents the statements in the range to their block depth and formats
// their expressions; no reordering (so a selection never moves statements in or out of it).
//
// Graph JSON: only the expressions, each on one line (Graph stores them as one string); the JSON
// layout is left alone.
//
// Function names keep their casing (the EPX103 quick fix changes it): the model of the result
// must be the model of the input.
import type { Range, TextEdit } from 'vscode-languageserver/node';
import { codeInfo } from '../../diagnostics/codes';
import { parseMappingDocument } from '../../language/mapping/build';
import { printMapping } from '../../language/mapping/printer';
import type { JsonValue } from '../../model/json';
import type { Comment, ExpressionSite, ModelDiagnostic } from '../../model/types';
import { Expression } from '../../language/mapping/lexer';
import { squeezeExpression } from '../../schema/source-tree';
import { formatExpressionEdits, formatParsed } from '../expression';
import { lineStartOf, toOffset, toRange } from './common';
import { applyOffsetEdits, diffEdits, OffsetEdit } from './diff';
import type { ParsedDocument } from './document';
import { firstStatementFrom, Statement } from './statements';
import { reportServiceError } from './errors';

export interface DocumentFormattingOptions {
  /** Width for breaking long expressions (default 100). */
  maxWidth?: number;
}

const UNIT = 2;

/** Diagnostics of the readers that make formatting unsafe (the model may not hold every statement). */
export function blocksFormatting(d: ModelDiagnostic): boolean {
  if ((codeInfo(d.code)?.severity ?? d.severity) !== 'error') return false;
  if (d.code === 'EMF017') return false; // a mapping without source/target: kept as written
  return /^(EMF|EPX0|EGJ001)/.test(d.code);
}

/** Whole-document formatting edits; null when the document cannot be formatted safely. Never throws. */
export function formatDocument(doc: ParsedDocument, options: DocumentFormattingOptions = {}): TextEdit[] | null {
  try {
    const formatted = formattedText(doc, options);
    if (formatted === null) return null;
    return diffEdits(doc.text, formatted).map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText }));
  } catch (e) {
    reportServiceError(e, 'formatDocument');
    return null;
  }
}

/** The formatted text of the whole document, or null when it cannot be formatted safely. */
export function formattedText(doc: ParsedDocument, options: DocumentFormattingOptions = {}): string | null {
  if (doc.diagnostics.some(blocksFormatting)) return null;
  if (doc.kind === 'graph-json') return applyOffsetEdits(doc.text, jsonExpressionEdits(doc));
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  // 1. statements at their depth, expressions in their layout for the column the printer gives
  //    them (so multi-line expressions keep a valid layout in between)
  const expr = entramapExpressionEdits(doc, options, 0, doc.text.length, true);
  const edits = [...indentEdits(doc, 0, doc.text.length, expr.replaced), ...expr.edits];
  let model = doc.model;
  if (edits.length) {
    const reparsed = parseMappingDocument(applyOffsetEdits(doc.text, edits));
    if (reparsed.diagnostics.some(blocksFormatting)) return null;
    model = reparsed.model;
  }
  // 2. the canonical layout of the statements
  let out = printMapping(model);
  if (eol !== '\n') out = out.replace(/\n/g, eol);
  if (out === doc.text) return out;
  // 3. the guard
  const check = parseMappingDocument(out);
  if (check.diagnostics.some(blocksFormatting)) return null;
  if (!sameMeaning(doc.model.json, check.model.json)) return null;
  if (!keepsComments(doc.model.comments, check.model.comments)) return null;
  return out;
}

/** Range formatting edits; null when the document cannot be formatted safely. Never throws. */
export function formatRange(doc: ParsedDocument, range: Range, options: DocumentFormattingOptions = {}): TextEdit[] | null {
  try {
    if (doc.diagnostics.some(blocksFormatting)) return null;
    const from = toOffset(doc, range.start);
    const to = toOffset(doc, range.end);
    let edits: OffsetEdit[];
    if (doc.kind === 'graph-json') {
      edits = jsonExpressionEdits(doc).filter((e) => e.start >= from && e.end <= to);
    } else {
      const expr = entramapExpressionEdits(doc, options, from, to, false);
      edits = [...indentEdits(doc, from, to, expr.replaced), ...expr.edits];
    }
    return edits.sort((a, b) => a.start - b.start).map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText }));
  } catch (e) {
    reportServiceError(e, 'formatRange');
    return null;
  }
}

// ---- the pieces -------------------------------------------------------------------------------------

/** Graph JSON: each exact expression on one line, as minimal edits (JSON-escaped). */
function jsonExpressionEdits(doc: ParsedDocument): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  for (const r of doc.model.rules) for (const om of r.objectMappings) for (const a of om.attributeMappings) {
    const site = a.source?.expression;
    if (!site?.exact) continue;
    const edits = formatExpressionEdits(site.text, { maxWidth: Infinity, canonicalCasing: false });
    if (!edits) continue;
    for (const e of edits) {
      const start = site.toDocumentOffset(e.start);
      const end = site.toDocumentOffset(e.end);
      out.push({ start, end, newText: JSON.stringify(e.newText).slice(1, -1) });
    }
  }
  return out;
}

/** The canonical indentation depth of a statement. */
function depthOf(st: Statement): number {
  if (st.kind === 'close' || st.kind === 'lbrace') return Math.max(0, st.block.depth - 1);
  return st.block.depth;
}

/**
 * .entramap: each expression of the attribute lines in [from, to] formatted for the column it
 * will sit at. `canonical`: the column the printer gives the line (indentation by depth, single
 * blanks around `<-`); otherwise the line's indentation after re-indenting.
 */
function entramapExpressionEdits(
  doc: ParsedDocument,
  options: DocumentFormattingOptions,
  from: number,
  to: number,
  canonical: boolean,
): { edits: OffsetEdit[]; replaced: Set<number> } {
  const edits: OffsetEdit[] = [];
  const replaced = new Set<number>();
  const idx = doc.statements;
  const text = doc.text;
  const siteOf = new Map<number, { site: ExpressionSite; target: { start: number; end: number } }>();
  for (const r of doc.model.rules) for (const om of r.objectMappings) for (const a of om.attributeMappings) {
    const site = a.source?.expression;
    if (site?.exact && a.ranges.target) siteOf.set(site.range.start, { site, target: a.ranges.target });
  }
  for (let i = firstStatementFrom(idx, from); i < idx.statements.length; i++) {
    const st = idx.statements[i];
    if (st.start > to) break;
    if (st.kind !== 'attribute') continue;
    const exprTok = st.tokens.find((t) => t.tokenType === Expression);
    const hit = exprTok && siteOf.get(exprTok.startOffset);
    if (!hit) continue;
    const { site, target } = hit;
    const indent = ' '.repeat(depthOf(st) * UNIT);
    const lineStart = lineStartOf(text, st.start);
    const startColumn = canonical
      ? indent.length + (target.end - target.start) + ' <- '.length
      : indent.length + (site.range.start - lineStart) - leadingBlanks(text, lineStart);
    const formatted = formatParsed(site.parse, { maxWidth: options.maxWidth ?? 100, startColumn, baseIndent: indent, tabSize: UNIT, canonicalCasing: false });
    if (formatted === null || formatted === site.text) continue;
    replaced.add(st.start);
    for (const e of diffEdits(site.text, formatted)) edits.push({ start: site.range.start + e.start, end: site.range.start + e.end, newText: e.newText });
  }
  return { edits, replaced };
}

function leadingBlanks(text: string, lineStart: number): number {
  let i = lineStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - lineStart;
}

/** .entramap: re-indent the statements in [from, to] (continuation lines move with their statement). */
function indentEdits(doc: ParsedDocument, from: number, to: number, replaced: ReadonlySet<number>): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  const idx = doc.statements;
  const text = doc.text;
  const lines = doc.lines;
  const seen = new Set<number>();
  const reindent = (lineStart: number, want: number, delta: number | undefined) => {
    const have = leadingBlanks(text, lineStart);
    const cur = text.slice(lineStart, lineStart + have);
    const target = delta === undefined ? want : Math.max(0, visualWidth(cur) + delta);
    const next = ' '.repeat(target);
    if (cur !== next) out.push({ start: lineStart, end: lineStart + have, newText: next });
  };
  for (let i = firstStatementFrom(idx, from); i < idx.statements.length; i++) {
    const st = idx.statements[i];
    if (st.start > to) break;
    const first = lines.positionAt(st.start).line;
    const last = lines.positionAt(st.end).line;
    const firstStart = lines.lineStart(first);
    const want = depthOf(st) * UNIT;
    const delta = want - visualWidth(text.slice(firstStart, firstStart + leadingBlanks(text, firstStart)));
    // an expression the formatter re-lays out brings its own continuation lines
    const exprTok = replaced.has(st.start) ? st.tokens.find((t) => t.tokenType === Expression) : undefined;
    for (let l = first; l <= last; l++) {
      const ls = lines.lineStart(l);
      if (seen.has(ls)) continue;
      seen.add(ls);
      if (l === first) reindent(ls, want, undefined);
      else if (!(exprTok && ls > exprTok.startOffset && ls < exprTok.startOffset + exprTok.image.length)) {
        if (text.slice(ls, lines.lineStart(l + 1)).trim() !== '') reindent(ls, want, delta);
      }
    }
  }
  // whole-line comments in the range take the indentation of the statement after them
  for (const c of idx.comments) {
    if (c.start < from || c.start > to) continue;
    const ls = lineStartOf(text, c.start);
    if (seen.has(ls) || text.slice(ls, c.start).trim() !== '') continue;
    const next = idx.statements[firstStatementFrom(idx, c.end)];
    const depth = next ? (next.kind === 'close' ? next.block.depth : depthOf(next)) : 0;
    reindent(ls, depth * UNIT, undefined);
  }
  return out;
}

function visualWidth(indent: string): number {
  let w = 0;
  for (const c of indent) w += c === '\t' ? UNIT - (w % UNIT) : 1;
  return w;
}

// ---- the guard ------------------------------------------------------------------------------------

/** JSON equality with every `expression` string compared without formatting white space. */
export function sameMeaning(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameMeaning(x, b[i]));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    const x = a[k];
    const y = (b as Record<string, JsonValue>)[k];
    if (k === 'expression' && typeof x === 'string' && typeof y === 'string') {
      if (squeezeExpression(x) !== squeezeExpression(y)) return false;
    } else if (!sameMeaning(x, y)) return false;
  }
  return true;
}

/** Every comment of `before` is in `after` (as a multiset of their texts). */
export function keepsComments(before: readonly Comment[], after: readonly Comment[]): boolean {
  const count = new Map<string, number>();
  for (const c of after) count.set(c.text.trim(), (count.get(c.text.trim()) ?? 0) + 1);
  for (const c of before) {
    const k = c.text.trim();
    const n = count.get(k) ?? 0;
    if (n === 0) return false;
    count.set(k, n - 1);
  }
  return true;
}
