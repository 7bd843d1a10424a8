// The language server's infrastructure, without a connection: document classification, the
// analysis service (cache per uri@version, sharing, cancellation), cooperative scheduling,
// capability merging, settings normalisation, diagnostic conversion.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../../server/src/features/analysis/analyzer';
import { classifyDocument, isGraphSchemaJson } from '../../server/src/features/analysis/document-kind';
import { AnalyzerRegistry } from '../../server/src/features/analysis/registry';
import { AnalysisService } from '../../server/src/features/analysis/service';
import { baseCapabilities, mergeCapabilities } from '../../server/src/features/capabilities';
import { capDiagnostics, toDiagnostic } from '../../server/src/features/convert';
import { CancellationSource, CancelledError, isCancelled, Work } from '../../server/src/features/scheduling';
import { affectsAnalysis, DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/features/settings';

describe('server features: document kinds', () => {
  it('recognises .entramap by language id, or by extension for unknown languages', () => {
    assert.equal(classifyDocument('entramap', 'file:///a.txt', ''), 'entramap');
    assert.equal(classifyDocument('plaintext', 'file:///x/users.ENTRAMAP', ''), 'entramap');
    assert.equal(classifyDocument('plaintext', 'file:///x/users.entramap?x=1', ''), 'entramap');
    assert.equal(classifyDocument('plaintext', 'file:///x/users.txt', ''), undefined);
  });

  it('recognises Graph schema JSON by a top-level synchronizationRules or directories property', () => {
    assert.equal(classifyDocument('json', 'file:///s.json', '{"synchronizationRules": []}'), 'graph-json');
    assert.equal(classifyDocument('jsonc', 'file:///s.json', '// c\n{ /* x */ "directories" : [ ] }'), 'graph-json');
    assert.equal(classifyDocument('json', 'file:///p.json', '{"name": "x", "scripts": {"directories": 1}}'), undefined);
    assert.equal(classifyDocument('json', 'file:///p.json', '[{"synchronizationRules": []}]'), undefined);
    assert.equal(classifyDocument('javascript', 'file:///p.json', '{"synchronizationRules": []}'), undefined);
  });

  it('sniffs robustly: escapes, nesting, BOM, half-typed documents, values that look like keys', () => {
    assert.ok(isGraphSchemaJson('\ufeff{"@odata.context": "x", "directories": ['));
    assert.ok(isGraphSchemaJson('{"a": {"synchronizationRules": 1}, "b": "\\"}", "directories": []}'));
    assert.ok(!isGraphSchemaJson('{"a": "directories", "b": ["synchronizationRules"]}'));
    assert.ok(!isGraphSchemaJson('{"a": {"directories": []}}'));
    assert.ok(!isGraphSchemaJson(''));
    assert.ok(!isGraphSchemaJson('{"unterminated'));
    assert.ok(!isGraphSchemaJson('{} {"directories": []}'));
  });

  it('sniffs a large non-schema JSON document quickly', () => {
    const big = JSON.stringify({ items: Array.from({ length: 100_000 }, (_, i) => ({ id: i, directories: 'x', s: 'a"b\\c' })) });
    const t = Date.now();
    assert.equal(isGraphSchemaJson(big), false);
    assert.ok(Date.now() - t < 1000);
  });
});

describe('server features: scheduling', () => {
  it('Work.checkpoint yields once a slice is used up and throws once cancelled', async () => {
    const source = new CancellationSource();
    const work = new Work(source.token, 1);
    const until = Date.now() + 5;
    while (Date.now() < until) {
      /* burn the slice */
    }
    let otherRan = false;
    setImmediate(() => (otherRan = true));
    await work.checkpoint();
    assert.equal(otherRan, true);
    assert.equal(work.yields, 1);
    source.cancel();
    await assert.rejects(work.checkpoint(), (e) => isCancelled(e));
    assert.throws(() => work.throwIfCancelled(), CancelledError);
  });

  it('CancellationSource notifies listeners once, also late ones', () => {
    const source = new CancellationSource();
    const calls: string[] = [];
    source.token.onCancelled(() => calls.push('early'));
    source.cancel();
    source.cancel();
    source.token.onCancelled(() => calls.push('late'));
    assert.deepEqual(calls, ['early', 'late']);
  });
});

/** A test analyser: reports one diagnostic per `!`, slowly if asked, and counts its runs. */
function fakeAnalyzer(options: { slow?: boolean; fail?: boolean } = {}) {
  const runs: string[] = [];
  const analyzer: Analyzer<{ length: number }> = {
    id: 'fake',
    kind: 'entramap',
    description: 'test',
    async analyze(input, work) {
      runs.push(`${input.uri}@${input.version}`);
      if (options.fail) throw new Error('boom');
      const diagnostics = [];
      for (let i = 0; i < input.text.length; i++) {
        if (options.slow) {
          const until = Date.now() + 2;
          while (Date.now() < until) {
            /* simulate work */
          }
        }
        await work.checkpoint();
        if (input.text[i] === '!') diagnostics.push({ code: 'EPX001', severity: 'error' as const, message: '!', start: i, end: i + 1 });
      }
      return { model: { length: input.text.length }, diagnostics };
    },
  };
  return { analyzer, runs };
}

function service(analyzer: Analyzer, errors: string[] = []) {
  return new AnalysisService(new AnalyzerRegistry([analyzer]), () => ({ maxDiagnostics: 100, sliceMs: 1 }), {
    error: (m) => errors.push(m),
  });
}

describe('server features: analysis service', () => {
  it('analyses a version once, shares it between callers, and caches it', async () => {
    const { analyzer, runs } = fakeAnalyzer();
    const s = service(analyzer);
    const doc = TextDocument.create('file:///a.entramap', 'entramap', 1, 'a!b!');
    const [a, b] = await Promise.all([s.analyze(doc), s.analyze(doc)]);
    assert.equal(a, b);
    assert.equal((await s.analyze(doc))?.diagnostics.length, 2);
    assert.deepEqual(runs, ['file:///a.entramap@1']);
    assert.equal(s.peek(doc.uri, 1), a);
    assert.deepEqual({ ...s.stats(), yields: 0 }, { started: 1, completed: 1, cancelled: 0, failed: 0, cacheHits: 2, yields: 0, offThread: 0, inFlight: 0, cached: 1 });
  });

  it('cancels the analysis of an older version when a newer one is requested', async () => {
    const { analyzer } = fakeAnalyzer({ slow: true });
    const s = service(analyzer);
    const doc = TextDocument.create('file:///a.entramap', 'entramap', 1, '!'.repeat(200));
    const first = s.analyze(doc);
    TextDocument.update(doc, [{ text: '!!' }], 2);
    const second = await s.analyze(doc);
    await assert.rejects(first, (e) => isCancelled(e));
    assert.equal(second?.version, 2);
    assert.equal(second?.diagnostics.length, 2);
    assert.equal(s.stats().cancelled, 1);
  });

  it('cancel() and reset() stop running work and drop the cache', async () => {
    const { analyzer, runs } = fakeAnalyzer({ slow: true });
    const s = service(analyzer);
    const doc = TextDocument.create('file:///a.entramap', 'entramap', 1, 'x'.repeat(100));
    const p = s.analyze(doc);
    s.cancel(doc.uri);
    await assert.rejects(p, CancelledError);
    const q = s.analyze(doc);
    s.reset();
    await assert.rejects(q, CancelledError);
    await s.analyze(TextDocument.create(doc.uri, 'entramap', 1, 'ok'));
    assert.equal(runs.length, 3);
    assert.equal(s.stats().inFlight, 0);
  });

  it('returns undefined for documents no analyser handles', async () => {
    const { analyzer, runs } = fakeAnalyzer();
    const s = service(analyzer);
    const json = TextDocument.create('file:///package.json', 'json', 1, '{"name": "x"}');
    assert.equal(await s.analyze(json), undefined);
    assert.equal(s.kindOf(json), undefined);
    const schema = TextDocument.create('file:///s.json', 'json', 1, '{"directories": []}');
    assert.equal(await s.analyze(schema), undefined); // recognised, but no graph-json analyser registered here
    assert.equal(s.kindOf(schema), 'graph-json');
    assert.deepEqual(runs, []);
  });

  it('logs a failing analyser and rejects, without retrying the same version', async () => {
    const { analyzer, runs } = fakeAnalyzer({ fail: true });
    const errors: string[] = [];
    const s = service(analyzer, errors);
    const doc = TextDocument.create('file:///a.entramap', 'entramap', 1, '!');
    await assert.rejects(s.analyze(doc), /boom/);
    await assert.rejects(s.analyze(doc), /boom/);
    assert.equal(runs.length, 1);
    assert.match(errors[0], /fake failed on file:\/\/\/a\.entramap@1: Error: boom/);
    assert.equal(s.stats().failed, 1);
  });

  it('refuses two analysers for one document kind', () => {
    assert.throws(() => new AnalyzerRegistry([fakeAnalyzer().analyzer, fakeAnalyzer().analyzer]), /two analysers for entramap/);
  });
});

describe('server features: capabilities', () => {
  it('merges contributions deeply and unions lists', () => {
    const merged = mergeCapabilities(
      mergeCapabilities(baseCapabilities(), { completionProvider: { triggerCharacters: ['[', '('] }, hoverProvider: true }),
      { completionProvider: { triggerCharacters: ['(', ','], resolveProvider: true }, executeCommandProvider: { commands: ['a'] } },
    );
    assert.deepEqual(merged.completionProvider, { triggerCharacters: ['[', '(', ','], resolveProvider: true });
    assert.equal(merged.hoverProvider, true);
    assert.deepEqual(merged.executeCommandProvider, { commands: ['a'] });
    assert.deepEqual(merged.textDocumentSync, baseCapabilities().textDocumentSync);
  });

  it('upgrades `true` to options, and rejects conflicting values', () => {
    const a = mergeCapabilities({ hoverProvider: true }, { hoverProvider: { workDoneProgress: true } });
    assert.deepEqual(a.hoverProvider, { workDoneProgress: true });
    assert.throws(
      () => mergeCapabilities(baseCapabilities(), { textDocumentSync: { change: 1 } }),
      /textDocumentSync\.change is declared twice/,
    );
  });
});

describe('server features: settings', () => {
  it('fills defaults and clamps or ignores bad values', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ diagnostics: { enable: false, delay: 99_999, maxProblems: 0 } }).diagnostics, {
      enable: false,
      delay: 10_000,
      maxProblems: 1,
    });
    assert.deepEqual(normalizeSettings({ diagnostics: { enable: 'no', delay: '5', maxProblems: 12.6 } }).diagnostics, {
      enable: true,
      delay: 50,
      maxProblems: 13,
    });
    assert.deepEqual(normalizeSettings([1, 2]), DEFAULT_SETTINGS);
  });

  it('knows which changes invalidate analyses', () => {
    const a = normalizeSettings({});
    assert.equal(affectsAnalysis(normalizeSettings({ diagnostics: { delay: 1 } }), a), false);
    assert.equal(affectsAnalysis(normalizeSettings({ diagnostics: { maxProblems: 3 } }), a), true);
  });
});

