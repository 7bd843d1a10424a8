// One ParsedDocument per uri@version, shared by the diagnostics analysis and every editor
// feature; requests never wait on an analysis; huge documents (analysed in a worker thread) get
// quick empty answers instead of a parse on the server's thread.
import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures';
import { completion, find, folding, hover, inlayHints, symbols, tokens, whole } from './support/editor';
import { withServer } from './support/server';

const TEXT = readFixture('editor.entramap');

describe('lsp: the shared parse', function () {
  this.timeout(90_000);

  it('parses a version once for diagnostics and every feature, again after an edit', async () => {
    await withServer({ settings: { diagnostics: { delay: 20 } } }, async (s) => {
      const doc = await s.openDoc('shared.entramap', TEXT);
      await s.waitForDiagnostics(doc.uri);
      const before = await s.stats();
      assert.equal(before.parses, 1);
      await hover(s, doc.uri, find(TEXT, 'Join', 1));
      await completion(s, doc.uri, find(TEXT, '[givenName]', 2));
      await tokens(s, doc.uri);
      await symbols(s, doc.uri);
      await folding(s, doc.uri);
      await inlayHints(s, doc.uri, whole(TEXT));
      const after = await s.stats();
      assert.equal(after.parses, 1, 'no feature parsed again');
      assert.equal(after.parseHits! - before.parseHits!, 6);
      await s.setText(doc.uri, TEXT + '\n');
      await s.waitForDiagnostics(doc.uri, { version: 2 });
      await hover(s, doc.uri, find(TEXT, 'Join', 1));
      assert.equal((await s.stats()).parses, 2);
    });
  });

  it('answers a request before the debounced analysis, and the analysis reuses that parse', async () => {
    await withServer({ settings: { diagnostics: { delay: 300 } } }, async (s) => {
      const doc = await s.openDoc('early.entramap', TEXT);
      await s.waitForDiagnostics(doc.uri);
      const v2 = await s.setText(doc.uri, TEXT.replace('[jobTitle]', '[jobTitel]'));
      // asked at once, while the analysis of version 2 waits for the quiet period
      const started = Date.now();
      const h = await hover(s, doc.uri, find(v2.text, 'ToUpper', 1));
      assert.ok(h, 'answered from a fresh parse of version 2');
      assert.ok(Date.now() - started < 300, `answered in ${Date.now() - started} ms`);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri, { version: 2 });
      assert.deepEqual(diagnostics.map((d) => d.code), ['EMP001']);
      const stats = await s.stats();
      assert.equal(stats.parses, 2, 'version 1 and version 2, each once');
    });
  });

  const bigText = (lines: number, extra: (body: string[]) => void = () => {}) => {
    const body = Array.from({ length: lines }, (_, i) => `  attr${i} <- Join(" ", [givenName], [surname])`);
    body[lines - 10] = '  late <- Frobnicate([surname])';
    extra(body);
    return `app "Big" template scim\nmapping "users" {\n  source User\n  target User\n  userName <- [userPrincipalName] match 1\n${body.join('\n')}\n}\n`;
  };

  it('a large document: parsed in slices by the analysis, then every feature answers, and an edit re-parses only its lines', async () => {
    const text = bigText(6_000);
    assert.ok(text.length > 128 * 1024, String(text.length));
    // every attrN is an unknown target attribute (EMP010): room for all of them
    await withServer({ settings: { diagnostics: { maxProblems: 100_000, delay: 20 } } }, async (s) => {
      const doc = await s.openDoc('large.entramap', text);
      const position = { line: 5_995, character: 12 };
      // before the analysis made the first parse, requests answer at once (nothing, or the real answer)
      const started = Date.now();
      await hover(s, doc.uri, position);
      assert.ok(Date.now() - started < 1000, `first hover took ${Date.now() - started} ms`);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri, { timeoutMs: 60_000 });
      assert.ok(diagnostics.some((d) => d.code === 'EPX101' && d.range.start.line === 5_995), 'Frobnicate found');
      const h = await hover(s, doc.uri, position);
      assert.ok(h && JSON.stringify(h).includes('Frobnicate'), JSON.stringify(h));
      assert.ok(((await symbols(s, doc.uri)) ?? []).length > 0, 'an outline');
      assert.notDeepEqual(await tokens(s, doc.uri), { data: [] });
      const before = await s.stats();
      assert.equal(before.offThread, 0, 'analysed on the server thread');
      // an edit: the next version is parsed from this one, and the problem it fixes goes away
      const v2text = text.replace('late <- Frobnicate([surname])', 'late <- ToUpper([surname])');
      await s.setText(doc.uri, v2text);
      const v2 = await s.waitForDiagnostics(doc.uri, { version: 2, timeoutMs: 60_000 });
      assert.ok(!v2.diagnostics.some((d) => d.code === 'EPX101'), 'Frobnicate is gone');
      assert.equal(v2.diagnostics.length, diagnostics.length - 1);
      const after = await s.stats();
      assert.ok(after.incrementalParses! > (before.incrementalParses ?? 0), JSON.stringify(after));
    });
  });

  it('gives quick empty answers for a pathological document analysed off-thread, and still publishes its diagnostics', async () => {
    // a line of 20,000 characters cannot be parsed in slices: the worker analyses the file
    const text = bigText(3_000, (body) => {
      body[10] = `  long <- Join(" ", ${Array.from({ length: 1_700 }, () => '[givenName]').join(', ')})`;
    });
    await withServer({ settings: { diagnostics: { maxProblems: 100_000 } } }, async (s) => {
      const doc = await s.openDoc('huge.entramap', text);
      await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'analysing');
      const timings: Record<string, number> = {};
      const time = async <T>(name: string, p: () => Promise<T>): Promise<T> => {
        const t = Date.now();
        const r = await p();
        timings[name] = Date.now() - t;
        return r;
      };
      const position = { line: 2_995, character: 12 };
      assert.equal(await time('hover', () => hover(s, doc.uri, position)), null);
      assert.deepEqual(await time('completion', () => completion(s, doc.uri, position)), []);
      assert.deepEqual(await time('tokens', () => tokens(s, doc.uri)), { data: [] });
      assert.deepEqual(await time('symbols', () => symbols(s, doc.uri)), []);
      assert.deepEqual(await time('hints', () => inlayHints(s, doc.uri, whole(text))), []);
      for (const [name, ms] of Object.entries(timings)) assert.ok(ms < 1000, `${name} took ${ms} ms`);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri, { timeoutMs: 60_000 });
      assert.ok(diagnostics.some((d) => d.code === 'EPX101' && d.range.start.line === 2_995), 'found by the worker');
      const stats = await s.stats();
      assert.equal(stats.offThread, 1);
      assert.equal(stats.parses, 0, 'never parsed on the server thread');
      console.log(`      ${(text.length / 1024).toFixed(0)} K characters: ${Object.entries(timings).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
    });
  });

  it('answers nothing on an internal failure and writes it to the server log', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('failure.entramap', TEXT);
      // malformed params make the services fail inside; the request still answers
      assert.equal(await s.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: null }), null);
      assert.deepEqual(await s.request('textDocument/selectionRange', { textDocument: { uri: doc.uri }, positions: null }), []);
      const errors = await s.waitFor(() => {
        const e = s.logs.filter((l) => l.type === 1).map((l) => l.message);
        return e.length >= 2 ? e : undefined;
      });
      assert.ok(errors.some((m) => m.startsWith('hover failed: TypeError')), errors.join('\n'));
      assert.ok(errors.some((m) => m.startsWith(`selectionRanges failed on ${doc.uri}@1: TypeError`)), errors.join('\n'));
      // and the server goes on
      assert.ok(await hover(s, doc.uri, find(TEXT, 'Join', 1)));
    });
  });
});
