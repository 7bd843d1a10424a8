// Where the cursor is, in terms the services need: the token under it, the innermost call whose
// argument list holds it, the argument slot and the parameter that slot binds to. Works on the
// error-tolerant tree, so it answers for unterminated calls, strings and attribute references.
import { FunctionInfo, getFunction, parameterAt, ParameterBinding } from '../../catalog/functions';
import type { CallExpr, ComparisonExpr, Expr, ParseResult, Token } from '../../language/expression/ast';

/** The roots of a parse: the expression and the terms recovered after it. */
export function roots(parse: ParseResult): Expr[] {
  const out: Expr[] = [];
  if (parse.expr) out.push(parse.expr);
  if (parse.trailing) out.push(...parse.trailing);
  return out;
}

/** Depth-first visit of every node of every root; `visit` returning false skips children. */
export function visitAll(parse: ParseResult, visit: (node: Expr, parent: Expr | undefined) => boolean | void): void {
  const go = (node: Expr, parent: Expr | undefined): void => {
    if (visit(node, parent) === false) return;
    if (node.kind === 'call') {
      for (const a of node.args) if (a.value) go(a.value, node);
    } else if (node.kind === 'comparison') {
      go(node.left, node);
      go(node.right, node);
    }
  };
  for (const r of roots(parse)) go(r, undefined);
}

/** A call whose argument list holds the cursor. */
export interface CallSite {
  call: CallExpr;
  /** The catalogue function, when the name is one (any casing). */
  fn: FunctionInfo | undefined;
  /** The argument slot (0-based) the cursor is in: the number of the call's commas before it. */
  slot: number;
  /** The parameter of that slot; undefined for unknown functions and slots beyond the last one. */
  binding: ParameterBinding | undefined;
  /** The comparison inside the slot when the cursor is on one of its sides. */
  comparison?: { node: ComparisonExpr; side: 'left' | 'right' };
  /** The chain of enclosing call sites, innermost first (this one included). */
  outer: CallSite[];
}

/** True when `offset` is inside the parentheses of `call` (after `(`, up to and including `)`). */
export function insideArguments(call: CallExpr, offset: number): boolean {
  if (call.lparen === undefined || offset <= call.lparen) return false;
  return call.rparen === undefined ? true : offset <= call.rparen;
}

/** The argument slot of `call` at `offset` (which must be inside its arguments). */
export function slotAt(call: CallExpr, offset: number): number {
  let n = 0;
  for (const c of call.commas) if (c < offset) n++;
  return n;
}

/** The innermost call whose argument list holds `offset`, with the chain of enclosing ones. */
export function callSiteAt(parse: ParseResult, offset: number): CallSite | undefined {
  const chain: CallExpr[] = [];
  const search = (node: Expr): void => {
    if (node.kind === 'call') {
      if (insideArguments(node, offset)) {
        chain.push(node);
        for (const a of node.args) {
          if (a.value && a.value.start <= offset && containsForSearch(a.value, offset)) {
            search(a.value);
            return;
          }
        }
      }
    } else if (node.kind === 'comparison') {
      search(node.left);
      search(node.right);
    }
  };
  for (const r of roots(parse)) {
    if (r.start <= offset && containsForSearch(r, offset)) {
      search(r);
      if (chain.length) break;
    }
  }
  if (!chain.length) return undefined;
  const sites: CallSite[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const call = chain[i];
    const fn = getFunction(call.name);
    const slot = slotAt(call, offset);
    const site: CallSite = { call, fn, slot, binding: fn ? parameterAt(fn, slot) : undefined, outer: [] };
    const arg = call.args[slot];
    if (arg?.value?.kind === 'comparison') {
      const cmp = arg.value;
      if (offset >= cmp.opSpan.end) site.comparison = { node: cmp, side: 'right' };
      else if (offset <= cmp.opSpan.start) site.comparison = { node: cmp, side: 'left' };
    }
    sites.push(site);
  }
  sites.forEach((s, i) => (s.outer = sites.slice(i)));
  return sites[0];
}

/** Whether a node can hold the cursor: its span, or anything after it when it is unterminated. */
function containsForSearch(node: Expr, offset: number): boolean {
  if (offset <= node.end) return true;
  return isOpenEnded(node);
}

/** A call without `)` (or whose last argument is open-ended) extends to the end of the text. */
function isOpenEnded(node: Expr): boolean {
  if (node.kind === 'call') return node.rparen === undefined && node.lparen !== undefined;
  if (node.kind === 'comparison') return isOpenEnded(node.right);
  return false;
}

/** Index of the last token starting before `offset` (binary search); -1 when none. */
export function tokenIndexBefore(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** The token whose span holds `offset` strictly inside (start < offset < end). */
export function tokenInside(tokens: readonly Token[], offset: number): Token | undefined {
  const i = tokenIndexBefore(tokens, offset);
  if (i < 0) return undefined;
  const t = tokens[i];
  return offset < t.end ? t : undefined;
}

/** The token under the cursor for hover-like features: inside it, or touching it on either side (prefers the one on the right unless it is punctuation). */
export function tokenTouching(tokens: readonly Token[], offset: number): Token | undefined {
  const i = tokenIndexBefore(tokens, offset + 1);
  const at = i >= 0 && tokens[i].start <= offset && offset < tokens[i].end ? tokens[i] : undefined;
  const before = (() => {
    const j = tokenIndexBefore(tokens, offset);
    return j >= 0 && tokens[j].end === offset ? tokens[j] : undefined;
  })();
  const punct = (t: Token | undefined) => !t || t.kind === 'lparen' || t.kind === 'rparen' || t.kind === 'comma';
  if (at && !punct(at)) return at;
  if (before && !punct(before)) return before;
  return at ?? before;
}

/** The node of the given kind whose span starts at `start` (a token's node). */
export function nodeStartingAt<K extends Expr['kind']>(parse: ParseResult, start: number, kind: K): Extract<Expr, { kind: K }> | undefined {
  let found: Expr | undefined;
  visitAll(parse, (node) => {
    if (found) return false;
    if (node.kind === kind && node.start === start) {
      found = node;
      return false;
    }
    if (node.kind === 'call' && (start < node.start || (node.rparen !== undefined && start > node.end))) return false;
    return true;
  });
  return found as Extract<Expr, { kind: K }> | undefined;
}

/** The call whose name token starts at `start`. */
export function callNamedAt(parse: ParseResult, start: number): CallExpr | undefined {
  let found: CallExpr | undefined;
  visitAll(parse, (node) => {
    if (found) return false;
    if (node.kind === 'call' && node.nameSpan.start === start) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}
