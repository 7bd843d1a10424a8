// Pieces shared by the DateTime.Parse and DateTime.ParseExact emulations: the parse result, filling
// in missing date parts, and the time-zone adjustments that produce the DateTimeKind.

import { DateTimeStyles } from './culture';
import {
  DateTimeKind, MAX_OFFSET_TICKS, MAX_TICKS, TICKS_PER_DAY, isWhiteSpace, toParts,
} from './value';

/** Internal: why a parse failed; turned into null or a DateTimeError by the public functions. */
export class ParseFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function fail(reason: string): never {
  throw new ParseFailure(reason);
}

/** The fields collected while parsing; -1 means "not in the text". */
export interface ParsedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction of a second as a double (as .NET keeps it); -1 when absent. */
  fraction: number;
  tzUsed: boolean;
  tzUtc: boolean;
  /** Offset of the text from UTC, in ticks. */
  offset: bigint;
}

export function newFields(): ParsedFields {
  return { year: -1, month: -1, day: -1, hour: -1, minute: -1, second: -1, fraction: -1, tzUsed: false, tzUtc: false, offset: 0n };
}

/** Math.Round(double) of .NET: to nearest, ties to even. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Ticks of a fraction of a second, as (long)Math.Round(fraction * TicksPerSecond). */
export function fractionTicks(fraction: number): bigint {
  return BigInt(roundHalfEven(fraction * 10_000_000));
}

/**
 * CheckDefaultDateTime: a missing year is the current year, a missing month/day is 1, and a text
 * with no date at all is today (or 0001-01-01 with NoCurrentDateDefault). Time fields default to 0.
 * "Now" is the service's local time, i.e. UTC.
 */
export function fillDefaults(f: ParsedFields, styles: number, nowTicks: () => bigint): void {
  if (f.year === -1 || f.month === -1 || f.day === -1) {
    const now = toParts(nowTicks());
    if (f.month === -1 && f.day === -1) {
      if (f.year === -1) {
        if ((styles & DateTimeStyles.NoCurrentDateDefault) !== 0) {
          f.year = f.month = f.day = 1;
        } else {
          f.year = now.year;
          f.month = now.month;
          f.day = now.day;
        }
      } else {
        f.month = 1;
        f.day = 1;
      }
    } else {
      if (f.year === -1) f.year = now.year;
      if (f.month === -1) f.month = 1;
      if (f.day === -1) f.day = 1;
    }
  }
  if (f.hour === -1) f.hour = 0;
  if (f.minute === -1) f.minute = 0;
  if (f.second === -1) f.second = 0;
}

function formatOffset(offset: bigint): string {
  const sign = offset < 0n ? '-' : '+';
  const abs = offset < 0n ? -offset : offset;
  const minutes = Number(abs / 600_000_000n);
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * DetermineTimeZoneAdjustments for DateTime (not DateTimeOffset): decides the kind and converts a
 * text offset to the local zone, which on the Entra service is UTC.
 */
export function adjustTimeZone(
  ticks: bigint, f: ParsedFields, styles: number,
): { ticks: bigint; kind: DateTimeKind } {
  if (f.offset < -MAX_OFFSET_TICKS || f.offset > MAX_OFFSET_TICKS) {
    fail(`the offset ${formatOffset(f.offset)} is outside the ±14:00 that .NET allows`);
  }
  if (!f.tzUsed) {
    if ((styles & DateTimeStyles.AssumeLocal) !== 0) {
      if ((styles & DateTimeStyles.AdjustToUniversal) === 0) return { ticks, kind: 'Local' };
      f.tzUsed = true;
      f.offset = 0n; // the local zone is UTC
    } else if ((styles & DateTimeStyles.AssumeUniversal) !== 0) {
      if ((styles & DateTimeStyles.AdjustToUniversal) !== 0) return { ticks, kind: 'Utc' };
      f.tzUsed = true;
      f.offset = 0n;
    } else {
      return { ticks, kind: 'Unspecified' };
    }
  }
  if ((styles & DateTimeStyles.RoundtripKind) !== 0 && f.tzUtc) return { ticks, kind: 'Utc' };
  let result = ticks - f.offset;
  if ((styles & DateTimeStyles.AdjustToUniversal) !== 0) {
    if (result < 0n) result += TICKS_PER_DAY;
    if (result < 0n || result > MAX_TICKS) fail('the date and time, adjusted to UTC, fall outside years 1..9999');
    return { ticks: result, kind: 'Utc' };
  }
  // AdjustTimeZoneToLocal; the local offset is zero.
  // A bare time of day on 0001-01-01 (NoCurrentDateDefault) wraps around midnight instead of failing.
  if (ticks < TICKS_PER_DAY && result < 0n) result += TICKS_PER_DAY;
  if (result < 0n || result > MAX_TICKS) fail('the date and time, converted to UTC, fall outside years 1..9999');
  return { ticks: result, kind: 'Local' };
}

/** VerifyValidPunctuation for '#': the whole text must be `ws* # ... # ws*` (then optional trailing NULs). */
export function validHashes(s: string): boolean {
  let foundStart = false;
  let foundEnd = false;
  for (const ch of s) {
    if (ch === '#') {
      if (foundStart) {
        if (foundEnd) return false;
        foundEnd = true;
      } else {
        foundStart = true;
      }
    } else if (ch === '\0') {
      if (!foundEnd) return false;
    } else if (!isWhiteSpace(ch)) {
      if (!foundStart || foundEnd) return false;
    }
  }
  return foundEnd;
}

/** True when s from `from` on is only NUL characters (trailing NULs are tolerated by .NET). */
export function onlyNulsFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s[i] !== '\0') return false;
  return true;
}
