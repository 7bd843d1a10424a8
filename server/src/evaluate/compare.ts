// Comparisons `= <> > >= < <=` (IIF / CBool conditions). Entra documents the operators but not
// how operands are compared [undocumented]; entramap follows Visual Basic's rules, which the
// language imitates (docs/evaluation.md, "Comparisons"):
//
// 1. If either operand is a number (a numeric constant, Count, InStr, DateDiff, BitAnd, a JSON
//    number in the source), both are compared as numbers; the other operand's text must be a
//    number ("10", " 7", "-3.5", "&HFF"), null counts as 0, True as -1 and False as 0.
//    So `Len([x]) <> "10"`-style and `DateDiff(...) > 5` conditions compare numerically.
// 2. Otherwise, if either is a date/time (CDate, DateAdd, Now), both are dates; text is parsed as
//    CDate parses it.
// 3. Otherwise, if either is a Boolean (IsPresent, CBool, a comparison, a JSON Boolean), both are
//    Booleans; text "True"/"False" in any letter case or a number; null is False. As in VB,
//    True < False. Not's result is the text "True"/"False" (a Boolean string), not a Boolean.
// 4. Otherwise both are text, compared ordinally and case-sensitively (VB's Option Compare
//    Binary); null counts as "". Text that looks numeric is still compared as text: "10" < "9".
// Multi-valued and complex operands cannot be compared (EVL007).

import type { ComparisonExpr, ComparisonOperator } from '../language/expression/ast';
import { parseLenient } from './datetime';
import { booleanOf, consumeNoFlow, parseIntegerText, parseNumberText, quoteValue } from './convert';
import { EvalError } from './errors';
import type { CNode, EvalState } from './state';
import { describeKind, isDateTime, NoFlowValue, textOf, Value } from './values';

function decide(op: ComparisonOperator, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
  }
}

function cannot(expr: ComparisonExpr, l: Value, r: Value, why: string): EvalError {
  const show = (v: Value) => {
    const t = textOf(v);
    return t === undefined ? describeKind(v) : typeof v === 'string' ? quoteValue(t) : t;
  };
  return new EvalError('EVL007', `Cannot compare ${show(l)} ${expr.op} ${show(r)}: ${why}`, expr.start, expr.end);
}

type Num = number | bigint;

function numberOf(v: Value): Num | undefined {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return v;
    case 'boolean':
      return v ? -1 : 0;
    case 'string': {
      const i = parseIntegerText(v);
      if (i !== undefined) return i;
      return parseNumberText(v);
    }
  }
  if (v === null) return 0;
  return undefined;
}

function compareNumbers(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // mixed: compare exactly when the double is integral, else as doubles
  const x = typeof a === 'number' ? (Number.isInteger(a) ? BigInt(a) : a) : a;
  const y = typeof b === 'number' ? (Number.isInteger(b) ? BigInt(b) : b) : b;
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  const dx = Number(x);
  const dy = Number(y);
  return dx < dy ? -1 : dx > dy ? 1 : 0;
}

function isStructuredForCompare(v: Value): boolean {
  return v !== null && typeof v === 'object' && !isDateTime(v) && textOf(v) === undefined;
}

/** Compares two evaluated operands per the rules above. */
export function compareValues(expr: ComparisonExpr, l: Value, r: Value, st: EvalState): boolean {
  const op = expr.op;
  // the common case first: two texts
  if (typeof l === 'string' && typeof r === 'string') {
    if (op === '=') return l === r;
    if (op === '<>') return l !== r;
    return decide(op, l < r ? -1 : l > r ? 1 : 0);
  }
  if (l instanceof NoFlowValue) consumeNoFlow(l);
  if (r instanceof NoFlowValue) consumeNoFlow(r);
  if (isStructuredForCompare(l) || isStructuredForCompare(r)) {
    throw cannot(expr, l, r, 'only single values can be compared; multi-valued and complex values cannot.');
  }
  const tl = typeof l;
  const tr = typeof r;
  if (tl === 'number' || tl === 'bigint' || tr === 'number' || tr === 'bigint') {
    const a = numberOf(l);
    const b = numberOf(r);
    if (a === undefined || b === undefined) {
      const bad = a === undefined ? l : r;
      throw cannot(expr, l, r, `the other side is a number, so ${describeKind(bad)} must be numeric text.`);
    }
    return decide(op, compareNumbers(a, b));
  }
  if (isDateTime(l) || isDateTime(r)) {
    const toTicks = (v: Value): bigint | undefined => {
      if (isDateTime(v)) return v.ticks;
      const t = typeof v === 'string' ? v : undefined;
      if (t === undefined) return undefined;
      const d = parseLenient(t, { now: st.now(expr) });
      return d ? d.ticks : undefined;
    };
    const a = toTicks(l);
    const b = toTicks(r);
    if (a === undefined || b === undefined) {
      throw cannot(expr, l, r, 'the other side is a date/time, so this side must be a date/time or text CDate can read.');
    }
    return decide(op, a < b ? -1 : a > b ? 1 : 0);
  }
  if (tl === 'boolean' || tr === 'boolean') {
    const a = booleanOf(l);
    const b = booleanOf(r);
    if (a === undefined || b === undefined) {
      throw cannot(expr, l, r, 'the other side is a Boolean, so this side must be "True", "False" or a number.');
    }
    // VB: True is -1, False is 0
    return decide(op, compareNumbers(a ? -1 : 0, b ? -1 : 0));
  }
  const a = textOf(l) ?? '';
  const b = textOf(r) ?? '';
  return decide(op, a < b ? -1 : a > b ? 1 : 0);
}

/** The closure of a comparison node: both operands evaluated (eagerly), then compared. */
export function comparisonEvaluator(expr: ComparisonExpr, left: CNode, right: CNode): (st: EvalState) => Value {
  const lev = left.ev;
  const rev = right.ev;
  return (st) => compareValues(expr, lev(st), rev(st), st);
}
