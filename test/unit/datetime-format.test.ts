// DateTime.ToString(format, InvariantCulture) emulation (FormatDateTime's outputFormat).
import assert from 'node:assert/strict';
import { DateTimeError, format, fromParts, makeValue, toEntraString } from '../../server/src/evaluate/datetime';

// Monday 15 June 2009, 13:45:30.6175000 — the value of the .NET documentation's examples.
const U = fromParts(2009, 6, 15, 13, 45, 30, 6_175_000, 'Unspecified');
const UTC = makeValue(U.ticks, 'Utc');
const LOCAL = makeValue(U.ticks, 'Local');

describe('datetime: format (DateTime.ToString, invariant culture)', () => {
  describe('custom specifiers', () => {
    const rows: [string, string][] = [
      ['%d', '15'], ['dd', '15'], ['ddd', 'Mon'], ['dddd', 'Monday'], ['ddddd', 'Monday'],
      ['%M', '6'], ['MM', '06'], ['MMM', 'Jun'], ['MMMM', 'June'], ['MMMMM', 'June'],
      ['%y', '9'], ['yy', '09'], ['yyy', '2009'], ['yyyy', '2009'], ['yyyyy', '02009'],
      ['%h', '1'], ['hh', '01'], ['hhh', '01'], ['%H', '13'], ['HH', '13'],
      ['%m', '45'], ['mm', '45'], ['%s', '30'], ['ss', '30'],
      ['%f', '6'], ['ff', '61'], ['fff', '617'], ['ffff', '6175'], ['fffff', '61750'], ['ffffff', '617500'], ['fffffff', '6175000'],
      ['%F', '6'], ['FF', '61'], ['FFF', '617'], ['FFFF', '6175'], ['FFFFF', '6175'], ['FFFFFF', '6175'], ['FFFFFFF', '6175'],
      ['%t', 'P'], ['tt', 'PM'], ['%g', 'A.D.'], ['gg', 'A.D.'],
      ['%z', '+0'], ['zz', '+00'], ['zzz', '+00:00'],
      ['yyyy-MM-dd', '2009-06-15'], ['M/d/yyyy h:mm:ss tt', '6/15/2009 1:45:30 PM'],
      ['yyyyMMddHHmmss.fZ', '20090615134530.6Z'],
    ];
    for (const [fmt, expected] of rows) it(`${JSON.stringify(fmt)} → ${JSON.stringify(expected)}`, () => assert.equal(format(U, fmt), expected));
  });

  describe('fractions', () => {
    const whole = fromParts(2009, 6, 15, 13, 45, 30, 0);
    it('F drops trailing zeros and a lone preceding "."', () => {
      assert.equal(format(whole, 'HH:mm:ss.FFF'), '13:45:30');
      assert.equal(format(fromParts(2009, 6, 15, 13, 45, 30, 5_000_000), 'ss.FFF'), '30.5');
      assert.equal(format(whole, 'ss.FFF!'), '30!');
    });
    it('f truncates rather than rounds', () => {
      assert.equal(format(fromParts(2009, 6, 15, 0, 0, 0, 9_999_999), 'fff'), '999');
      assert.equal(format(fromParts(2009, 6, 15, 0, 0, 0, 1), 'fffffff'), '0000001');
      assert.equal(format(fromParts(2009, 6, 15, 0, 0, 0, 1), 'ffffff'), '000000');
    });
  });

  describe('AM/PM at the 12 o\'clock boundaries', () => {
    const at = (h: number, m = 0) => fromParts(2021, 1, 1, h, m, 0);
    it('00:xx is 12:xx AM', () => assert.equal(format(at(0, 5), 'hh:mm tt'), '12:05 AM'));
    it('11:59 is AM', () => assert.equal(format(at(11, 59), 'h:mm t'), '11:59 A'));
    it('12:xx is 12:xx PM', () => assert.equal(format(at(12, 0), 'h:mm tt'), '12:00 PM'));
    it('23:xx is 11:xx PM', () => assert.equal(format(at(23, 1), 'h:mm tt'), '11:01 PM'));
  });

  describe('K and the z family by kind', () => {
    it('K is empty for Unspecified, Z for Utc, +00:00 for Local (the service zone is UTC)', () => {
      assert.equal(format(U, 'HH:mmK'), '13:45');
      assert.equal(format(UTC, 'HH:mmK'), '13:45Z');
      assert.equal(format(LOCAL, 'HH:mmK'), '13:45+00:00');
    });
    it('zzz is +00:00 whatever the kind', () => {
      for (const v of [U, UTC, LOCAL]) assert.equal(format(v, 'yyyy-MM-ddzzz'), '2009-06-15+00:00');
    });
  });

  describe('literals', () => {
    const rows: [string, string][] = [
      ["yyyy'-'MM'-'dd'T'HH", '2009-06-15T13'],
      ['yyyy"年"M"月"', '2009年6月'],
      ["'Date:' yyyy", 'Date: 2009'],
      ["'It''s' d", "Its 15"],
      ["'a\\'b' d", "a'b 15"],
      ['\\d\\a\\y d', 'day 15'],
      ['yyyy-MM-ddTHH:mm:ssZ', '2009-06-15T13:45:30Z'],
    ];
    for (const [fmt, expected] of rows) {
      it(`${JSON.stringify(fmt)} → ${JSON.stringify(expected)}`, () => assert.equal(format(U, fmt), expected));
    }
    it('copies characters that are not specifiers', () => assert.equal(format(U, 'YYYY-DD|yyyy'), 'YYYY-DD|2009'));
  });

  describe('standard formats (invariant culture)', () => {
    const rows: [string, string][] = [
      ['d', '06/15/2009'], ['D', 'Monday, 15 June 2009'], ['f', 'Monday, 15 June 2009 13:45'],
      ['F', 'Monday, 15 June 2009 13:45:30'], ['g', '06/15/2009 13:45'], ['G', '06/15/2009 13:45:30'],
      ['m', 'June 15'], ['M', 'June 15'], ['o', '2009-06-15T13:45:30.6175000'], ['O', '2009-06-15T13:45:30.6175000'],
      ['r', 'Mon, 15 Jun 2009 13:45:30 GMT'], ['R', 'Mon, 15 Jun 2009 13:45:30 GMT'], ['s', '2009-06-15T13:45:30'],
      ['t', '13:45'], ['T', '13:45:30'], ['u', '2009-06-15 13:45:30Z'], ['U', 'Monday, 15 June 2009 13:45:30'],
      ['y', '2009 June'], ['Y', '2009 June'],
    ];
    for (const [fmt, expected] of rows) it(`"${fmt}" → ${JSON.stringify(expected)}`, () => assert.equal(format(U, fmt), expected));
    it('"o" carries the kind', () => {
      assert.equal(format(UTC, 'o'), '2009-06-15T13:45:30.6175000Z');
      assert.equal(format(LOCAL, 'o'), '2009-06-15T13:45:30.6175000+00:00');
    });
    it('an empty format is the invariant general form', () => assert.equal(format(U, ''), '06/15/2009 13:45:30'));
  });

  describe('year bounds', () => {
    it('pads year 1', () => {
      const first = fromParts(1, 1, 1);
      assert.equal(format(first, 'yyyy-MM-dd'), '0001-01-01');
      assert.equal(format(first, 'yy'), '01');
      assert.equal(format(first, '%y'), '1');
      assert.equal(format(first, 'yyy'), '001');
      assert.equal(format(first, 'dddd'), 'Monday');
      assert.equal(toEntraString(first), '1/1/0001 12:00:00 AM');
    });
    it('formats the last tick', () => {
      const last = makeValue(3_155_378_975_999_999_999n, 'Utc');
      assert.equal(format(last, 'o'), '9999-12-31T23:59:59.9999999Z');
      assert.equal(toEntraString(last), '12/31/9999 11:59:59 PM');
    });
  });

  describe('invalid formats throw DateTimeError naming the format', () => {
    const bad: [string, RegExp][] = [
      ['x', /one-character format must be a standard format.*"%x"/],
      ['h', /"%h"/],
      ["yyyy 'unclosed", /quoted literal starting with ' is never closed/],
      ['yyyy\\', /backslash at the end/],
      ['yyyy%', /"%" at the end/],
      ['yyyy%%', /"%%" is not allowed/],
      ['ss.ffffffff', /8 fraction digits; \.NET allows at most 7/],
      ["%'", /never closed/],
    ];
    for (const [fmt, message] of bad) {
      it(JSON.stringify(fmt), () => {
        assert.throws(() => format(U, fmt), (e: unknown) => e instanceof DateTimeError && message.test(e.message) && e.message.includes(JSON.stringify(fmt)));
      });
    }
  });
});
