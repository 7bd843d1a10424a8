// VB DateAdd / DateDiff semantics, AD integer dates, JavaScript Date conversions, the value type.
import assert from 'node:assert/strict';
import {
  DateTimeError, MAX_FILETIME, dateAdd, dateDiff, format, fromDate, fromFileTime, fromParts, makeValue, parseInterval,
  toDate, toEntraString, toFileTime, toParts,
} from '../../server/src/evaluate/datetime';

const o = (v: ReturnType<typeof fromParts>) => format(v, 'yyyy-MM-ddTHH:mm:ss.fffffff');

describe('datetime: DateAdd (VB)', () => {
  const base = fromParts(2012, 3, 16, 7, 0, 0);
  it('adds hours, minutes and seconds', () => {
    assert.equal(o(dateAdd('h', 20, base)), '2012-03-17T03:00:00.0000000');
    assert.equal(o(dateAdd('n', -61, base)), '2012-03-16T05:59:00.0000000');
    assert.equal(o(dateAdd('s', 86400, base)), '2012-03-17T07:00:00.0000000');
  });
  it('accepts interval codes in any letter case, like VB', () => {
    assert.equal(o(dateAdd('D', 1, base)), '2012-03-17T07:00:00.0000000');
    assert.equal(o(dateAdd('YYYY', 1, base)), '2013-03-16T07:00:00.0000000');
  });
  it('truncates fractional amounts toward zero (CInt(Fix(x)))', () => {
    assert.equal(o(dateAdd('d', 1.9, base)), '2012-03-17T07:00:00.0000000');
    assert.equal(o(dateAdd('d', -1.9, base)), '2012-03-15T07:00:00.0000000');
    assert.equal(o(dateAdd('h', 0.99, base)), o(base));
  });
  it('accepts bigint amounts', () => assert.equal(o(dateAdd('d', 2n, base)), '2012-03-18T07:00:00.0000000'));
  it('clamps month arithmetic to the end of the month, like AddMonths', () => {
    assert.equal(o(dateAdd('m', 1, fromParts(2021, 1, 31))), '2021-02-28T00:00:00.0000000');
    assert.equal(o(dateAdd('m', 1, fromParts(2024, 1, 31))), '2024-02-29T00:00:00.0000000');
    assert.equal(o(dateAdd('m', -1, fromParts(2021, 3, 31, 23, 59, 59))), '2021-02-28T23:59:59.0000000');
    assert.equal(o(dateAdd('m', 13, fromParts(2021, 1, 31))), '2022-02-28T00:00:00.0000000');
    assert.equal(o(dateAdd('m', -14, fromParts(2021, 1, 15))), '2019-11-15T00:00:00.0000000');
  });
  it('Feb 29 + 1 yyyy is Feb 28; + 4 yyyy is Feb 29', () => {
    const leap = fromParts(2024, 2, 29, 10, 0, 0);
    assert.equal(o(dateAdd('yyyy', 1, leap)), '2025-02-28T10:00:00.0000000');
    assert.equal(o(dateAdd('yyyy', 4, leap)), '2028-02-29T10:00:00.0000000');
    assert.equal(o(dateAdd('yyyy', -100, leap)), '1924-02-29T10:00:00.0000000');
    assert.equal(o(dateAdd('yyyy', 76, leap)), '2100-02-28T10:00:00.0000000');
  });
  it('keeps sub-second ticks and the kind', () => {
    const v = makeValue(fromParts(2020, 1, 31, 1, 2, 3, 4_567_891).ticks, 'Local');
    const r = dateAdd('m', 1, v);
    assert.equal(o(r), '2020-02-29T01:02:03.4567891');
    assert.equal(r.kind, 'Local');
  });
  it('reaches the ends of the range and rejects going past them', () => {
    assert.equal(o(dateAdd('d', 1, fromParts(9999, 12, 30))), '9999-12-31T00:00:00.0000000');
    assert.equal(o(dateAdd('s', -1, fromParts(1, 1, 1, 0, 0, 1))), '0001-01-01T00:00:00.0000000');
    assert.throws(() => dateAdd('d', 2, fromParts(9999, 12, 30)), (e: unknown) =>
      e instanceof DateTimeError && /adding 2 days to 12\/30\/9999 12:00:00 AM falls outside/.test(e.message));
    assert.throws(() => dateAdd('s', -1, fromParts(1, 1, 1)), /adding -1 second to 1\/1\/0001/);
    assert.throws(() => dateAdd('yyyy', 1, fromParts(9999, 1, 1)), /outside 1\/1\/0001 - 12\/31\/9999/);
    assert.throws(() => dateAdd('m', -1, fromParts(1, 1, 31)), /outside/);
    assert.throws(() => dateAdd('m', 200000, fromParts(2000, 1, 1)), /outside/);
    assert.throws(() => dateAdd('ww', 600000, fromParts(2000, 1, 1)), /outside/);
  });
  it('rejects amounts outside Int32 and non-finite amounts', () => {
    assert.throws(() => dateAdd('s', 2147483648, fromParts(2000, 1, 1)), /32-bit integer range/);
    assert.throws(() => dateAdd('s', -2147483649n, fromParts(2000, 1, 1)), /32-bit integer range/);
    assert.throws(() => dateAdd('s', Number.NaN, fromParts(2000, 1, 1)), /finite number/);
    assert.equal(o(dateAdd('s', 2147483647, fromParts(2000, 1, 1))), '2068-01-19T03:14:07.0000000');
  });
  it('rejects interval codes Entra does not document, with a hint', () => {
    assert.throws(() => dateAdd('q', 1, base), /"q" is the VBA code for quarter/);
    assert.throws(() => dateAdd('w', 1, base), /weekday/);
    assert.throws(() => dateAdd('y', 1, base), /day of year/);
    assert.throws(() => dateAdd('mi', 1, base), /minutes are "n"/);
    assert.throws(() => dateAdd('days', 1, base), (e: unknown) =>
      e instanceof DateTimeError && e.input === 'days' && /Expected one of yyyy \(year\), m \(month\)/.test(e.message));
  });
  it('parseInterval maps codes to units', () => {
    assert.equal(parseInterval('WW', 'DateDiff'), 'ww');
    assert.throws(() => parseInterval('', 'DateDiff'), /DateDiff: unknown interval ""/);
  });
});

