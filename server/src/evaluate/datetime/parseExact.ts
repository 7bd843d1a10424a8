// An emulation of .NET DateTime.ParseExact(text, format, CultureInfo.InvariantCulture, styles), the
// parser behind FormatDateTime's inputFormat. Rules reproduced (invariant culture):
//   y / yy read 1-2 / exactly 2 digits (two-digit years: 00-49 → 20xx, 50-99 → 19xx); yyy… read exactly
//   that many digits; M/MM, d/dd, h/hh, H/HH, m/mm, s/ss read 1-2 / exactly 2 digits; MMM/MMMM and
//   ddd/dddd read English names (any case); f… needs exactly that many digits, F… up to that many;
//   t reads "A"/"P" (case-sensitive), tt "AM"/"PM" (any case); h without t/tt means AM;
//   z/zz read ±h/±hh, zzz ±h[:]mm; K reads Z, an offset, or nothing; an unquoted Z reads "Z" or "GMT"
//   and marks the text as UTC; an unquoted GMT must match exactly; ':' '/' are literal; quotes and \c
//   are literal; ".F…" may be skipped when the '.' is missing (only with two or more F, as in .NET);
//   DateTimeStyles control white space, defaults and the resulting kind (see common.ts).

import {
  ParseFailure, ParsedFields, adjustTimeZone, fail, fillDefaults, fractionTicks, newFields,
} from './common';
import {
  AM_DESIGNATOR, DAY_ABBREVIATIONS, DAY_NAMES, DateTimeStyles, ERA_ABBREVIATION, ERA_NAME, MONTH_ABBREVIATIONS, MONTH_NAMES,
  PM_DESIGNATOR, STANDARD_PATTERNS, toFourDigitYear, validateStyles,
} from './culture';
import { readQuoted } from './tokens';
import {
  DateTimeError, DateTimeKind, TICKS_PER_MINUTE, isAsciiDigit, isLetter, isValidDate, isWhiteSpace, quote, ticksFromParts,
  toParts,
} from './value';

class FormatStringError extends Error {}

function badFormat(message: string): never {
  throw new FormatStringError(message);
}

function describeAt(s: string, pos: number, lead = 0): string {
  if (pos >= s.length) return 'the end of the text';
  const shown = s.slice(pos, pos + 6);
  return `${JSON.stringify(shown)}${pos + 6 < s.length ? '…' : ''} at position ${pos + lead + 1}`;
}

class ExactParser {
  private pos = 0;
  private fpos = 0;
  private readonly f: ParsedFields = newFields();
  private dayOfWeek = -1;
  private timeMark: 'AM' | 'PM' | null = null;
  private useHour12 = false;
  private useTwoDigitYear = false;
  private lead = 0;
  private readonly allowInnerWhite: boolean;
  private readonly allowTrailingWhite: boolean;

  constructor(private s: string, private fmt: string, private readonly styles: number, private readonly nowTicks: () => bigint) {
    this.allowInnerWhite = (styles & DateTimeStyles.AllowInnerWhite) !== 0;
    this.allowTrailingWhite = (styles & DateTimeStyles.AllowTrailingWhite) !== 0;
  }

  presetUtc(): void {
    this.f.tzUsed = true;
    this.f.tzUtc = true;
    this.f.offset = 0n;
  }

