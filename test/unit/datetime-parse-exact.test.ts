// DateTime.ParseExact emulation (FormatDateTime's source + inputFormat + dateTimeStyles).
import assert from 'node:assert/strict';
import {
  DateTimeError, DateTimeStyles, describeStyles, format, fromParts, parseExact, parseStyles, validateStyles,
} from '../../server/src/evaluate/datetime';

const NOW = fromParts(2024, 5, 10, 12, 0, 0);
const DEFAULT = parseStyles(undefined);

/** Parses with the Entra default styles and returns "o" (round trip, shows the kind). */
function px(text: string, fmt: string, styles = DEFAULT): string {
  return format(parseExact(text, fmt, styles, { now: NOW }), 'o');
}

function rejects(text: string, fmt: string, message: RegExp, styles = DEFAULT): void {
  assert.throws(
    () => parseExact(text, fmt, styles, { now: NOW }),
    (e: unknown) => e instanceof DateTimeError && message.test(e.message),
  );
}

describe('datetime: parseExact (DateTime.ParseExact, invariant culture)', () => {
  describe('numbers and widths', () => {
    it('reads fixed-width formats without separators', () => {
      assert.equal(px('20090615134530', 'yyyyMMddHHmmss'), '2009-06-15T13:45:30.0000000');
    });
    it('one-letter specifiers read one or two digits', () => {
      assert.equal(px('6/5/2009 7:05:09', 'M/d/yyyy H:mm:ss'), '2009-06-05T07:05:09.0000000');
      assert.equal(px('12/25/2009 17:05:09', 'M/d/yyyy H:mm:ss'), '2009-12-25T17:05:09.0000000');
    });
    it('two-letter specifiers need exactly two digits', () => {
      rejects('2020-1-01', 'yyyy-MM-dd', /"MM" expects 2 digits but found "1-01" at position 6/);
    });
    it('yyyy needs exactly four digits', () => rejects('209-01-01', 'yyyy-MM-dd', /"yyyy" expects 4 digits/));
    it('greedy one-letter hours make "Hmm" fail on 945, like .NET', () => {
      assert.equal(px('1245', 'Hmm'), '2024-05-10T12:45:00.0000000');
      rejects('945', 'Hmm', /"mm" expects 2 digits/);
    });
    it('two-digit years map 00-49 to 20xx and 50-99 to 19xx', () => {
      assert.equal(px('01/02/49', 'MM/dd/yy'), '2049-01-02T00:00:00.0000000');
      assert.equal(px('01/02/50', 'MM/dd/yy'), '1950-01-02T00:00:00.0000000');
      assert.equal(px('1/2/5', 'M/d/y'), '2005-01-02T00:00:00.0000000');
    });
  });

  describe('names, designators, fractions', () => {
    it('reads month and day names in any case', () => {
      assert.equal(px('monday, 15 JUNE 2009', 'dddd, dd MMMM yyyy'), '2009-06-15T00:00:00.0000000');
      assert.equal(px('Mon 15 jun 2009', 'ddd dd MMM yyyy'), '2009-06-15T00:00:00.0000000');
    });
    it('checks the day name against the date', () => {
      rejects('Tuesday, 15 June 2009', 'dddd, dd MMMM yyyy', /Tuesday does not match the date 2009-6-15/);
    });
    it('tt reads AM/PM in any case; 12 AM is midnight, 12 PM noon', () => {
      assert.equal(px('12:30 am', 'hh:mm tt'), '2024-05-10T00:30:00.0000000');
      assert.equal(px('12:30 PM', 'hh:mm tt'), '2024-05-10T12:30:00.0000000');
      assert.equal(px('01:30 pm', 'hh:mm tt'), '2024-05-10T13:30:00.0000000');
    });
    it('t reads only an uppercase A or P', () => {
      assert.equal(px('1:30 P', 'h:mm t'), '2024-05-10T13:30:00.0000000');
      rejects('1:30 p', 'h:mm t', /"t" expects "A" or "P"/);
    });
    it('h without tt means AM and rejects hours above 12', () => {
      assert.equal(px('11:00', 'hh:mm'), '2024-05-10T11:00:00.0000000');
      rejects('13:00', 'hh:mm', /hour 13 does not fit the 12-hour specifier/);
    });
    it('H with tt must agree with the designator', () => {
      assert.equal(px('13:00 PM', 'HH:mm tt'), '2024-05-10T13:00:00.0000000');
      rejects('13:00 AM', 'HH:mm tt', /contradicts the designator AM/);
      rejects('PM', 'tt', /contradicts the designator PM/);
    });
    it('f needs every digit, F takes up to its count', () => {
      assert.equal(px('13:45:30.617', 'HH:mm:ss.fff'), '2024-05-10T13:45:30.6170000');
      rejects('13:45:30.61', 'HH:mm:ss.fff', /"fff" expects exactly 3 fraction digits/);
      assert.equal(px('13:45:30.61', 'HH:mm:ss.FFF'), '2024-05-10T13:45:30.6100000');
    });
    it('".FF…" is optional when the text has no ".", but a lone ".F" is not (a .NET quirk fixed only in .NET 11)', () => {
      assert.equal(px('2009-06-15T13:45:30', "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"), '2009-06-15T13:45:30.0000000');
      rejects('2009-06-15T13:45:30', "yyyy-MM-dd'T'HH:mm:ss.F", /expected "\." but found the end of the text/);
    });
    it('reads the era', () => assert.equal(px('2009 A.D.', 'yyyy g'), '2009-01-01T00:00:00.0000000'));
  });

  describe('time zones and kinds (service zone = UTC)', () => {
    it('an unquoted Z reads "Z" or "GMT" and gives a Utc value under RoundtripKind', () => {
      assert.equal(px('2009-06-15 13:45:30Z', 'yyyy-MM-dd HH:mm:ssZ'), '2009-06-15T13:45:30.0000000Z');
      assert.equal(px('2009-06-15 13:45:30 gmt', 'yyyy-MM-dd HH:mm:ss Z'), '2009-06-15T13:45:30.0000000Z');
      rejects('2009-06-15 13:45:30', 'yyyy-MM-dd HH:mm:ssZ', /"Z" expects the UTC designator/);
    });
    it("a quoted 'Z' is only a literal: the value stays Unspecified", () => {
      assert.equal(px('2009-06-15 13:45:30Z', "yyyy-MM-dd HH:mm:ss'Z'"), '2009-06-15T13:45:30.0000000');
    });
    it('K reads Z, an offset or nothing', () => {
      assert.equal(px('2009-06-15T13:45:30Z', 'yyyy-MM-ddTHH:mm:ssK'), '2009-06-15T13:45:30.0000000Z');
      assert.equal(px('2009-06-15T13:45:30-07:00', 'yyyy-MM-ddTHH:mm:ssK'), '2009-06-15T20:45:30.0000000+00:00');
      assert.equal(px('2009-06-15T13:45:30', 'yyyy-MM-ddTHH:mm:ssK'), '2009-06-15T13:45:30.0000000');
    });
    it('z and zz read hours; zzz reads hours and minutes with an optional colon', () => {
      assert.equal(px('2009-06-15 13:45 -7', 'yyyy-MM-dd HH:mm z'), '2009-06-15T20:45:00.0000000+00:00');
      assert.equal(px('2009-06-15 13:45 +05', 'yyyy-MM-dd HH:mm zz'), '2009-06-15T08:45:00.0000000+00:00');
      assert.equal(px('2009-06-15 13:45 +0530', 'yyyy-MM-dd HH:mm zzz'), '2009-06-15T08:15:00.0000000+00:00');
      rejects('2009-06-15 13:45 +05', 'yyyy-MM-dd HH:mm zzz', /"zzz" expects 2 digits but found the end of the text/);
      rejects('2009-06-15 13:45 +15:00', 'yyyy-MM-dd HH:mm zzz', /outside the ±14:00/);
    });
    it('AdjustToUniversal gives Utc; AssumeUniversal / AssumeLocal decide text without an offset', () => {
      const s = DateTimeStyles;
      assert.equal(px('2009-06-15 13:45 -07:00', 'yyyy-MM-dd HH:mm zzz', s.AdjustToUniversal), '2009-06-15T20:45:00.0000000Z');
      assert.equal(px('2009-06-15 13:45', 'yyyy-MM-dd HH:mm', s.AssumeUniversal | s.AdjustToUniversal), '2009-06-15T13:45:00.0000000Z');
      assert.equal(px('2009-06-15 13:45', 'yyyy-MM-dd HH:mm', s.AssumeUniversal), '2009-06-15T13:45:00.0000000+00:00');
      assert.equal(px('2009-06-15 13:45', 'yyyy-MM-dd HH:mm', s.AssumeLocal), '2009-06-15T13:45:00.0000000+00:00');
      assert.equal(px('2009-06-15 13:45', 'yyyy-MM-dd HH:mm', s.None), '2009-06-15T13:45:00.0000000');
    });
    it('an unquoted GMT in the format must match exactly and sets a zero offset (Local kind)', () => {
      assert.equal(px('15 Jun 2009 13:45 GMT', 'dd MMM yyyy HH:mm GMT'), '2009-06-15T13:45:00.0000000+00:00');
      rejects('15 Jun 2009 13:45 gmt', 'dd MMM yyyy HH:mm GMT', /expected "GMT"/);
    });
  });

  describe('white space and literals', () => {
    it('the default styles trim leading and trailing white space, not inner', () => {
      assert.equal(px('  2009-06-15  ', 'yyyy-MM-dd'), '2009-06-15T00:00:00.0000000');
      rejects('2009-06-15  13:45', 'yyyy-MM-dd HH:mm', /"HH" expects 2 digits/);
    });
    it('AllowWhiteSpaces skips inner white space', () => {
      assert.equal(px(' 2009 - 06 - 15 ', 'yyyy-MM-dd', DateTimeStyles.AllowWhiteSpaces), '2009-06-15T00:00:00.0000000');
    });
    it('None keeps white space significant', () => {
      rejects(' 2009-06-15', 'yyyy-MM-dd', /"yyyy" expects 4 digits but found " 2009-"… at position 1/, DateTimeStyles.None);
    });
    it('matches quoted and escaped literals exactly', () => {
      assert.equal(px('Date: 2009-06-15', "'Date:' yyyy-MM-dd"), '2009-06-15T00:00:00.0000000');
      // Only a day: .NET takes the current year and January.
      assert.equal(px('d15', '\\ddd'), '2024-01-15T00:00:00.0000000');
      rejects('Day: 2009-06-15', "'Date:' yyyy-MM-dd", /expected the literal "Date:"/);
    });
    it('reports text left over after the format', () => {
      rejects('2009-06-15T10:00', 'yyyy-MM-dd', /unexpected text "T10:00" at position 11 after the end of the format/);
    });
  });

  describe('defaults for missing parts', () => {
    it('a time alone is today; NoCurrentDateDefault makes it 0001-01-01', () => {
      assert.equal(px('13:45', 'HH:mm'), '2024-05-10T13:45:00.0000000');
      assert.equal(px('13:45', 'HH:mm', DateTimeStyles.NoCurrentDateDefault), '0001-01-01T13:45:00.0000000');
    });
    it('a year alone is January 1st; a month and day take the current year', () => {
      assert.equal(px('2009', 'yyyy'), '2009-01-01T00:00:00.0000000');
      assert.equal(px('06-15', 'MM-dd'), '2024-06-15T00:00:00.0000000');
    });
    it('checks the calendar', () => {
      rejects('2021-02-29', 'yyyy-MM-dd', /2021-2-29 \(year-month-day\) is not a valid date/);
      assert.equal(px('2024-02-29', 'yyyy-MM-dd'), '2024-02-29T00:00:00.0000000');
      rejects('2021-02-28 24:00', 'yyyy-MM-dd HH:mm', /24:0:0 is not a valid time of day/);
    });
    it('rejects a repeated field with a different value', () => {
      rejects('2009 2010', 'yyyy yyyy', /"yyyy" read 2010 but the year was already 2009/);
      assert.equal(px('2009 09', 'yyyy MM').slice(0, 10), '2009-09-01');
    });
  });

  describe('standard formats as input formats', () => {
    it('"o" with the default styles uses the round-trip pattern', () => {
      assert.equal(px('2009-06-15T13:45:30.6175000Z', 'o'), '2009-06-15T13:45:30.6175000Z');
      assert.equal(px('2009-06-15T13:45:30.6175000-07:00', 'o'), '2009-06-15T20:45:30.6175000+00:00');
    });
    it('"o" and "r" with DateTimeStyles.None use the strict fast paths', () => {
      assert.equal(px('2009-06-15T13:45:30.6175000Z', 'o', 0), '2009-06-15T13:45:30.6175000+00:00');
      assert.equal(px('Mon, 15 Jun 2009 13:45:30 GMT', 'r', 0), '2009-06-15T13:45:30.0000000');
      rejects('Tue, 15 Jun 2009 13:45:30 GMT', 'r', /Tue does not match the date/, 0);
      rejects('2009-06-15T13:45:30Z', 'o', /round-trip form/, 0);
    });
    it('"s", "u", "d" and "U"', () => {
      assert.equal(px('2009-06-15T13:45:30', 's'), '2009-06-15T13:45:30.0000000');
      assert.equal(px('2009-06-15 13:45:30Z', 'u'), '2009-06-15T13:45:30.0000000');
      assert.equal(px('06/15/2009', 'd'), '2009-06-15T00:00:00.0000000');
      assert.equal(px('Monday, 15 June 2009 13:45:30', 'U'), '2009-06-15T13:45:30.0000000Z');
    });
  });

  describe('invalid formats and arguments', () => {
    it('rejects an empty format or text', () => {
      rejects('2009', '', /input format is empty/);
      rejects('', 'yyyy', /"" does not match the date\/time format "yyyy": the text is empty/);
    });
    it('rejects a one-character format that is not standard', () => rejects('5', 'h', /"%h"/));
    it('rejects broken quotes, escapes and %', () => {
      rejects('2009', "yyyy'", /Invalid input format "yyyy'": The quoted literal/);
      rejects('2009', 'yyyy\\', /Invalid input format .*backslash/);
      rejects('2009', 'yyyy%', /Invalid input format .*"%"/);
    });
    it('rejects conflicting styles like .NET', () => {
      rejects('2009', 'yyyy', /AssumeLocal and AssumeUniversal cannot be used together/, DateTimeStyles.AssumeLocal | DateTimeStyles.AssumeUniversal);
      rejects('2009', 'yyyy', /RoundtripKind cannot be combined/, DateTimeStyles.RoundtripKind | DateTimeStyles.AdjustToUniversal);
      rejects('2009', 'yyyy', /not a valid DateTimeStyles combination/, 256);
    });
  });
});

