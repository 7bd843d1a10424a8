// Invariant-culture data used by .NET when Entra parses and formats dates (CultureInfo.InvariantCulture),
// and the DateTimeStyles flags of FormatDateTime's optional argument.

import { DateTimeError, quote } from './value';

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
export const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const DAY_ABBREVIATIONS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const AM_DESIGNATOR = 'AM';
export const PM_DESIGNATOR = 'PM';
/** Invariant era name (format `g`) and its abbreviation (also accepted when parsing). */
export const ERA_NAME = 'A.D.';
export const ERA_ABBREVIATION = 'AD';
/** Calendar.TwoDigitYearMax of the Gregorian calendar in .NET 8 and later (and Windows' default): 00-49 → 20xx, 50-99 → 19xx. */
export const TWO_DIGIT_YEAR_MAX = 2049;

/** Two-digit year to four digits, as GregorianCalendar.ToFourDigitYear with TwoDigitYearMax 2049. */
export function toFourDigitYear(year: number): number {
  if (year >= 100) return year;
  const century = Math.floor(TWO_DIGIT_YEAR_MAX / 100) * 100; // 2000
  const candidate = century + year;
  return candidate > TWO_DIGIT_YEAR_MAX ? candidate - 100 : candidate;
}

/** The invariant culture's patterns behind the one-letter standard formats. */
export const STANDARD_PATTERNS: Readonly<Record<string, string>> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

export const STANDARD_FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  d: 'standard short date (invariant: MM/dd/yyyy)',
  D: 'standard long date (invariant: dddd, dd MMMM yyyy)',
  f: 'standard full date, short time (invariant: dddd, dd MMMM yyyy HH:mm)',
  F: 'standard full date, long time (invariant: dddd, dd MMMM yyyy HH:mm:ss)',
  g: 'standard general date, short time (invariant: MM/dd/yyyy HH:mm)',
  G: 'standard general date, long time (invariant: MM/dd/yyyy HH:mm:ss)',
  m: 'standard month/day (invariant: MMMM dd)',
  M: 'standard month/day (invariant: MMMM dd)',
  o: 'standard round-trip ISO 8601 (yyyy-MM-ddTHH:mm:ss.fffffffK)',
  O: 'standard round-trip ISO 8601 (yyyy-MM-ddTHH:mm:ss.fffffffK)',
  r: 'standard RFC 1123 (ddd, dd MMM yyyy HH:mm:ss GMT)',
  R: 'standard RFC 1123 (ddd, dd MMM yyyy HH:mm:ss GMT)',
  s: 'standard sortable ISO 8601 (yyyy-MM-ddTHH:mm:ss)',
  t: 'standard short time (invariant: HH:mm)',
  T: 'standard long time (invariant: HH:mm:ss)',
  u: 'standard universal sortable (yyyy-MM-dd HH:mm:ssZ)',
  U: 'standard universal full date/time, converted to UTC (invariant: dddd, dd MMMM yyyy HH:mm:ss)',
  y: 'standard year/month (invariant: yyyy MMMM)',
  Y: 'standard year/month (invariant: yyyy MMMM)',
};

// ---- DateTimeStyles ------------------------------------------------------------------------

/** System.Globalization.DateTimeStyles members and values. */
export const DateTimeStyles = Object.freeze({
  None: 0,
  AllowLeadingWhite: 1,
  AllowTrailingWhite: 2,
  AllowInnerWhite: 4,
  AllowWhiteSpaces: 7,
  NoCurrentDateDefault: 8,
  AdjustToUniversal: 16,
  AssumeLocal: 32,
  AssumeUniversal: 64,
  RoundtripKind: 128,
});

/** FormatDateTime's default when its dateTimeStyles slot is empty: RoundtripKind | AllowLeadingWhite | AllowTrailingWhite. */
export const DEFAULT_FORMAT_DATETIME_STYLES =
  DateTimeStyles.RoundtripKind | DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite;

const STYLE_NAMES = new Map<string, number>(
  Object.entries(DateTimeStyles).map(([name, value]) => [name.toLowerCase(), value]),
);
const ALL_STYLE_BITS = 0xff;

