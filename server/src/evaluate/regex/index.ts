// .NET-flavoured regular expressions for Entra's Replace function and the REGEX MATCH scoping
// operators, evaluated in Node with bounded work.
//
// compileRegex parses the pattern with .NET's rules (parser.ts) and picks an engine:
// - "native": an exact translation to a JavaScript RegExp, used only when the pattern provably
//   cannot backtrack catastrophically (native.ts);
// - "backtracking": our own VM (vm.ts), which counts its steps and throws RegexBudgetError once
//   a call exceeds its budget, so pathological patterns such as (a+)+$ cannot hang the caller.
// Both engines produce identical results; compiled regexes are cached (bounded LRU).

import { RegexBudgetError, RegexSyntaxError } from './errors';
import { planNative } from './native';
import {
  OPT_EXPLICIT_CAPTURE,
  OPT_IGNORE_CASE,
  OPT_IGNORE_WHITESPACE,
  OPT_MULTILINE,
  OPT_SINGLELINE,
  ParsedRegex,
  parseRegex,
} from './parser';
import { compileProgram, Program } from './program';
import { ReplacementMatch, ReplacementPart, applyReplacement, parseReplacement } from './replacement';
import { PatternDiagnostic, validatePattern } from './validate';
import { Budget, VmState, search } from './vm';

export { RegexBudgetError, RegexSyntaxError };
export type { ReplacementPart };
export { REPL_LAST_GROUP, REPL_LEFT, REPL_RIGHT, REPL_WHOLE_INPUT } from './replacement';

export interface RegexOptions {
  ignoreCase?: boolean;
  multiline?: boolean;
  singleline?: boolean;
  explicitCapture?: boolean;
  ignorePatternWhitespace?: boolean;
  /**
   * Upper bound on matcher work per call (backtracking steps); default 1_000_000. A step is an
   * executed instruction, a character examined by a repetition or backreference, or a
   * backtrack; one call (isMatch, match, matches, replace, replaceWith) shares one budget.
   */
  budget?: number;
  /**
   * 'auto' (default) uses a native JavaScript RegExp when that is exact and safe, otherwise the
   * bounded backtracking engine; 'backtracking' always uses the bounded engine.
   */
  engine?: 'auto' | 'backtracking';
}

export interface GroupCapture {
  /** The group's name, or its number as a string for unnamed groups. */
  name: string;
  number: number;
  success: boolean;
  /** Start of the group's last capture (0 when it did not participate). */
  index: number;
  length: number;
  value: string;
}

export interface RegexMatch {
  index: number;
  length: number;
  value: string;
  /** [0] is the whole match; then every group in .NET group-number order. */
  groups: GroupCapture[];
  group(nameOrNumber: string | number): GroupCapture | undefined;
}

export interface DotNetRegex {
  readonly pattern: string;
  /** As .NET Regex.GetGroupNames(): in group-number order, unnamed groups by their number. */
  readonly groupNames: readonly string[];
  /** As .NET Regex.GetGroupNumbers(), ascending. */
  readonly groupNumbers: readonly number[];
  /**
   * Which engine evaluates this pattern. Inputs longer than NATIVE_MAX_INPUT always go to the
   * bounded backtracking engine; results are identical either way.
   */
  readonly engine: 'native' | 'backtracking';
  /** Unanchored search, like Regex.IsMatch. */
  isMatch(input: string): boolean;
  /** First match at or after `startat` (lookbehinds and anchors still see the whole input). */
  match(input: string, startat?: number): RegexMatch | null;
  /** All non-overlapping matches, like Regex.Matches. */
  matches(input: string): RegexMatch[];
  /** Regex.Replace with a .NET replacement pattern ($1, ${name}, $$, $&, ...). */
  replace(input: string, replacement: string): string;
  /** Regex.Replace with a MatchEvaluator. */
  replaceWith(input: string, evaluator: (m: RegexMatch) => string): string;
  /**
   * Parses a replacement pattern against this regex's groups: literal strings, group slots
   * (indexes into RegexMatch.groups) and REPL_* specials. References to missing groups stay
   * literal text, as in .NET; a group number above 2147483647 throws RegexSyntaxError.
   */
  parseReplacement(replacement: string): readonly ReplacementPart[];
}

