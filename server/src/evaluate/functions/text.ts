// Text and multi-valued functions: Append, Join, Left, Mid, InStr, Item, Split, StripSpaces,
// RemoveDuplicates, Count, CStr, Word, ConvertToBase64, ConvertToUTF8Hex, BitAnd,
// NormalizeDiacritics, PCase, ToLower, ToUpper.
//
// Null handling [inferred, spec section 3]: null in the main text argument gives null (the
// attribute then does not flow), except where the docs say otherwise (Left and Word give "").
// A null in a secondary text argument (a suffix, separator, delimiter) counts as "". A null
// where a number is required is an error (EVL004). All arguments are evaluated (eager).

import {
  argLabel, evInt, evInt64, evText, evValue, missingValue, quoteValue, valueText,
} from '../convert';
import { EvalError } from '../errors';
import type { Binder, CallSite, CNode, EvalState } from '../state';
import { ComplexValue, normalizeInteger, RolesValue, textOf } from '../values';
import { Casing, foldForTextCompare, pcaseCustom, pcaseDefault, resolveCulture, toLowerCase, toUpperCase } from './casing';
import { normalizeDiacritics } from './diacritics';

/** Append(source, suffix): source followed by suffix. Null source gives null; a null suffix counts as "". */
export const Append: Binder = (site) => {
  const source = site.arg('source');
  const suffix = site.arg('suffix');
  return (st) => {
    const s = evText(st, source, site);
    const x = evText(st, suffix, site);
    return s === null ? null : x === null ? s : s + x;
  };
};

/**
 * Join(separator, source1, ...): the sources' values with the separator between them. Multi-valued
 * sources contribute each value; null and "" values are skipped (no doubled separators, spec 4.24).
 * [undocumented] When every source is null the result is null; when something was present but
 * empty it is "". A null separator counts as "".
 */
export const Join: Binder = (site) => {
  const sepNode = site.arg('separator');
  const sources = site.rest().filter((n): n is CNode => n !== null);
  const constSep = sepNode && sepNode.constant ? textOf(sepNode.value!) : undefined;
  const count = sources.length;
  return (st) => {
    const sep = constSep !== undefined ? constSep : (evText(st, sepNode, site) ?? '');
    let out: string | undefined;
    let present = false;
    for (let i = 0; i < count; i++) {
      const node = sources[i];
      const v = node.ev(st);
      if (typeof v === 'string') {
        if (v === '') {
          present = true;
          continue;
        }
        out = out === undefined ? v : out + sep + v;
        continue;
      }
      if (v === null) continue;
      if (Array.isArray(v)) {
        present = true;
        for (let j = 0; j < v.length; j++) {
          const item = v[j];
          if (item === '') continue;
          out = out === undefined ? item : out + sep + item;
        }
        continue;
      }
      const t = valueText(v, site, node);
      if (t === null) continue;
      present = true;
      if (t === '') continue;
      out = out === undefined ? t : out + sep + t;
    }
    return out !== undefined ? out : present ? '' : null;
  };
};

/**
 * Left(String, NumChars): the first NumChars characters (UTF-16 code units, as .NET). Per spec
 * 4.25: NumChars 0 gives ""; a negative NumChars gives the input unchanged; a null string gives "";
 * a shorter string is returned whole.
 */
export const Left: Binder = (site) => {
  const source = site.arg('String');
  const count = site.arg('NumChars');
  return (st) => {
    const s = evText(st, source, site);
    const n = evInt(st, count, site);
    if (n === null) throw missingValue(site, count, 'Left needs the number of characters');
    if (s === null) return '';
    if (n < 0) return s;
    return n >= s.length ? s : s.slice(0, n);
  };
};

/**
 * Mid(source, start, length): `length` characters from the 1-based position `start`; a range that
 * runs past the end stops at the end. [undocumented] start beyond the end gives ""; start below 1
 * or a negative length is an error (EVL003), as in VB's Mid. Null source gives null.
 */
