// The diagnostics pipeline, seen from a client: publish on open and after edits, with the
// document version; debounce; cancellation of superseded work; close; settings; both document
// kinds (.entramap and Graph schema JSON). Most assertions look for the unknown function
// `Frobnicate` only, so they hold while the parsers' own diagnostics evolve.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { codeHref } from '../../server/src/diagnostics/codes';
import { formatDiagnostics, garbage, readFixture, textOf } from './support/fixtures';
import { Diagnostic, withServer } from './support/server';

const USERS = readFixture('users.entramap');
const frobnicate = (text: string, diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => d.code === 'EPX101' && textOf(text, d.range) === 'Frobnicate');

describe('lsp: diagnostics', () => {
  it('publishes on open, for version 1, with code, documentation link and source', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('users.entramap', USERS);
      const published = await s.waitForDiagnostics(doc.uri, { version: 1 });
      assert.equal(published.version, 1);
      const hits = frobnicate(USERS, published.diagnostics);
      assert.equal(hits.length, 1, formatDiagnostics(published.diagnostics).join('\n'));
      // the line has a non-BMP character before the error: columns are UTF-16 code units
      assert.deepEqual(hits[0].range, { start: { line: 8, character: 43 }, end: { line: 8, character: 53 } });
      assert.equal(hits[0].severity, DiagnosticSeverity.Error);
      for (const d of published.diagnostics) {
        assert.equal(d.source, 'entramap');
        assert.match(String(d.code), /^E[A-Z]{2}\d{3}$/);
        assert.equal(d.codeDescription?.href, codeHref(String(d.code)));
      }
    });
  });

  it('reports the parser and checker findings of a mapping file, nothing else', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('users.entramap', USERS);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri);
      // the mapping checks run too (as in `entramap check`; see check-parity.test.ts)
      assert.deepEqual(formatDiagnostics(diagnostics), [
        'Error EMP022 [4:9-4:55] No attribute of "Synchronize Microsoft Entra users to Contoso" is a matching attribute, so the provisioning service cannot find existing objects in the target and creates duplicates. Give one attribute mapping a matching precedence (match 1), on an attribute whose value is unique per object.',
        'Error EPX101 [9:44-9:54] Unknown function Frobnicate. See the function reference for the functions Entra provides.',
      ]);
    });
  });

  it('analyses Graph schema JSON, positioning expression findings through JSON escapes', async () => {
    await withServer({ settings: { diagnostics: { delay: 20 } } }, async (s) => {
      const text = readFixture('schema.json');
      const doc = await s.openDoc('schema.json', text);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri);
      const hits = frobnicate(text, diagnostics);
      assert.equal(hits.length, 1, formatDiagnostics(diagnostics).join('\n'));
      assert.ok(text.split('\n')[hits[0].range.start.line].includes('\\" \\"'), 'the line has escaped quotes before the error');
      assert.equal((await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'done')).kind, 'graph-json');
      // once the document no longer looks like a synchronizationSchema, its diagnostics go
      await s.setText(doc.uri, '{"name": "just JSON", "expression": "Frobnicate()"}');
      await s.waitForCleared(doc.uri);
    });
  });

  it('re-publishes for the new version after an edit, without the fixed problem', async () => {
    await withServer({ settings: { diagnostics: { delay: 30 } } }, async (s) => {
      const doc = await s.openDoc('users.entramap', USERS);
      await s.waitForDiagnostics(doc.uri, { version: 1 });
      // incremental edit: Frobnicate → Coalesce on line 9
      const line = USERS.split('\n')[8];
      const col = line.indexOf('Frobnicate');
      const v2 = await s.edit(doc.uri, { start: { line: 8, character: col }, end: { line: 8, character: col + 10 } }, 'Coalesce');
      const published = await s.waitForDiagnostics(doc.uri, { version: 2 });
      assert.ok(v2.text.includes('Coalesce([surname])'));
      assert.deepEqual(frobnicate(v2.text, published.diagnostics), []);
      assert.ok(!published.diagnostics.some((d) => /Frobnicate/.test(d.message)), formatDiagnostics(published.diagnostics).join('\n'));
    });
  });

  it('works with CRLF line ends', async () => {
    await withServer({}, async (s) => {
      const text = USERS.replace(/\n/g, '\r\n');
      const doc = await s.openDoc('crlf.entramap', text);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri);
      const hit = diagnostics.find((d) => d.code === 'EPX101');
      assert.ok(hit);
      assert.deepEqual(hit.range, { start: { line: 8, character: 43 }, end: { line: 8, character: 53 } });
    });
  });

  it('debounces a burst of edits: one analysis and one publish, for the last version', async () => {
    await withServer({ settings: { diagnostics: { delay: 300 } } }, async (s) => {
      const doc = await s.openDoc('burst.entramap', USERS);
      await s.waitForDiagnostics(doc.uri, { version: 1 });
      const before = await s.stats();
      let text = USERS;
      for (let i = 0; i < 5; i++) {
        text = text.replace('Frobnicate', i % 2 ? 'Frobnicate' : 'Frobnicat');
        await s.setText(doc.uri, text + `\n# edit ${i}`);
      }
      await s.waitForDiagnostics(doc.uri, { version: 6 });
      const versions = s.publishedFor(doc.uri).map((p) => p.version);
      assert.deepEqual(versions, [1, 6]);
      const after = await s.stats();
      assert.equal(after.started - before.started, 1, JSON.stringify({ before, after }));
    });
  });

  it('waits for the configured delay after an edit, but not after opening', async () => {
    await withServer({ settings: { diagnostics: { delay: 1500 } } }, async (s) => {
      const opened = Date.now();
      const doc = await s.openDoc('delay.entramap', USERS);
      await s.waitForDiagnostics(doc.uri, { version: 1 });
      assert.ok(Date.now() - opened < 1200, `open took ${Date.now() - opened} ms`);
      const edited = Date.now();
      await s.setText(doc.uri, USERS + '\n');
      await s.waitForDiagnostics(doc.uri, { version: 2 });
      const waited = Date.now() - edited;
      assert.ok(waited >= 1450, `published ${waited} ms after the edit`);
    });
  });

  it('cancels the analysis of a superseded version and never publishes it', async () => {
    await withServer({ settings: { diagnostics: { delay: 0 } } }, async (s) => {
      const big = garbage(20_000, 7);
      const doc = await s.openDoc('cancel.entramap', big);
      await s.waitForStatus((st) => st.uri === doc.uri && st.version === 1 && st.state === 'analysing');
      await s.setText(doc.uri, USERS);
      const published = await s.waitForDiagnostics(doc.uri, { version: 2, timeoutMs: 20_000 });
      assert.equal(frobnicate(USERS, published.diagnostics).length, 1);
      await s.waitForStatus((st) => st.uri === doc.uri && st.version === 1 && st.state === 'cancelled');
      assert.deepEqual(
        s.publishedFor(doc.uri).map((p) => p.version),
        [2],
      );
      const stats = await s.stats();
      assert.ok(stats.cancelled >= 1, JSON.stringify(stats));
    });
  });

  it('reuses the analysis of an unchanged version (cache per uri@version)', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('cache.entramap', USERS);
      await s.waitForDiagnostics(doc.uri, { version: 1 });
      const before = await s.stats();
      // a settings change re-runs diagnostics for open documents; this one cannot change results
      await s.updateSettings({ diagnostics: { delay: 10 } });
      await s.waitFor(async () => (await s.stats()).published > before.published);
      const after = await s.stats();
      assert.equal(after.started, before.started, 'no new analysis');
      assert.equal(after.cacheHits - before.cacheHits, 1);
      // one that can (the cap) analyses again
      await s.updateSettings({ diagnostics: { delay: 10, maxProblems: 500 } });
      await s.waitFor(async () => (await s.stats()).published > after.published);
      assert.equal((await s.stats()).started - after.started, 1);
      // re-sending identical settings does nothing
      const settled = await s.stats();
      await s.updateSettings({ diagnostics: { delay: 10, maxProblems: 500 } });
      assert.deepEqual(await s.stats(), settled);
    });
  });

  it('clears diagnostics when the document closes', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('close.entramap', USERS);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri);
      assert.ok(diagnostics.length > 0);
      await s.closeDoc(doc.uri);
      await s.waitForCleared(doc.uri);
    });
  });

  it('honours entraProvisioning.diagnostics.enable and maxProblems', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('settings.entramap', USERS + '\nx <- Frobnicate2()\ny <- Frobnicate3()\n');
      const all = await s.waitForDiagnostics(doc.uri);
      assert.ok(all.diagnostics.length >= 3);

      await s.updateSettings({ diagnostics: { enable: false } });
      await s.waitForCleared(doc.uri);

      const from = s.published.length;
      await s.updateSettings({ diagnostics: { enable: true, maxProblems: 2 } });
      const capped = await s.waitFor(() => s.published.slice(from).find((p) => p.uri === doc.uri && p.diagnostics.length > 0));
      assert.equal(capped.diagnostics.length, 2);
      // sorted by position
      const starts = capped.diagnostics.map((d) => d.range.start.line * 1e6 + d.range.start.character);
      assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
      await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'done' && st.truncated === true);
    });
  });

  it('leaves ordinary JSON alone', async () => {
    await withServer({}, async (s) => {
      const json = await s.openDoc('not-a-schema.json', readFixture('not-a-schema.json'));
      const doc = await s.openDoc('after-json.entramap', USERS);
      await s.waitForDiagnostics(doc.uri);
      assert.deepEqual(s.publishedFor(json.uri), []);
      assert.ok(!s.statuses.some((st) => st.uri === json.uri));
    });
  });

  it('analyses every open document independently', async () => {
    await withServer({ settings: { diagnostics: { delay: 20 } } }, async (s) => {
      const docs = await Promise.all(Array.from({ length: 12 }, (_, i) => s.openDoc(`many-${i}.entramap`, USERS)));
      for (const d of docs) assert.equal(frobnicate(USERS, (await s.waitForDiagnostics(d.uri)).diagnostics).length, 1);
      await s.setText(docs[3].uri, USERS.replace('Frobnicate', 'Trim'));
      const { diagnostics } = await s.waitForDiagnostics(docs[3].uri, { version: 2 });
      assert.equal(frobnicate(USERS, diagnostics).length, 0);
      // the others were not re-published
      assert.equal(s.publishedFor(docs[4].uri).length, 1);
    });
  });
});
