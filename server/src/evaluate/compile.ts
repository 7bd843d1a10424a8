// Compiles an expression tree into closures once, then evaluates it many times.
//
// compileExpression resolves every function (by canonical name, through the catalogue), binds
// its arguments to parameters by the catalogue's positions, pre-decodes constants and compiles
// constant regular expressions. Problems found here (unknown function, wrong argument count, a
// Replace call that matches no mode, an invalid constant regex) are kept in the compiled
// expression and returned by every evaluation, so neither step ever throws for user input.

import {
  arityText,
  FunctionInfo,
  getFunction,
  getNotBuiltIn,
  parameterAt,
  parameterIndex,
  suggestFunctionNames,
} from '../catalog/functions';
import { codeInfo } from '../diagnostics/codes';
import type { CallExpr, Expr, ParseResult } from '../language/expression/ast';
import { parseExpression } from '../language/expression/parser';
import { comparisonEvaluator } from './compare';
import { ordinal } from './convert';
import { EvalError, NoFlowSignal } from './errors';
import { BINDERS } from './functions';
import { attributeReader } from './source';
import { CallSite, CNode, EvalContext, EvalState } from './state';
import { NoFlowValue, normalizeInteger, Value } from './values';

export type { EvalContext } from './state';

// Outcomes are read-only: identical primitive results may share one frozen outcome object, and
// a multi-valued value may be the source object's own array.

export interface ValueOutcome {
  readonly kind: 'value';
  readonly value: Value;
  /** True when Redact() was evaluated: provisioning logs show `[Redact]` instead of the value. */
  readonly redacted?: boolean;
}

export interface NoFlowOutcome {
  readonly kind: 'noflow';
  /** Why the attribute does not flow (IgnoreFlowIfNullOrEmpty and what was empty). */
  readonly reason: string;
  readonly redacted?: boolean;
}

export interface ErrorOutcome {
  readonly kind: 'error';
  /** A code from diagnostics/codes.ts: EPX0xx (syntax), EPX1xx (static), EVL0xx (evaluation). */
  readonly code: string;
  readonly message: string;
  /** UTF-16 range of the failing node in the expression text. */
  readonly start: number;
  readonly end: number;
}

export type EvalOutcome = ValueOutcome | NoFlowOutcome | ErrorOutcome;

export interface CompiledExpression {
  /** The expression text (empty when compiled from a bare tree). */
  readonly text: string;
  /** Set when the expression cannot be evaluated at all; every evaluation returns it. */
  readonly failure: ErrorOutcome | undefined;
  /** True when the expression calls Now(), Guid() or RandomString(). */
  readonly nonDeterministic: boolean;
  /** @internal the root closure */
  readonly root: CNode | undefined;
}

// ---- compiler --------------------------------------------------------------------------------------

class Compiler {
  nonDeterministic = false;

  constructor(readonly text: string) {}

  node(e: Expr): CNode {
    switch (e.kind) {
      case 'string':
        return constant(e, e.value);
      case 'number':
        return constant(e, parseNumberConstant(e.text));
      case 'hex':
        // VBA: up to 16 hex digits are a 64-bit two's complement value (&HFFFFFFFFFFFFFFFF is -1)
        return constant(e, normalizeInteger(e.value < 1n << 64n ? BigInt.asIntN(64, e.value) : e.value));
      case 'attribute':
        return new CNode(attributeReader(e), e, false, undefined);
      case 'comparison': {
        const left = this.node(e.left);
        const right = this.node(e.right);
        return new CNode(comparisonEvaluator(e, left, right), e, false, undefined);
      }
      case 'call':
        return this.call(e);
      case 'identifier':
        throw new EvalError(
          'EPX107',
          `'${e.name}' is only meaningful as InStr's compareType; it has no value of its own.`,
          e.start,
          e.end,
        );
      case 'missing':
        throw new EvalError('EPX005', 'Expected a term here: an attribute reference, a string constant or a function call.', e.start, e.end);
    }
  }

