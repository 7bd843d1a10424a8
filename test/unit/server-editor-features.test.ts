// The language server's editor-feature plumbing, without a connection: the shared parse cache,
// the document analyser (checkParsedDocument on the cached parse, schema files relative to the
// document), diagnostic data conversion, the inlay-hint settings, the completion triggers.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentAnalyzer } from '../../server/src/features/analysis/document-analyzer';
import { targetSchemaResolver } from '../../server/src/check/target-schema-resolver';
import { COMPLETION_TRIGGERS } from '../../server/src/features/completion';
import { toDiagnostic } from '../../server/src/features/convert';
import { ParsedDocumentCache } from '../../server/src/features/documents';
import { Work } from '../../server/src/features/scheduling';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/features/settings';
import { DEFAULT_PLACEMENT } from '../../server/src/features/analysis/placement';

const TEXT = 'app "X" template scim\nmapping "m" {\n  source User\n  target User\n  userName <- [userPrincipalName] match 1\n  displayName <- Jion([givenName])\n}\n';

describe('server features: the shared parse cache', () => {
  it('parses a version once, again for a new version, a large document only from an earlier parse', async () => {
    const cache = new ParsedDocumentCache({ placement: { ...DEFAULT_PLACEMENT, largeChars: 1000 }, maxSyncChars: 200 });
    const v1 = TextDocument.create('file:///a.entramap', 'entramap', 1, TEXT);
    const a = cache.get(v1, 'entramap');
    assert.ok(a);
    assert.equal(cache.get(v1, 'entramap'), a);
    assert.equal(cache.forInput({ uri: v1.uri, languageId: 'entramap', version: 1, text: TEXT, kind: 'entramap', maxDiagnostics: 10 }), a);
    assert.deepEqual([cache.parses, cache.hits], [1, 2]);
    const v2 = TextDocument.update(v1, [{ text: TEXT + '\n' }], 2);
    const b = cache.get(v2, 'entramap');
    assert.notEqual(b, a);
    assert.equal(cache.peek(v1.uri, 1), undefined, 'one entry per document');
    assert.equal(cache.peek(v1.uri, 2), b);
    // same version, other text (a client that reuses versions): parsed again
    assert.notEqual(cache.forInput({ uri: v1.uri, languageId: 'entramap', version: 2, text: 'x', kind: 'entramap', maxDiagnostics: 10 }), b);
    const huge = TextDocument.create('file:///b.entramap', 'entramap', 1, 'x'.repeat(1000));
    assert.equal(cache.get(huge, 'entramap'), undefined, 'no earlier parse: the analysis makes it');
    // a large document with an earlier parse: an edit of a few lines is parsed on request
    const lines = TEXT.replace('}\n', Array.from({ length: 80 }, (_, i) => `  a${i} <- [mail]\n`).join('') + '}\n');
    assert.ok(lines.length > 1000);
    const big1 = TextDocument.create('file:///c.entramap', 'entramap', 1, lines);
    assert.equal(cache.get(big1, 'entramap'), undefined);
    const input = (d: TextDocument) => ({ uri: d.uri, languageId: 'entramap', version: d.version, text: d.getText(), kind: 'entramap' as const, maxDiagnostics: 10 });
    const first = await cache.forInputAsync(input(big1), new Work(undefined, 0));
    assert.ok(first, 'the analysis parses it in slices');
    assert.equal(cache.get(big1, 'entramap'), first);
    const big2 = TextDocument.update(big1, [{ text: lines.replace('a20 <- [mail]', 'a20 <- [mailNickname]') }], 2);
    const incremental = cache.incremental;
    const second = cache.get(big2, 'entramap');
    assert.ok(second, 'a small edit is parsed on request, from the earlier parse');
    assert.equal(cache.incremental, incremental + 1);
    assert.ok(second.model.rules.length);
    const big3 = TextDocument.update(big2, [{ text: lines.replace(/\[mail\]/g, '[userPrincipalName]') }], 3);
    assert.equal(cache.get(big3, 'entramap'), undefined, 'an edit of the whole text waits for the analysis');
    cache.delete(v1.uri);
    cache.delete(big1.uri);
    assert.equal(cache.size, 0);
  });
});

describe('server features: the document analyser', () => {
  it('checks the parse it is given (no second parse), like entramap check', async () => {
    const cache = new ParsedDocumentCache();
    const input = { uri: 'file:///x/a.entramap', languageId: 'entramap', version: 1, text: TEXT, kind: 'entramap' as const, maxDiagnostics: 100 };
    const analyzer = documentAnalyzer('entramap', { parsed: (i) => cache.forInput(i) });
    const out = await analyzer.analyze(input, new Work());
    assert.equal(out.model, cache.peek(input.uri, 1));
    assert.equal(cache.parses, 1);
    assert.deepEqual(out.diagnostics.map((d) => `${d.code} ${TEXT.slice(d.start, d.end)}`), ['EMP035 "m"', 'EPX101 Jion']);
    // capped, with `truncated`
    const capped = await analyzer.analyze({ ...input, maxDiagnostics: 1 }, new Work());
    assert.equal(capped.diagnostics.length, 1);
    assert.equal(capped.truncated, true);
  });

  it('reads `app ... schema FILE` relative to the document, with the CLI\'s words for unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'entramap-schema-'));
    mkdirSync(join(dir, 'folder.json'));
    writeFileSync(
      join(dir, 'ext.json'),
      JSON.stringify({ id: 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User', name: 'Contoso', attributes: [{ name: 'badge', type: 'string' }] }),
    );
    const resolve = targetSchemaResolver(pathToFileURL(join(dir, 'users.entramap')).href)!;
    const loaded = resolve('ext.json');
    assert.ok(loaded && 'schemas' in loaded && loaded.schemas[0].id === 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User');
    assert.equal(resolve('missing.json'), undefined);
    assert.deepEqual(resolve('folder.json'), { error: 'folder.json: it is a directory' });
    assert.equal(targetSchemaResolver('untitled:Untitled-1'), undefined);
  });
});

describe('server features: diagnostic data', () => {
  it('turns the checker\'s offset edits into LSP ranges and passes everything else through', () => {
    const doc = TextDocument.create('file:///a.entramap', 'entramap', 1, 'ab\ncd\n');
    const d = toDiagnostic(doc, { code: 'EMP021', severity: 'error', message: 'm', start: 0, end: 1, data: { attribute: 'x', edits: [{ start: 3, end: 5, newText: 'X' }] } });
    assert.deepEqual(d.data, { attribute: 'x', edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, newText: 'X' }] });
    const plain = toDiagnostic(doc, { code: 'EPX103', severity: 'warning', message: 'm', start: 0, end: 1, data: { replacement: 'Join' } });
    assert.deepEqual(plain.data, { replacement: 'Join' });
  });
});

describe('server features: inlay hint settings and completion triggers', () => {
  it('reads entraProvisioning.inlayHints.*, ignoring mistyped values', () => {
    assert.deepEqual(DEFAULT_SETTINGS.inlayHints, { enabled: true, parameterNames: true, scopingClauses: true });
    assert.deepEqual(normalizeSettings({ inlayHints: { enabled: false, parameterNames: 'no', scopingClauses: false } }).inlayHints, {
      enabled: false,
      parameterNames: true,
      scopingClauses: false,
    });
  });

  it('registers the document, expression and signature characters as completion triggers', () => {
    assert.deepEqual([...COMPLETION_TRIGGERS].sort(), [' ', '"', '(', ',', '['].sort());
  });
});
