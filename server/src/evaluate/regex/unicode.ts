// Unicode data as .NET's regex engine uses it: general categories of UTF-16 code units, the
// fixed table of named blocks (`\p{IsGreek}`), the `\w` `\d` `\s` classes and the case
// equivalences used by RegexOptions.IgnoreCase.
//
// General categories and lowercase mappings come from the ICU data built into Node (the same
// Unicode version family as .NET 8); they are computed once, lazily, on first use.

import { CharSet, charRange, fromChars, fromInclusivePairs, union, unionAll } from './charset';

/** .NET's two-letter general categories (UnicodeCategory), in that enum's order. */
const CATEGORY_NAMES = [
  'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Zs', 'Zl', 'Zp', 'Cc',
  'Cf', 'Cs', 'Co', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'Sm', 'Sc', 'Sk', 'So', 'Cn',
] as const;

/** One-letter categories accepted by `\p{..}` and the two-letter ones they group. */
const CATEGORY_GROUPS: Record<string, readonly string[]> = {
  L: ['Lu', 'Ll', 'Lt', 'Lm', 'Lo'],
  M: ['Mn', 'Mc', 'Me'],
  N: ['Nd', 'Nl', 'No'],
  Z: ['Zs', 'Zl', 'Zp'],
  C: ['Cc', 'Cf', 'Cs', 'Co', 'Cn'],
  P: ['Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po'],
  S: ['Sm', 'Sc', 'Sk', 'So'],
};

/**
 * The named blocks .NET recognises (a fixed list from the XML Schema / Unicode 4.0 era, BMP
 * only; names are case-sensitive). Ranges are [first, last] inclusive.
 */