/**
 * FormatDateTime's optional dateTimeStyles argument. Empty, null or undefined gives the Entra default
 * (RoundtripKind | AllowLeadingWhite | AllowTrailingWhite). Otherwise, like .NET Enum.Parse: an integer
 * ("32"), a member name ("AssumeUniversal", any letter case), or a comma-separated list of names and
 * integers ("AllowWhiteSpaces, AdjustToUniversal"). Throws DateTimeError on anything else.
 * The result is not checked for conflicting members here; see validateStyles.
 */
export function parseStyles(text: string | null | undefined): number {
  if (text === null || text === undefined) return DEFAULT_FORMAT_DATETIME_STYLES;
  if (typeof text !== 'string') {
    throw new DateTimeError(`dateTimeStyles must be text, got ${typeof text}.`);
  }
  if (text.trim() === '') return DEFAULT_FORMAT_DATETIME_STYLES;
  if (/[|+]/.test(text) && !/^\s*[+-]?\d+\s*$/.test(text)) {
    throw new DateTimeError(
      `dateTimeStyles ${quote(text)}: combine DateTimeStyles members with commas (e.g. "AllowWhiteSpaces, AdjustToUniversal"), not "|" or "+".`,
      text,
    );
  }
  let result = 0;
  for (const rawPart of text.split(',')) {
    const part = rawPart.trim();
    if (part === '') {
      throw new DateTimeError(`dateTimeStyles ${quote(text)} has an empty item in its comma-separated list.`, text);
    }
    if (/^[+-]?\d+$/.test(part)) {
      const n = Number(part);
      if (!Number.isSafeInteger(n) || n < -2147483648 || n > 2147483647) {
        throw new DateTimeError(`dateTimeStyles ${quote(text)}: ${part} is outside the range of a 32-bit DateTimeStyles value.`, text);
      }
      result |= n;
      continue;
    }
    const value = STYLE_NAMES.get(part.toLowerCase());
    if (value === undefined) {
      throw new DateTimeError(
        `dateTimeStyles ${quote(text)}: "${part}" is not a DateTimeStyles member. Expected a number or one of ` +
          `${Object.keys(DateTimeStyles).join(', ')} (comma-separated to combine).`,
        text,
      );
    }
    result |= value;
  }
  return result;
}

/** DateTimeStyles member names of a value, for messages ("RoundtripKind, AllowLeadingWhite"). */
export function describeStyles(styles: number): string {
  if (styles === 0) return 'None';
  const names: string[] = [];
  let rest = styles;
  if ((rest & DateTimeStyles.AllowWhiteSpaces) === DateTimeStyles.AllowWhiteSpaces) {
    names.push('AllowWhiteSpaces');
    rest &= ~DateTimeStyles.AllowWhiteSpaces;
  }
  for (const [name, value] of Object.entries(DateTimeStyles)) {
    if (value === 0 || name === 'AllowWhiteSpaces') continue;
    if ((rest & value) === value) {
      names.push(name);
      rest &= ~value;
    }
  }
  if (rest !== 0) names.push(String(rest));
  return names.join(', ');
}

/** DateTimeFormatInfo.ValidateStyles: unknown bits and conflicting members throw, as in .NET (ArgumentException). */
export function validateStyles(styles: number): void {
  if (!Number.isInteger(styles) || (styles & ~ALL_STYLE_BITS) !== 0 || styles < 0) {
    throw new DateTimeError(
      `dateTimeStyles value ${styles} is not a valid DateTimeStyles combination (allowed bits: 0-255).`,
    );
  }
  if ((styles & DateTimeStyles.AssumeLocal) !== 0 && (styles & DateTimeStyles.AssumeUniversal) !== 0) {
    throw new DateTimeError('dateTimeStyles: AssumeLocal and AssumeUniversal cannot be used together.');
  }
  if (
    (styles & DateTimeStyles.RoundtripKind) !== 0 &&
    (styles & (DateTimeStyles.AssumeLocal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)) !== 0
  ) {
    throw new DateTimeError(
      'dateTimeStyles: RoundtripKind cannot be combined with AssumeLocal, AssumeUniversal or AdjustToUniversal.',
    );
  }
}
