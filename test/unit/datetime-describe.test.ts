// describeFormat: hover tokens and mistake warnings for .NET date/time format strings.
import assert from 'node:assert/strict';
import { describeFormat } from '../../server/src/evaluate/datetime';

const messages = (fmt: string, usage?: 'format' | 'parse') => describeFormat(fmt, usage).warnings.map((w) => w.message);
const spans = (fmt: string, usage?: 'format' | 'parse') =>
  describeFormat(fmt, usage).warnings.map((w) => fmt.slice(w.offset, w.offset + w.length));

describe('datetime: describeFormat', () => {
  it('lists specifiers and literals with spans and descriptions', () => {
    const d = describeFormat("yyyy-MM-dd'T'HH:mm:ss.fffK");
    assert.deepEqual(
      d.tokens.map((t) => [t.offset, t.length, t.specifier, t.kind]),
      [
        [0, 4, 'yyyy', 'specifier'], [4, 1, '-', 'literal'], [5, 2, 'MM', 'specifier'], [7, 1, '-', 'literal'],
        [8, 2, 'dd', 'specifier'], [10, 3, "'T'", 'literal'], [13, 2, 'HH', 'specifier'], [15, 1, ':', 'specifier'],
        [16, 2, 'mm', 'specifier'], [18, 1, ':', 'specifier'], [19, 2, 'ss', 'specifier'], [21, 1, '.', 'literal'],
        [22, 3, 'fff', 'specifier'], [25, 1, 'K', 'specifier'],
      ],
    );
    assert.equal(d.tokens[0]!.description, 'four-digit year');
    assert.equal(d.tokens[5]!.description, 'literal text "T"');
    assert.equal(d.tokens[12]!.description, 'fraction of a second, 3 digits (truncated)');
    assert.deepEqual(d.warnings, []);
  });

  it('describes %, escapes and quoted text', () => {
    const d = describeFormat('%d \\h "at"');
    assert.deepEqual(d.tokens.map((t) => t.specifier), ['%d', ' ', '\\h', ' ', '"at"']);
    assert.equal(d.tokens[0]!.description, 'day of the month, 1-31');
    assert.equal(d.tokens[2]!.description, 'literal character "h"');
  });

  it('describes one-character standard formats, and flags invalid ones as errors', () => {
    const d = describeFormat('o');
    assert.equal(d.tokens[0]!.kind, 'standard');
    assert.match(d.tokens[0]!.description, /round-trip/);
    const bad = describeFormat('h');
    assert.equal(bad.tokens.length, 0);
    assert.equal(bad.warnings[0]!.severity, 'error');
    assert.match(bad.warnings[0]!.message, /"%h"/);
  });

  it('gives parse-specific descriptions for inputFormat', () => {
    const d = describeFormat('yyyyMMddHHmmss.fZ', 'parse');
    const z = d.tokens.find((t) => t.specifier === 'Z');
    assert.equal(z?.kind, 'specifier');
    assert.match(z!.description, /reads "Z" or "GMT"/);
    assert.equal(describeFormat('yy', 'parse').tokens[0]!.description, 'two-digit year (00-49 → 2000-2049, 50-99 → 1950-1999)');
    assert.deepEqual(d.warnings, []);
  });

  it('warns about "mm" (minutes) where the month was meant', () => {
    assert.deepEqual(spans('yyyy-mm-dd'), ['mm']);
    assert.match(messages('yyyy-mm-dd')[0]!, /"mm" is minutes; between date parts you probably meant "MM" \(month\)/);
    assert.deepEqual(spans('dd/mm/yyyy'), ['mm']);
    assert.deepEqual(spans('yyyy-MM-dd HH:mm'), []);
    assert.deepEqual(spans('mm:ss'), []);
  });

  it('warns about "MM" (month) where minutes were meant', () => {
    assert.deepEqual(spans('yyyy-MM-dd HH:MM'), ['MM']);
    assert.match(messages('HH:MM:ss')[0]!, /"MM" is the month; in a time you probably meant "mm"/);
  });

  it('warns about a 12-hour clock without AM/PM', () => {
    assert.deepEqual(spans('M/d/yyyy hh:mm:ss'), ['hh']);
    assert.match(messages('hh:mm', 'parse')[0]!, /read as AM/);
    assert.deepEqual(spans('M/d/yyyy hh:mm:ss tt'), []);
  });

  it('warns about uppercase YYYY, DD and SS and other stray letters, but not T or Z', () => {
    assert.deepEqual(spans('YYYY-MM-DD'), ['YYYY', 'DD']);
    assert.match(messages('YYYY')[0]!, /"YYYY" is not a specifier .* "yyyy"/);
    assert.match(messages('HH:mm:SS')[0]!, /"SS" is not a specifier/);
    assert.match(messages('HH:nn')[0]!, /"nn" is not a specifier .*minutes are "mm"/);
    assert.match(messages('dd Q yyyy')[0]!, /"Q" is not a format specifier .*'Q'/);
    assert.deepEqual(spans('yyyy-MM-ddTHH:mm:ssZ'), []);
  });

  it('warns that zzz prints the service offset when formatting', () => {
    assert.match(messages('yyyy-MM-ddzzz')[0]!, /\+00:00/);
    assert.deepEqual(messages('yyyy-MM-ddzzz', 'parse'), []);
  });

  it('reports formats .NET rejects as errors and never throws', () => {
    const cases: [string, RegExp][] = [
      ["yyyy 'x", /never closed/],
      ['yyyy\\', /backslash/],
      ['dd%', /"%"/],
      ['ss.ffffffff', /at most 7/],
    ];
    for (const [fmt, re] of cases) {
      const w = describeFormat(fmt).warnings.find((x) => x.severity === 'error');
      assert.ok(w, fmt);
      assert.match(w.message, re);
    }
    assert.equal(describeFormat('', 'parse').warnings[0]!.severity, 'error');
    assert.equal(describeFormat('').warnings[0]!.severity, 'warning');
    assert.equal(describeFormat(undefined as unknown as string).warnings[0]!.severity, 'error');
  });

  it('orders warnings by position', () => {
    const w = describeFormat('YYYY-mm-DD hh').warnings.map((x) => x.offset);
    assert.deepEqual(w, [...w].sort((a, b) => a - b));
    assert.equal(w.length, 3); // YYYY, DD, hh
  });
});