export const DEFAULT_REGEX_BUDGET = 1_000_000;
const CACHE_LIMIT = 256;
/**
 * Longest input given to the native engine. Native patterns backtrack linearly per match
 * attempt, but an unanchored search may retry at every position (quadratic in the worst case),
 * so longer inputs go to the VM, whose step budget bounds them.
 */
export const NATIVE_MAX_INPUT = 10_000;
const REPLACEMENT_CACHE_LIMIT = 16;

function optionBits(options: RegexOptions | null | undefined): number {
  if (options === null || options === undefined || typeof options !== 'object') return 0;
  return (
    (options.ignoreCase ? OPT_IGNORE_CASE : 0) |
    (options.multiline ? OPT_MULTILINE : 0) |
    (options.explicitCapture ? OPT_EXPLICIT_CAPTURE : 0) |
    (options.singleline ? OPT_SINGLELINE : 0) |
    (options.ignorePatternWhitespace ? OPT_IGNORE_WHITESPACE : 0)
  );
}

function checkInput(input: unknown): asserts input is string {
  if (typeof input !== 'string') {
    throw new TypeError(`Regex input must be a string, got ${input === null ? 'null' : typeof input}`);
  }
}

class MatchImpl implements RegexMatch {
  readonly index: number;
  readonly length: number;
  readonly value: string;
  readonly groups: GroupCapture[];

  constructor(
    private readonly regex: CompiledRegex,
    input: string,
    spans: Int32Array,
  ) {
    const groups: GroupCapture[] = [];
    const names = regex.groupNames;
    const numbers = regex.groupNumbers;
    for (let i = 0; i < numbers.length; i++) {
      const s = spans[i * 2];
      const e = spans[i * 2 + 1];
      const success = s >= 0;
      groups.push({
        name: names[i],
        number: numbers[i],
        success,
        index: success ? s : 0,
        length: success ? e - s : 0,
        value: success ? input.slice(s, e) : '',
      });
    }
    this.groups = groups;
    this.index = groups[0].index;
    this.length = groups[0].length;
    this.value = groups[0].value;
  }

  group(nameOrNumber: string | number): GroupCapture | undefined {
    const slot =
      typeof nameOrNumber === 'number' ? this.regex.slotOfNumber(nameOrNumber) : this.regex.slotOfName(String(nameOrNumber));
    return slot === undefined ? undefined : this.groups[slot];
  }
}

interface NativeRegex {
  /** Non-global: for isMatch. */
  test: RegExp;
  /** Global: whole-match positions only. */
  exec: RegExp;
  /** Global with match indices: group positions too (slower, so used only when needed). */
  execIndices: RegExp;
  /** Dense group slot of each JavaScript group. */
  slots: Int32Array;
  /** JavaScript group index of each dense slot, -1 when the group never captures. */
  jsIndexOfSlot: Int32Array;
}

class CompiledRegex implements DotNetRegex {
  readonly pattern: string;
  readonly groupNames: readonly string[];
  readonly groupNumbers: readonly number[];
  readonly engine: 'native' | 'backtracking';
  private readonly slotsByNumber = new Map<number, number>();
  private readonly slotsByName = new Map<string, number>();
  private readonly groupCount: number;
  private readonly budgetSteps: number;
  private readonly native: NativeRegex | null;
  private readonly parsed: ParsedRegex;
  private prog: Program | null;
  private readonly pool: VmState[] = [];
  private readonly replacements = new Map<string, ReplacementPart[]>();

  constructor(parsed: ParsedRegex, budget: number, allowNative: boolean) {
    this.pattern = parsed.pattern;
    this.groupNames = Object.freeze(parsed.groupNames.slice());
    this.groupNumbers = Object.freeze(parsed.groupNumbers.slice());
    this.groupCount = parsed.groupNumbers.length;
    parsed.groupNumbers.forEach((n, i) => this.slotsByNumber.set(n, i));
    for (const [name, n] of parsed.nameToNumber) this.slotsByName.set(name, this.slotsByNumber.get(n)!);
    this.budgetSteps = budget;
    this.parsed = parsed;
    const plan = allowNative ? planNative(parsed.root, parsed.groupNumbers) : null;
    if (plan) {
      this.native = {
        test: new RegExp(plan.source),
        exec: new RegExp(plan.source, 'g'),
        execIndices: new RegExp(plan.source, 'gd'),
        slots: Int32Array.from(plan.groupSlots),
        jsIndexOfSlot: Int32Array.from(parsed.groupNumbers, (_, slot) => plan.groupSlots.indexOf(slot)),
      };
      this.prog = null;
      this.engine = 'native';
    } else {
      this.native = null;
      this.prog = compileProgram(parsed);
      this.engine = 'backtracking';
    }
  }

