// Sets of UTF-16 code units, as .NET regular expressions see characters: one `char` at a time,
// so a surrogate pair is two characters and every set lives in 0x0000..0xFFFF.
//
// A set is a sorted array of disjoint, non-adjacent half-open ranges flattened as
// [lo0, hi0, lo1, hi1, ...] (lo inclusive, hi exclusive). Sets are immutable values; every
// operation returns a new array.

export type CharSet = readonly number[];

export const EMPTY_SET: CharSet = Object.freeze([]) as CharSet;
export const ANY_SET: CharSet = Object.freeze([0, 0x10000]) as CharSet;

export function singleChar(c: number): CharSet {
  return [c, c + 1];
}

/** The characters lo..hi, both inclusive. */
export function charRange(lo: number, hi: number): CharSet {
  return lo > hi ? EMPTY_SET : [lo, hi + 1];
}

/** Builds a set from inclusive [lo, hi] pairs given in any order, possibly overlapping. */
export function fromInclusivePairs(pairs: readonly number[]): CharSet {
  const ranges: [number, number][] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) ranges.push([pairs[i], pairs[i + 1] + 1]);
  return normalize(ranges);
}

/** Builds a set from a list of characters. */
export function fromChars(chars: Iterable<number>): CharSet {
  const ranges: [number, number][] = [];
  for (const c of chars) ranges.push([c, c + 1]);
  return normalize(ranges);
}

function normalize(ranges: [number, number][]): CharSet {
  if (ranges.length === 0) return EMPTY_SET;
  ranges.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let [lo, hi] = ranges[0];
  for (let i = 1; i < ranges.length; i++) {
    const [l, h] = ranges[i];
    if (l <= hi) {
      if (h > hi) hi = h;
    } else {
      out.push(lo, hi);
      lo = l;
      hi = h;
    }
  }
  out.push(lo, hi);
  return out;
}

export function union(a: CharSet, b: CharSet): CharSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const ranges: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) ranges.push([a[i], a[i + 1]]);
  for (let i = 0; i < b.length; i += 2) ranges.push([b[i], b[i + 1]]);
  return normalize(ranges);
}

export function unionAll(sets: readonly CharSet[]): CharSet {
  const ranges: [number, number][] = [];
  for (const s of sets) for (let i = 0; i < s.length; i += 2) ranges.push([s[i], s[i + 1]]);
  return normalize(ranges);
}

export function complement(a: CharSet): CharSet {
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > prev) out.push(prev, a[i]);
    prev = a[i + 1];
  }
  if (prev < 0x10000) out.push(prev, 0x10000);
  return out;
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo < hi) {
      if (out.length > 0 && out[out.length - 1] === lo) out[out.length - 1] = hi;
      else out.push(lo, hi);
    }
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

export function subtract(a: CharSet, b: CharSet): CharSet {
  if (a.length === 0 || b.length === 0) return a;
  return intersect(a, complement(b));
}

export function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.max(a[i], b[j]) < Math.min(a[i + 1], b[j + 1])) return true;
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return false;
}

export function isAnySet(a: CharSet): boolean {
  return a.length === 2 && a[0] === 0 && a[1] === 0x10000;
}

/** The only member of a one-character set, or -1. */
export function singleMember(a: CharSet): number {
  return a.length === 2 && a[1] === a[0] + 1 ? a[0] : -1;
}

