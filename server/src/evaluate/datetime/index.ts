// Public entry of the .NET / VBA date-time emulation used by the expression evaluator.
//
// Values are .NET DateTime: 100-ns ticks since 0001-01-01 plus a DateTimeKind (see value.ts).
// The Entra provisioning service runs in UTC, so .NET's "local time" there is UTC: offsets in input
// text are converted to UTC, `zzz`/`K` print +00:00 for local values, and "now"/"today" are UTC.
// Nothing in this module reads the machine's time zone; only parsing without a date (and Now()) reads
// the clock, and both accept an injected `now`.

import { dotnetParse } from './parse';
import { dotnetParseExact } from './parseExact';
import {
  DateTimeError, DateTimeValue, FILETIME_EPOCH_TICKS, MAX_TICKS, TICKS_PER_MILLISECOND, UNIX_EPOCH_TICKS, makeValue, quote,
} from './value';

export {
  DateTimeError, fromParts, isLeapYear, daysInMonth, isValidDate, makeValue, toParts, asUtc, describeValue,
  MAX_TICKS, TICKS_PER_SECOND, TICKS_PER_MINUTE, TICKS_PER_HOUR, TICKS_PER_DAY, TICKS_PER_MILLISECOND,
  UNIX_EPOCH_TICKS, FILETIME_EPOCH_TICKS,
} from './value';
export type { DateTimeValue, DateTimeKind, DateParts } from './value';
export {
  parseStyles, validateStyles, describeStyles, DateTimeStyles, DEFAULT_FORMAT_DATETIME_STYLES, TWO_DIGIT_YEAR_MAX,
} from './culture';
export { format, toEntraString } from './format';
export { dateAdd, dateDiff, parseInterval, INTERVALS } from './vb';
export type { Interval } from './vb';
export { describeFormat } from './describe';
export type { FormatDescription, FormatTokenInfo, FormatWarning } from './describe';

/** Options of the parsers. */
export interface ParseOptions {
  /**
   * The current instant, used only when the text lacks a date or a year (.NET then takes today / the
   * current year). Defaults to the system clock. Pass it for deterministic results.
   */
  now?: DateTimeValue | Date;
}

/** The clock, read only if the text lacks a date or year. */
function nowTicks(options: ParseOptions | undefined): () => bigint {
  const now = options?.now;
  if (now === undefined) return () => fromDate(new Date()).ticks;
  return () => (now instanceof Date ? fromDate(now).ticks : now.ticks);
}

/**
 * CDate and the date arguments of DateAdd/DateDiff/NumFromDate: .NET DateTime.Parse (invariant
 * culture) semantics, the result as a UTC value. Accepts ISO 8601 ("2009-06-15T01:45:30-07:00",
 * "2021-08-24", "…Z"), the Workday date-with-offset "2012-03-16-07:00" (midnight at that offset),
 * "2021-06-30+08:00", US "8/25/2021 5:41:18 PM", month names ("June 15, 2009", "15 Jun 2009"),
 * RFC 1123 ("Mon, 15 Jun 2009 20:45:30 GMT") and the engine's own output form.
 * Returns null when .NET would throw.
 */
export function parseLenient(text: string, options?: ParseOptions): DateTimeValue | null {
  if (typeof text !== 'string') return null;
  const r = dotnetParse(text, nowTicks(options));
  return r.ok ? makeValue(r.ticks, 'Utc') : null;
}

/** Like parseLenient, but throws a DateTimeError that says why the text is not a date. */
export function parseLenientOrThrow(text: string, options?: ParseOptions): DateTimeValue {
  if (typeof text !== 'string') throw new DateTimeError(`A date/time must be text, got ${typeof text}.`);
  const r = dotnetParse(text, nowTicks(options));
  if (r.ok) return makeValue(r.ticks, 'Utc');
  throw new DateTimeError(
    `${quote(text)} is not a date/time .NET can parse: ${r.reason}. Expected a form such as "2021-08-24", ` +
      '"2009-06-15T01:45:30-07:00", "2012-03-16-07:00" or "8/25/2021 5:41:18 PM".',
    text,
  );
}

/**
 * FormatDateTime's input: .NET DateTime.ParseExact(text, format, InvariantCulture, styles). The kind
 * follows .NET: Utc for a "Z"/"K"=Z text under RoundtripKind or AdjustToUniversal, Local (= UTC on the
 * service) when an offset was converted, Unspecified otherwise. Throws DateTimeError when the text does
 * not match, the format is invalid, or the styles conflict.
 */
export function parseExact(text: string, format: string, styles: number, options?: ParseOptions): DateTimeValue {
  const r = dotnetParseExact(text, format, styles, nowTicks(options));
  return makeValue(r.ticks, r.kind);
}

/** The last AD integer date (FILETIME) a .NET DateTime can hold: 9999-12-31 23:59:59.9999999 UTC. */
export const MAX_FILETIME = MAX_TICKS - FILETIME_EPOCH_TICKS;

/**
 * DateFromNum: an Active Directory integer date (Windows FILETIME, 100-ns ticks since 1601-01-01 UTC,
 * as in accountExpires / lastLogonTimestamp) to a UTC value, like DateTime.FromFileTimeUtc.
 */
export function fromFileTime(fileTime: bigint): DateTimeValue {
  let ft: bigint;
  if (typeof fileTime === 'bigint') ft = fileTime;
  else if (typeof fileTime === 'number' && Number.isSafeInteger(fileTime)) ft = BigInt(fileTime);
  else throw new DateTimeError(`DateFromNum: ${String(fileTime)} is not an integer AD date.`);
  if (ft < 0n || ft > MAX_FILETIME) {
    throw new DateTimeError(
      `DateFromNum: ${ft} is not a valid AD integer date; expected 0 (1601-01-01) to ${MAX_FILETIME} (9999-12-31 UTC). ` +
        (ft === 9223372036854775807n ? 'The value 9223372036854775807 means "never expires" in accountExpires.' : ''),
    );
  }
  return makeValue(ft + FILETIME_EPOCH_TICKS, 'Utc');
}

/** NumFromDate: the AD integer date (FILETIME ticks since 1601-01-01 UTC) of a value, like ToFileTimeUtc. */
export function toFileTime(value: DateTimeValue): bigint {
  const ft = value.ticks - FILETIME_EPOCH_TICKS;
  if (ft < 0n) {
    throw new DateTimeError('NumFromDate: dates before 1601-01-01 have no AD integer (FILETIME) form.');
  }
  return ft;
}

/** A JavaScript Date (e.g. an injected clock for Now()) as a UTC value, to the millisecond. */
export function fromDate(date: Date): DateTimeValue {
  if (!(date instanceof Date)) throw new DateTimeError('fromDate expects a Date.');
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new DateTimeError('fromDate: the Date is invalid (NaN).');
  const ticks = BigInt(ms) * TICKS_PER_MILLISECOND + UNIX_EPOCH_TICKS;
  if (ticks < 0n || ticks > MAX_TICKS) {
    throw new DateTimeError(`fromDate: ${date.toISOString()} is outside years 1..9999.`);
  }
  return makeValue(ticks, 'Utc');
}

/** A value as a JavaScript Date (UTC instant; ticks below a millisecond are dropped, rounding down). */
export function toDate(value: DateTimeValue): Date {
  const rel = value.ticks - UNIX_EPOCH_TICKS;
  let ms = rel / TICKS_PER_MILLISECOND;
  if (rel % TICKS_PER_MILLISECOND < 0n) ms -= 1n;
  return new Date(Number(ms));
}