  slotOfNumber(n: number): number | undefined {
    return this.slotsByNumber.get(n);
  }

  slotOfName(name: string): number | undefined {
    return this.slotsByName.get(name);
  }

  /** The VM program (compiled on first use when the native engine is primary). */
  private program(): Program {
    return (this.prog ??= compileProgram(this.parsed));
  }

  /** The native engine, when the pattern has one and the input is short enough for it. */
  private nativeFor(input: string): NativeRegex | null {
    return this.native !== null && input.length <= NATIVE_MAX_INPUT ? this.native : null;
  }

  private newBudget(): Budget {
    return { left: this.budgetSteps, total: this.budgetSteps };
  }

  /**
   * Finds the first match at or after `from`; fills `out` with [start, end] per group slot
   * (only slot 0 is guaranteed when `groups` is false).
   */
  private find(input: string, from: number, scanStart: number, budget: Budget, out: Int32Array, groups = true): boolean {
    const native = this.nativeFor(input);
    if (native) {
      out.fill(-1);
      if (!groups || native.slots.length === 1) {
        const re = native.exec;
        re.lastIndex = from;
        const m = re.exec(input);
        if (m === null) return false;
        out[0] = m.index;
        out[1] = m.index + m[0].length;
        return true;
      }
      const re = native.execIndices;
      re.lastIndex = from;
      const m = re.exec(input);
      if (m === null) return false;
      const indices = m.indices!;
      for (let j = 0; j < indices.length; j++) {
        const span = indices[j];
        if (span === undefined) continue;
        const slot = native.slots[j];
        out[slot * 2] = span[0];
        out[slot * 2 + 1] = span[1];
      }
      return true;
    }
    const prog = this.program();
    const st = this.pool.pop() ?? new VmState(prog);
    try {
      return search(prog, st, input, from, scanStart, budget, out);
    } finally {
      this.pool.push(st);
    }
  }

  /** Calls `f` with the spans of every match, left to right, with .NET's empty-match stepping. */
  private forEachMatch(input: string, f: (spans: Int32Array) => void, groups = true): void {
    const budget = this.newBudget();
    const len = input.length;
    let from = 0;
    let scanStart = 0;
    for (;;) {
      const spans = new Int32Array(this.groupCount * 2);
      if (!this.find(input, from, scanStart, budget, spans, groups)) return;
      f(spans);
      const start = spans[0];
      const end = spans[1];
      if (end === start) {
        // after an empty match the next search starts one character later (\G stays put)
        if (end >= len) return;
        from = end + 1;
      } else {
        from = end;
      }
      scanStart = end;
    }
  }

  isMatch(input: string): boolean {
    checkInput(input);
    const native = this.nativeFor(input);
    if (native) return native.test.test(input);
    return this.find(input, 0, 0, this.newBudget(), new Int32Array(this.groupCount * 2), false);
  }

  match(input: string, startat = 0): RegexMatch | null {
    checkInput(input);
    if (!Number.isInteger(startat) || startat < 0 || startat > input.length) {
      throw new RangeError(`startat must be an integer between 0 and the input length (${input.length}), got ${startat}`);
    }
    const spans = new Int32Array(this.groupCount * 2);
    if (!this.find(input, startat, startat, this.newBudget(), spans)) return null;
    return new MatchImpl(this, input, spans);
  }

  matches(input: string): RegexMatch[] {
    checkInput(input);
    const out: RegexMatch[] = [];
    this.forEachMatch(input, (spans) => out.push(new MatchImpl(this, input, spans)));
    return out;
  }

  parseReplacement(replacement: string): readonly ReplacementPart[] {
    if (typeof replacement !== 'string') throw new TypeError('Replacement must be a string');
    let parts = this.replacements.get(replacement);
    if (!parts) {
      parts = parseReplacement(replacement, this);
      if (this.replacements.size >= REPLACEMENT_CACHE_LIMIT) {
        this.replacements.delete(this.replacements.keys().next().value!);
      }
      this.replacements.set(replacement, parts);
    }
    return parts;
  }

