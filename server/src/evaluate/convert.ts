// Argument conversions shared by the function implementations. Each one evaluates an argument
// node and turns its value into what the parameter needs, or throws an EvalError that names the
// function, the parameter and the offending value, located at the argument.

import { parameterAt } from '../catalog/functions';
import { EvalError, NoFlowSignal } from './errors';
import type { CallSite, CNode, EvalState } from './state';
import { ComplexValue, describeKind, NoFlowValue, normalizeInteger, RolesValue, textOf, Value } from './values';

/** 1st, 2nd, 3rd, 4th, 11th, 21st ... */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
  }
  return `${n}th`;
}

/** "Left's NumChars (2nd argument)" for the argument node `node` of `site`. */
export function argLabel(site: CallSite, node: CNode | null): string {
  const i = node ? site.args.indexOf(node) : -1;
  if (i < 0) return `${site.fn.name}'s argument`;
  const binding = parameterAt(site.fn, i);
  return `${site.fn.name}'s ${binding ? binding.label : 'argument'} (${ordinal(i + 1)} argument)`;
}

/** The expression text of a node, shortened for messages. */
export function quoteValue(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  return JSON.stringify(shown);
}

function where(node: CNode | null, site: CallSite): { start: number; end: number } {
  return node ?? site.call;
}

/** Throws the no-flow signal when a function consumes the no-flow marker. */
export function consumeNoFlow(v: NoFlowValue): never {
  throw new NoFlowSignal(v.reason);
}

/** Evaluates an argument (null for an empty slot) and rejects the no-flow marker by propagating it. */
export function evValue(st: EvalState, node: CNode | null): Value {
  if (node === null) return null;
  const v = node.ev(st);
  if (v instanceof NoFlowValue) consumeNoFlow(v);
  return v;
}

/**
 * The text of a single value; null for null. Multi-valued, complex and role-collection values
 * are errors (EVL004) naming the function and parameter.
 */
export function valueText(v: Value, site: CallSite, node: CNode | null): string | null {
  if (typeof v === 'string') return v;
  if (v === null) return null;
  if (v instanceof NoFlowValue) consumeNoFlow(v);
  const t = textOf(v);
  if (t !== undefined) return t;
  throw wrongKind(v, site, node, 'one text value');
}

export function wrongKind(v: Value, site: CallSite, node: CNode | null, wanted: string): EvalError {
  const at = where(node, site);
  let hint = '';
  if (Array.isArray(v)) {
    hint = ' Pick one value with Item(...) or combine them with Join(...).';
  } else if (v instanceof ComplexValue || (v instanceof RolesValue && v.mode !== 'single')) {
    hint = ' App role assignments can only go through SingleAppRoleAssignment, AppRoleAssignmentsComplex or AssertiveAppRoleAssignmentsComplex.';
  }
  const attr = node && node.expr.kind === 'attribute' ? ` [${node.expr.name}]` : '';
  return new EvalError('EVL004', `${argLabel(site, node)} needs ${wanted}, but${attr} is ${describeKind(v)}.${hint}`, at.start, at.end);
}

/** Evaluates an argument to text; null for null or an empty slot. */
export function evText(st: EvalState, node: CNode | null, site: CallSite): string | null {
  if (node === null) return null;
  const v = node.ev(st);
  if (typeof v === 'string') return v;
  return valueText(v, site, node);
}

// ---- integers ------------------------------------------------------------------------------------

const INTEGER_TEXT = /^[\t\n\v\f\r ]*([+-]?)(?:([0-9]+)|&[Hh]([0-9A-Fa-f]+))[\t\n\v\f\r ]*$/;

/**
 * Parses integer text as .NET's Convert.ToInt64 does (surrounding white space, one sign, decimal
 * digits), plus VBA hex constants `&HFF` (up to 16 digits, read as a 64-bit two's complement
 * value, so `&HFFFFFFFFFFFFFFFF` is -1). Returns undefined for anything else ("1.5", "1e3", "").
 */
export function parseIntegerText(text: string): bigint | undefined {
  const m = INTEGER_TEXT.exec(text);
  if (!m) return undefined;
  if (m[2] !== undefined) {
    const n = BigInt(m[2]);
    return m[1] === '-' ? -n : n;
  }
  const hex = m[3]!.replace(/^0+(?=.)/, '');
  if (hex.length > 16) return undefined;
  const n = BigInt.asIntN(64, BigInt(`0x${hex}`));
  return m[1] === '-' ? -n : n;
}

