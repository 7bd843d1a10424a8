// Incremental parsing and checking of .entramap documents: after any sequence of edits, the
// segments re-lexed from the previous version, the model built from reused lines, and the checks
// that reuse unchanged lines' findings give exactly what a fresh parse and check of the text give.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMappingDocument, parseMappingSegments, parseMappingSegmentsSliced } from '../../server/src/language/mapping/build';
import { SegmentedText, segmentText, segmentTextSliced } from '../../server/src/language/mapping/segments';
import { checkParsedDocument } from '../../server/src/check/document';
import { CheckCache } from '../../server/src/check/mapping';
import { rng } from '../support/random';

const ROOT = join(__dirname, '..', 'fixtures');
const FIXTURES = [
  ...readdirSync(join(ROOT, 'check')).filter((f) => f.endsWith('.entramap')).map((f) => join(ROOT, 'check', f)),
  join(ROOT, 'entramap', 'personify.entramap'),
];

/** A comparable copy: functions dropped, shared objects expanded. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'function' ? undefined : x)));
}

const PIECES = ['\n', '  ', '"', '\\', '(', ')', '[', ']', '{', '}', '#', ' <- ', '[mail]', 'Join(",", ', '\n    ', 'x', '@', '\n}', 'mapping "m" {\n', ' match 1'];

/** One random edit: an insertion, a deletion, a replacement, a duplicated or removed line. */
function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 5)) {
    case 0:
      return text.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 12)));
    case 2: {
      const end = Math.min(text.length, at + Math.floor(r() * 6));
      return text.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + text.slice(end);
    }
    case 3: {
      const s = text.lastIndexOf('\n', at - 1) + 1;
      const e = text.indexOf('\n', at);
      const line = text.slice(s, e < 0 ? text.length : e + 1);
      return text.slice(0, s) + line + (line.endsWith('\n') ? '' : '\n') + text.slice(s);
    }
    default: {
      const s = text.lastIndexOf('\n', at - 1) + 1;
      const e = text.indexOf('\n', at);
      return text.slice(0, s) + text.slice(e < 0 ? text.length : e + 1);
    }
  }
}

