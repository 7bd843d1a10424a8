// Document highlights (matching parentheses, the same attribute or function elsewhere in the
// expression) and selection ranges (expand selection: token → argument → argument list → call
// → ... → whole expression).
import { DocumentHighlightKind } from 'vscode-languageserver/node';
import { getFunction } from '../../catalog/functions';
import type { Expr, ParseResult, Token } from '../../language/expression/ast';
import { parseExpression } from '../../language/expression/parser';
import { roots, tokenTouching, visitAll } from './cursor';
import type { OffsetRange } from './types';

export interface ExpressionHighlight extends OffsetRange {
  kind: DocumentHighlightKind;
}

/** Highlights for the token at `offset`; empty when there is nothing to pair. Never throws. */
export function documentHighlights(text: string, offset: number): ExpressionHighlight[] {
  const at = Math.max(0, Math.min(offset, text.length));
  const parse = parseExpression(text);
  const first = tokenTouching(parse.tokens, at);
  if (!first) return [];
  const result = highlightsOf(parse, first);
  if (result.length) return result;
  // Between a token and a parenthesis (`1|)`): the parenthesis pairs.
  const other = parse.tokens.find((t) => t !== first && (t.end === at || t.start === at) && (t.kind === 'lparen' || t.kind === 'rparen'));
  return other ? highlightsOf(parse, other) : [];
}

function highlightsOf(parse: ParseResult, token: Token): ExpressionHighlight[] {
  const text = parse.text;
  const out: ExpressionHighlight[] = [];
  const sorted = () => out.sort((a, b) => a.start - b.start);
  switch (token.kind) {
    case 'lparen':
    case 'rparen': {
      visitAll(parse, (node) => {
        if (node.kind !== 'call') return;
        if (node.lparen === token.start || node.rparen === token.start) {
          if (node.lparen !== undefined) out.push({ start: node.lparen, end: node.lparen + 1, kind: DocumentHighlightKind.Text });
          if (node.rparen !== undefined) out.push({ start: node.rparen, end: node.rparen + 1, kind: DocumentHighlightKind.Text });
        }
      });
      return sorted();
    }
    case 'attribute': {
      let name: string | undefined;
      visitAll(parse, (node) => {
        if (node.kind === 'attribute' && node.start === token.start) name = node.name;
      });
      if (name === undefined) return [];
      visitAll(parse, (node) => {
        if (node.kind === 'attribute' && node.name === name) out.push({ start: node.start, end: node.end, kind: DocumentHighlightKind.Read });
      });
      return sorted();
    }
    case 'function': {
      const written = text.slice(token.start, token.end);
      const fn = getFunction(written);
      visitAll(parse, (node) => {
        if (node.kind !== 'call') return;
        const same = fn ? getFunction(node.name) === fn : node.name === written;
        if (same) out.push({ start: node.nameSpan.start, end: node.nameSpan.end, kind: DocumentHighlightKind.Text });
      });
      return sorted();
    }
    default:
      return [];
  }
}

export interface ExpressionSelectionRange extends OffsetRange {
  parent?: ExpressionSelectionRange;
}

/** The chain of ever larger syntactic ranges around `offset`, innermost first. Never throws. */
export function selectionRange(text: string, offset: number): ExpressionSelectionRange {
  const at = Math.max(0, Math.min(offset, text.length));
  const parse = parseExpression(text);
  const ranges: OffsetRange[] = [];
  const push = (r: OffsetRange) => {
    if (r.end < r.start) return;
    const last = ranges[ranges.length - 1];
    if (last && last.start === r.start && last.end === r.end) return;
    if (last && (r.start > last.start || r.end < last.end)) return; // must grow
    ranges.push({ start: r.start, end: r.end });
  };

  // innermost first: collect the node path, then walk outwards
  const path = nodePath(parse, at);
  const token = tokenTouching(parse.tokens, at);
  const leaf = path[path.length - 1];
  if (token && leaf && token.start >= leaf.start && token.end <= leaf.end) {
    if ((token.kind === 'string' || token.kind === 'attribute') && token.end - token.start >= 2) {
      const closing = text[token.end - 1] === (token.kind === 'string' ? '"' : ']') && token.end - token.start >= 2;
      const inner = { start: token.start + 1, end: closing ? token.end - 1 : token.end };
      if (at >= inner.start && at <= inner.end) push(inner);
    }
    push(token);
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i];
    if (node.kind === 'call' && node.lparen !== undefined && at > node.lparen && (node.rparen === undefined || at <= node.rparen)) {
      const inner = { start: node.lparen + 1, end: node.rparen ?? node.end };
      const args = node.args.filter((a) => a.value);
      if (args.length) push({ start: args[0].start, end: args[args.length - 1].end });
      push(inner);
    }
    push(node);
  }
  const trimmedStart = text.length - text.trimStart().length;
  push({ start: Math.min(trimmedStart, text.trimEnd().length), end: text.trimEnd().length });
  push({ start: 0, end: text.length });
  if (!ranges.length) ranges.push({ start: at, end: at });

  let result: ExpressionSelectionRange | undefined;
  for (let i = ranges.length - 1; i >= 0; i--) result = { ...ranges[i], ...(result ? { parent: result } : {}) };
  return result!;
}

/** Nodes containing `offset`, outermost first (across the expression and trailing terms). */
function nodePath(parse: ParseResult, offset: number): Expr[] {
  for (const root of roots(parse)) {
    if (offset < root.start || offset > root.end) continue;
    const path: Expr[] = [];
    let node: Expr | undefined = root;
    while (node) {
      path.push(node);
      const children: Expr[] =
        node.kind === 'call'
          ? node.args.map((a) => a.value).filter((v): v is Expr => !!v && v.end > v.start)
          : node.kind === 'comparison'
            ? [node.left, node.right].filter((v) => v.end > v.start)
            : [];
      // the child the cursor is in, else the one it touches at the end
      node = children.find((v) => v.start <= offset && offset < v.end) ?? children.find((v) => v.start <= offset && offset <= v.end);
    }
    return path;
  }
  return [];
}