export const Mid: Binder = (site) => {
  const source = site.arg('source');
  const startNode = site.arg('start');
  const lengthNode = site.arg('length');
  return (st) => {
    const s = evText(st, source, site);
    const start = evInt(st, startNode, site, 1, 2147483647, ' Positions start at 1.');
    const length = evInt(st, lengthNode, site, 0, 2147483647, ' A length cannot be negative.');
    if (start === null) throw missingValue(site, startNode, 'Mid needs a start position');
    if (length === null) throw missingValue(site, lengthNode, 'Mid needs a length');
    if (s === null) return null;
    if (start > s.length) return '';
    return s.slice(start - 1, Math.min(s.length, start - 1 + length));
  };
};

/** InStr's compare mode from its compareType argument: true = vbTextCompare. */
function compareMode(st: EvalState, node: CNode | null, site: CallSite): boolean {
  if (node === null) return false;
  const v = evValue(st, node);
  if (v === null) return false;
  const t = valueText(v, site, node)!;
  const lower = t.trim().toLowerCase();
  if (lower === 'vbtextcompare' || lower === '1') return true;
  if (lower === 'vbbinarycompare' || lower === '0') return false;
  throw new EvalError(
    'EVL018',
    `${argLabel(site, node)} is ${quoteValue(t)}; expected vbTextCompare (case-insensitive) or vbBinaryCompare (case-sensitive).`,
    node.start,
    node.end,
  );
}

/**
 * InStr(value1, value2, start, compareType): the 1-based position of value2 in value1 at or after
 * `start` (default 1), 0 when absent (VB's InStr): "" in value1 gives 0; an empty value2 gives
 * `start`; a start past the end gives 0; start below 1 is an error. compareType vbBinaryCompare
 * (default) is ordinal and case-sensitive; vbTextCompare ignores case, width and kana type.
 * Null value1 gives null; a null value2 counts as "".
 */
export const InStr: Binder = (site) => {
  const v1 = site.arg('value1');
  const v2 = site.arg('value2');
  const startNode = site.arg('start');
  const modeNode = site.arg('compareType');
  let constMode: boolean | undefined;
  if (modeNode === null) constMode = false;
  else if (modeNode.constant) {
    const t = textOf(modeNode.value!)?.trim().toLowerCase();
    if (t === 'vbtextcompare' || t === '1') constMode = true;
    else if (t === 'vbbinarycompare' || t === '0') constMode = false;
  }
  return (st) => {
    const s1 = evText(st, v1, site);
    const s2 = evText(st, v2, site) ?? '';
    const start = evInt(st, startNode, site, 1, 2147483647, ' Positions start at 1.') ?? 1;
    const text = constMode ?? compareMode(st, modeNode, site);
    if (s1 === null) return null;
    if (s1.length === 0 || start - 1 > s1.length) return 0;
    if (s2.length === 0) return start;
    const at = text ? foldForTextCompare(s1).indexOf(foldForTextCompare(s2), start - 1) : s1.indexOf(s2, start - 1);
    return at + 1;
  };
};

/**
 * Item(attribute, index): the value at the 1-based position. [undocumented] An index past the last
 * value gives null; an index below 1 is an error (EVL003: "index 0 shouldn't be used"). A single
 * value counts as a list of one. Null gives null.
 */
export const Item: Binder = (site) => {
  const attr = site.arg('attribute');
  const indexNode = site.arg('index');
  return (st) => {
    const v = evValue(st, attr);
    const i = evInt(st, indexNode, site, 1, 2147483647, ' Positions start at 1: Item(x, 1) is the first value.');
    if (i === null) throw missingValue(site, indexNode, 'Item needs a position');
    if (v === null) return null;
    if (Array.isArray(v)) return i <= v.length ? v[i - 1] : null;
    const t = valueText(v, site, attr);
    return i === 1 ? t : null;
  };
};

/** .NET String.Trim's white space (char.IsWhiteSpace). */
const TRIM = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function dotnetTrim(s: string): string {
  return s.replace(TRIM, '');
}

/**
 * Split(source, delimiter): a multi-valued result of the pieces between delimiters.
 * [undocumented] The delimiter is matched as a whole (several characters allowed); each piece is
 * trimmed of white space, as the doc example's output shows ("a, b" -> ["a", "b"]); empty pieces
 * are dropped (a multi-valued attribute holds no empty values); no pieces gives null. An empty or
 * null delimiter gives the trimmed source as the only value. Null source gives null.
 */