  parse(): { ticks: bigint; kind: DateTimeKind } {
    if (this.allowTrailingWhite) {
      this.fmt = removeTrailingInQuoteSpaces(trimEndWhite(this.fmt));
      this.s = trimEndWhite(this.s);
    }
    if ((this.styles & DateTimeStyles.AllowLeadingWhite) !== 0) {
      this.fmt = removeLeadingInQuoteSpaces(trimStartWhite(this.fmt));
      const trimmed = trimStartWhite(this.s);
      this.lead = this.s.length - trimmed.length;
      this.s = trimmed;
    }
    while (this.fpos < this.fmt.length) {
      if (this.allowInnerWhite) this.skipWhite();
      this.step();
    }
    if (this.pos < this.s.length) {
      fail(`unexpected text ${this.here()} after the end of the format`);
    }
    const f = this.f;
    if (this.useTwoDigitYear) {
      if (f.year >= 100) fail(`the two-digit year specifier read ${f.year}`);
      f.year = toFourDigitYear(f.year);
    }
    if (this.useHour12) {
      if (this.timeMark === null) this.timeMark = 'AM';
      if (f.hour > 12) fail(`hour ${f.hour} does not fit the 12-hour specifier "h"; use "H" for a 24-hour clock`);
      if (this.timeMark === 'AM') {
        if (f.hour === 12) f.hour = 0;
      } else if (f.hour !== 12) {
        f.hour += 12;
      }
    } else if ((this.timeMark === 'AM' && f.hour >= 12) || (this.timeMark === 'PM' && f.hour < 12)) {
      fail(`the 24-hour value ${f.hour === -1 ? '(none)' : f.hour} contradicts the designator ${this.timeMark}`);
    }
    fillDefaults(f, this.styles, this.nowTicks);
    let ticks = ticksFromParts(f.year, f.month, f.day, f.hour, f.minute, f.second);
    if (ticks === null) {
      if (!isValidDate(f.year, f.month, f.day)) fail(`${f.year}-${f.month}-${f.day} (year-month-day) is not a valid date`);
      fail(`${f.hour}:${f.minute}:${f.second} is not a valid time of day`);
    }
    if (f.fraction > 0) ticks += fractionTicks(f.fraction);
    if (this.dayOfWeek !== -1 && toParts(ticks).dayOfWeek !== this.dayOfWeek) {
      fail(`${DAY_NAMES[this.dayOfWeek]} does not match the date ${f.year}-${f.month}-${f.day}`);
    }
    return adjustTimeZone(ticks, f, this.styles);
  }

  // -- helpers over the text --

  /** The text at the current position, for messages (positions count in the untrimmed text). */
  private here(): string {
    return describeAt(this.s, this.pos, this.lead);
  }

  private skipWhite(): void {
    while (this.pos < this.s.length && isWhiteSpace(this.s[this.pos])) this.pos++;
  }

