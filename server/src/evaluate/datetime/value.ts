// The date/time value of the evaluator: a .NET System.DateTime, i.e. a count of 100-ns ticks since
// 0001-01-01T00:00:00 in the proleptic Gregorian calendar, plus its DateTimeKind.
//
// Time zones: the Entra provisioning service runs in UTC, so the "local" time zone of .NET on the
// service is UTC. A value of kind Local therefore denotes the same instant as the same ticks in UTC,
// and formats its offset (`zzz`, `K`) as +00:00. Nothing here ever consults the machine's own zone.

/** .NET DateTimeKind. 'Local' means the service's local zone, which is UTC. */
export type DateTimeKind = 'Unspecified' | 'Utc' | 'Local';

/** An immutable .NET DateTime: `ticks` in [0, MAX_TICKS], 100-ns units since 0001-01-01 00:00. */
export interface DateTimeValue {
  readonly ticks: bigint;
  readonly kind: DateTimeKind;
}

/** Every failure of this module: bad input text, bad format strings, out-of-range arithmetic. */
export class DateTimeError extends Error {
  /** The text or format the failure is about, when there is one. */
  readonly input: string | undefined;
  constructor(message: string, input?: string) {
    super(message);
    this.name = 'DateTimeError';
    this.input = input;
  }
}

export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** DateTime.MaxValue.Ticks: 9999-12-31 23:59:59.9999999. */
export const MAX_TICKS = 3_155_378_975_999_999_999n;
/** Ticks of 1970-01-01 (the JavaScript/Unix epoch). */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** Ticks of 1601-01-01 (the Windows FILETIME / Active Directory integer-date epoch). */
export const FILETIME_EPOCH_TICKS = 504_911_232_000_000_000n;
/** .NET keeps DateTime offsets within ±14:00. */
export const MAX_OFFSET_TICKS = 14n * TICKS_PER_HOUR;

const DAYS_BEFORE_MONTH_COMMON = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const DAYS_BEFORE_MONTH_LEAP = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH_COMMON;
  return table[month]! - table[month - 1]!;
}

/** True when year/month/day is a real date of years 1..9999. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** Days from 0001-01-01 to year/month/day (which must be valid). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = year - 1;
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH_COMMON;
  return y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + table[month - 1]! + day - 1;
}

/** The calendar fields of a tick count. `fraction` is the ticks within the second (0..9,999,999). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number;
  /** 0 = Sunday … 6 = Saturday, as .NET DayOfWeek. */
  dayOfWeek: number;
}

const DAYS_PER_400_YEARS = 146_097;
const DAYS_PER_100_YEARS = 36_524;
const DAYS_PER_4_YEARS = 1_461;

export function toParts(ticks: bigint): DateParts {
  const dayCount = Number(ticks / TICKS_PER_DAY);
  const timeOfDay = Number(ticks % TICKS_PER_DAY); // < 8.64e11, exact as a double
  let n = dayCount;
  const y400 = Math.floor(n / DAYS_PER_400_YEARS);
  n -= y400 * DAYS_PER_400_YEARS;
  let y100 = Math.floor(n / DAYS_PER_100_YEARS);
  if (y100 === 4) y100 = 3; // the last day of a 400-year cycle
  n -= y100 * DAYS_PER_100_YEARS;
  const y4 = Math.floor(n / DAYS_PER_4_YEARS);
  n -= y4 * DAYS_PER_4_YEARS;
  let y1 = Math.floor(n / 365);
  if (y1 === 4) y1 = 3; // the last day of a leap year
  n -= y1 * 365;
  const year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1;
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH_COMMON;
  let month = 1;
  while (n >= table[month]!) month++;
  const day = n - table[month - 1]! + 1;
  const secondsOfDay = Math.floor(timeOfDay / 10_000_000);
  return {
    year,
    month,
    day,
    hour: Math.floor(secondsOfDay / 3600),
    minute: Math.floor(secondsOfDay / 60) % 60,
    second: secondsOfDay % 60,
    fraction: timeOfDay % 10_000_000,
    dayOfWeek: (dayCount + 1) % 7,
  };
}

export function inRange(ticks: bigint): boolean {
  return ticks >= 0n && ticks <= MAX_TICKS;
}

/** Makes a value; throws DateTimeError when the ticks are outside years 1..9999. */
export function makeValue(ticks: bigint, kind: DateTimeKind = 'Utc'): DateTimeValue {
  if (typeof ticks !== 'bigint') throw new DateTimeError(`Ticks must be a bigint, got ${typeof ticks}.`);
  if (!inRange(ticks)) {
    throw new DateTimeError(
      `The date/time is outside the range .NET supports (0001-01-01 00:00:00 to 9999-12-31 23:59:59.9999999 UTC).`,
    );
  }
  if (kind !== 'Unspecified' && kind !== 'Utc' && kind !== 'Local') {
    throw new DateTimeError(`Unknown DateTimeKind "${String(kind)}"; expected Unspecified, Utc or Local.`);
  }
  return Object.freeze({ ticks, kind });
}

/** Ticks of a calendar date and time, or null when a field is out of range (like Calendar.TryToDateTime). */
export function ticksFromParts(
  year: number, month: number, day: number, hour = 0, minute = 0, second = 0, fraction = 0,
): bigint | null {
  if (!isValidDate(year, month, day)) return null;
  if (!(hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60)) return null;
  if (!(fraction >= 0 && fraction < 10_000_000 && Number.isInteger(fraction))) return null;
  const seconds = hour * 3600 + minute * 60 + second;
  return BigInt(dayNumber(year, month, day)) * TICKS_PER_DAY + BigInt(seconds) * TICKS_PER_SECOND + BigInt(fraction);
}

/** A value from calendar fields (UTC by default); throws DateTimeError on an impossible date or time. */
export function fromParts(
  year: number, month: number, day: number, hour = 0, minute = 0, second = 0, fraction = 0,
  kind: DateTimeKind = 'Utc',
): DateTimeValue {
  const ticks = ticksFromParts(year, month, day, hour, minute, second, fraction);
  if (ticks === null) {
    throw new DateTimeError(
      `${year}-${month}-${day} ${hour}:${minute}:${second} is not a valid date and time of years 1..9999.`,
    );
  }
  return makeValue(ticks, kind);
}

/** The same instant as a UTC value (Local and Unspecified are taken as the service zone, UTC). */
export function asUtc(value: DateTimeValue): DateTimeValue {
  return value.kind === 'Utc' ? value : makeValue(value.ticks, 'Utc');
}

/** A short ISO-like rendering for messages: 2012-03-16T07:00:00.0000000 (kind). */
export function describeValue(value: DateTimeValue): string {
  const p = toParts(value.ticks);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return (
    `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:` +
    `${pad(p.second, 2)}.${pad(p.fraction, 7)} (${value.kind})`
  );
}

/** .NET char.IsWhiteSpace. */
export function isWhiteSpace(ch: string | undefined): boolean {
  if (ch === undefined || ch.length === 0) return false;
  const c = ch.charCodeAt(0);
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

const LETTER = /^\p{L}$/u;
/** .NET char.IsLetter for one UTF-16 code unit. */
export function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && LETTER.test(ch[0]!);
}

export function isAsciiDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && ch >= '0' && ch <= '9' && ch.length === 1;
}

/** Quotes text for messages, shortening very long inputs. */
export function quote(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(shown);
}