export const Split: Binder = (site) => {
  const source = site.arg('source');
  const delimiter = site.arg('delimiter');
  return (st) => {
    const s = evText(st, source, site);
    const d = evText(st, delimiter, site) ?? '';
    if (s === null) return null;
    const pieces = d === '' ? [s] : s.split(d);
    const out: string[] = [];
    for (const p of pieces) {
      const t = dotnetTrim(p);
      if (t !== '') out.push(t);
    }
    return out.length === 0 ? null : out;
  };
};

/** StripSpaces(source): removes every U+0020 space; other white space stays (spec 4.39). */
export const StripSpaces: Binder = (site) => {
  const source = site.arg('source');
  return (st) => {
    const s = evText(st, source, site);
    if (s === null) return null;
    return s.indexOf(' ') < 0 ? s : s.replaceAll(' ', '');
  };
};

/**
 * RemoveDuplicates(attribute): the values without repeats, compared ordinally (case-sensitive),
 * keeping the first occurrence and the order [undocumented]. A single value gives a list of one.
 */
export const RemoveDuplicates: Binder = (site) => {
  const attr = site.arg('attribute');
  return (st) => {
    const v = evValue(st, attr);
    if (v === null) return null;
    if (Array.isArray(v)) {
      const seen = new Set<string>();
      const out: string[] = [];
      for (const x of v) {
        if (!seen.has(x)) {
          seen.add(x);
          out.push(x);
        }
      }
      return out;
    }
    const t = valueText(v, site, attr);
    return t === null ? null : [t];
  };
};

/**
 * Count(attribute): the number of values. [undocumented] Null gives 0; a single value counts 1;
 * a collection of objects (e.g. appRoleAssignments) counts its elements.
 */
export const Count: Binder = (site) => {
  const attr = site.arg('attribute');
  return (st) => {
    const v = evValue(st, attr);
    if (v === null) return 0;
    if (Array.isArray(v)) return v.length;
    if (v instanceof ComplexValue) return Array.isArray(v.raw) ? v.raw.length : 1;
    if (v instanceof RolesValue) return v.roles.length;
    return 1;
  };
};

/** CStr(value): the text of a number, Boolean ("True"/"False"), date or reference. Null gives null. */
export const CStr: Binder = (site) => {
  const arg = site.arg('value');
  return (st) => valueText(evValue(st, arg), site, arg);
};

/**
 * Word(String, WordNumber, Delimiters): splits on any character of Delimiters and returns word
 * number WordNumber (1-based). Per spec 4.43: a number below 1, a null string, or too few words
 * give "". [undocumented] Consecutive delimiters do not make empty words (VBA-like); no delimiters
 * leave the whole string as one word.
 */