  private call(e: CallExpr): CNode {
    const fn = getFunction(e.name);
    if (!fn) {
      const nb = getNotBuiltIn(e.name);
      if (nb) {
        throw new EvalError('EVL001', `${e.name} is not a function of Entra's reference, so entramap cannot evaluate it. ${nb.message}`, e.nameSpan.start, e.nameSpan.end);
      }
      const suggestions = suggestFunctionNames(e.name);
      throw new EvalError(
        'EPX101',
        `Unknown function '${e.name}'.${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''}`,
        e.nameSpan.start,
        e.nameSpan.end,
      );
    }
    this.checkArity(fn, e);
    const args: (CNode | null)[] = e.args.map((a, i) => {
      if (a.value === null) {
        const binding = parameterAt(fn, i);
        if (binding && binding.parameter.required && !binding.parameter.repeatable) {
          throw new EvalError(
            'EPX106',
            `${fn.name}'s ${binding.label} (${ordinal(i + 1)} argument) is required but the slot is empty.`,
            a.start,
            a.end,
          );
        }
        return null;
      }
      if (a.value.kind === 'identifier') return this.enumArgument(fn, i, a.value);
      return this.node(a.value);
    });
    if (fn.nonDeterministic) this.nonDeterministic = true;
    const binder = BINDERS[fn.name];
    if (!binder) {
      throw new EvalError('EVL001', `entramap has no implementation of ${fn.name}.`, e.nameSpan.start, e.nameSpan.end);
    }
    const site = makeSite(fn, e, args, this.text);
    const ev = binder(site);
    return new CNode(ev, e, false, undefined);
  }

  private enumArgument(fn: FunctionInfo, index: number, id: Extract<Expr, { kind: 'identifier' }>): CNode {
    const binding = parameterAt(fn, index);
    const p = binding?.parameter;
    if (!p || p.type !== 'enum' || !p.enumValues) {
      throw new EvalError(
        'EPX107',
        `'${id.name}' is not a value for ${fn.name}'s ${binding ? binding.label : 'argument'}; bare words are only InStr's compareType (vbTextCompare, vbBinaryCompare).`,
        id.start,
        id.end,
      );
    }
    const match = p.enumValues.find((v) => v.value.toLowerCase() === id.name.toLowerCase());
    if (!match) {
      throw new EvalError(
        'EPX107',
        `'${id.name}' is not accepted by ${fn.name}'s ${binding!.label}; expected ${p.enumValues.map((v) => v.value).join(' or ')}.`,
        id.start,
        id.end,
      );
    }
    return constant(id, match.value);
  }

  private checkArity(fn: FunctionInfo, e: CallExpr): void {
    const n = e.args.length;
    // A count the catalogue notes as ambiguous (FormatDateTime with 3 arguments) is accepted; the
    // function's implementation decides how to read it.
    if (fn.arityNotes?.some((note) => note.argumentCount === n)) return;
    const at = { start: e.start, end: e.end };
    if (n < fn.minArgs) {
      throw new EvalError('EPX104', `${fn.name} takes ${arityText(fn)} argument${fn.minArgs === 1 && fn.maxArgs === 1 ? '' : 's'}, but ${n} ${n === 1 ? 'is' : 'are'} given.`, at.start, at.end);
    }
    if (n > fn.maxArgs) {
      const extra = e.args[fn.maxArgs];
      throw new EvalError('EPX105', `${fn.name} takes ${arityText(fn)} argument${fn.maxArgs === 1 ? '' : 's'}, but ${n} are given.`, extra ? extra.start : at.start, at.end);
    }
    const group = fn.repeatedParameters.length;
    if (group > 1) {
      const extra = (n - fn.fixedParameters.length) % group;
      if (extra !== 0) {
        const last = e.args[n - 1];
        throw new EvalError(
          'EPX111',
          `${fn.name}'s ${fn.repeatedParameters.map((p) => p.name).join('/')} arguments come in groups of ${group}; the last group is incomplete.`,
          last.start,
          last.end,
        );
      }
    }
  }
}

function constant(e: Expr, value: Value): CNode {
  return new CNode(() => value, e, true, value);
}

/** A decimal constant's value: a number when safe, else a bigint. */
function parseNumberConstant(text: string): Value {
  const n = BigInt(text);
  return normalizeInteger(n);
}

