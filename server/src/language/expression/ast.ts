// The expression language's syntax tree. Produced by parser.ts (error-tolerant: a tree is
// always returned, with `missing` nodes where recovery found no term), consumed by the checker,
// the evaluator's compiler and every editor feature.
//
// All positions are UTF-16 offsets into the expression text (0-based, `end` exclusive). Callers
// that embed expressions in larger documents (an .entramap line, a JSON string with escapes) map
// these offsets to their own coordinates.

export interface Span {
  start: number;
  end: number;
}

export type Expr =
  | CallExpr
  | AttributeExpr
  | StringExpr
  | NumberExpr
  | HexExpr
  | IdentifierExpr
  | ComparisonExpr
  | MissingExpr;

/** `Name(arg, , arg)`. */
export interface CallExpr extends Span {
  kind: 'call';
  /** The function name as written (case preserved). */
  name: string;
  nameSpan: Span;
  /** Offset of `(`; undefined when recovery inserted it. */
  lparen: number | undefined;
  /** Offset of `)`; undefined when missing (unterminated call). */
  rparen: number | undefined;
  /** Offsets of the commas separating the slots, in order. */
  commas: number[];
  /**
   * One entry per argument slot. `Name()` has none; `Name(,)` has two empty slots.
   * An empty slot (`value: null`) means "not supplied", which differs from `""`.
   */
  args: Arg[];
}

/** One argument slot. For an empty slot the span is the gap between its separators. */
export interface Arg extends Span {
  value: Expr | null;
}

/** `[name]`: everything between `[` and the next `]`, verbatim (no escapes exist). */
export interface AttributeExpr extends Span {
  kind: 'attribute';
  name: string;
  nameSpan: Span;
  /** False when the closing `]` is missing. */
  closed: boolean;
}

/** `"text"` with `\"` and `\\` escapes; other backslash pairs are kept verbatim (both chars). */
export interface StringExpr extends Span {
  kind: 'string';
  /** The decoded value. */
  value: string;
  closed: boolean;
  /** Spans (in expression offsets) of backslash sequences other than `\"` and `\\`. */
  unknownEscapes: Span[];
}

/** A decimal integer constant, optionally negative. Kept as text: it can exceed 2^53. */
export interface NumberExpr extends Span {
  kind: 'number';
  text: string;
}

/** A VBA hex constant `&HFF`. */
export interface HexExpr extends Span {
  kind: 'hex';
  text: string;
  value: bigint;
}

/** A bare word not followed by `(`: `vbTextCompare`, `vbBinaryCompare`, or an error such as `True`. */
export interface IdentifierExpr extends Span {
  kind: 'identifier';
  name: string;
}

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

/** `left op right`; meaningful as the condition of IIF / CBool only. */
export interface ComparisonExpr extends Span {
  kind: 'comparison';
  op: ComparisonOperator;
  opSpan: Span;
  left: Expr;
  right: Expr;
}

/** Where a term was required but none could be parsed (zero-width at the error position). */
export interface MissingExpr extends Span {
  kind: 'missing';
}

export type TokenKind =
  | 'function'
  | 'identifier'
  | 'attribute'
  | 'string'
  | 'number'
  | 'hex'
  | 'operator'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'invalid';

/** A lexical token, for semantic highlighting and cursor lookups. */
export interface Token extends Span {
  kind: TokenKind;
}

export interface SyntaxDiagnostic extends Span {
  /** A code from the diagnostics table (server/src/diagnostics/codes.ts). */
  code: string;
  message: string;
}

export interface ParseResult {
  text: string;
  /** The tree; null only when the text is empty or whitespace. */
  expr: Expr | null;
  /** Every syntax error of the input, in text order, each with an exact range. */
  errors: SyntaxDiagnostic[];
  tokens: Token[];
  /** Terms parsed after the end of the expression or after AND/OR (already reported), for editor features. */
  trailing?: Expr[];
}

/** Depth-first walk; `visit` returning false skips the node's children. */
export function walk(expr: Expr | null | undefined, visit: (node: Expr, parent: Expr | undefined) => boolean | void, parent?: Expr): void {
  if (!expr) return;
  if (visit(expr, parent) === false) return;
  if (expr.kind === 'call') {
    for (const a of expr.args) walk(a.value, visit, expr);
  } else if (expr.kind === 'comparison') {
    walk(expr.left, visit, expr);
    walk(expr.right, visit, expr);
  }
}

/** The innermost node whose span contains `offset` (end-inclusive, so a cursor after a token finds it). */
export function nodeAt(expr: Expr | null, offset: number): Expr[] {
  const path: Expr[] = [];
  walk(expr, (node) => {
    if (offset < node.start || offset > node.end) return false;
    path.push(node);
    return true;
  });
  return path;
}