export const Word: Binder = (site) => {
  const source = site.arg('String');
  const numberNode = site.arg('WordNumber');
  const delimNode = site.arg('Delimiters');
  return (st) => {
    const s = evText(st, source, site);
    const n = evInt(st, numberNode, site);
    const d = evText(st, delimNode, site) ?? '';
    if (n === null) throw missingValue(site, numberNode, 'Word needs a word number');
    if (s === null || n < 1) return '';
    let word = 0;
    let i = 0;
    const len = s.length;
    while (i < len) {
      while (i < len && d.includes(s[i])) i++;
      if (i >= len) break;
      const start = i;
      while (i < len && !d.includes(s[i])) i++;
      word++;
      if (word === n) return s.slice(start, i);
    }
    return '';
  };
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces unpaired surrogates by U+FFFD, as .NET's encoders do. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** ConvertToBase64(source): Base64 of the UTF-16LE bytes; lone surrogates become U+FFFD as in .NET. */
export const ConvertToBase64: Binder = (site) => {
  const source = site.arg('source');
  return (st) => {
    const s = evText(st, source, site);
    return s === null ? null : Buffer.from(wellFormed(s), 'utf16le').toString('base64');
  };
};

/** ConvertToUTF8Hex(source): upper-case hex of the UTF-8 bytes, no separators. */
export const ConvertToUTF8Hex: Binder = (site) => {
  const source = site.arg('source');
  return (st) => {
    const s = evText(st, source, site);
    return s === null ? null : Buffer.from(wellFormed(s), 'utf8').toString('hex').toUpperCase();
  };
};

/**
 * BitAnd(value1, value2): bitwise AND of two 64-bit integers (decimal text or VBA hex constants;
 * `&HF` is 15, `&HFFFFFFFFFFFFFFFF` is -1). Null in either gives null.
 */
export const BitAnd: Binder = (site) => {
  const a = site.arg('value1');
  const b = site.arg('value2');
  return (st) => {
    const x = evInt64(st, a, site);
    const y = evInt64(st, b, site);
    if (x === null || y === null) return null;
    return normalizeInteger(x & y);
  };
};

/** NormalizeDiacritics(source): see diacritics.ts. Null gives null. */
export const NormalizeDiacritics: Binder = (site) => {
  const source = site.arg('source');
  return (st) => {
    const s = evText(st, source, site);
    return s === null ? null : normalizeDiacritics(s);
  };
};

/**
 * PCase(source, wordSeparators): lower case, then the first letter of each word upper case. Without
 * wordSeparators (or when it is null) words follow .NET ToTitleCase; with it only its characters
 * separate words ("" makes the whole text one word). Invariant-culture casing. Null gives null.
 */
export const PCase: Binder = (site) => {
  const source = site.arg('source');
  const sepNode = site.arg('wordSeparators');
  return (st) => {
    const s = evText(st, source, site);
    const seps = sepNode === null ? null : evText(st, sepNode, site);
    if (s === null) return null;
    return seps === null ? pcaseDefault(s) : pcaseCustom(s, seps);
  };
};

function cultureCasing(st: EvalState, node: CNode | null, site: CallSite, constant: Casing | undefined): Casing {
  if (constant !== undefined) return constant;
  if (node === null) return 'invariant';
  const name = evText(st, node, site);
  if (name === null) return 'invariant';
  const casing = resolveCulture(name);
  if (casing) return casing;
  throw unknownCulture(site, node, name);
}

function unknownCulture(site: CallSite, node: CNode, name: string): EvalError {
  const hint = name.includes('_') ? ` Write "${name.replace(/_/g, '-')}" (hyphen, not underscore).` : name.trim() !== name ? ' Remove the spaces.' : '';
  return new EvalError(
    'EVL011',
    `${argLabel(site, node)} ${quoteValue(name)} is not a culture .NET knows. Use an RFC 4646 name such as "en-US", "tr-TR" or "ja-JP", ` +
      `a three-letter ISO 639-2 code such as "tur", or leave it out for the invariant culture.${hint}`,
    node.start,
    node.end,
  );
}

function casingBinder(upper: boolean): Binder {
  return (site) => {
    const source = site.arg('source');
    const cultureNode = site.arg('culture');
    let constant: Casing | undefined;
    if (cultureNode === null) constant = 'invariant';
    else if (cultureNode.constant) {
      const name = textOf(cultureNode.value!);
      if (name !== undefined) {
        const c = resolveCulture(name);
        if (!c) throw unknownCulture(site, cultureNode, name);
        constant = c;
      }
    }
    return (st) => {
      const s = evText(st, source, site);
      const casing = cultureCasing(st, cultureNode, site, constant);
      if (s === null) return null;
      return upper ? toUpperCase(s, casing) : toLowerCase(s, casing);
    };
  };
}

/**
 * ToLower(source, culture): lower case by the culture's rules (invariant when omitted, null or ""):
 * simple one-to-one mappings as .NET; Turkish/Azerbaijani cultures map I to ı. An unknown culture
 * is an error (EVL011). Null gives null.
 */
export const ToLower: Binder = casingBinder(false);

/** ToUpper(source, culture): as ToLower, upper case (Turkish/Azerbaijani map i to İ; ß stays ß). */
export const ToUpper: Binder = casingBinder(true);