describe('incremental .entramap parsing', () => {
  for (const file of FIXTURES) {
    const name = file.slice(ROOT.length + 1);
    it(`${name}: 60 random edits in a row parse and check exactly like fresh texts`, () => {
      const r = rng(name.length * 7919 + name.charCodeAt(0));
      let text = readFileSync(file, 'utf8');
      let seg = SegmentedText.of(text);
      const cache = new CheckCache();
      for (let i = 0; i < 60; i++) {
        const next = edit(text, r);
        seg = seg.update(next);
        text = next;
        const where = `${name}, edit ${i + 1}:\n${text}`;
        assert.equal(seg.text, text);
        assert.equal(
          seg.segments.reduce((n, s) => n + s.length, 0),
          text.length,
          `segments cover the text (${where})`,
        );
        const fresh = parseMappingDocument(text);
        const incremental = parseMappingSegments(seg);
        assert.deepEqual(plain(incremental.diagnostics), plain(fresh.diagnostics), `parser diagnostics (${where})`);
        assert.deepEqual(plain(incremental.model), plain(fresh.model), `model (${where})`);
        const checkedFresh = checkParsedDocument(text, fresh.model, fresh.diagnostics);
        const checkedCached = checkParsedDocument(text, incremental.model, incremental.diagnostics, { cache });
        assert.deepEqual(plain(checkedCached), plain(checkedFresh), `findings with the check cache (${where})`);
      }
    });
  }

  it('re-lexes only around an edit and reuses the other lines (a one-character edit in a 2,000-line file)', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `  attr${i} <- Join(" ", [givenName], [surname])`);
    const text = `app "Big" template scim\nmapping "users" {\n  source User\n  target User\n${lines.join('\n')}\n}\n`;
    const seg = SegmentedText.of(text);
    const at = text.indexOf('attr1000 ');
    const next = text.slice(0, at) + 'X' + text.slice(at);
    assert.ok(seg.updateCost(next) < 200, `re-lexes ${seg.updateCost(next)} characters`);
    const updated = seg.update(next);
    const shared = updated.segments.filter((s) => seg.segments.includes(s)).length;
    assert.ok(shared >= seg.segments.length - 3, `${shared} of ${seg.segments.length} segments reused`);
    assert.deepEqual(plain(parseMappingSegments(updated).model), plain(parseMappingDocument(next).model));
  });

  it('a multi-line expression that an edit extends or ends is re-lexed with the lines it now spans', () => {
    const text = 'mapping "m" {\n  source User\n  target User\n  displayName <- Join(" ",\n      [givenName],\n      [surname])\n  mail <- [mail]\n}\n';
    const seg = SegmentedText.of(text);
    for (const next of [
      text.replace('      [surname])', '[surname])'), // the continuation now ends early
      text.replace('  mail <- [mail]', '      [mail]'), // deeper indented after a closed call: a line of its own
      text.replace('Join(" ",\n', 'Join(" ",'), // two physical lines joined
      text.replace('mail <- [mail]', 'mail <- "unterminated'),
    ]) {
      check(seg, next);
    }
    // an unclosed call: the next line, once deeper indented, continues it
    const open = 'mapping "m" {\n  source User\n  target User\n  displayName <- Join(" ",\n      [givenName],\n  mail <- [mail]\n}\n';
    const openSeg = SegmentedText.of(open);
    for (const next of [open.replace('  mail <- [mail]', '      [surname])'), open.replace('      [givenName],\n', '')]) check(openSeg, next);
    function check(seg: SegmentedText, next: string) {
      const updated = seg.update(next);
      assert.deepEqual(plain(parseMappingSegments(updated).model), plain(parseMappingDocument(next).model), next);
      assert.deepEqual(plain(parseMappingSegments(updated).diagnostics), plain(parseMappingDocument(next).diagnostics), next);
    }
  });

  it('lexing and parsing in slices (small windows) gives the whole-text result', async () => {
    let yields = 0;
    const between = async () => {
      yields++;
    };
    for (const file of FIXTURES) {
      const text = readFileSync(file, 'utf8');
      const sliced = await segmentTextSliced(text, between, 64);
      assert.deepEqual(plain(sliced), plain(segmentText(text)), file);
      const seg = new SegmentedText(text, sliced);
      const parsed = await parseMappingSegmentsSliced(seg, between);
      assert.deepEqual(plain(parsed.model), plain(parseMappingDocument(text).model), file);
      assert.deepEqual(plain(parsed.diagnostics), plain(parseMappingDocument(text).diagnostics), file);
    }
    assert.ok(yields > FIXTURES.length, `yielded ${yields} times`);
  });

  it('the check cache reuses the unchanged lines of a mapping after an edit', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `  attr${i} <- Join(" ", [givenName], [surname])`);
    const text = `app "Big" template scim\nmapping "users" {\n  source User\n  target User\n  userName <- [userPrincipalName] match 1\n${lines.join('\n')}\n}\n`;
    const cache = new CheckCache();
    let seg = SegmentedText.of(text);
    let p = parseMappingSegments(seg);
    checkParsedDocument(text, p.model, p.diagnostics, { cache });
    const next = text.replace('attr150 <- Join(" "', 'attr150 <- Join("-"');
    seg = seg.update(next);
    p = parseMappingSegments(seg);
    const findings = checkParsedDocument(next, p.model, p.diagnostics, { cache });
    assert.ok(cache.reused >= 290, `reused ${cache.reused}, computed ${cache.computed}`);
    assert.ok(cache.computed <= 10, `computed ${cache.computed}`);
    const fresh = parseMappingDocument(next);
    assert.deepEqual(plain(findings), plain(checkParsedDocument(next, fresh.model, fresh.diagnostics)));
  });
});