  replace(input: string, replacement: string): string {
    checkInput(input);
    const parts = this.parseReplacement(replacement);
    let out = '';
    let prev = 0;
    let any = false;
    this.forEachReplacementMatch(input, (m) => {
      out += input.slice(prev, m.start) + applyReplacement(parts, m);
      prev = m.end;
      any = true;
    });
    return any ? out + input.slice(prev) : input;
  }

  /**
   * Like forEachMatch, but hands out group values only. On the native path this avoids match
   * indices (which JavaScript computes slowly); group values come straight from the exec result.
   */
  private forEachReplacementMatch(input: string, f: (m: ReplacementMatch) => void): void {
    const native = this.nativeFor(input);
    const groupCount = this.groupCount;
    if (!native) {
      this.forEachMatch(input, (spans) =>
        f({
          input,
          start: spans[0],
          end: spans[1],
          groupCount,
          group: (slot) => (spans[slot * 2] >= 0 ? input.slice(spans[slot * 2], spans[slot * 2 + 1]) : ''),
        }),
      );
      return;
    }
    const jsIndex = native.jsIndexOfSlot;
    const re = native.exec;
    const len = input.length;
    let from = 0;
    for (;;) {
      re.lastIndex = from;
      const m = re.exec(input);
      if (m === null) return;
      const start = m.index;
      const end = start + m[0].length;
      f({ input, start, end, groupCount, group: (slot) => (jsIndex[slot] >= 0 ? (m[jsIndex[slot]] ?? '') : '') });
      if (end === start) {
        if (end >= len) return;
        from = end + 1;
      } else {
        from = end;
      }
    }
  }

  replaceWith(input: string, evaluator: (m: RegexMatch) => string): string {
    checkInput(input);
    if (typeof evaluator !== 'function') throw new TypeError('evaluator must be a function');
    const found = this.matches(input);
    if (found.length === 0) return input;
    let out = '';
    let prev = 0;
    for (const m of found) {
      const r: unknown = evaluator(m);
      out += input.slice(prev, m.index) + (r === null || r === undefined ? '' : String(r));
      prev = m.index + m.length;
    }
    return out + input.slice(prev);
  }
}

// ---- cache -----------------------------------------------------------------------------------------

const cache = new Map<string, CompiledRegex>();

function normalizeBudget(budget: unknown): number {
  if (budget === undefined) return DEFAULT_REGEX_BUDGET;
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1 || budget > 2 ** 31 - 1) {
    throw new RangeError(`Regex budget must be an integer between 1 and 2147483647, got ${String(budget)}`);
  }
  return budget;
}

/** Compiles (and caches, bounded LRU keyed by pattern+options) a .NET pattern. Throws RegexSyntaxError. */
export function compileRegex(pattern: string, options: RegexOptions = {}): DotNetRegex {
  if (typeof pattern !== 'string') throw new TypeError('Regex pattern must be a string');
  if (options === null || typeof options !== 'object') throw new TypeError('Regex options must be an object');
  const bits = optionBits(options);
  const budget = normalizeBudget(options.budget);
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'backtracking') throw new RangeError(`Unknown regex engine '${String(engine)}'`);
  const key = `${bits}|${budget}|${engine}|${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = new CompiledRegex(parseRegex(pattern, bits), budget, engine === 'auto');
  cache.set(key, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return compiled;
}

/** Number of compiled regexes currently cached (for diagnostics and tests). */
export function regexCacheSize(): number {
  return cache.size;
}

/** Empties the compiled-regex cache. */
export function clearRegexCache(): void {
  cache.clear();
}

export const REGEX_CACHE_LIMIT = CACHE_LIMIT;

export type RegexDiagnostic = PatternDiagnostic;

/**
 * For editor diagnostics: syntax errors (severity error) and constructs we cannot emulate exactly
 * or that risk exhausting the step budget (warning). Never throws.
 */
export function validateRegex(pattern: string, options: RegexOptions = {}): RegexDiagnostic[] {
  return validatePattern(pattern, optionBits(options));
}
