// Less common paths of the .NET parsers: CJK suffixes, duplicates, punctuation, kinds and styles.
import assert from 'node:assert/strict';
import {
  DateTimeError, DateTimeStyles, asUtc, describeValue, format, fromParts, makeValue, parseExact, parseLenient,
} from '../../server/src/evaluate/datetime';

const NOW = fromParts(2024, 5, 10, 12, 0, 0);
const p = (text: string): string | null => {
  const v = parseLenient(text, { now: NOW });
  return v === null ? null : format(v, 'yyyy-MM-ddTHH:mm:ss.fffffff');
};
const px = (text: string, fmt: string, styles: number): string => format(parseExact(text, fmt, styles, { now: NOW }), 'o');

describe('datetime: parseLenient edge cases', () => {
  it('reads CJK year/month/day and hour/minute/second suffixes', () => {
    assert.equal(p('2021年3月5日'), '2021-03-05T00:00:00.0000000');
    assert.equal(p('21年3月5日'), '2021-03-05T00:00:00.0000000');
    assert.equal(p('2021年3月5日 10時30分15秒'), '2021-03-05T10:30:15.0000000');
    assert.equal(p('2021년 3월 5일'), '2021-03-05T00:00:00.0000000');
    assert.equal(p('2021年3月'), '2021-03-01T00:00:00.0000000');
    assert.equal(p('2021年2021年'), null);
  });

  it('accepts month names with "/" or "-" separators', () => {
    assert.equal(p('June/15/2009'), '2009-06-15T00:00:00.0000000');
    assert.equal(p('Jun-15-2009'), '2009-06-15T00:00:00.0000000');
    assert.equal(p('15-Jun-2009'), '2009-06-15T00:00:00.0000000');
    assert.equal(p('June:15'), null);
  });

  it('reads a month name with two small numbers as day and two-digit year when it can', () => {
    assert.equal(p('June 15 09'), '2009-06-15T00:00:00.0000000');
    assert.equal(p('15 June 09'), '2009-06-15T00:00:00.0000000');
    assert.equal(p('June 31 09'), '2031-06-09T00:00:00.0000000'); // June 31 does not exist: year 31, day 9
  });

  it('rejects duplicated parts', () => {
    for (const text of ['10:00 AM PM', 'June July 2009', 'Monday Tuesday 6/15/2009', '1/2/2003 1/2/2003', '10:00 11:00', '2009 2010', 'Z GMT 10:00', '2009-06-15T10:00Z Z']) {
      assert.equal(p(text), null, text);
    }
  });

  it('accepts surrounding hashes, trailing NULs and non-breaking spaces', () => {
    assert.equal(p('#2009-06-15T10:00:00#'), '2009-06-15T10:00:00.0000000');
    assert.equal(p('2009-06-15\0\0'), '2009-06-15T00:00:00.0000000');
    assert.equal(p('2009-06-15T10:00:00\0'), '2009-06-15T10:00:00.0000000');
    assert.equal(p('2009-06-15\u00a013:45'), '2009-06-15T13:45:00.0000000');
    assert.equal(p('2009-06-15\0x'), null);
    assert.equal(p('#2009-06-15T10:00:00'), null);
  });

  it('accepts an offset after a time with white space, and rejects a bad one', () => {
    assert.equal(p('2009-06-15 1:45 PM -07:00'), '2009-06-15T20:45:00.0000000');
    assert.equal(p('2009-06-15 13:45 +0100'), '2009-06-15T12:45:00.0000000');
    assert.equal(p('2009-06-15 13:45 +123456'), null);
    assert.equal(p('2009-06-15T13:45+1:2:3'), null);
    assert.equal(p('2009-06-15T13 45'), null);
  });

  it('validates the ISO date before the T', () => {
    assert.equal(p('2009-02-30T10:00'), null);
    assert.equal(p('2009-02-28T24:00'), null);
    assert.equal(p('June 15T10:00'), null);
  });

  it('treats "PM" alone after a date as 12:00', () => {
    assert.equal(p('1/1/2021 PM'), '2021-01-01T12:00:00.0000000');
    assert.equal(p('1/1/2021 AM'), '2021-01-01T00:00:00.0000000');
  });
});

