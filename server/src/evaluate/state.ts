// Per-evaluation state and the compiled-node shape shared by the compiler and the functions.

import { randomBytes } from 'node:crypto';
import type { FunctionInfo } from '../catalog/functions';
import type { CallExpr, Expr } from '../language/expression/ast';
import { DateTimeValue, fromDate } from './datetime';
import { EvalError } from './errors';
import { Value } from './values';

/** What an evaluation runs against. */
export interface EvalContext {
  /** The source object: JSON keyed by source attribute names. */
  source: Record<string, unknown>;
  /** The clock for Now() and for dates without a year; default: the real time, read once per evaluation. */
  now?: Date | DateTimeValue;
  /** Randomness for Guid() and RandomString(): a function returning [0, 1). Default: crypto-strong. */
  random?: () => number;
  /**
   * SelectUniqueValue's hook: true when `candidate` is already present in the target. Without it
   * nothing counts as taken (the first rule with a value wins).
   */
  isValueTaken?: (candidate: string) => boolean;
}

/** A compiled expression node: a closure plus what error messages and folding need. One shape for all. */
export class CNode {
  constructor(
    readonly ev: (st: EvalState) => Value,
    readonly expr: Expr,
    /** True when the value is known at compile time (`value` holds it). */
    readonly constant: boolean,
    readonly value: Value | undefined,
  ) {
    this.start = expr.start;
    this.end = expr.end;
  }
  readonly start: number;
  readonly end: number;
}

/** What a function implementation is given at compile time. */
export interface CallSite {
  readonly fn: FunctionInfo;
  readonly call: CallExpr;
  /** The whole expression text ('' when compiled from a bare tree), for ranges inside constants. */
  readonly text: string;
  /** One entry per written argument slot; null for an empty slot. */
  readonly args: readonly (CNode | null)[];
  /** The fixed (non-repeatable) parameter `name`, by the catalogue's position; null when empty or not written. */
  arg(name: string): CNode | null;
  /** The arguments bound to the repeatable parameter group, in order. */
  rest(): readonly (CNode | null)[];
  /** "Left's NumChars (2nd argument)". */
  label(name: string): string;
  /** Throws a compile-time error at `at` (or the call). */
  fail(code: string, message: string, at?: { start: number; end: number }): never;
}

/** A function implementation: builds the closure of one call at compile time. */
export type Binder = (site: CallSite) => (st: EvalState) => Value;

let cryptoRandom: (() => number) | undefined;

function defaultRandom(): () => number {
  if (!cryptoRandom) {
    // Crypto-strong [0, 1): RandomString feeds initial passwords.
    let pool: Buffer = Buffer.alloc(0);
    let at = 0;
    cryptoRandom = () => {
      if (at + 6 > pool.length) {
        pool = randomBytes(1536);
        at = 0;
      }
      const n = pool.readUIntBE(at, 6);
      at += 6;
      return n / 2 ** 48;
    };
  }
  return cryptoRandom;
}

/** Mutable state of one evaluation. */
export class EvalState {
  /** Set by Redact(): the outcome is marked redacted. Use `markRedacted()`. */
  redacted = false;
  /** True once now(), random() or markRedacted() touched per-evaluation fields; reset() then clears them. */
  private dirty = false;
  private nowValue: DateTimeValue | undefined = undefined;
  private rnd: (() => number) | undefined = undefined;
  /** Set while an evaluation uses this state (states are reused, see compile.ts). */
  busy = false;

  constructor(
    public source: Record<string, unknown>,
    public ctx: EvalContext,
  ) {}

  /** Prepares a reused state for a new evaluation. */
  reset(source: Record<string, unknown>, ctx: EvalContext): void {
    this.source = source;
    this.ctx = ctx;
    if (this.dirty) {
      this.dirty = false;
      this.redacted = false;
      this.nowValue = undefined;
      this.rnd = undefined;
    }
  }

  markRedacted(): void {
    this.redacted = true;
    this.dirty = true;
  }

  /** The evaluation's clock, read once so every Now() of one evaluation agrees. */
  now(at: { start: number; end: number }): DateTimeValue {
    if (this.nowValue) return this.nowValue;
    this.dirty = true;
    const n = this.ctx.now;
    try {
      this.nowValue = n === undefined ? fromDate(new Date()) : n instanceof Date ? fromDate(n) : n;
    } catch (e) {
      throw new EvalError('EVL008', `The clock given for Now() is not usable: ${(e as Error).message}`, at.start, at.end);
    }
    return this.nowValue;
  }

  /** A random number in [0, 1) from the injected source, or a crypto-strong default. */
  random(at: { start: number; end: number }): number {
    this.dirty = true;
    const r = (this.rnd ??= this.ctx.random ?? defaultRandom());
    const x = r();
    if (typeof x !== 'number' || !(x >= 0 && x < 1)) {
      throw new EvalError('EVL099', `The random source returned ${String(x)}; it must return a number in [0, 1).`, at.start, at.end);
    }
    return x;
  }
}
