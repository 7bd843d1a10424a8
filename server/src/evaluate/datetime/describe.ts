// Hover and diagnostics support for .NET date/time format strings (FormatDateTime's inputFormat and
// outputFormat): the specifiers with their spans and meaning, and warnings about likely mistakes.

import { STANDARD_FORMAT_DESCRIPTIONS } from './culture';
import { FormatToken, tokenizeCustomFormat } from './tokens';

export interface FormatTokenInfo {
  /** UTF-16 offset into the format string. */
  offset: number;
  length: number;
  /** The specifier as written ("yyyy", "%d", "'T'", "\\Z", "o"). */
  specifier: string;
  description: string;
  kind: 'specifier' | 'literal' | 'standard';
}

export interface FormatWarning {
  offset: number;
  length: number;
  message: string;
  /** 'error' when .NET would throw FormatException for this format; 'warning' for a likely mistake. */
  severity: 'error' | 'warning';
}

export interface FormatDescription {
  tokens: FormatTokenInfo[];
  warnings: FormatWarning[];
}

/** Whether the format parses input (inputFormat) or renders output (outputFormat); changes a few notes. */
export type FormatUsage = 'format' | 'parse';

function specifierDescription(ch: string, n: number, usage: FormatUsage): string {
  switch (ch) {
    case 'd':
      if (n === 1) return 'day of the month, 1-31';
      if (n === 2) return 'day of the month, two digits 01-31';
      return n === 3 ? 'abbreviated day name (Mon)' : 'full day name (Monday)';
    case 'M':
      if (n === 1) return 'month, 1-12';
      if (n === 2) return 'month, two digits 01-12';
      return n === 3 ? 'abbreviated month name (Jan)' : 'full month name (January)';
    case 'y':
      if (n === 1) return usage === 'parse' ? 'year, 1-2 digits (00-49 → 2000-2049, 50-99 → 1950-1999)' : 'year modulo 100, 0-99';
      if (n === 2) return usage === 'parse' ? 'two-digit year (00-49 → 2000-2049, 50-99 → 1950-1999)' : 'two-digit year, 00-99';
      if (n === 4) return 'four-digit year';
      return usage === 'parse' ? `year, exactly ${n} digits` : `year, at least ${n} digits`;
    case 'h':
      return n === 1 ? 'hour of a 12-hour clock, 1-12' : 'hour of a 12-hour clock, two digits 01-12';
    case 'H':
      return n === 1 ? 'hour of a 24-hour clock, 0-23' : 'hour of a 24-hour clock, two digits 00-23';
    case 'm':
      return n === 1 ? 'minute, 0-59' : 'minute, two digits 00-59';
    case 's':
      return n === 1 ? 'second, 0-59' : 'second, two digits 00-59';
    case 'f':
      return usage === 'parse'
        ? `fraction of a second, exactly ${n} digit${n > 1 ? 's' : ''}`
        : `fraction of a second, ${n} digit${n > 1 ? 's' : ''} (truncated)`;
    case 'F':
      return usage === 'parse'
        ? `fraction of a second, up to ${n} digit${n > 1 ? 's' : ''} (optional)`
        : `fraction of a second, up to ${n} digit${n > 1 ? 's' : ''}, trailing zeros (and a lone preceding ".") dropped`;
    case 't':
      return n === 1 ? 'first letter of the AM/PM designator (A or P)' : 'AM/PM designator';
    case 'z':
      if (n === 1) return 'UTC offset in hours, no leading zero (+0)';
      if (n === 2) return 'UTC offset in hours, two digits (+00)';
      return 'UTC offset in hours and minutes (+00:00)';
    case 'K':
      return usage === 'parse'
        ? 'time-zone information: "Z", an offset such as -07:00, or nothing'
        : 'time-zone information: "Z" for UTC values, +00:00 for local (service) values, nothing for unspecified';
    case 'g':
      return 'era (A.D.)';
    case ':':
      return 'time separator (:)';
    case '/':
      return 'date separator (/)';
    default:
      return 'specifier';
  }
}

