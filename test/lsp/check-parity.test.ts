// The editor reports exactly what `entramap check` reports: for every example workspace file and
// every checker fixture (both formats, a target schema file read relative to the document), the
// diagnostics the server publishes equal the CLI's (code, severity, range, message, quick-fix
// data, related information).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { checkText } from '../../server/src/cli/check';
import type { CheckDiagnostic } from '../../server/src/check/document';
import { isGraphSchemaJson } from '../../server/src/features/analysis/document-kind';
import { ROOT, withServer } from './support/server';

const SEVERITY: Record<CheckDiagnostic['severity'], number> = { error: 1, warning: 2, information: 3, hint: 4 };

function files(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(join(ROOT, 'examples'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, 'examples', dir.name))) if (f.endsWith('.entramap')) out.push(join(ROOT, 'examples', dir.name, f));
  }
  for (const dir of ['test/fixtures/check', 'test/lsp/fixtures', 'test/e2e/fixtures/ws']) {
    for (const f of readdirSync(join(ROOT, dir))) {
      const file = join(ROOT, dir, f);
      if (f.endsWith('.entramap') || (f.endsWith('.json') && isGraphSchemaJson(readFileSync(file, 'utf8')))) out.push(file);
    }
  }
  return out.sort();
}

const line = (d: { severity?: number; code?: unknown; range: Diagnostic['range']; message: string }) =>
  `${d.severity} ${d.code} [${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}] ${d.message}`;

function fromCli(d: CheckDiagnostic) {
  return {
    line: line({ ...d, severity: SEVERITY[d.severity] }),
    data: d.data,
    related: d.related?.map((r) => `${r.message} ${JSON.stringify(r.range)}`),
  };
}

function fromLsp(d: Diagnostic) {
  return {
    line: line(d),
    data: d.data as Record<string, unknown> | undefined,
    related: d.relatedInformation?.map((r) => `${r.message} ${JSON.stringify(r.location.range)}`),
  };
}

describe('lsp: the same diagnostics as entramap check', function () {
  this.timeout(60_000);
  const all = files();

  it(`covers the examples and checker fixtures (${all.length} files, both formats)`, () => {
    assert.ok(all.length >= 20, String(all.length));
    assert.ok(all.some((f) => f.endsWith('.json')));
    assert.ok(all.some((f) => readFileSync(f, 'utf8').match(/^app .* schema [\w-]+\.json/m)), 'a document names a schema file');
  });

  it('publishes exactly the CLI diagnostics for each file, with their quick-fix data', async () => {
    await withServer({}, async (s) => {
      let compared = 0;
      for (const file of all) {
        const text = readFileSync(file, 'utf8');
        const name = relative(ROOT, file);
        const expected = checkText(name, file, text).map(fromCli);
        const doc = await s.openDoc(pathToFileURL(file).href, text, file.endsWith('.json') ? 'json' : 'entramap');
        const { diagnostics } = await s.waitForDiagnostics(doc.uri, { timeoutMs: 20_000 });
        assert.deepEqual(diagnostics.map(fromLsp), expected, name);
        for (const d of diagnostics) assert.equal(d.source, 'entramap');
        compared += expected.length;
        await s.closeDoc(doc.uri);
      }
      assert.ok(compared >= 50, `${compared} diagnostics compared`);
      console.log(`      ${all.length} files, ${compared} diagnostics identical`);
    });
  });
});
