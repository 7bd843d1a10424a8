// .NET replacement-pattern syntax (Regex.Replace, Match.Result):
//   $1 ${1} ${name}   the group's last capture ('' when it did not participate)
//   $$                a literal '$'
//   $& $0             the whole match
//   $`  $'            the input before / after the match
//   $+                the last group (highest number; the whole match when there are no groups)
//   $_                the whole input
// A reference to a group that does not exist stays literal text ("$9", "${nope}"), exactly as in
// .NET, which reads the longest run of digits after '$' (so "$10" is group 10 or literal "$10").

import { RegexSyntaxError } from './errors';
import { isBoundaryWordChar } from './unicode';

export const REPL_LEFT = -1;
export const REPL_RIGHT = -2;
export const REPL_LAST_GROUP = -3;
export const REPL_WHOLE_INPUT = -4;

/** A literal piece of text, or a group slot (>= 0) / special insertion (REPL_*). */
export type ReplacementPart = string | number;

export interface ReplacementGroups {
  /** Dense slot of a group number, or undefined if there is no such group. */
  slotOfNumber(n: number): number | undefined;
  /** Dense slot of a named group, or undefined. */
  slotOfName(name: string): number | undefined;
}

const INT_MAX = 0x7fffffff;

/** Parses a replacement string into literal text and substitutions. */
export function parseReplacement(replacement: string, groups: ReplacementGroups): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let text = '';
  const len = replacement.length;
  let pos = 0;
  const flushRef = (ref: number): void => {
    if (text) parts.push(text);
    text = '';
    parts.push(ref);
  };
  while (pos < len) {
    const dollar = replacement.indexOf('$', pos);
    if (dollar < 0) {
      text += replacement.slice(pos);
      break;
    }
    text += replacement.slice(pos, dollar);
    pos = dollar + 1;
    if (pos >= len) {
      text += '$';
      break;
    }
    const backpos = pos;
    let ch = replacement.charCodeAt(pos);
    let angled = false;
    if (ch === 0x7b && pos + 1 < len) {
      // ${
      angled = true;
      pos++;
      ch = replacement.charCodeAt(pos);
    }
    if (ch >= 48 && ch <= 57) {
      const numStart = pos;
      let n = 0;
      while (pos < len) {
        const d = replacement.charCodeAt(pos) - 48;
        if (d < 0 || d > 9) break;
        pos++;
        if (n > (INT_MAX - d) / 10) {
          while (pos < len && replacement.charCodeAt(pos) >= 48 && replacement.charCodeAt(pos) <= 57) pos++;
          throw new RegexSyntaxError(
            'Group number in replacement is too large (maximum 2147483647)',
            replacement,
            numStart,
            pos - numStart,
          );
        }
        n = n * 10 + d;
      }
      if (!angled || (pos < len && replacement.charCodeAt(pos++) === 0x7d)) {
        const slot = groups.slotOfNumber(n);
        if (slot !== undefined) {
          flushRef(slot);
          continue;
        }
      }
    } else if (angled && isBoundaryWordChar(ch)) {
      const nameStart = pos;
      while (pos < len && isBoundaryWordChar(replacement.charCodeAt(pos))) pos++;
      const name = replacement.slice(nameStart, pos);
      if (pos < len && replacement.charCodeAt(pos++) === 0x7d) {
        const slot = groups.slotOfName(name);
        if (slot !== undefined) {
          flushRef(slot);
          continue;
        }
      }
    } else if (!angled) {
      let ref = 1;
      switch (ch) {
        case 0x24: // $$
          text += '$';
          pos++;
          continue;
        case 0x26: // $&
          ref = 0;
          break;
        case 0x60: // $`
          ref = REPL_LEFT;
          break;
        case 0x27: // $'
          ref = REPL_RIGHT;
          break;
        case 0x2b: // $+
          ref = REPL_LAST_GROUP;
          break;
        case 0x5f: // $_
          ref = REPL_WHOLE_INPUT;
          break;
      }
      if (ref !== 1) {
        pos++;
        flushRef(ref);
        continue;
      }
    }
    // not a substitution: the '$' is literal and scanning resumes right after it
    text += '$';
    pos = backpos;
  }
  if (text) parts.push(text);
  return parts;
}

/** One match as the replacement sees it. */
export interface ReplacementMatch {
  readonly input: string;
  readonly start: number;
  readonly end: number;
  /** Number of group slots (slot 0 is the whole match). */
  readonly groupCount: number;
  /** Value of a group slot's last capture ('' when it did not participate). */
  group(slot: number): string;
}

export function applyReplacement(parts: readonly ReplacementPart[], m: ReplacementMatch): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if (part === 0) out += m.input.slice(m.start, m.end);
    else if (part > 0) out += m.group(part);
    else if (part === REPL_LEFT) out += m.input.slice(0, m.start);
    else if (part === REPL_RIGHT) out += m.input.slice(m.end);
    else if (part === REPL_WHOLE_INPUT) out += m.input;
    else if (part === REPL_LAST_GROUP) out += m.groupCount > 1 ? m.group(m.groupCount - 1) : m.input.slice(m.start, m.end);
  }
  return out;
}