describe('datetime: parseExact edge cases', () => {
  const D = DateTimeStyles;
  it('rejects contradicting repeated fields', () => {
    assert.throws(() => px('Mon Tue', 'ddd ddd', 0), /another day name/);
    assert.throws(() => px('AM PM', 'tt tt', 0), /both AM and PM/);
    assert.throws(() => px('+01 +02', 'zz zz', 0), /different from the one already read/);
    assert.throws(() => px('+01 Z', 'zz K', 0), /contradicts the offset/);
    assert.throws(() => px('+01 Z', 'zz Z', 0), /contradicts the offset/);
    assert.throws(() => px('.1 .2', '.f .f', 0), /different from the one already read/);
    assert.equal(px('+01 +01:00', 'zz zzz', 0).slice(-6), '+00:00');
  });
  it('explains what a specifier expected', () => {
    assert.throws(() => px('Foo', 'MMM', 0), /"MMM" expects a three-letter month name/);
    assert.throws(() => px('Foo', 'MMMM', 0), /"MMMM" expects a month name/);
    assert.throws(() => px('Foo', 'ddd', 0), /"ddd" expects a three-letter day name/);
    assert.throws(() => px('Foo', 'dddd', 0), /"dddd" expects a day name/);
    assert.throws(() => px('BC', 'gg', 0), /expects the era/);
    assert.throws(() => px('XM', 'tt', 0), /"tt" expects AM or PM/);
    assert.throws(() => px('0800', 'zzz', 0), /expects an offset starting with \+ or -/);
    assert.throws(() => px('+08:75', 'zzz', 0), /offset minutes 75/);
    assert.throws(() => px('2009x06', 'yyyy-MM', 0), /expected "-" but found "x06"/);
    assert.throws(() => px('2009-06', 'yyyy/MM', 0), /expected "\/"/);
    assert.throws(() => px('123', 'yy', 0), /unexpected text "3"/);
    assert.throws(() => px('1.2', '%F', 0), /unexpected text ".2"/);
  });
  it('reads AD, lowercase am/pm and GMT after Z', () => {
    assert.equal(px('2009 AD', 'yyyy g', 0), '2009-01-01T00:00:00.0000000');
    assert.equal(px('2009-06-15 GMT', 'yyyy-MM-dd Z', D.RoundtripKind), '2009-06-15T00:00:00.0000000Z');
    assert.throws(() => px('2009-06-15 Zulu', 'yyyy-MM-dd Z', 0), /"Z" expects the UTC designator/);
  });
  it('AssumeLocal with AdjustToUniversal converts from the service zone (UTC)', () => {
    assert.equal(px('2009-06-15 13:45', 'yyyy-MM-dd HH:mm', D.AssumeLocal | D.AdjustToUniversal), '2009-06-15T13:45:00.0000000Z');
  });
  it('AdjustToUniversal wraps a bare time on 0001-01-01 around midnight, like .NET', () => {
    assert.equal(px('01:00 +02:00', 'HH:mm zzz', D.NoCurrentDateDefault | D.AdjustToUniversal), '0001-01-01T23:00:00.0000000Z');
    assert.throws(() => px('9999-12-31 23:00 -02:00', 'yyyy-MM-dd HH:mm zzz', D.AdjustToUniversal), /outside years 1\.\.9999/);
  });
  it('quoted spaces are flexible with AllowInnerWhite and trimmed at the ends', () => {
    assert.equal(px('2009   -06', "yyyy' - 'MM", D.AllowWhiteSpaces), '2009-06-01T00:00:00.0000000');
    assert.equal(px('x2009', "' x'yyyy", D.AllowLeadingWhite), '2009-01-01T00:00:00.0000000');
    assert.equal(px('2009x', "yyyy'x '", D.AllowTrailingWhite), '2009-01-01T00:00:00.0000000');
  });
  it('a space in the format may be skipped with AllowTrailingWhite', () => {
    assert.equal(px('2009-06', 'yyyy -MM', D.AllowTrailingWhite), '2009-06-01T00:00:00.0000000');
    assert.throws(() => px('2009-06', 'yyyy -MM', 0), /expected a space/);
  });
  it('rejects non-string arguments', () => {
    assert.throws(() => parseExact(5 as unknown as string, 'yyyy', 0), DateTimeError);
    assert.throws(() => parseExact('2009', 5 as unknown as string, 0), DateTimeError);
  });
});

describe('datetime: value helpers', () => {
  it('asUtc keeps the instant and sets the kind', () => {
    const v = makeValue(fromParts(2020, 1, 1).ticks, 'Local');
    assert.equal(asUtc(v).kind, 'Utc');
    assert.equal(asUtc(v).ticks, v.ticks);
    const u = fromParts(2020, 1, 1);
    assert.equal(asUtc(u), u);
  });
  it('describeValue shows the ticks and kind', () => {
    assert.equal(describeValue(fromParts(2020, 1, 2, 3, 4, 5, 6)), '2020-01-02T03:04:05.0000006 (Utc)');
  });
});