/** An integer from a value: numbers as they are, text parsed; undefined when it is not one. */
export function integerOf(v: Value): bigint | number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    // fast path: short plain (optionally negative) digit strings
    if (v.length > 0 && v.length < 16) {
      let i = v.charCodeAt(0) === 45 && v.length > 1 ? 1 : 0;
      for (; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c < 48 || c > 57) break;
      }
      if (i === v.length) return Number(v) || 0;
    }
    const b = parseIntegerText(v);
    return b === undefined ? undefined : normalizeInteger(b);
  }
  return undefined;
}

function notInteger(v: Value, site: CallSite, node: CNode | null): EvalError {
  const at = where(node, site);
  const t = textOf(v);
  if (t === undefined) return wrongKind(v, site, node, 'a whole number');
  const shown = quoteValue(t);
  const hint = /^\s*[+-]?\d*[.,]\d+\s*$/.test(t)
    ? ' Fractions are not accepted.'
    : t.trim() === ''
      ? ''
      : ' Write digits, optionally signed, or a hex constant such as &HFF.';
  return new EvalError('EVL002', `${argLabel(site, node)} must be a whole number, but is ${shown}.${hint}`, at.start, at.end);
}

/**
 * Evaluates an Int32 argument (counts, positions, lengths). Returns null when the value is null;
 * text must be an integer (EVL002) within [min, max] (EVL003).
 */
export function evInt(
  st: EvalState,
  node: CNode | null,
  site: CallSite,
  min = -2147483648,
  max = 2147483647,
  rangeHint = '',
): number | null {
  if (node === null) return null;
  const v = evValue(st, node);
  if (typeof v === 'number' && v >= min && v <= max) return v;
  if (v === null) return null;
  const n = integerOf(v);
  if (n === undefined) throw notInteger(v, site, node);
  if (n < min || n > max) {
    const at = where(node, site);
    const range =
      max === 2147483647
        ? min === -2147483648
          ? 'within the 32-bit integer range'
          : `at least ${min}`
        : `between ${min} and ${max}`;
    throw new EvalError('EVL003', `${argLabel(site, node)} is ${n}; it must be ${range}.${rangeHint}`, at.start, at.end);
  }
  return Number(n);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Evaluates a 64-bit integer argument (BitAnd, DateFromNum). Null for null. */
export function evInt64(st: EvalState, node: CNode | null, site: CallSite): bigint | null {
  if (node === null) return null;
  const v = evValue(st, node);
  if (v === null) return null;
  const n = integerOf(v);
  if (n === undefined) throw notInteger(v, site, node);
  const b = BigInt(n);
  if (b < INT64_MIN || b > INT64_MAX) {
    const at = where(node, site);
    throw new EvalError('EVL003', `${argLabel(site, node)} is ${b}, outside the 64-bit integer range (${INT64_MIN} to ${INT64_MAX}).`, at.start, at.end);
  }
  return b;
}

/** A required argument that has no value (null or an empty slot). */
export function missingValue(site: CallSite, node: CNode | null, what: string): EvalError {
  const at = where(node, site);
  const attr = node && node.expr.kind === 'attribute' ? ` ([${node.expr.name}] is absent)` : '';
  return new EvalError('EVL004', `${argLabel(site, node)} has no value${attr}; ${what}.`, at.start, at.end);
}

// ---- Booleans ------------------------------------------------------------------------------------

const WHITE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

/**
 * VB's CBool of a value: Booleans as they are; numbers non-zero; "True"/"False" in any letter case
 * (surrounding white space ignored) and numeric text by value; null is False. Undefined for text
 * that is neither (the caller reports it).
 */
export function booleanOf(v: Value): boolean | undefined {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string': {
      if (v === 'True') return true;
      if (v === 'False') return false;
      const t = v.replace(WHITE, '');
      const lower = t.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      const n = parseNumberText(t);
      return n === undefined ? undefined : n !== 0;
    }
  }
  if (v === null) return false;
  return undefined;
}

/** Invariant-culture decimal number text ("12", "-3.5", "1e3", " 7 ") as a double; undefined otherwise. */
export function parseNumberText(text: string): number | undefined {
  const t = text.replace(WHITE, '');
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) {
    const hex = parseIntegerText(t);
    return hex === undefined ? undefined : Number(hex);
  }
  return Number(t);
}

/** The Boolean a condition or CBool argument stands for, or EVL006. */
export function toBoolean(v: Value, site: CallSite, node: CNode | null, role: string): boolean {
  if (v instanceof NoFlowValue) consumeNoFlow(v);
  const b = booleanOf(v);
  if (b !== undefined) return b;
  const at = where(node, site);
  const t = textOf(v);
  const shown = t === undefined ? describeKind(v) : quoteValue(t);
  throw new EvalError(
    'EVL006',
    `${role} must be True or False (or a number), but is ${shown}. Compare it with = or <>, e.g. [attribute] = "value".`,
    at.start,
    at.end,
  );
}