const NAMED_BLOCKS: Record<string, readonly [number, number]> = {
  IsAlphabeticPresentationForms: [0xfb00, 0xfb4f],
  IsArabic: [0x0600, 0x06ff],
  'IsArabicPresentationForms-A': [0xfb50, 0xfdff],
  'IsArabicPresentationForms-B': [0xfe70, 0xfeff],
  IsArmenian: [0x0530, 0x058f],
  IsArrows: [0x2190, 0x21ff],
  IsBasicLatin: [0x0000, 0x007f],
  IsBengali: [0x0980, 0x09ff],
  IsBlockElements: [0x2580, 0x259f],
  IsBopomofo: [0x3100, 0x312f],
  IsBopomofoExtended: [0x31a0, 0x31bf],
  IsBoxDrawing: [0x2500, 0x257f],
  IsBraillePatterns: [0x2800, 0x28ff],
  IsBuhid: [0x1740, 0x175f],
  IsCJKCompatibility: [0x3300, 0x33ff],
  IsCJKCompatibilityForms: [0xfe30, 0xfe4f],
  IsCJKCompatibilityIdeographs: [0xf900, 0xfaff],
  IsCJKRadicalsSupplement: [0x2e80, 0x2eff],
  IsCJKSymbolsandPunctuation: [0x3000, 0x303f],
  IsCJKUnifiedIdeographs: [0x4e00, 0x9fff],
  IsCJKUnifiedIdeographsExtensionA: [0x3400, 0x4dbf],
  IsCherokee: [0x13a0, 0x13ff],
  IsCombiningDiacriticalMarks: [0x0300, 0x036f],
  IsCombiningDiacriticalMarksforSymbols: [0x20d0, 0x20ff],
  IsCombiningHalfMarks: [0xfe20, 0xfe2f],
  IsCombiningMarksforSymbols: [0x20d0, 0x20ff],
  IsControlPictures: [0x2400, 0x243f],
  IsCurrencySymbols: [0x20a0, 0x20cf],
  IsCyrillic: [0x0400, 0x04ff],
  IsCyrillicSupplement: [0x0500, 0x052f],
  IsDevanagari: [0x0900, 0x097f],
  IsDingbats: [0x2700, 0x27bf],
  IsEnclosedAlphanumerics: [0x2460, 0x24ff],
  IsEnclosedCJKLettersandMonths: [0x3200, 0x32ff],
  IsEthiopic: [0x1200, 0x137f],
  IsGeneralPunctuation: [0x2000, 0x206f],
  IsGeometricShapes: [0x25a0, 0x25ff],
  IsGeorgian: [0x10a0, 0x10ff],
  IsGreek: [0x0370, 0x03ff],
  IsGreekExtended: [0x1f00, 0x1fff],
  IsGreekandCoptic: [0x0370, 0x03ff],
  IsGujarati: [0x0a80, 0x0aff],
  IsGurmukhi: [0x0a00, 0x0a7f],
  IsHalfwidthandFullwidthForms: [0xff00, 0xffef],
  IsHangulCompatibilityJamo: [0x3130, 0x318f],
  IsHangulJamo: [0x1100, 0x11ff],
  IsHangulSyllables: [0xac00, 0xd7af],
  IsHanunoo: [0x1720, 0x173f],
  IsHebrew: [0x0590, 0x05ff],
  IsHighPrivateUseSurrogates: [0xdb80, 0xdbff],
  IsHighSurrogates: [0xd800, 0xdb7f],
  IsHiragana: [0x3040, 0x309f],
  IsIPAExtensions: [0x0250, 0x02af],
  IsIdeographicDescriptionCharacters: [0x2ff0, 0x2fff],
  IsKanbun: [0x3190, 0x319f],
  IsKangxiRadicals: [0x2f00, 0x2fdf],
  IsKannada: [0x0c80, 0x0cff],
  IsKatakana: [0x30a0, 0x30ff],
  IsKatakanaPhoneticExtensions: [0x31f0, 0x31ff],
  IsKhmer: [0x1780, 0x17ff],
  IsKhmerSymbols: [0x19e0, 0x19ff],
  IsLao: [0x0e80, 0x0eff],
  'IsLatin-1Supplement': [0x0080, 0x00ff],
  'IsLatinExtended-A': [0x0100, 0x017f],
  'IsLatinExtended-B': [0x0180, 0x024f],
  IsLatinExtendedAdditional: [0x1e00, 0x1eff],
  IsLetterlikeSymbols: [0x2100, 0x214f],
  IsLimbu: [0x1900, 0x194f],
  IsLowSurrogates: [0xdc00, 0xdfff],
  IsMalayalam: [0x0d00, 0x0d7f],
  IsMathematicalOperators: [0x2200, 0x22ff],
  'IsMiscellaneousMathematicalSymbols-A': [0x27c0, 0x27ef],
  'IsMiscellaneousMathematicalSymbols-B': [0x2980, 0x29ff],
  IsMiscellaneousSymbols: [0x2600, 0x26ff],
  IsMiscellaneousSymbolsandArrows: [0x2b00, 0x2bff],
  IsMiscellaneousTechnical: [0x2300, 0x23ff],
  IsMongolian: [0x1800, 0x18af],
  IsMyanmar: [0x1000, 0x109f],
  IsNumberForms: [0x2150, 0x218f],
  IsOgham: [0x1680, 0x169f],
  IsOpticalCharacterRecognition: [0x2440, 0x245f],
  IsOriya: [0x0b00, 0x0b7f],
  IsPhoneticExtensions: [0x1d00, 0x1d7f],
  IsPrivateUse: [0xe000, 0xf8ff],
  IsPrivateUseArea: [0xe000, 0xf8ff],
  IsRunic: [0x16a0, 0x16ff],
  IsSinhala: [0x0d80, 0x0dff],
  IsSmallFormVariants: [0xfe50, 0xfe6f],
  IsSpacingModifierLetters: [0x02b0, 0x02ff],
  IsSpecials: [0xfff0, 0xffff],
  IsSuperscriptsandSubscripts: [0x2070, 0x209f],
  'IsSupplementalArrows-A': [0x27f0, 0x27ff],
  'IsSupplementalArrows-B': [0x2900, 0x297f],
  IsSupplementalMathematicalOperators: [0x2a00, 0x2aff],
  IsSyriac: [0x0700, 0x074f],
  IsTagalog: [0x1700, 0x171f],
  IsTagbanwa: [0x1760, 0x177f],
  IsTaiLe: [0x1950, 0x197f],
  IsTamil: [0x0b80, 0x0bff],
  IsTelugu: [0x0c00, 0x0c7f],
  IsThaana: [0x0780, 0x07bf],
  IsThai: [0x0e00, 0x0e7f],
  IsTibetan: [0x0f00, 0x0fff],
  IsUnifiedCanadianAboriginalSyllabics: [0x1400, 0x167f],
  IsVariationSelectors: [0xfe00, 0xfe0f],
  IsYiRadicals: [0xa490, 0xa4cf],
  IsYiSyllables: [0xa000, 0xa48f],
  IsYijingHexagramSymbols: [0x4dc0, 0x4dff],
};

