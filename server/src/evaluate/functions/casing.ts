// Letter case as .NET changes it: ToLower/ToUpper with a culture, PCase (TextInfo.ToTitleCase
// after lower-casing) and the case-insensitive search of InStr's vbTextCompare.
//
// .NET (ICU) maps case one code point at a time with Unicode's *simple* mappings, so the length
// never changes: "ß" stays "ß" in upper case, "İ" lower-cases to "i", a final "Σ" becomes "σ" (no
// context rule). Three casing flavours exist:
// - invariant (no culture, or ""): simple mappings, except that "ı" (U+0131) upper-cases to
//   itself and "İ" (U+0130) lower-cases to itself, as on Windows;
// - Turkish and Azerbaijani cultures (tr, az, ...): "i" <-> "İ" and "ı" <-> "I";
// - every other culture: the simple mappings.

export type Casing = 'invariant' | 'culture' | 'turkic';

// ---- cultures ----------------------------------------------------------------------------------------

const cultureCache = new Map<string, Casing | null>();

/**
 * The casing flavour of a culture name (RFC 4646 such as "en-US", "tr-TR", or an ISO 639-2 code
 * such as "tur"), or null when .NET would not know the culture. "" is the invariant culture.
 */
export function resolveCulture(name: string): Casing | null {
  if (name === '') return 'invariant';
  const hit = cultureCache.get(name);
  if (hit !== undefined) return hit;
  let result: Casing | null = null;
  if (/^[A-Za-z0-9-]+$/.test(name) && name.length <= 85) {
    try {
      const [canonical] = Intl.getCanonicalLocales(name);
      if (canonical && Intl.Collator.supportedLocalesOf([canonical], { localeMatcher: 'lookup' }).length === 1) {
        const language = new Intl.Locale(canonical).language;
        result = language === 'tr' || language === 'az' ? 'turkic' : 'culture';
      }
    } catch {
      result = null;
    }
  }
  if (cultureCache.size > 1000) cultureCache.clear();
  cultureCache.set(name, result);
  return result;
}

// ---- simple case mapping ------------------------------------------------------------------------------

/** Simple (one-to-one) upper-case mapping of a code point, as ICU's u_toupper. */
function simpleUpper(cp: number): number {
  const s = String.fromCodePoint(cp);
  const u = s.toUpperCase();
  const first = u.codePointAt(0)!;
  if (u.length === s.length || (first > 0xffff && u.length === 2)) return first;
  // The full mapping expands (ß -> SS, ŉ -> ʼN, ᾳ -> ΑΙ, ...); the simple mapping is the identity
  // except for the Greek letters with ypogegrammeni, which map to their prosgegrammeni forms.
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) return cp + 8;
  if (cp === 0x1fb3) return 0x1fbc;
  if (cp === 0x1fc3) return 0x1fcc;
  if (cp === 0x1ff3) return 0x1ffc;
  return cp;
}

/** Simple lower-case mapping of a code point, as ICU's u_tolower. */
function simpleLower(cp: number): number {
  if (cp === 0x130) return 0x69; // full mapping is "i̇"
  const s = String.fromCodePoint(cp);
  const l = s.toLowerCase();
  const first = l.codePointAt(0)!;
  if (l.length === s.length || (first > 0xffff && l.length === 2)) return first;
  return cp;
}

function mapCodePoints(s: string, f: (cp: number) => number): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const m = f(cp);
    if (m !== cp) {
      out += s.slice(runStart, i) + String.fromCodePoint(m);
      runStart = i + w;
    }
    i += w;
  }
  return runStart === 0 ? s : out + s.slice(runStart);
}

const ASCII = /^[\x00-\x7f]*$/;

/** Lower case per .NET with the given casing flavour. */
export function toLowerCase(s: string, casing: Casing = 'invariant'): string {
  if (ASCII.test(s)) return casing === 'turkic' && s.includes('I') ? s.replace(/I/g, '\u0131').toLowerCase() : s.toLowerCase();
  if (casing !== 'turkic') {
    const fast = s.toLowerCase();
    // Equal length means no expanding mapping (only İ expands); Σ has a context rule in JS.
    if (fast.length === s.length && !s.includes('\u03a3')) return fast;
  }
  return mapCodePoints(s, (cp) => {
    if (cp === 0x130) return casing === 'invariant' ? 0x130 : 0x69;
    if (cp === 0x49 && casing === 'turkic') return 0x131;
    return simpleLower(cp);
  });
}

