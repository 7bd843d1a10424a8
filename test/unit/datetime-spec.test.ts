// The worked examples of the expression-language spec (sections 4.5 CDate, 4.11 DateAdd, 4.12 DateDiff,
// 4.13 DateFromNum, 4.14 FormatDateTime, 4.30 NumFromDate, 5) against the .NET date/time emulation.
import assert from 'node:assert/strict';
import {
  DEFAULT_FORMAT_DATETIME_STYLES, dateAdd, dateDiff, format, fromFileTime, fromParts, parseExact, parseLenient,
  parseStyles, toEntraString, toFileTime, DateTimeValue,
} from '../../server/src/evaluate/datetime';

/** A fixed "now" so that no test depends on the machine's clock or zone. */
const NOW = fromParts(2024, 5, 10, 12, 0, 0);

function cdate(text: string): DateTimeValue {
  const v = parseLenient(text, { now: NOW });
  assert.ok(v, `expected ${JSON.stringify(text)} to parse`);
  return v;
}

describe('datetime: spec worked examples', () => {
  describe('CDate (4.5)', () => {
    it('reads the Workday date-with-offset form as midnight at that offset', () => {
      assert.equal(toEntraString(cdate('2020-03-16-07:00')), '3/16/2020 7:00:00 AM');
    });
    it('converts a positive offset back across midnight', () => {
      assert.equal(toEntraString(cdate('2021-06-30+08:00')), '6/29/2021 4:00:00 PM');
    });
    it('reads ISO 8601 with a time and an offset', () => {
      assert.equal(toEntraString(cdate('2009-06-15T01:45:30-07:00')), '6/15/2009 8:45:30 AM');
    });
    it('returns UTC values', () => {
      assert.equal(cdate('2009-06-15T01:45:30-07:00').kind, 'Utc');
      assert.equal(cdate('8/25/2021 5:41:18 PM').kind, 'Utc');
    });
    it('reads its own output form back', () => {
      const v = cdate('2021-06-30+08:00');
      assert.equal(cdate(toEntraString(v)).ticks, v.ticks);
    });
  });

  describe('DateAdd (4.11) with StatusHireDate = "2012-03-16-07:00"', () => {
    const hire = () => cdate('2012-03-16-07:00');
    it('starts from 3/16/2012 7:00:00 AM', () => assert.equal(toEntraString(hire()), '3/16/2012 7:00:00 AM'));
    const rows: [string, number, string][] = [
      ['d', 7, '3/23/2012 7:00:00 AM'],
      ['d', -10, '3/6/2012 7:00:00 AM'],
      ['ww', 2, '3/30/2012 7:00:00 AM'],
      ['m', 10, '1/16/2013 7:00:00 AM'],
      ['yyyy', 2, '3/16/2014 7:00:00 AM'],
    ];
    for (const [interval, amount, expected] of rows) {
      it(`DateAdd("${interval}", ${amount}) = ${expected}`, () => {
        assert.equal(toEntraString(dateAdd(interval, amount, hire())), expected);
      });
    }
  });

  describe('DateDiff (4.12)', () => {
    it('d between two +08:00 dates is 13', () => {
      assert.equal(dateDiff('d', cdate('2021-08-18+08:00'), cdate('2021-08-31+08:00')), 13);
    });
    const date1 = () => cdate('8/25/2021 5:41:18 PM');
    const date2 = () => cdate('2012-03-16-07:00');
    it('d truncates -3449.44 days to -3449', () => assert.equal(dateDiff('d', date1(), date2()), -3449));
    it('ww counts Sunday boundaries: -493 (days/7 would give -492)', () => assert.equal(dateDiff('ww', date1(), date2()), -493));
    it('m is the month-number difference: -113', () => assert.equal(dateDiff('m', date1(), date2()), -113));
    it('yyyy is the year difference: -9', () => assert.equal(dateDiff('yyyy', date1(), date2()), -9));
    it('d of a date with itself is 0', () => {
      assert.equal(dateDiff('d', cdate('2021-08-31+08:00'), cdate('2021-08-31+08:00')), 0);
    });
    it('h / n / s across one day: 24, 1440, 86400', () => {
      const a = cdate('2021-08-24');
      const b = cdate('2021-08-25');
      assert.equal(dateDiff('h', a, b), 24);
      assert.equal(dateDiff('n', a, b), 1440);
      assert.equal(dateDiff('s', a, b), 86400);
    });
  });

  describe('DateFromNum (4.13)', () => {
    it('129699324000000000 is January 1, 2012, 11:00 PM UTC', () => {
      const v = fromFileTime(129699324000000000n);
      assert.equal(toEntraString(v), '1/1/2012 11:00:00 PM');
      assert.equal(format(v, 'o'), '2012-01-01T23:00:00.0000000Z');
    });
  });

  describe('FormatDateTime (4.14)', () => {
    const styles = parseStyles(undefined);
    it('uses RoundtripKind | AllowLeadingWhite | AllowTrailingWhite by default', () => {
      assert.equal(styles, 128 | 1 | 2);
      assert.equal(parseStyles(''), DEFAULT_FORMAT_DATETIME_STYLES);
    });
    it('"20150123105347.1Z" with "yyyyMMddHHmmss.fZ" gives 2015-01-23 (Z is a UTC designator)', () => {
      const v = parseExact('20150123105347.1Z', 'yyyyMMddHHmmss.fZ', styles);
      assert.equal(format(v, 'yyyy-MM-dd'), '2015-01-23');
      assert.equal(v.kind, 'Utc');
      assert.equal(format(v, 'o'), '2015-01-23T10:53:47.1000000Z');
    });
    it('Workday "2020-12-31-08:00" with "yyyy-MM-ddzzz" gives 2020-12-31', () => {
      const v = parseExact('2020-12-31-08:00', 'yyyy-MM-ddzzz', styles);
      assert.equal(format(v, 'yyyy-MM-dd'), '2020-12-31');
      // The offset is converted to the service's zone (UTC): 08:00 local = UTC.
      assert.equal(format(v, 'yyyy-MM-ddTHH:mm:ssK'), '2020-12-31T08:00:00+00:00');
      assert.equal(v.kind, 'Local');
    });
    it('SuccessFactors "12/31/2020 11:59:59 PM" with "M/d/yyyy hh:mm:ss tt" gives 2020-12-31', () => {
      const v = parseExact('12/31/2020 11:59:59 PM', 'M/d/yyyy hh:mm:ss tt', styles);
      assert.equal(format(v, 'yyyy-MM-dd'), '2020-12-31');
      assert.equal(format(v, 'HH:mm:ss'), '23:59:59');
      assert.equal(v.kind, 'Unspecified');
    });
  });

  describe('NumFromDate (4.30)', () => {
    it('turns the Workday composite "2020-12-31 23:59:59-08:00" into AD ticks', () => {
      const styles = parseStyles('');
      const day = format(parseExact('2020-12-31-08:00', 'yyyy-MM-ddzzz', styles), 'yyyy-MM-dd');
      const v = cdate(`${day} 23:59:59-08:00`);
      assert.equal(format(v, 'o'), '2021-01-01T07:59:59.0000000Z');
      assert.equal(toFileTime(v), 132539615990000000n);
    });
    it('turns the SuccessFactors composite into AD ticks', () => {
      const styles = parseStyles('');
      const day = format(parseExact('12/31/2020 11:59:59 PM', 'M/d/yyyy hh:mm:ss tt', styles), 'yyyy-MM-dd');
      assert.equal(toFileTime(cdate(`${day} 23:59:59-08:00`)), 132539615990000000n);
    });
    it('reads ISO 8601 text: 2012-01-01T23:00:00Z is 129699324000000000', () => {
      assert.equal(toFileTime(cdate('2012-01-01T23:00:00Z')), 129699324000000000n);
    });
    it('round-trips with DateFromNum', () => {
      assert.equal(toFileTime(fromFileTime(132539615990000000n)), 132539615990000000n);
    });
  });

  describe('engine text form (5)', () => {
    it('is M/d/yyyy h:mm:ss tt with AM/PM', () => {
      assert.equal(toEntraString(fromParts(2020, 3, 16, 7, 0, 0)), '3/16/2020 7:00:00 AM');
      assert.equal(toEntraString(fromParts(2021, 7, 2, 15, 33, 38)), '7/2/2021 3:33:38 PM');
    });
    it('shows midnight as 12 AM and noon as 12 PM', () => {
      assert.equal(toEntraString(fromParts(2021, 1, 1, 0, 5, 0)), '1/1/2021 12:05:00 AM');
      assert.equal(toEntraString(fromParts(2021, 1, 1, 12, 5, 0)), '1/1/2021 12:05:00 PM');
    });
  });
});
