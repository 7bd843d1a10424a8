// DateTime.Parse emulation (CDate and the date arguments of DateAdd/DateDiff/NumFromDate).
import assert from 'node:assert/strict';
import {
  DateTimeError, format, fromParts, parseLenient, parseLenientOrThrow, toEntraString,
} from '../../server/src/evaluate/datetime';

const NOW = fromParts(2024, 5, 10, 12, 0, 0); // a Friday

/** The parse result in round-trip form, or null. */
function p(text: string): string | null {
  const v = parseLenient(text, { now: NOW });
  return v === null ? null : format(v, 'yyyy-MM-ddTHH:mm:ss.fffffff');
}

describe('datetime: parseLenient (DateTime.Parse)', () => {
  describe('ISO 8601', () => {
    const rows: [string, string][] = [
      ['2021-08-24', '2021-08-24T00:00:00.0000000'],
      ['2009-06-15T13:45:30', '2009-06-15T13:45:30.0000000'],
      ['2009-06-15T13:45', '2009-06-15T13:45:00.0000000'],
      ['2009-06-15T13:45:30Z', '2009-06-15T13:45:30.0000000'],
      ['2009-06-15t13:45:30z', '2009-06-15T13:45:30.0000000'],
      ['2009-06-15T13:45:30.1234567+01:00', '2009-06-15T12:45:30.1234567'],
      ['2009-06-15T13:45:30.5-0130', '2009-06-15T15:15:30.5000000'],
      ['2009-06-15T13:45:30+08', '2009-06-15T05:45:30.0000000'],
      ['  2009-06-15T13:45:30Z  ', '2009-06-15T13:45:30.0000000'],
      ['2009-06-15 13:45:30', '2009-06-15T13:45:30.0000000'],
      ['2009-06-15 13:45:30.25', '2009-06-15T13:45:30.2500000'],
      ['2009-06-15 13:45:30-07:00', '2009-06-15T20:45:30.0000000'],
      ['2009/06/15', '2009-06-15T00:00:00.0000000'],
      ['2009-06', '2009-06-01T00:00:00.0000000'],
      ['0005-01-01', '0005-01-01T00:00:00.0000000'],
    ];
    for (const [text, expected] of rows) it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(p(text), expected));

    it('rounds fractions beyond 7 digits to the nearest tick', () => {
      assert.equal(p('2009-06-15T13:45:30.12345678Z'), '2009-06-15T13:45:30.1234568');
    });
    it('rejects a one-digit hour after T, and AM/PM after an ISO time', () => {
      assert.equal(p('2009-06-15T1:45'), null);
      assert.equal(p('2009-06-15T01:45:30 PM'), null);
      assert.equal(p('2009-06-15T01:45:30.'), null);
    });
  });

  describe('dates with an offset and no time (Workday)', () => {
    it('"2012-03-16-07:00" is 07:00 UTC', () => assert.equal(p('2012-03-16-07:00'), '2012-03-16T07:00:00.0000000'));
    it('"2021-06-30+08:00" is the previous day 16:00 UTC', () => assert.equal(p('2021-06-30+08:00'), '2021-06-29T16:00:00.0000000'));
    it('accepts hhmm and bare-hour offsets', () => {
      assert.equal(p('2021-06-30+0800'), '2021-06-29T16:00:00.0000000');
      assert.equal(p('2021-06-30+8'), '2021-06-29T16:00:00.0000000');
    });
    it('accepts offsets up to ±14:00 and rejects larger ones', () => {
      assert.equal(p('2021-06-30+14:00'), '2021-06-29T10:00:00.0000000');
      assert.equal(p('2021-06-30-14:00'), '2021-06-30T14:00:00.0000000');
      assert.equal(p('2021-06-30+14:01'), null);
      assert.equal(p('2021-06-30-15:00'), null);
    });
    it('rejects offset minutes of 60 or more and two offsets', () => {
      assert.equal(p('2021-06-30+08:60'), null);
      assert.equal(p('2021-06-30+08:00+01:00'), null);
      assert.equal(p('2021-06-30T10:00:00Z+01:00'), null);
    });
  });

  describe('US month/day/year and times', () => {
    const rows: [string, string][] = [
      ['8/25/2021 5:41:18 PM', '2021-08-25T17:41:18.0000000'],
      ['3/16/2020 7:00:00 AM', '2020-03-16T07:00:00.0000000'],
      ['06/15/2009', '2009-06-15T00:00:00.0000000'],
      ['6/15/09', '2009-06-15T00:00:00.0000000'],
      ['6/15/49', '2049-06-15T00:00:00.0000000'],
      ['6/15/50', '1950-06-15T00:00:00.0000000'],
      ['12.31.2020', '2020-12-31T00:00:00.0000000'],
      ['10/10/2020 10:10', '2020-10-10T10:10:00.0000000'],
      ['1/10/2020 5 PM', '2020-01-10T17:00:00.0000000'],
      ['#10/10/95#', '1995-10-10T00:00:00.0000000'],
      ['8/25/2021 17:41:18 PM', '2021-08-25T17:41:18.0000000'],
    ];
    for (const [text, expected] of rows) it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(p(text), expected));

    it('treats 12 AM as midnight and 12 PM as noon', () => {
      assert.equal(p('1/1/2021 12:00:00 AM'), '2021-01-01T00:00:00.0000000');
      assert.equal(p('1/1/2021 12:30:00 PM'), '2021-01-01T12:30:00.0000000');
      assert.equal(p('1/1/2021 0:30 AM'), '2021-01-01T00:30:00.0000000');
    });
    it('rejects hours above 12 with AM and day-first dates', () => {
      assert.equal(p('1/1/2021 13:00 AM'), null);
      assert.equal(p('25/8/2021'), null);
      assert.equal(p('31.12.2020'), null);
    });
    it('rejects unbalanced # and stray punctuation', () => {
      assert.equal(p('#10/10/95'), null);
      assert.equal(p('10/10/95;'), null);
    });
  });

  describe('month and day names', () => {
    const rows: [string, string][] = [
      ['June 15, 2009', '2009-06-15T00:00:00.0000000'],
      ['15 June 2009', '2009-06-15T00:00:00.0000000'],
      ['jun 15 2009 10:00 am', '2009-06-15T10:00:00.0000000'],
      ['2009 June 15', '2009-06-15T00:00:00.0000000'],
      ['Monday, June 15, 2009', '2009-06-15T00:00:00.0000000'],
      ['Mon, 15 Jun 2009 20:45:30 GMT', '2009-06-15T20:45:30.0000000'],
      ['June 2009', '2009-06-01T00:00:00.0000000'],
      ['6/15/2009 A.D.', '2009-06-15T00:00:00.0000000'],
    ];
    for (const [text, expected] of rows) it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(p(text), expected));

    it('rejects a day name that does not match the date', () => {
      assert.equal(p('Tuesday, June 15, 2009'), null);
    });
    it('rejects unknown words and glued words', () => {
      assert.equal(p('Juneteenth 2009'), null);
      assert.equal(p('15 Junes 2009'), null);
    });
    it('reads "15 June" as June 2015 (the invariant year/month pattern wins), like .NET', () => {
      assert.equal(p('15 June'), '2015-06-01T00:00:00.0000000');
    });
  });

  describe('missing parts come from `now` (UTC), never from the machine', () => {
    it('a month and day take the current year', () => assert.equal(p('June 15'), '2024-06-15T00:00:00.0000000'));
    it('two numbers are month/day of the current year', () => assert.equal(p('6/15'), '2024-06-15T00:00:00.0000000'));
    it('a time alone is today', () => {
      assert.equal(p('10:30 PM'), '2024-05-10T22:30:00.0000000');
      assert.equal(p('5 PM'), '2024-05-10T17:00:00.0000000');
      assert.equal(p('22:15:01'), '2024-05-10T22:15:01.0000000');
    });
    it('accepts a JavaScript Date as now', () => {
      const v = parseLenient('7:00', { now: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) });
      assert.equal(v && format(v, 'o'), '2030-01-02T07:00:00.0000000Z');
    });
  });

  describe('calendar validation and range', () => {
    it('knows leap years', () => {
      assert.equal(p('2000-02-29'), '2000-02-29T00:00:00.0000000');
      assert.equal(p('2024-02-29'), '2024-02-29T00:00:00.0000000');
      assert.equal(p('1900-02-29'), null);
      assert.equal(p('2021-02-29'), null);
    });
    it('rejects impossible months, days and times', () => {
      assert.equal(p('2021-13-01'), null);
      assert.equal(p('2021-04-31'), null);
      assert.equal(p('2021-04-30 24:00'), null);
      assert.equal(p('2021-04-30 23:60'), null);
    });
    it('accepts the ends of the .NET range', () => {
      assert.equal(p('0001-01-01T00:00:00'), '0001-01-01T00:00:00.0000000');
      assert.equal(p('9999-12-31T23:59:59.9999999'), '9999-12-31T23:59:59.9999999');
    });
    it('rejects a conversion past 9999-12-31', () => {
      assert.equal(p('9999-12-31T23:00:00-01:00'), null);
    });
    it('wraps a converted time on 0001-01-01 around midnight, like .NET', () => {
      assert.equal(p('0001-01-01T00:00:00+01:00'), '0001-01-01T23:00:00.0000000');
    });
    it('rejects numbers of more than 8 digits (e.g. unformatted timestamps)', () => {
      assert.equal(p('20150123105347'), null);
    });
  });

  describe('not dates', () => {
    for (const text of ['', '   ', 'garbage', 'Z', '12', '1/2/3/4', '10:30:45:12', 'T10:00', ':']) {
      it(`${JSON.stringify(text)} → null`, () => assert.equal(p(text), null));
    }
    it('returns null for non-strings', () => {
      assert.equal(parseLenient(42 as unknown as string), null);
    });
  });

  describe('parseLenientOrThrow', () => {
    it('returns the same value as parseLenient', () => {
      assert.equal(toEntraString(parseLenientOrThrow('2012-03-16-07:00')), '3/16/2012 7:00:00 AM');
    });
    it('names the input, the reason and the expected forms', () => {
      assert.throws(
        () => parseLenientOrThrow('Smarch 3, 2021', { now: NOW }),
        (e: unknown) =>
          e instanceof DateTimeError &&
          e.input === 'Smarch 3, 2021' &&
          /"Smarch 3, 2021" is not a date\/time/.test(e.message) &&
          /"Smarch" is not a month/.test(e.message) &&
          /2009-06-15T01:45:30-07:00/.test(e.message),
      );
      assert.throws(() => parseLenientOrThrow('2021-02-30'), /2021-2-30 \(year-month-day\) is not a valid date/);
      assert.throws(() => parseLenientOrThrow('2021-06-30+15:00'), /outside the ±14:00/);
    });
  });
});