describe('datetime: DateDiff (VB)', () => {
  it('is positive when date2 is later and truncates toward zero', () => {
    const a = fromParts(2021, 1, 1, 0, 0, 0);
    assert.equal(dateDiff('d', a, fromParts(2021, 1, 2, 23, 59, 59)), 1);
    assert.equal(dateDiff('d', fromParts(2021, 1, 2, 23, 59, 59), a), -1);
    assert.equal(dateDiff('h', a, fromParts(2021, 1, 1, 0, 59, 59)), 0);
    assert.equal(dateDiff('n', a, fromParts(2021, 1, 1, 0, 1, 59)), 1);
    assert.equal(dateDiff('s', a, makeValue(a.ticks + 9_999_999n)), 0);
  });
  it('m and yyyy ignore the days and times', () => {
    assert.equal(dateDiff('m', fromParts(2021, 1, 31, 23, 59, 59), fromParts(2021, 2, 1)), 1);
    assert.equal(dateDiff('yyyy', fromParts(2021, 12, 31, 23, 59, 59), fromParts(2022, 1, 1)), 1);
    assert.equal(dateDiff('m', fromParts(2022, 1, 1), fromParts(2021, 12, 31)), -1);
  });
  it('ww counts Sundays crossed, not elapsed weeks', () => {
    // Saturday 2021-01-02 → Sunday 2021-01-03: one boundary, one day.
    assert.equal(dateDiff('ww', fromParts(2021, 1, 2), fromParts(2021, 1, 3)), 1);
    // Sunday → Saturday six days later: no boundary.
    assert.equal(dateDiff('ww', fromParts(2021, 1, 3), fromParts(2021, 1, 9)), 0);
    assert.equal(dateDiff('ww', fromParts(2021, 1, 9), fromParts(2021, 1, 3)), 0);
    assert.equal(dateDiff('ww', fromParts(2021, 1, 3), fromParts(2021, 1, 17)), 2);
  });
  it('ww fails when the week of a date starts before year 1, like VB', () => {
    assert.throws(() => dateDiff('ww', fromParts(1, 1, 1), fromParts(2000, 1, 1)), /week starts before 1\/1\/0001/);
  });
  it('spans the whole range', () => {
    const first = fromParts(1, 1, 1);
    const last = makeValue(3_155_378_975_999_999_999n);
    assert.equal(dateDiff('yyyy', first, last), 9998);
    // .NET computes TimeSpan.TotalDays/TotalSeconds in double precision, so the last tick of 9999
    // rounds up to a whole day/second before VB truncates; the emulation does the same.
    assert.equal(dateDiff('d', first, last), 3652059);
    assert.equal(dateDiff('s', first, last), 315537897600);
    assert.equal(dateDiff('d', first, fromParts(9999, 12, 31, 12)), 3652058);
    assert.equal(dateDiff('m', last, first), -119987);
  });
  it('rejects unknown intervals', () => assert.throws(() => dateDiff('q', fromParts(2000, 1, 1), fromParts(2000, 1, 1)), /DateDiff/));
});

