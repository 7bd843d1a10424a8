// Fast path: translating a parsed .NET pattern into an equivalent JavaScript RegExp.
//
// A translation is attempted only when it is exact and the pattern provably cannot backtrack
// catastrophically; otherwise the pattern runs on the bounded VM. Exactness rests on:
// - no `u` flag, so JavaScript matches UTF-16 code units like .NET;
// - every class, `.` and case-insensitive character is emitted as an explicit range list
//   computed by the parser (.NET Unicode classes, .NET case equivalences), with no `i` flag;
// - .NET anchors and `\b` are spelled out with JavaScript lookarounds;
// - only constructs whose semantics agree in both engines: no backreferences, lookarounds,
//   atomic or conditional groups, balancing groups, `\G` or duplicate group numbers; no
//   quantified expression that can match empty (the engines treat empty iterations differently);
//   no repeated body whose groups might not all participate in every iteration (JavaScript
//   resets captures at each iteration, .NET keeps the last one).
//
// Safety: per match attempt the work must stay linear in the input (times a small constant).
// - A variable quantifier (min < max) must not be able to trade characters with an earlier one
//   that is still "open": not yet cut off by a mandatory character it cannot consume, and not
//   separated by a character of every iteration that the later one cannot cross.
// - A body repeated more than once is a fixed run of single characters, or else iterations
//   cannot trade characters with each other, its alternations are decided by their first
//   character, and its captures participate in every iteration.
// - The number of alternation paths that can get past the same first character is bounded.
// The unanchored search still retries at every position, so index.ts gives the native engine
// inputs of at most NATIVE_MAX_INPUT characters.

import type { AnchorKind, Node } from './ast';
import { ANY_SET, CharSet, EMPTY_SET, overlaps, union, unionAll } from './charset';
import { boundaryWordSet } from './unicode';

export interface NativePlan {
  source: string;
  /** Dense group slot of each JavaScript capture group (index 0 = whole match). */
  groupSlots: number[];
}

class Unsafe extends Error {}

/** False only while building exact-but-unbounded translations (differential testing). */
let enforceSafety = true;

const MAX_PATHS = 16;
const MAX_COUNT = 1_000;

function unsafe(): never {
  throw new Unsafe();
}

/** Minimum number of characters the node consumes. */
function minLength(n: Node): number {
  switch (n.type) {
    case 'char':
    case 'set':
      return 1;
    case 'seq':
      return n.items.reduce((a, i) => a + minLength(i), 0);
    case 'alt':
      return Math.min(...n.branches.map(minLength));
    case 'capture':
    case 'atomic':
      return minLength(n.body);
    case 'repeat':
      return n.min * minLength(n.body);
    case 'condref':
    case 'condexpr':
      return Math.min(minLength(n.yes), minLength(n.no));
    default:
      return 0;
  }
}

/** Characters a match of the node may begin with (only called on supported nodes). */
function firstSet(n: Node): CharSet {
  switch (n.type) {
    case 'char':
      return [n.code, n.code + 1];
    case 'set':
      return n.set;
    case 'seq': {
      let acc: CharSet = EMPTY_SET;
      for (const item of n.items) {
        acc = union(acc, firstSet(item));
        if (minLength(item) > 0) break;
      }
      return acc;
    }
    case 'alt':
      return unionAll(n.branches.map(firstSet));
    case 'capture':
      return firstSet(n.body);
    case 'repeat':
      return firstSet(n.body);
    default:
      return EMPTY_SET;
  }
}

/** Every character the node may consume. */
function allChars(n: Node): CharSet {
  switch (n.type) {
    case 'char':
      return [n.code, n.code + 1];
    case 'set':
      return n.set;
    case 'seq':
      return unionAll(n.items.map(allChars));
    case 'alt':
      return unionAll(n.branches.map(allChars));
    case 'capture':
    case 'repeat':
      return allChars(n.body);
    default:
      return EMPTY_SET;
  }
}

/** A non-empty, fixed-length run of single characters (possibly inside capturing groups). */
function isFixedSimple(n: Node): boolean {
  switch (n.type) {
    case 'char':
    case 'set':
      return true;
    case 'seq':
      return n.items.length > 0 && n.items.every(isFixedSimple);
    case 'capture':
      return n.uncapture < 0 && isFixedSimple(n.body);
    case 'repeat':
      return n.min === n.max && n.min > 0 && (n.body.type === 'char' || n.body.type === 'set');
    default:
      return false;
  }
}

/** Every capture inside participates whenever the node matches (none under ?, | or a variable loop). */
function capturesMandatory(n: Node, optional = false): boolean {
  switch (n.type) {
    case 'capture':
      return !optional && capturesMandatory(n.body, optional);
    case 'alt':
      return n.branches.every((b) => capturesMandatory(b, true));
    case 'repeat':
      return capturesMandatory(n.body, optional || n.min === 0 || n.min !== n.max);
    case 'seq':
      return n.items.every((i) => capturesMandatory(i, optional));
    default:
      return true;
  }
}