// ---- general categories ---------------------------------------------------------------------

let bmpText: string | undefined;
const categorySetCache = new Map<string, CharSet>();

/** Every BMP code unit except the surrogates, in order (so match offsets map back to code units). */
function bmp(): string {
  if (bmpText !== undefined) return bmpText;
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    if (c === 0xd800) c = 0xe000;
    chunk.push(c);
    if (chunk.length === 4096) {
      parts.push(String.fromCharCode(...chunk));
      chunk.length = 0;
    }
  }
  parts.push(String.fromCharCode(...chunk));
  return (bmpText = parts.join(''));
}

/** The code units matched by a Unicode property escape (`\p{..}` in a `u` RegExp). */
function propertyRanges(property: string): CharSet {
  const re = new RegExp(`\\p{${property}}+`, 'gu');
  const text = bmp();
  const pairs: number[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const first = m.index;
    const last = m.index + m[0].length - 1;
    // text offsets past U+D7FF stand for code units 0x800 higher (the surrogates are skipped)
    if (last < 0xd800) pairs.push(first, last);
    else if (first >= 0xd800) pairs.push(first + 0x800, last + 0x800);
    else pairs.push(first, 0xd7ff, 0xe000, last + 0x800);
  }
  return fromInclusivePairs(pairs);
}

/** The set for a `\p{..}` general-category name (`Lu`, `L`, ...), or undefined. Case-sensitive. */
export function categorySet(name: string): CharSet | undefined {
  const cached = categorySetCache.get(name);
  if (cached) return cached;
  const isCategory = (CATEGORY_NAMES as readonly string[]).includes(name);
  const isGroup = Object.prototype.hasOwnProperty.call(CATEGORY_GROUPS, name);
  if (!isCategory && !isGroup) return undefined;
  let set: CharSet;
  if (name === 'Cs') set = charRange(0xd800, 0xdfff);
  else if (name === 'C') set = union(propertyRanges('C'), charRange(0xd800, 0xdfff));
  else set = propertyRanges(name);
  categorySetCache.set(name, set);
  return set;
}

/** The set for a `\p{IsXxx}` named block, or undefined. Case-sensitive, as in .NET. */
export function blockSet(name: string): CharSet | undefined {
  if (!Object.prototype.hasOwnProperty.call(NAMED_BLOCKS, name)) return undefined;
  const [lo, hi] = NAMED_BLOCKS[name];
  return charRange(lo, hi);
}

// ---- shorthand classes ----------------------------------------------------------------------

let digitCache: CharSet | undefined;
let wordCache: CharSet | undefined;
let boundaryWordCache: CharSet | undefined;
let spaceCache: CharSet | undefined;

/** `\d`: Unicode decimal digits (Nd). */
export function digitSet(): CharSet {
  return (digitCache ??= categorySet('Nd')!);
}

/** `\w`: letters (L), nonspacing marks (Mn), decimal digits (Nd) and connector punctuation (Pc). */
export function wordSet(): CharSet {
  return (wordCache ??= unionAll([categorySet('L')!, categorySet('Mn')!, categorySet('Nd')!, categorySet('Pc')!]));
}

/** What `\b` treats as word characters: `\w` plus ZERO WIDTH (NON-)JOINER U+200C/U+200D. */
export function boundaryWordSet(): CharSet {
  return (boundaryWordCache ??= union(wordSet(), charRange(0x200c, 0x200d)));
}

/** `\s`: exactly the characters for which .NET's char.IsWhiteSpace is true. */
export function spaceSet(): CharSet {
  return (spaceCache ??= fromInclusivePairs([
    0x09, 0x0d, 0x20, 0x20, 0x85, 0x85, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a,
    0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000,
  ]));
}