describe('datetime: parseStyles / validateStyles', () => {
  it('empty, null and undefined give the Entra default', () => {
    for (const v of [undefined, null, '', '   ']) assert.equal(parseStyles(v), 131);
  });
  it('accepts numbers, member names in any case, and comma lists', () => {
    assert.equal(parseStyles('32'), 32);
    assert.equal(parseStyles('AssumeUniversal'), 64);
    assert.equal(parseStyles('assumeuniversal'), 64);
    assert.equal(parseStyles('AllowWhiteSpaces, AdjustToUniversal'), 7 | 16);
    assert.equal(parseStyles('None'), 0);
    assert.equal(parseStyles('1, 2'), 3);
  });
  it('rejects unknown names, empty items and | with clear messages', () => {
    assert.throws(() => parseStyles('AssumeUTC'), /"AssumeUTC" is not a DateTimeStyles member.*AssumeUniversal/);
    assert.throws(() => parseStyles('AllowWhiteSpaces,'), /empty item/);
    assert.throws(() => parseStyles('AllowWhiteSpaces | AdjustToUniversal'), /with commas/);
    assert.throws(() => parseStyles('99999999999'), /outside the range/);
  });
  it('validateStyles accepts the default and describeStyles names members', () => {
    validateStyles(131);
    assert.equal(describeStyles(131), 'AllowLeadingWhite, AllowTrailingWhite, RoundtripKind');
    assert.equal(describeStyles(7 | 16), 'AllowWhiteSpaces, AdjustToUniversal');
    assert.equal(describeStyles(0), 'None');
  });
});