/** Upper case per .NET with the given casing flavour. */
export function toUpperCase(s: string, casing: Casing = 'invariant'): string {
  if (ASCII.test(s)) return casing === 'turkic' && s.includes('i') ? s.replace(/i/g, '\u0130').toUpperCase() : s.toUpperCase();
  if (casing === 'culture' || (casing === 'invariant' && !s.includes('\u0131'))) {
    const fast = s.toUpperCase();
    if (fast.length === s.length) return fast;
  }
  return mapCodePoints(s, (cp) => {
    if (cp === 0x131) return casing === 'invariant' ? 0x131 : 0x49;
    if (cp === 0x69 && casing === 'turkic') return 0x130;
    return simpleUpper(cp);
  });
}

// ---- PCase ----------------------------------------------------------------------------------------------

const LETTER = /\p{L}/u;
/** The categories .NET's ToTitleCase treats as word separators. */
const SEPARATOR = /[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]/u;

function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return LETTER.test(String.fromCodePoint(cp));
}

function isWordSeparator(cp: number): boolean {
  if (cp < 0x80) {
    // ASCII: letters and digits belong to words; everything else is punctuation, symbol, space or control
    return !((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a));
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // a lone surrogate (category Surrogate) is part of a word
  return SEPARATOR.test(String.fromCodePoint(cp));
}

/** TextInfo.ToTitleCase's first-letter mapping: the DŽ/LJ/NJ/DZ digraphs have title-case forms. */
function titleCaseOf(cp: number, casing: Casing): number {
  if (cp >= 0x1c4 && cp <= 0x1c6) return 0x1c5;
  if (cp >= 0x1c7 && cp <= 0x1c9) return 0x1c8;
  if (cp >= 0x1ca && cp <= 0x1cc) return 0x1cb;
  if (cp >= 0x1f1 && cp <= 0x1f3) return 0x1f2;
  if (cp === 0x131) return casing === 'invariant' ? 0x131 : 0x49;
  return simpleUpper(cp);
}

/**
 * PCase(source): lower-cases the text, then upper-cases the first letter of every word, with
 * .NET TextInfo.ToTitleCase's word rules: a word starts at a letter; it goes on through letters,
 * digits, marks and apostrophes ("o'neil" -> "O'neil") and ends at a space, control or format
 * character, punctuation or symbol. A digit does not start a word ("3rd" -> "3Rd", as .NET).
 */
export function pcaseDefault(source: string, casing: Casing = 'invariant'): string {
  const lower = toLowerCase(source, casing);
  let out = '';
  let inWord = false;
  let runStart = 0;
  for (let i = 0; i < lower.length; ) {
    const cp = lower.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (inWord) {
      if (cp !== 0x27 && !isLetter(cp) && isWordSeparator(cp)) inWord = false;
    } else if (isLetter(cp)) {
      inWord = true;
      const t = titleCaseOf(cp, casing);
      if (t !== cp) {
        out += lower.slice(runStart, i) + String.fromCodePoint(t);
        runStart = i + w;
      }
    }
    i += w;
  }
  return runStart === 0 ? lower : out + lower.slice(runStart);
}

/**
 * PCase(source, wordSeparators): lower-cases the text, then upper-cases the first character after
 * each of the given separator characters (and at the start); only those characters separate words.
 * [undocumented] The first *character* of a word is upper-cased, whatever it is.
 */
export function pcaseCustom(source: string, separators: string, casing: Casing = 'invariant'): string {
  const lower = toLowerCase(source, casing);
  let out = '';
  let newWord = true;
  let runStart = 0;
  for (let i = 0; i < lower.length; ) {
    const cp = lower.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const ch = lower.slice(i, i + w);
    if (separators.includes(ch)) {
      newWord = true;
    } else if (newWord) {
      newWord = false;
      const t = titleCaseOf(cp, casing);
      if (t !== cp) {
        out += lower.slice(runStart, i) + String.fromCodePoint(t);
        runStart = i + w;
      }
    }
    i += w;
  }
  return runStart === 0 ? lower : out + lower.slice(runStart);
}

// ---- vbTextCompare --------------------------------------------------------------------------------------

/**
 * A string folded for vbTextCompare searching, with the same UTF-16 length so positions carry
 * over: upper-cased (simple mappings), full-width ASCII forms folded to ASCII (IgnoreWidth) and
 * hiragana folded to katakana (IgnoreKanaType), the options VB's InStr uses.
 */
export function foldForTextCompare(s: string): string {
  if (ASCII.test(s)) return s.toUpperCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c >= 0x3041 && c <= 0x3096) c += 0x60;
    if (c >= 0xd800 && c <= 0xdfff) {
      out += String.fromCharCode(c);
      continue;
    }
    const u = simpleUpper(c);
    out += String.fromCharCode(u <= 0xffff ? u : c);
  }
  return out;
}