/** Every alternation inside has non-empty branches that start with pairwise disjoint characters. */
function alternationsDeterministic(n: Node): boolean {
  if (n.type === 'alt') {
    const firsts: CharSet[] = [];
    for (const b of n.branches) {
      if (minLength(b) === 0) return false;
      const f = firstSet(b);
      if (firsts.some((o) => overlaps(o, f))) return false;
      firsts.push(f);
    }
  }
  return children(n).every(alternationsDeterministic);
}

function paths(n: Node): number {
  switch (n.type) {
    case 'seq':
      return Math.min(MAX_PATHS + 1, n.items.reduce((a, i) => Math.min(MAX_PATHS + 1, a * paths(i)), 1));
    case 'alt': {
      // only branches that can start with the same character can both get past it (a branch
      // that can match empty gets past anything)
      const firsts = n.branches.map((b) => (minLength(b) === 0 ? ANY_SET : firstSet(b)));
      const counts = n.branches.map(paths);
      let worst = 0;
      firsts.forEach((fi, i) => {
        let sum = 0;
        firsts.forEach((fj, j) => {
          if (i === j || overlaps(fi, fj)) sum += counts[j];
        });
        worst = Math.max(worst, sum);
      });
      return Math.min(MAX_PATHS + 1, worst);
    }
    case 'capture':
      return paths(n.body);
    case 'repeat':
      // bodies repeated more than once are deterministic (checked by analyze)
      return n.max <= 1 ? Math.min(MAX_PATHS + 1, paths(n.body) + (n.min === 0 ? 1 : 0)) : paths(n.body);
    default:
      return 1;
  }
}

/**
 * A variable quantifier that may still trade characters with what follows: `chars` it could give
 * back or take, and `barriers`, sets of which every iteration contains a character (a later
 * element that cannot consume one of them cannot reach back more than one iteration).
 */
interface OpenLoop {
  chars: CharSet;
  barriers: CharSet[];
}

