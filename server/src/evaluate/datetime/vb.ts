// Visual Basic DateAdd / DateDiff (Microsoft.VisualBasic.DateAndTime) restricted to the interval codes
// Entra documents: yyyy (year), m (month), d (day), ww (week), h (hour), n (minute), s (second).
// Like VB the codes are matched ignoring letter case.

import { format } from './format';
import {
  DateTimeError, DateTimeValue, MAX_TICKS, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND,
  daysInMonth, makeValue, quote, ticksFromParts, toParts,
} from './value';

export type Interval = 'yyyy' | 'm' | 'd' | 'ww' | 'h' | 'n' | 's';

export const INTERVALS: Readonly<Record<Interval, string>> = {
  yyyy: 'year',
  m: 'month',
  d: 'day',
  ww: 'week',
  h: 'hour',
  n: 'minute',
  s: 'second',
};

/** The Entra interval code of `text` (any letter case), or a DateTimeError naming the accepted codes. */
export function parseInterval(text: string, fn: 'DateAdd' | 'DateDiff'): Interval {
  if (typeof text !== 'string') throw new DateTimeError(`${fn}: the interval must be text, got ${typeof text}.`);
  const code = text.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(INTERVALS, code)) return code as Interval;
  const vbOnly: Record<string, string> = { q: 'quarter', y: 'day of year', w: 'weekday' };
  const hint = vbOnly[code]
    ? ` ("${text}" is the VBA code for ${vbOnly[code]}, which Entra does not support)`
    : code === 'mm' || code === 'mi' || code === 'min'
      ? ' (minutes are "n"; "m" is month)'
      : '';
  throw new DateTimeError(
    `${fn}: unknown interval ${quote(text)}${hint}. Expected one of yyyy (year), m (month), d (day), ww (week), ` +
      'h (hour), n (minute), s (second).',
    text,
  );
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** VB's CInt(Fix(Number)): truncates toward zero; outside Int32 is an overflow. */
function toInt32(amount: number | bigint): number {
  if (typeof amount === 'bigint') {
    if (amount < BigInt(INT32_MIN) || amount > BigInt(INT32_MAX)) {
      throw new DateTimeError(`DateAdd: the amount ${amount} is outside the 32-bit integer range VB's DateAdd accepts.`);
    }
    return Number(amount);
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw new DateTimeError(`DateAdd: the amount must be a finite number, got ${String(amount)}.`);
  }
  const n = Math.trunc(amount);
  if (n < INT32_MIN || n > INT32_MAX) {
    throw new DateTimeError(`DateAdd: the amount ${amount} is outside the 32-bit integer range VB's DateAdd accepts.`);
  }
  return n === 0 ? 0 : n; // no -0
}

function outOfRange(what: string, value: DateTimeValue): never {
  throw new DateTimeError(
    `DateAdd: ${what} to ${format(value, 'M/d/yyyy h:mm:ss tt')} falls outside 1/1/0001 - 12/31/9999, the range .NET dates support.`,
  );
}

/** Calendar.AddMonths: whole months, the day clamped to the end of the target month, time of day kept. */
function addMonths(value: DateTimeValue, months: number, what: string): DateTimeValue {
  if (months < -120000 || months > 120000) outOfRange(what, value);
  const p = toParts(value.ticks);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  if (year < 1 || year > 9999) outOfRange(what, value);
  const day = Math.min(p.day, daysInMonth(year, month));
  const date = ticksFromParts(year, month, day)!;
  return makeValue(date + (value.ticks % TICKS_PER_DAY), value.kind);
}

function addTicks(value: DateTimeValue, delta: bigint, what: string): DateTimeValue {
  const ticks = value.ticks + delta;
  if (ticks < 0n || ticks > MAX_TICKS) outOfRange(what, value);
  return makeValue(ticks, value.kind);
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${Math.abs(n) === 1 ? '' : 's'}`;
}

/**
 * VB DateAdd with Entra's interval codes: `amount` is truncated toward zero (CInt(Fix(x))); years and
 * months clamp the day to the month's end (Feb 29 + 1 yyyy = Feb 28); weeks are 7 days. The kind of
 * `value` is kept. Throws DateTimeError on an unknown interval or a result outside years 1..9999.
 */
export function dateAdd(interval: string, amount: number | bigint, value: DateTimeValue): DateTimeValue {
  const code = parseInterval(interval, 'DateAdd');
  const n = toInt32(amount);
  const what = `adding ${plural(n, INTERVALS[code])}`;
  switch (code) {
    case 'yyyy':
      return addMonths(value, n * 12, what);
    case 'm':
      return addMonths(value, n, what);
    case 'd':
      return addTicks(value, BigInt(n) * TICKS_PER_DAY, what);
    case 'ww':
      return addTicks(value, BigInt(n) * 7n * TICKS_PER_DAY, what);
    case 'h':
      return addTicks(value, BigInt(n) * TICKS_PER_HOUR, what);
    case 'n':
      return addTicks(value, BigInt(n) * TICKS_PER_MINUTE, what);
    case 's':
      return addTicks(value, BigInt(n) * TICKS_PER_SECOND, what);
  }
}

/** TimeSpan.TotalX as .NET computes it: (double)ticks / ticksPerUnit, then VB's Fix. */
function wholeUnits(ticks: bigint, perUnit: bigint): number {
  const n = Math.trunc(Number(ticks) / Number(perUnit));
  return n === 0 ? 0 : n;
}

/**
 * VB DateDiff(interval, date1, date2) = date2 - date1 in whole units: d/h/n/s elapsed time truncated
 * toward zero; ww counts Sunday week boundaries; m = month-number difference; yyyy = year difference.
 */
export function dateDiff(interval: string, date1: DateTimeValue, date2: DateTimeValue): number {
  const code = parseInterval(interval, 'DateDiff');
  const delta = date2.ticks - date1.ticks;
  switch (code) {
    case 'yyyy':
      return toParts(date2.ticks).year - toParts(date1.ticks).year;
    case 'm': {
      const a = toParts(date1.ticks);
      const b = toParts(date2.ticks);
      return (b.year - a.year) * 12 + b.month - a.month;
    }
    case 'd':
      return wholeUnits(delta, TICKS_PER_DAY);
    case 'h':
      return wholeUnits(delta, TICKS_PER_HOUR);
    case 'n':
      return wholeUnits(delta, TICKS_PER_MINUTE);
    case 's':
      return wholeUnits(delta, TICKS_PER_SECOND);
    case 'ww': {
      // VB moves both dates back by (weekday + 1) days (Sunday = weekday 1), then counts whole weeks.
      const shift = (v: DateTimeValue, name: string): bigint => {
        const back = BigInt(toParts(v.ticks).dayOfWeek + 1) * TICKS_PER_DAY;
        if (v.ticks - back < 0n) {
          throw new DateTimeError(`DateDiff: "ww" cannot count weeks from ${name} ${format(v, 'M/d/yyyy')}: the week starts before 1/1/0001.`);
        }
        return v.ticks - back;
      };
      const days = wholeUnits(shift(date2, 'date2') - shift(date1, 'date1'), TICKS_PER_DAY);
      const weeks = Math.trunc(days / 7);
      return weeks === 0 ? 0 : weeks;
    }
  }
}