  private matchChar(ch: string): boolean {
    if (this.s[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Reads between min and max ASCII digits. */
  private digits(min: number, max: number, spec: string): number {
    let end = this.pos;
    while (end < this.s.length && end - this.pos < max && isAsciiDigit(this.s[end])) end++;
    if (end - this.pos < min) {
      const want = min === max ? `${min} digit${min > 1 ? 's' : ''}` : `${min} to ${max} digits`;
      fail(`"${spec}" expects ${want} but found ${this.here()}`);
    }
    const value = Number(this.s.slice(this.pos, end));
    this.pos = end;
    return value;
  }

  private startsWithIgnoreCase(word: string): boolean {
    return this.s.slice(this.pos, this.pos + word.length).toLowerCase() === word.toLowerCase();
  }

  private setOnce(field: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', value: number, spec: string): void {
    const current = this.f[field];
    if (current !== -1 && current !== value) fail(`"${spec}" read ${value} but the ${field} was already ${current}`);
    this.f[field] = value;
  }

  private repeat(): number {
    const ch = this.fmt[this.fpos]!;
    let end = this.fpos + 1;
    while (end < this.fmt.length && this.fmt[end] === ch) end++;
    return end - this.fpos;
  }

  /** ParseTimeZoneOffset for z (1), zz (2) and zzz / K (3). */
  private offset(len: number, spec: string): bigint {
    const sign = this.s[this.pos];
    if (sign !== '+' && sign !== '-') fail(`"${spec}" expects an offset starting with + or - but found ${this.here()}`);
    this.pos++;
    let hours: number;
    let minutes = 0;
    if (len <= 2) {
      hours = len === 1 ? this.digits(1, 2, spec) : this.digits(2, 2, spec);
    } else {
      hours = this.digits(1, 2, spec);
      this.matchChar(':');
      minutes = this.digits(2, 2, spec);
    }
    if (minutes >= 60) fail(`the offset minutes ${minutes} are out of range`);
    const total = BigInt(hours * 60 + minutes) * TICKS_PER_MINUTE;
    return sign === '-' ? -total : total;
  }

  private setOffset(offset: bigint, spec: string): void {
    if (this.f.tzUsed && this.f.offset !== offset) fail(`"${spec}" read an offset different from the one already read`);
    this.f.tzUsed = true;
    this.f.offset = offset;
  }

  // -- one format element --

  private step(): void {
    const fmt = this.fmt;
    const ch = fmt[this.fpos]!;
    switch (ch) {
      case 'y': {
        const n = this.repeat();
        const spec = 'y'.repeat(n);
        if (n <= 2) this.useTwoDigitYear = true;
        const v = n === 1 ? this.digits(1, 2, spec) : this.digits(n, n, spec);
        this.setOnce('year', v, spec);
        this.fpos += n;
        return;
      }
      case 'M': {
        const n = this.repeat();
        const spec = 'M'.repeat(n);
        let month: number;
        if (n <= 2) {
          month = n === 1 ? this.digits(1, 2, spec) : this.digits(2, 2, spec);
        } else {
          const names = n === 3 ? MONTH_ABBREVIATIONS : MONTH_NAMES;
          const i = names.findIndex((name) => this.startsWithIgnoreCase(name));
          if (i < 0) fail(`"${spec}" expects ${n === 3 ? 'a three-letter month name (Jan…Dec)' : 'a month name (January…December)'} but found ${this.here()}`);
          this.pos += names[i]!.length;
          month = i + 1;
        }
        this.setOnce('month', month, spec);
        this.fpos += n;
        return;
      }
      case 'd': {
        const n = this.repeat();
        const spec = 'd'.repeat(n);
        if (n <= 2) {
          this.setOnce('day', n === 1 ? this.digits(1, 2, spec) : this.digits(2, 2, spec), spec);
        } else {
          const names = n === 3 ? DAY_ABBREVIATIONS : DAY_NAMES;
          const i = names.findIndex((name) => this.startsWithIgnoreCase(name));
          if (i < 0) fail(`"${spec}" expects ${n === 3 ? 'a three-letter day name (Sun…Sat)' : 'a day name (Sunday…Saturday)'} but found ${this.here()}`);
          this.pos += names[i]!.length;
          if (this.dayOfWeek !== -1 && this.dayOfWeek !== i) fail(`"${spec}" read ${names[i]} but another day name was already read`);
          this.dayOfWeek = i;
        }
        this.fpos += n;
        return;
      }
      case 'g': {
        const n = this.repeat();
        if (this.startsWithIgnoreCase(ERA_NAME)) this.pos += ERA_NAME.length;
        else if (this.startsWithIgnoreCase(ERA_ABBREVIATION)) this.pos += ERA_ABBREVIATION.length;
        else fail(`"${'g'.repeat(n)}" expects the era "A.D." or "AD" but found ${this.here()}`);
        this.fpos += n;
        return;
      }
      case 'h': case 'H': case 'm': case 's': {
        const n = this.repeat();
        const spec = ch.repeat(n);
        if (ch === 'h') this.useHour12 = true;
        const v = n < 2 ? this.digits(1, 2, spec) : this.digits(2, 2, spec);
        this.setOnce(ch === 'm' ? 'minute' : ch === 's' ? 'second' : 'hour', v, spec);
        this.fpos += n;
        return;
      }
      case 'f': case 'F': {
        const n = this.repeat();
        const spec = ch.repeat(n);
        if (n > 7) fail(`"${spec}" asks for more than 7 fraction digits`);
        let end = this.pos;
        while (end < this.s.length && end - this.pos < n && isAsciiDigit(this.s[end])) end++;
        const count = end - this.pos;
        if (ch === 'f' && count < n) fail(`"${spec}" expects exactly ${n} fraction digit${n > 1 ? 's' : ''} but found ${this.here()}`);
        const value = count === 0 ? 0 : Number(this.s.slice(this.pos, end)) / 10 ** count;
        this.pos = end;
        if (this.f.fraction >= 0 && this.f.fraction !== value) fail(`"${spec}" read a fraction different from the one already read`);
        this.f.fraction = value;
        this.fpos += n;
        return;
      }
      case 't': {
        const n = this.repeat();
        let mark: 'AM' | 'PM';
        if (n === 1) {
          const c = this.s[this.pos];
          if (c === AM_DESIGNATOR[0]) mark = 'AM';
          else if (c === PM_DESIGNATOR[0]) mark = 'PM';
          else fail(`"t" expects "A" or "P" but found ${this.here()}`);
          this.pos++;
        } else {
          if (this.startsWithIgnoreCase(AM_DESIGNATOR)) mark = 'AM';
          else if (this.startsWithIgnoreCase(PM_DESIGNATOR)) mark = 'PM';
          else fail(`"${'t'.repeat(n)}" expects AM or PM but found ${this.here()}`);
          this.pos += 2;
        }
        if (this.timeMark !== null && this.timeMark !== mark) fail('the text has both AM and PM');
        this.timeMark = mark;
        this.fpos += n;
        return;
      }
      case 'z': {
        const n = this.repeat();
        this.setOffset(this.offset(n, 'z'.repeat(n)), 'z'.repeat(n));
        this.fpos += n;
        return;
      }
      case 'Z': {
        if (this.f.tzUsed && this.f.offset !== 0n) fail('"Z" (UTC) contradicts the offset already read');
        this.f.tzUsed = true;
        this.f.offset = 0n;
        this.f.tzUtc = true;
        const word = this.startsWithIgnoreCase('GMT') ? 'GMT' : this.startsWithIgnoreCase('Z') ? 'Z' : null;
        if (word === null || isLetter(this.s[this.pos + word.length])) {
          fail(`"Z" expects the UTC designator "Z" or "GMT" but found ${this.here()}`);
        }
        this.pos += word.length;
        this.fpos += 1;
        return;
      }
      case 'K': {
        if (this.matchChar('Z')) {
          if (this.f.tzUsed && this.f.offset !== 0n) fail('"K" read Z, which contradicts the offset already read');
          this.f.tzUsed = true;
          this.f.offset = 0n;
          this.f.tzUtc = true;
        } else if (this.s[this.pos] === '+' || this.s[this.pos] === '-') {
          this.setOffset(this.offset(3, 'K'), 'K');
        }
        this.fpos += 1;
        return;
      }
      case ':': case '/':
        if (!this.matchChar(ch)) fail(`expected "${ch}" but found ${this.here()}`);
        this.fpos += 1;
        return;
      case '"': case "'": {
        const q = readQuoted(fmt, this.fpos);
        if ('message' in q) badFormat(q.message);
        for (const c of q.text) {
          if (c === ' ' && this.allowInnerWhite) this.skipWhite();
          else if (!this.matchChar(c)) fail(`expected the literal ${quote(q.text)} but found ${this.here()}`);
        }
        this.fpos += q.length;
        return;
      }
      case '%':
        if (this.fpos >= fmt.length - 1 || fmt[this.fpos + 1] === '%') badFormat('"%" must be followed by a specifier other than "%"');
        this.fpos += 1;
        return;
      case '\\':
        if (this.fpos + 1 >= fmt.length) badFormat('a backslash at the end of the format has nothing to escape');
        if (!this.matchChar(fmt[this.fpos + 1]!)) fail(`expected ${JSON.stringify(fmt[this.fpos + 1])} but found ${this.here()}`);
        this.fpos += 2;
        return;
      case '.':
        if (!this.matchChar('.')) {
          // .NET skips an optional ".FF…" group when the text has no '.', looking for the F one character
          // past the one after the dot (so a lone ".F" is not optional).
          if (this.fpos + 2 < fmt.length && fmt[this.fpos + 2] === 'F') {
            let end = this.fpos + 2;
            while (end < fmt.length && fmt[end] === 'F') end++;
            this.fpos = end;
            return;
          }
          fail(`expected "." but found ${this.here()}`);
        }
        this.fpos += 1;
        return;
      case ' ':
        if (this.allowInnerWhite) {
          this.fpos += 1;
          return;
        }
        if (!this.matchChar(' ')) {
          if (this.allowTrailingWhite && this.fpos + 1 < fmt.length) {
            this.fpos += 1;
            this.step();
            return;
          }
          fail(`expected a space but found ${this.here()}`);
        }
        this.fpos += 1;
        return;
      default:
        if (ch === 'G' && fmt.slice(this.fpos, this.fpos + 3).toLowerCase() === 'gmt') {
          this.f.tzUsed = true;
          this.f.offset = 0n;
          if (this.s.slice(this.pos, this.pos + 3) !== 'GMT') fail(`expected "GMT" but found ${this.here()}`);
          this.pos += 3;
          this.fpos += 3;
          return;
        }
        if (!this.matchChar(ch)) fail(`expected ${JSON.stringify(ch)} but found ${this.here()}`);
        this.fpos += 1;
    }
  }
}

function trimEndWhite(s: string): string {
  let end = s.length;
  while (end > 0 && isWhiteSpace(s[end - 1])) end--;
  return s.slice(0, end);
}

function trimStartWhite(s: string): string {
  let start = 0;
  while (start < s.length && isWhiteSpace(s[start])) start++;
  return s.slice(start);
}

/** After trimming the format's tail: a closing quote preceded by spaces loses those spaces ("'x  '" → "'x'"). */
function removeTrailingInQuoteSpaces(fmt: string): string {
  const i = fmt.length - 1;
  if (i <= 1) return fmt;
  const q = fmt[i]!;
  if ((q === "'" || q === '"') && isWhiteSpace(fmt[i - 1])) {
    let j = i - 1;
    while (j >= 1 && isWhiteSpace(fmt[j - 1])) j--;
    return fmt.slice(0, j) + q;
  }
  return fmt;
}

/** After trimming the format's head: an opening quote followed by spaces loses those spaces. */
function removeLeadingInQuoteSpaces(fmt: string): string {
  if (fmt.length <= 2) return fmt;
  const q = fmt[0]!;
  if (q !== "'" && q !== '"') return fmt;
  let i = 0;
  while (i + 1 < fmt.length && isWhiteSpace(fmt[i + 1])) i++;
  return i === 0 ? fmt : q + fmt.slice(i + 1);
}

// ---- the fast paths for "r" and "o" with DateTimeStyles.None ----------------------------------

function twoDigits(s: string, at: number): number | null {
  return isAsciiDigit(s[at]) && isAsciiDigit(s[at + 1]) ? Number(s.slice(at, at + 2)) : null;
}

function parseFormatR(s: string): { ticks: bigint; kind: DateTimeKind } {
  if (s.length !== 29) fail('the RFC 1123 form "ddd, dd MMM yyyy HH:mm:ss GMT" is exactly 29 characters');
  const dow = DAY_ABBREVIATIONS.findIndex((d) => `${d},`.toLowerCase() === s.slice(0, 4).toLowerCase());
  const month = MONTH_ABBREVIATIONS.findIndex((m) => `${m} `.toLowerCase() === s.slice(8, 12).toLowerCase()) + 1;
  const day = twoDigits(s, 5);
  const year = /^\d{4}$/.test(s.slice(12, 16)) ? Number(s.slice(12, 16)) : null;
  const hour = twoDigits(s, 17);
  const minute = twoDigits(s, 20);
  const second = twoDigits(s, 23);
  if (
    dow < 0 || s[4] !== ' ' || day === null || s[7] !== ' ' || month < 1 || year === null || s[16] !== ' ' ||
    hour === null || s[19] !== ':' || minute === null || s[22] !== ':' || second === null || s.slice(25) !== ' GMT'
  ) {
    fail('the text is not of the RFC 1123 form "ddd, dd MMM yyyy HH:mm:ss GMT"');
  }
  const ticks = ticksFromParts(year, month, day, hour, minute, second);
  if (ticks === null) fail('the RFC 1123 date or time is out of range');
  if (toParts(ticks).dayOfWeek !== dow) fail(`${DAY_ABBREVIATIONS[dow]} does not match the date`);
  return { ticks, kind: 'Unspecified' };
}

function parseFormatO(s: string): { ticks: bigint; kind: DateTimeKind } {
  const shapeOk = s.length >= 27 && s[4] === '-' && s[7] === '-' && s[10] === 'T' && s[13] === ':' && s[16] === ':' && s[19] === '.';
  const year = /^\d{4}$/.test(s.slice(0, 4)) ? Number(s.slice(0, 4)) : null;
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  const fraction = /^\d{7}$/.test(s.slice(20, 27)) ? Number(s.slice(20, 27)) : null;
  if (!shapeOk || year === null || month === null || day === null || hour === null || minute === null || second === null || fraction === null) {
    fail('the text is not of the round-trip form "yyyy-MM-ddTHH:mm:ss.fffffff" with an optional Z or ±hh:mm');
  }
  const base = ticksFromParts(year, month, day, hour, minute, second, fraction);
  if (base === null) fail('the round-trip date or time is out of range');
  const f = newFields();
  if (s.length > 27) {
    const c = s[27];
    if (c === 'Z' && s.length === 28) {
      f.tzUsed = true;
      f.tzUtc = true;
    } else if ((c === '+' || c === '-') && (s.length === 33 || s.length === 32)) {
      const hoursText = s.length === 33 ? s.slice(28, 30) : s.slice(28, 29);
      const colon = s.length === 33 ? 30 : 29;
      const minutes = twoDigits(s, colon + 1);
      if (!/^\d+$/.test(hoursText) || s[colon] !== ':' || minutes === null) fail('the round-trip offset must be ±hh:mm');
      const total = BigInt(Number(hoursText) * 60 + minutes) * TICKS_PER_MINUTE;
      f.tzUsed = true;
      f.offset = c === '-' ? -total : total;
    } else {
      fail('the round-trip form ends with Z, ±hh:mm or nothing');
    }
  }
  return adjustTimeZone(base, f, 0);
}

/**
 * .NET DateTime.ParseExact(text, format, InvariantCulture, styles). Returns ticks and kind; throws
 * DateTimeError with a message naming the text, the format and what did not match.
 */
export function dotnetParseExact(
  text: string, format: string, styles: number, nowTicks: () => bigint,
): { ticks: bigint; kind: DateTimeKind } {
  if (typeof text !== 'string') throw new DateTimeError(`The date/time text must be a string, got ${typeof text}.`);
  if (typeof format !== 'string') throw new DateTimeError(`The input format must be a string, got ${typeof format}.`);
  validateStyles(styles);
  const mismatch = (reason: string) =>
    new DateTimeError(`${quote(text)} does not match the date/time format ${quote(format)}: ${reason}.`, text);
  if (text.length === 0) throw mismatch('the text is empty');
  if (format.length === 0) throw new DateTimeError('The input format is empty; give a .NET date/time format such as "yyyy-MM-dd".', format);
  try {
    let pattern = format;
    let utcPreset = false;
    if (format.length === 1) {
      if (styles === 0 && (format === 'r' || format === 'R')) return parseFormatR(text);
      if (styles === 0 && (format === 'o' || format === 'O')) return parseFormatO(text);
      const expanded = STANDARD_PATTERNS[format];
      if (expanded === undefined) {
        throw new DateTimeError(
          `Invalid input format ${quote(format)}: a one-character format must be a standard format ` +
            `(d, D, f, F, g, G, m, M, o, O, r, R, s, t, T, u, U, y, Y). For a single custom specifier write "%${format}".`,
          format,
        );
      }
      pattern = expanded;
      utcPreset = format === 'U';
    }
    const parser = new ExactParser(text, pattern, styles, nowTicks);
    if (utcPreset) parser.presetUtc();
    return parser.parse();
  } catch (e) {
    if (e instanceof ParseFailure) throw mismatch(e.reason);
    if (e instanceof FormatStringError) throw new DateTimeError(`Invalid input format ${quote(format)}: ${e.message}.`, format);
    throw e;
  }
}