function dedupe(open: OpenLoop[]): OpenLoop[] {
  const seen = new Set<string>();
  const out: OpenLoop[] = [];
  for (const o of open) {
    const k = `${o.chars.join(',')}|${o.barriers.map((b) => b.join(',')).join('|')}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(o);
    }
  }
  return out;
}

/** Sets of the single characters every match of the node must contain. */
function mandatorySets(n: Node): CharSet[] {
  switch (n.type) {
    case 'char':
      return [[n.code, n.code + 1]];
    case 'set':
      return [n.set];
    case 'seq':
      return n.items.flatMap(mandatorySets);
    case 'capture':
      return mandatorySets(n.body);
    case 'repeat':
      return n.min >= 1 ? mandatorySets(n.body) : [];
    default:
      return [];
  }
}

/** Whether variable element `v` (first chars `first`, all chars `all`) can trade with `o`. */
function trades(o: OpenLoop, first: CharSet, all: CharSet): boolean {
  return overlaps(o.chars, first) && o.barriers.every((b) => overlaps(b, all));
}

/**
 * Walks the pattern in match order with the variable quantifiers that are still open; returns
 * those open after the node. Throws Unsafe for anything unsupported or potentially super-linear.
 */
function analyze(n: Node, open: OpenLoop[]): OpenLoop[] {
  switch (n.type) {
    case 'empty':
      return open;
    case 'char':
    case 'set': {
      // a mandatory character closes every open quantifier that cannot consume it
      const c: CharSet = n.type === 'char' ? [n.code, n.code + 1] : n.set;
      return open.filter((o) => overlaps(o.chars, c));
    }
    case 'anchor':
      if (n.kind === 'start') unsafe();
      return open;
    case 'seq': {
      let o = open;
      for (const item of n.items) o = analyze(item, o);
      return o;
    }
    case 'alt':
      return dedupe(n.branches.flatMap((b) => analyze(b, open)));
    case 'capture':
      if (n.uncapture >= 0 || n.group < 0) unsafe();
      return analyze(n.body, open);
    case 'repeat': {
      if (n.min > MAX_COUNT || (n.max !== Infinity && n.max > MAX_COUNT)) unsafe();
      if (minLength(n.body) === 0) unsafe();
      const first = firstSet(n.body);
      const all = allChars(n.body);
      let inner: OpenLoop[] = [];
      if (n.max > 1 && !isFixedSimple(n.body)) {
        // a repeated body with choices inside: iterations must not be able to trade characters
        // (whatever is still open at the end of an iteration cannot start the next one), every
        // alternation must be decided by its first character, and every capture must participate
        // in every iteration (JavaScript clears captures at each iteration, .NET keeps them)
        if (!capturesMandatory(n.body)) unsafe();
        if (enforceSafety && !alternationsDeterministic(n.body)) unsafe();
        inner = analyze(n.body, []);
        if (enforceSafety) for (const o of inner) if (trades(o, first, all)) unsafe();
      } else if (n.max <= 1) {
        inner = analyze(n.body, []);
      }
      if (n.min === n.max) return dedupe([...analyze(n.body, open), ...inner]);
      if (enforceSafety) for (const o of open) if (trades(o, first, all)) unsafe();
      const own: OpenLoop = { chars: all, barriers: mandatorySets(n.body) };
      // a mandatory first iteration closes the open loops that cannot consume its first character
      const still = n.min >= 1 ? open.filter((o) => overlaps(o.chars, first)) : open;
      return dedupe([...still, ...inner, own]);
    }
    default:
      return unsafe();
  }
}

function hex4(c: number): string {
  return '\\u' + c.toString(16).padStart(4, '0');
}

function charSource(c: number): string {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return String.fromCharCode(c);
  return hex4(c);
}

function classSource(set: CharSet): string {
  let s = '[';
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i];
    const hi = set[i + 1] - 1;
    s += hex4(lo);
    if (hi > lo) s += (hi > lo + 1 ? '-' : '') + hex4(hi);
  }
  return s + ']';
}

function anchorSource(kind: AnchorKind): string {
  switch (kind) {
    case 'begin':
      return '^';
    case 'bol':
      return '(?:^|(?<=\\n))';
    case 'end':
      return '$';
    case 'endz':
      return '(?=\\n?$)';
    case 'eol':
      return '(?=\\n|$)';
    case 'boundary': {
      const w = classSource(boundaryWordSet());
      return `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
    }
    case 'nonboundary': {
      const w = classSource(boundaryWordSet());
      return `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
    }
    case 'start':
      return unsafe();
  }
}

class Emitter {
  readonly groupSlots: number[] = [0];
  constructor(private readonly groupIndex: Map<number, number>) {}

  emit(n: Node): string {
    switch (n.type) {
      case 'empty':
        return '(?:)';
      case 'char':
        return charSource(n.code);
      case 'set':
        return classSource(n.set);
      case 'seq':
        return n.items.map((i) => this.emit(i)).join('');
      case 'alt':
        return '(?:' + n.branches.map((b) => this.emit(b)).join('|') + ')';
      case 'capture': {
        this.groupSlots.push(this.groupIndex.get(n.group)!);
        return '(' + this.emit(n.body) + ')';
      }
      case 'anchor':
        return anchorSource(n.kind);
      case 'repeat': {
        const body = n.body;
        const atom =
          body.type === 'char' || body.type === 'set' || body.type === 'capture'
            ? this.emit(body)
            : '(?:' + this.emit(body) + ')';
        let q: string;
        if (n.max === Infinity) q = n.min === 0 ? '*' : n.min === 1 ? '+' : `{${n.min},}`;
        else if (n.min === 0 && n.max === 1) q = '?';
        else q = n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
        return atom + q + (n.lazy && n.min !== n.max ? '?' : '');
      }
      default:
        return unsafe();
    }
  }
}

/**
 * Returns a JavaScript translation of the pattern, or null when the VM must be used.
 * `safeOnly: false` (tests only) also translates patterns that are exact but may backtrack
 * catastrophically, to compare the VM against the JavaScript engine on short inputs.
 */
export function planNative(root: Node, groupNumbers: readonly number[], safeOnly = true): NativePlan | null {
  // group 0 wraps the whole pattern; its body is what JavaScript sees
  if (root.type !== 'capture' || root.group !== 0) return null;
  const body = root.body;
  const seen = new Set<number>();
  let duplicate = false;
  const visit = (n: Node): void => {
    if (n.type === 'capture') {
      if (seen.has(n.group)) duplicate = true;
      seen.add(n.group);
    }
    for (const child of children(n)) visit(child);
  };
  visit(body);
  if (duplicate || seen.has(0)) return null;
  enforceSafety = safeOnly;
  try {
    analyze(body, []);
    if (safeOnly && paths(body) > MAX_PATHS) return null;
    const groupIndex = new Map<number, number>();
    groupNumbers.forEach((g, i) => groupIndex.set(g, i));
    const e = new Emitter(groupIndex);
    const source = e.emit(body);
    // make sure the engine accepts it (it always should)
    new RegExp(source, 'g');
    return { source, groupSlots: e.groupSlots };
  } catch (err) {
    if (err instanceof Unsafe || err instanceof SyntaxError) return null;
    throw err;
  } finally {
    enforceSafety = true;
  }
}

function children(n: Node): Node[] {
  switch (n.type) {
    case 'seq':
      return n.items;
    case 'alt':
      return n.branches;
    case 'capture':
    case 'look':
    case 'atomic':
    case 'repeat':
      return [n.body];
    case 'condref':
      return [n.yes, n.no];
    case 'condexpr':
      return [n.cond, n.yes, n.no];
    default:
      return [];
  }
}

export { children };