function makeSite(fn: FunctionInfo, call: CallExpr, args: (CNode | null)[], text: string): CallSite {
  return {
    fn,
    call,
    text,
    args,
    arg(name: string): CNode | null {
      const i = parameterIndex(fn, name);
      if (i < 0) throw new Error(`catalogue: ${fn.name} has no fixed parameter "${name}"`);
      return args[i] ?? null;
    },
    rest(): readonly (CNode | null)[] {
      return args.slice(fn.fixedParameters.length);
    },
    label(name: string): string {
      const i = parameterIndex(fn, name);
      return `${fn.name}'s ${name}${i >= 0 ? ` (${ordinal(i + 1)} argument)` : ''}`;
    },
    fail(code: string, message: string, at?: { start: number; end: number }): never {
      const w = at ?? call;
      throw new EvalError(code, message, w.start, w.end);
    },
  };
}

function isFatal(code: string): boolean {
  return (codeInfo(code)?.severity ?? 'error') === 'error';
}

/**
 * Compiles an expression (text, a parse result, or a tree) once. Never throws for user input:
 * syntax errors and static problems become the compiled expression's `failure`.
 */
export function compileExpression(input: string | ParseResult | Expr): CompiledExpression {
  let text = '';
  let expr: Expr | null;
  if (typeof input === 'string' || (typeof input === 'object' && input !== null && 'errors' in input && 'tokens' in input)) {
    const parsed = typeof input === 'string' ? parseExpression(input) : (input as ParseResult);
    text = parsed.text;
    const syntax = parsed.errors.find((d) => isFatal(d.code));
    if (syntax) {
      return compiledOf(text, { kind: 'error', code: syntax.code, message: syntax.message, start: syntax.start, end: syntax.end }, false, undefined);
    }
    expr = parsed.expr;
  } else {
    expr = input as Expr;
  }
  if (!expr) {
    return compiledOf(text, { kind: 'error', code: 'EPX007', message: 'Empty expression: there is nothing to evaluate.', start: 0, end: text.length }, false, undefined);
  }
  const compiler = new Compiler(text);
  try {
    const root = compiler.node(expr);
    return compiledOf(text, undefined, compiler.nonDeterministic, root);
  } catch (e) {
    return compiledOf(text, toErrorOutcome(e, text), compiler.nonDeterministic, undefined);
  }
}

function compiledOf(
  text: string,
  failure: ErrorOutcome | undefined,
  nonDeterministic: boolean,
  root: CNode | undefined,
): CompiledExpression {
  const run = root
    ? makeRunner(root, text, fixedOutcomes(root.expr))
    : () => failure ?? { kind: 'error' as const, code: 'EVL099', message: 'The expression was not compiled.', start: 0, end: text.length };
  const c: Internal = { text, failure, nonDeterministic, root, run };
  return c;
}

function toErrorOutcome(e: unknown, text: string): ErrorOutcome {
  if (e instanceof EvalError) return { kind: 'error', code: e.code, message: e.message, start: e.start, end: e.end };
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /call stack/i.test(message)) {
    return { kind: 'error', code: 'EVL099', message: 'The expression nests too deeply to evaluate.', start: 0, end: text.length };
  }
  return { kind: 'error', code: 'EVL099', message: `Internal error while evaluating the expression: ${message}`, start: 0, end: text.length };
}

/** Evaluates a compiled expression against a source object. Never throws. */
export function evaluate(compiled: CompiledExpression, context: EvalContext): EvalOutcome {
  const c = compiled as Internal;
  return c.failure !== undefined ? c.failure : c.run(context);
}

/**
 * The evaluation entry of one compiled expression. It reuses one state (which keeps a reference to
 * the last source until the next evaluation); a nested evaluation, e.g. from an isValueTaken hook
 * evaluating the same expression, gets its own.
 */