function literalDescription(token: Extract<FormatToken, { kind: 'literal' }>): string {
  if (token.form === 'escaped') return `literal character ${JSON.stringify(token.text)}`;
  return `literal text ${JSON.stringify(token.text)}`;
}

const LETTER_HINTS: Record<string, string> = {
  Y: '"Y" is not a specifier and is copied as literal text; the year is "yyyy" (lowercase).',
  D: '"D" is not a specifier and is copied as literal text; the day of the month is "dd" (lowercase).',
  S: '"S" is not a specifier and is copied as literal text; seconds are "ss" (lowercase).',
  n: '"n" is not a specifier and is copied as literal text; minutes are "mm" ("n" is the minute code of DateAdd/DateDiff, not of formats).',
  N: '"N" is not a specifier and is copied as literal text; minutes are "mm".',
};

/**
 * The specifiers and literals of a .NET date/time format with spans and short descriptions, plus
 * warnings: formats .NET rejects (severity 'error') and likely mistakes such as "mm" (minutes) between
 * year and day, "MM" (month) after an hour, "hh" without "tt", uppercase "YYYY"/"DD". Never throws.
 */
export function describeFormat(format: string, usage: FormatUsage = 'format'): FormatDescription {
  const tokens: FormatTokenInfo[] = [];
  const warnings: FormatWarning[] = [];
  if (typeof format !== 'string') {
    return { tokens, warnings: [{ offset: 0, length: 0, message: 'The format is not text.', severity: 'error' }] };
  }
  if (format.length === 0) {
    warnings.push({
      offset: 0,
      length: 0,
      message: usage === 'parse'
        ? 'An empty input format is invalid; .NET ParseExact throws.'
        : 'An empty output format gives the general form MM/dd/yyyy HH:mm:ss.',
      severity: usage === 'parse' ? 'error' : 'warning',
    });
    return { tokens, warnings };
  }
  if (format.length === 1) {
    const description = STANDARD_FORMAT_DESCRIPTIONS[format];
    if (description !== undefined) {
      tokens.push({ offset: 0, length: 1, specifier: format, description, kind: 'standard' });
    } else {
      warnings.push({
        offset: 0,
        length: 1,
        message: `A one-character format is a standard format, and "${format}" is not one (.NET throws FormatException). ` +
          `For a single custom specifier write "%${format}".`,
        severity: 'error',
      });
    }
    return { tokens, warnings };
  }

  const { tokens: raw, error } = tokenizeCustomFormat(format);
  for (const t of raw) {
    const written = format.slice(t.offset, t.offset + t.length);
    if (t.kind === 'specifier') {
      tokens.push({ offset: t.offset, length: t.length, specifier: written, description: specifierDescription(t.char, t.count, usage), kind: 'specifier' });
      continue;
    }
    if (usage === 'parse' && t.form === 'plain') {
      // An unquoted Z is special when parsing: it reads "Z" or "GMT" and marks the value as UTC.
      let start = 0;
      for (let i = 0; i <= t.text.length; i++) {
        if (i === t.text.length || (t.text[i] === 'Z' && t.length === t.text.length)) {
          if (i > start) {
            const text = t.text.slice(start, i);
            tokens.push({ offset: t.offset + start, length: i - start, specifier: text, description: `literal text ${JSON.stringify(text)}`, kind: 'literal' });
          }
          if (i < t.text.length) {
            tokens.push({ offset: t.offset + i, length: 1, specifier: 'Z', description: 'UTC designator: reads "Z" or "GMT" and marks the value as UTC', kind: 'specifier' });
          }
          start = i + 1;
        }
      }
      continue;
    }
    tokens.push({ offset: t.offset, length: t.length, specifier: written, description: literalDescription(t), kind: 'literal' });
  }
  if (error) {
    warnings.push({ offset: error.offset, length: error.length, message: `Invalid format: ${error.message} (.NET throws FormatException).`, severity: 'error' });
  }

  // Likely mistakes.
  const specs = raw.filter((t): t is Extract<FormatToken, { kind: 'specifier' }> => t.kind === 'specifier');
  const hasMonth = specs.some((t) => t.char === 'M');
  const hasDesignator = specs.some((t) => t.char === 't');
  const dateish = (t: Extract<FormatToken, { kind: 'specifier' }> | undefined) =>
    t !== undefined && (t.char === 'y' || (t.char === 'd' && t.count <= 2));
  const timeish = (t: Extract<FormatToken, { kind: 'specifier' }> | undefined) =>
    t !== undefined && (t.char === 'h' || t.char === 'H' || t.char === 's');
  const content = specs.filter((t) => t.char !== ':' && t.char !== '/');
  content.forEach((t, i) => {
    const before = content[i - 1];
    const after = content[i + 1];
    const betweenDates = dateish(before) && dateish(after);
    const nextToDate = !hasMonth && (dateish(before) || dateish(after)) && !timeish(before) && !timeish(after);
    if (t.char === 'm' && (betweenDates || nextToDate)) {
      warnings.push({
        offset: t.offset,
        length: t.length,
        message: `"${'m'.repeat(t.count)}" is minutes; between date parts you probably meant "${'M'.repeat(t.count)}" (month).`,
        severity: 'warning',
      });
    }
  });
  raw.forEach((t, i) => {
    if (t.kind !== 'specifier' || t.char !== 'M' || t.count > 2) return;
    const prev = raw[i - 1];
    const prev2 = raw[i - 2];
    const next = raw[i + 1];
    const next2 = raw[i + 2];
    const colon = (x: FormatToken | undefined) =>
      x !== undefined && ((x.kind === 'specifier' && x.char === ':') || (x.kind === 'literal' && x.text === ':'));
    const afterHour = colon(prev) && prev2?.kind === 'specifier' && (prev2.char === 'h' || prev2.char === 'H');
    const beforeSecond = colon(next) && next2?.kind === 'specifier' && next2.char === 's';
    if (afterHour || beforeSecond) {
      warnings.push({
        offset: t.offset,
        length: t.length,
        message: `"${'M'.repeat(t.count)}" is the month; in a time you probably meant "${'m'.repeat(t.count)}" (minutes).`,
        severity: 'warning',
      });
    }
  });
  if (!hasDesignator) {
    for (const t of specs) {
      if (t.char !== 'h') continue;
      warnings.push({
        offset: t.offset,
        length: t.length,
        message: usage === 'parse'
          ? `"${'h'.repeat(t.count)}" is a 12-hour clock and there is no "tt": every time is read as AM and hours above 12 fail. Use "HH" for 24-hour times.`
          : `"${'h'.repeat(t.count)}" is a 12-hour clock and there is no "tt": 1 AM and 1 PM look the same. Use "HH" or add "tt".`,
        severity: 'warning',
      });
    }
  }
  if (usage === 'format') {
    for (const t of specs) {
      if (t.char !== 'z') continue;
      warnings.push({
        offset: t.offset,
        length: t.length,
        message: `"${'z'.repeat(t.count)}" prints the offset of the service's time zone, UTC (+00:00); an offset in the input text is converted away, not kept.`,
        severity: 'warning',
      });
    }
  }
  for (const t of raw) {
    if (t.kind !== 'literal' || t.form !== 'plain' || t.length !== t.text.length) continue;
    let i = 0;
    while (i < t.text.length) {
      const c = t.text[i]!;
      if (!/[A-Za-z]/.test(c) || c === 'T' || c === 'Z') {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < t.text.length && t.text[j] === c) j++;
      const run = t.text.slice(i, j);
      const hint = LETTER_HINTS[c];
      warnings.push({
        offset: t.offset + i,
        length: j - i,
        message: hint !== undefined
          ? hint.replace(`"${c}" is`, `"${run}" is`)
          : `"${run}" is not a format specifier and is copied as literal text; quote literal text ('${run}') to make that explicit.`,
        severity: 'warning',
      });
      i = j;
    }
  }
  warnings.sort((a, b) => a.offset - b.offset);
  return { tokens, warnings };
}