const NON_ASCII_WORD = /[\p{L}\p{Mn}\p{Nd}\p{Pc}\u200c\u200d]/u;

/** Whether a character is a word character for group names and `\b` (`\w` plus U+200C/U+200D). */
export function isBoundaryWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return NON_ASCII_WORD.test(String.fromCharCode(c));
}

// ---- case equivalence -----------------------------------------------------------------------
//
// .NET (7+) treats two characters as equal under IgnoreCase when they have the same simple
// lowercase mapping (UnicodeData field 13), with the invariant culture's treatment of the Turkish
// dotted/dotless i: 'I' and 'i' are equivalent, U+0130 and U+0131 are equivalent to nothing.

interface CaseData {
  /** Smallest member of each character's equivalence class (itself when it has none). */
  canonical: Uint16Array;
  /** The characters that have at least one equivalent. */
  cased: Int32Array;
  /** Equivalence class of each cased character (shared arrays). */
  classes: Map<number, readonly number[]>;
}

let caseData: CaseData | undefined;

function buildCaseData(): CaseData {
  // Simple lowercase mapping of every code unit. Lowercasing the BMP in one call (characters
  // separated by spaces, so no final-sigma context applies) is much faster than one call per
  // character; U+0130 is left out: its lowercase is two characters and, in the invariant
  // culture, it has no equivalent anyway.
  const lower = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) lower[c] = c;
  const codes: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (c !== 0x130 && (c < 0xd800 || c > 0xdfff)) codes.push(c);
  const spaced = codes.map((c) => String.fromCharCode(c)).join(' ');
  const lowered = spaced.toLowerCase();
  if (lowered.length === spaced.length) {
    for (let i = 0; i < codes.length; i++) lower[codes[i]] = lowered.charCodeAt(i * 2);
  } else {
    for (const c of codes) {
      const l = String.fromCharCode(c).toLowerCase();
      if (l.length === 1) lower[c] = l.charCodeAt(0);
    }
  }
  const members = new Map<number, number[]>();
  for (let c = 0; c < 0x10000; c++) {
    const l = lower[c];
    if (l === c) continue;
    let list = members.get(l);
    if (!list) members.set(l, (list = [l]));
    list.push(c);
  }
  const canonical = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) canonical[c] = c;
  const classes = new Map<number, readonly number[]>();
  const cased: number[] = [];
  for (const list of members.values()) {
    const frozen = Object.freeze([...new Set(list)].sort((a, b) => a - b));
    for (const c of frozen) {
      canonical[c] = frozen[0];
      classes.set(c, frozen);
      cased.push(c);
    }
  }
  cased.sort((a, b) => a - b);
  return { canonical, cased: Int32Array.from(cased), classes };
}

function getCaseData(): CaseData {
  return (caseData ??= buildCaseData());
}

/** The characters equal to `c` under IgnoreCase (including `c`), or undefined if only itself. */
export function caseEquivalents(c: number): readonly number[] | undefined {
  return getCaseData().classes.get(c);
}

/** Table mapping each character to a representative of its case-equivalence class. */
export function caseCanonicalTable(): Uint16Array {
  return getCaseData().canonical;
}

/** Adds to a set every character case-equivalent to one of its members. */
export function addCaseEquivalents(set: CharSet): CharSet {
  if (set.length === 0) return set;
  const { cased, classes } = getCaseData();
  const extra: number[] = [];
  let r = 0;
  for (let i = 0; i < cased.length; i++) {
    const c = cased[i];
    while (r < set.length && set[r + 1] <= c) r += 2;
    if (r >= set.length) break;
    if (c >= set[r]) for (const e of classes.get(c)!) extra.push(e);
  }
  return extra.length === 0 ? set : union(set, fromChars(extra));
}

/** Whether `set` contains a character whose IgnoreCase behaviour depends on the culture (i, I, İ, ı). */
export function touchesTurkishI(set: CharSet): boolean {
  for (const c of [0x49, 0x69, 0x130, 0x131]) {
    for (let i = 0; i < set.length; i += 2) if (c >= set[i] && c < set[i + 1]) return true;
  }
  return false;
}