describe('datetime: AD integer dates and JavaScript dates', () => {
  it('DateFromNum(0) is 1601-01-01 and the largest value is 9999-12-31', () => {
    assert.equal(format(fromFileTime(0n), 'o'), '1601-01-01T00:00:00.0000000Z');
    assert.equal(format(fromFileTime(MAX_FILETIME), 'o'), '9999-12-31T23:59:59.9999999Z');
    assert.equal(format(fromFileTime(864000000000 as unknown as bigint), 'o'), '1601-01-02T00:00:00.0000000Z');
  });
  it('rejects negative, too large and non-integer AD dates', () => {
    assert.throws(() => fromFileTime(-1n), /not a valid AD integer date/);
    assert.throws(() => fromFileTime(MAX_FILETIME + 1n), /not a valid AD integer date/);
    assert.throws(() => fromFileTime(9223372036854775807n), /never expires/);
    assert.throws(() => fromFileTime(1.5 as unknown as bigint), /not an integer AD date/);
    assert.throws(() => fromFileTime(132539615990000000 as unknown as bigint), /not an integer AD date/);
  });
  it('NumFromDate rejects dates before 1601', () => {
    assert.throws(() => toFileTime(fromParts(1600, 12, 31)), /before 1601-01-01/);
    assert.equal(toFileTime(fromParts(1601, 1, 1)), 0n);
  });
  it('converts JavaScript dates to the millisecond and back', () => {
    const d = new Date(Date.UTC(2021, 6, 2, 15, 33, 38, 123));
    const v = fromDate(d);
    assert.equal(toEntraString(v), '7/2/2021 3:33:38 PM');
    assert.equal(format(v, 'fffffff'), '1230000');
    assert.equal(toDate(v).toISOString(), '2021-07-02T15:33:38.123Z');
    assert.equal(toDate(makeValue(v.ticks + 9_999n)).getTime(), d.getTime());
    assert.equal(toDate(fromParts(1, 1, 1, 0, 0, 0, 1)).toISOString(), '0001-01-01T00:00:00.000Z');
    assert.equal(toDate(fromParts(1969, 12, 31, 23, 59, 59, 9_999_999)).getTime(), -1);
  });
  it('rejects invalid and out-of-range JavaScript dates', () => {
    assert.throws(() => fromDate(new Date(Number.NaN)), /invalid/);
    assert.throws(() => fromDate(new Date(Date.UTC(10000, 0, 1))), /outside years 1\.\.9999/);
    assert.throws(() => fromDate('2021-01-01' as unknown as Date), /expects a Date/);
  });
});

describe('datetime: the value type', () => {
  it('is frozen', () => {
    const v = fromParts(2021, 1, 1);
    assert.ok(Object.isFrozen(v));
    assert.equal(Reflect.set(v, 'ticks', 0n), false);
    assert.equal(v.ticks, fromParts(2021, 1, 1).ticks);
  });
  it('holds 100-ns precision across years 1..9999', () => {
    const v = makeValue(3_155_378_975_999_999_999n);
    const parts = toParts(v.ticks);
    assert.deepEqual(parts, { year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, fraction: 9_999_999, dayOfWeek: 5 });
    assert.equal(toParts(0n).dayOfWeek, 1); // 0001-01-01 was a Monday
  });
  it('round-trips every day boundary of leap and century years', () => {
    for (const [y, m, d] of [[2000, 2, 29], [1900, 2, 28], [1900, 3, 1], [2100, 12, 31], [400, 12, 31], [4, 2, 29]] as const) {
      const p = toParts(fromParts(y, m, d).ticks);
      assert.deepEqual([p.year, p.month, p.day], [y, m, d]);
    }
  });
  it('rejects ticks outside the range and impossible parts', () => {
    assert.throws(() => makeValue(-1n), /outside the range/);
    assert.throws(() => makeValue(3_155_378_976_000_000_000n), /outside the range/);
    assert.throws(() => makeValue(5 as unknown as bigint), /must be a bigint/);
    assert.throws(() => makeValue(0n, 'Zulu' as never), /Unknown DateTimeKind/);
    assert.throws(() => fromParts(2021, 2, 29), /not a valid date/);
    assert.throws(() => fromParts(2021, 1, 1, 24), /not a valid date and time/);
    assert.throws(() => fromParts(0, 1, 1), /not a valid/);
  });
});