describe('server features: diagnostic conversion', () => {
  const doc = TextDocument.create('file:///a.entramap', 'entramap', 3, 'ab\r\n😀 Frob(x)');

  it('converts offsets with the document, and adds code, link and source', () => {
    const d = toDiagnostic(doc, {
      code: 'EPX101',
      severity: 'warning',
      message: 'm',
      start: 7,
      end: 11,
      data: { replacement: 'Trim' },
      related: [{ message: 'here', start: 0, end: 2 }],
    });
    assert.deepEqual(d.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 7 } });
    assert.equal(d.severity, 2);
    assert.equal(d.code, 'EPX101');
    assert.equal(d.source, 'entramap');
    assert.match(d.codeDescription!.href, /diagnostics\.md#epx101$/);
    assert.deepEqual(d.data, { replacement: 'Trim' });
    assert.deepEqual(d.relatedInformation?.[0].location.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
  });

  it('clamps inverted and out-of-range offsets', () => {
    const d = toDiagnostic(doc, { code: 'EPX001', severity: 'error', message: 'm', start: 500, end: 2 });
    assert.deepEqual(d.range.start, d.range.end);
  });

  it('caps the list keeping the most severe, then restores text order', () => {
    const mk = (start: number, severity: 'error' | 'warning' | 'hint') => ({ code: 'EPX001', severity, message: '', start, end: start });
    const { kept, dropped } = capDiagnostics([mk(5, 'hint'), mk(1, 'warning'), mk(9, 'error'), mk(3, 'error')], 3);
    assert.deepEqual(
      kept.map((d) => d.start),
      [1, 3, 9],
    );
    assert.equal(dropped, 1);
  });
});