function makeRunner(root: CNode, text: string, fixed: readonly ValueOutcome[]): (context: EvalContext) => EvalOutcome {
  let state: EvalState | undefined;
  let busy = false;
  return (context) => {
    const source = context == null ? undefined : context.source;
    if (typeof source !== 'object' || source === null || Array.isArray(source)) return badSource(text);
    const nested = busy;
    let st: EvalState;
    if (nested) {
      st = new EvalState(source, context);
    } else {
      st = state ??= new EvalState(source, context);
      st.reset(source, context);
      busy = true;
    }
    let value: Value;
    try {
      value = root.ev(st);
    } catch (e) {
      if (!nested) busy = false;
      if (e instanceof NoFlowSignal) {
        return st.redacted ? { kind: 'noflow', reason: e.reason, redacted: true } : { kind: 'noflow', reason: e.reason };
      }
      return toErrorOutcome(e, text);
    }
    if (!nested) busy = false;
    if (typeof value !== 'object' || value === null) {
      if (st.redacted) return { kind: 'value', value, redacted: true };
      // Results that are constants of the expression (the SCIM `active` mapping yields "True" or
      // "False"), Booleans, Not's "True"/"False" and null reuse frozen outcomes made at compile
      // time instead of allocating.
      for (let i = 0; i < fixed.length; i++) if (fixed[i].value === value) return fixed[i];
      return { kind: 'value', value };
    }
    if (value instanceof NoFlowValue) {
      return st.redacted ? { kind: 'noflow', reason: value.reason, redacted: true } : { kind: 'noflow', reason: value.reason };
    }
    return st.redacted ? { kind: 'value', value, redacted: true } : { kind: 'value', value };
  };
}

function badSource(text: string): ErrorOutcome {
  return { kind: 'error', code: 'EVL004', message: 'The source must be a JSON object keyed by source attribute names.', start: 0, end: text.length };
}

interface Internal extends CompiledExpression {
  run: (context: EvalContext) => EvalOutcome;
}

// true/false: CBool, IsNull, IsPresent, comparisons, Boolean attributes; "True"/"False": Not.
const COMMON_OUTCOMES: readonly ValueOutcome[] = [true, false, null, 'True', 'False'].map((value) => Object.freeze({ kind: 'value' as const, value }));

/**
 * Frozen outcomes for the constant values an expression can return as a whole: a constant, the
 * values and default of a top-level Switch, the branches of IIF, ... (at most 8), plus the
 * Booleans true and false, null, and the texts "True" and "False" (Not's results).
 */
function fixedOutcomes(expr: Expr | null): readonly ValueOutcome[] {
  const found: Value[] = [];
  const visit = (e: Expr | null, depth: number): void => {
    if (!e || depth > 4 || found.length >= 8) return;
    switch (e.kind) {
      case 'string':
        if (!found.includes(e.value)) found.push(e.value);
        return;
      case 'call': {
        const fn = getFunction(e.name);
        if (!fn) return;
        const args = e.args;
        if (fn.name === 'Switch') {
          visit(args[1]?.value ?? null, depth + 1);
          for (let i = 3; i < args.length; i += 2) visit(args[i].value, depth + 1);
        } else if (fn.name === 'IIF') {
          visit(args[1]?.value ?? null, depth + 1);
          visit(args[2]?.value ?? null, depth + 1);
        } else if (fn.name === 'Coalesce' || fn.name === 'IgnoreFlowIfNullOrEmpty' || fn.name === 'Redact') {
          for (const a of args) visit(a.value, depth + 1);
        }
        return;
      }
    }
  };
  visit(expr, 0);
  return [...found.map((value) => Object.freeze({ kind: 'value' as const, value })), ...COMMON_OUTCOMES];
}

// ---- cache -------------------------------------------------------------------------------------------

/** A small LRU of compiled expressions keyed by their text. */
export class ExpressionCache {
  private readonly map = new Map<string, CompiledExpression>();

  constructor(readonly limit = 256) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('ExpressionCache limit must be a positive integer');
  }

  get(text: string): CompiledExpression {
    const map = this.map;
    const hit = map.get(text);
    if (hit) {
      if (map.size > 1) {
        map.delete(text);
        map.set(text, hit);
      }
      return hit;
    }
    const compiled = compileExpression(text);
    map.set(text, compiled);
    if (map.size > this.limit) map.delete(map.keys().next().value!);
    return compiled;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

const sharedCache = new ExpressionCache(256);

/** Compiles through a shared LRU cache (256 texts). */
export function compileCached(text: string): CompiledExpression {
  return sharedCache.get(text);
}

/** Parses, compiles (cached by text) and evaluates. Never throws. */
export function evaluateExpression(text: string, context: EvalContext): EvalOutcome {
  if (typeof text !== 'string') {
    return { kind: 'error', code: 'EPX007', message: 'The expression must be text.', start: 0, end: 0 };
  }
  return evaluate(compileCached(text), context);
}
