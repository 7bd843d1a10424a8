// checkDocument: one entry point for .entramap and Graph JSON, every diagnostic with a file range,
// positions through JSON escapes, quick-fix data on syntax errors, and no crash on any input.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, checkDocumentOffsets, CheckDiagnostic } from '../../server/src/check/document';
import { codeInfo } from '../../server/src/diagnostics/codes';
import { LineIndex } from '../../server/src/model/positions';
import { rng } from '../support/random';

const ROOT = join(__dirname, '..', 'fixtures');

function textAt(text: string, d: CheckDiagnostic): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end));
}

const USERS_JSON = (attributeMappings: unknown[]) =>
  JSON.stringify(
    {
      synchronizationRules: [
        { name: 'R', objectMappings: [{ name: 'Users', sourceObjectName: 'User', targetObjectName: 'User', flowTypes: 'Add, Update', attributeMappings }] },
      ],
    },
    null,
    2,
  );

const attr = (target: string, expression: string, extra: Record<string, unknown> = {}) => ({
  targetAttributeName: target,
  source: { expression, name: 'x', type: 'Function', parameters: [] },
  ...extra,
});

const BASE = [
  { targetAttributeName: 'userName', matchingPriority: 1, source: { expression: '[userPrincipalName]', name: 'userPrincipalName', type: 'Attribute', parameters: [] } },
  attr('active', 'Not([IsSoftDeleted])', { source: { expression: 'Not([IsSoftDeleted])', name: 'Not', type: 'Function', parameters: [] } }),
];

function assertWellFormed(text: string, ds: CheckDiagnostic[], label: string): void {
  const lines = new LineIndex(text);
  let previous = -1;
  for (const d of ds) {
    assert.ok(codeInfo(d.code), `${label}: ${d.code} is not in the codes table`);
    assert.notEqual(d.code, 'EMP099', `${label}: internal error: ${d.message}`);
    assert.ok(d.message.length > 10, `${label}: ${d.code} has no message`);
    const start = lines.offsetAt(d.range.start);
    const end = lines.offsetAt(d.range.end);
    assert.ok(d.range.start.line < lines.lineCount && d.range.end.line < lines.lineCount, `${label}: ${d.code} beyond the last line`);
    assert.ok(start <= end, `${label}: ${d.code} ends before it starts`);
    assert.ok(start >= previous, `${label}: diagnostics are not in document order`);
    previous = start;
  }
}

describe('checkDocument', () => {
  it('checks both formats and returns the model', () => {
    const e = checkDocument('app "X" template scim\n', 'entramap');
    assert.equal(e.kind, 'entramap');
    assert.equal(e.model.app?.template, 'scim');
    const j = checkDocument(USERS_JSON(BASE), 'graph-json');
    assert.equal(j.kind, 'graph-json');
    assert.equal(j.model.rules[0].objectMappings[0].attributeMappings.length, 2);
    assert.deepEqual(j.diagnostics, []);
  });

  it('reports syntax errors of either format as diagnostics with ranges', () => {
    const text = 'mapping "M" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  title <- \n';
    const ds = checkDocument(text, 'entramap').diagnostics;
    assert.deepEqual(
      ds.map((d) => d.code),
      ['EMF005', 'EMF008'],
    );
    assert.deepEqual(ds[0].range.start, { line: 0, character: 0 });
    const json = checkDocument('{ "synchronizationRules": [ }', 'graph-json').diagnostics;
    assert.ok(json.some((d) => d.code === 'EGJ001'));
    assert.ok(json.every((d) => d.severity === 'error'));
  });

  it('adds quick-fix data to expression syntax errors, encoded for the format', () => {
    const e = checkDocument('mapping "M" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  title <- Join(" ", “x”)\n}\n', 'entramap').diagnostics;
    const quote = e.filter((d) => d.code === 'EPX001');
    assert.equal(quote.length, 2);
    assert.equal(quote[0].data?.replacement, '"');
    // In JSON the replacement is written inside a JSON string: the quote is escaped.
    const j = checkDocument(USERS_JSON([...BASE, attr('title', 'Join(" ", “x”)')]), 'graph-json').diagnostics;
    const jq = j.filter((d) => d.code === 'EPX001');
    assert.equal(jq.length, 2);
    assert.equal(jq[0].data?.replacement, '\\"');
  });

  it('maps expression diagnostics to the file through JSON string escapes', () => {
    // \u00e9 and \" before the problem: decoded offsets differ from file offsets.
    const text = USERS_JSON([...BASE, attr('title', 'Join("\u00e9\\"", [jobTitel], Guid())')]).replace('\u00e9', '\\u00e9');
    const ds = checkDocument(text, 'graph-json').diagnostics;
    const unknown = ds.find((d) => d.code === 'EMP001')!;
    assert.equal(textAt(text, unknown), 'jobTitel');
    assert.deepEqual(unknown.data?.suggestions, ['jobTitle']);
    const guid = ds.find((d) => d.code === 'EPX128')!;
    assert.equal(textAt(text, guid), 'Guid');
  });

  it('maps expression diagnostics on multi-line .entramap expressions', () => {
    const text = 'mapping "M" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  displayName <- Join(" ",\n      [givenName],\n      [surnme])\n}\n';
    const d = checkDocument(text, 'entramap').diagnostics;
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].range, { start: { line: 8, character: 7 }, end: { line: 8, character: 13 } });
  });

  it('counts positions in UTF-16 code units and handles CRLF line ends', () => {
    const text = '# ünïcödé 😀\r\nmapping "M" {\r\n  source User\r\n  target User\r\n  actions update\r\n  userName <- [userPrincipalName] match 1\r\n  active <- Not([IsSoftDeleted])\r\n  title <- Join("😀", [jobTitel])\r\n}\r\n';
    const d = checkDocument(text, 'entramap').diagnostics;
    assert.equal(d.length, 1);
    // "  title <- Join(" is 16 characters, the emoji 2 code units, then `", [` 4.
    assert.deepEqual(d[0].range.start, { line: 7, character: 23 });
    assert.equal(textAt(text, d[0]), 'jobTitel');
  });

  it('returns offsets from checkDocumentOffsets that agree with the ranges', () => {
    const text = readFileSync(join(ROOT, 'check', 'matching.entramap'), 'utf8');
    const byOffset = checkDocumentOffsets(text, 'entramap').findings;
    const byRange = checkDocument(text, 'entramap').diagnostics;
    assert.equal(byOffset.length, byRange.length);
    const lines = new LineIndex(text);
    byOffset.forEach((f, i) => {
      assert.equal(f.code, byRange[i].code);
      assert.equal(lines.offsetAt(byRange[i].range.start), f.start);
      assert.equal(lines.offsetAt(byRange[i].range.end), f.end);
    });
  });

  it('accepts empty and blank documents', () => {
    assert.deepEqual(checkDocument('', 'entramap').diagnostics, []);
    assert.deepEqual(checkDocument('\n\n   \n', 'entramap').diagnostics, []);
    const j = checkDocument('', 'graph-json').diagnostics;
    assert.equal(j.length, 1);
    assert.equal(j[0].code, 'EGJ001');
  });

  it('turns a failing callback into one diagnostic instead of a crash', () => {
    const text = 'app "X" schema "contoso.json"\n';
    const ds = checkDocument(text, 'entramap', {
      resolveTargetSchema: () => {
        throw new Error('disk on fire');
      },
    }).diagnostics;
    assert.deepEqual(ds.map((d) => d.code), ['EMP099']);
    assert.match(ds[0].message, /disk on fire/);
  });

  describe('robustness', () => {
    const files: Array<{ name: string; text: string; kind: 'entramap' | 'graph-json' }> = [];
    for (const dir of ['check', 'entramap', join('entramap', 'converted'), 'graph']) {
      for (const f of readdirSync(join(ROOT, dir))) {
        if (!f.endsWith('.entramap') && !f.endsWith('.json')) continue;
        files.push({ name: join(dir, f), text: readFileSync(join(ROOT, dir, f), 'utf8'), kind: f.endsWith('.json') ? 'graph-json' : 'entramap' });
      }
    }

    it('checks every fixture with well-formed diagnostics', function () {
      this.timeout(60000);
      assert.ok(files.length >= 20);
      for (const f of files) assertWellFormed(f.text, checkDocument(f.text, f.kind).diagnostics, f.name);
    });

    it('never throws on mutated documents (deletions, insertions, truncation)', function () {
      this.timeout(60000);
      const next = rng(0xc0ffee);
      const pieces = ['{', '}', '[', ']', '"', '\\', '<-', ' match ', ' default ', '\n', '(', ')', ',', '#', '@graph {', '@raw ', 'scope {', 'filter "x" {', 'extension_', 'urn:', ':', '.', '\u201c', '😀', '\r\n', 'null', '0', '-1'];
      let checked = 0;
      for (const f of files) {
        for (let k = 0; k < 5; k++) {
          let t = f.text;
          const edits = 1 + Math.floor(next() * 6);
          for (let e = 0; e < edits; e++) {
            const at = Math.floor(next() * (t.length + 1));
            const r = next();
            if (r < 0.4) t = t.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + t.slice(at);
            else if (r < 0.8) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(next() * 20));
            else t = t.slice(0, at);
          }
          const label = `${f.name} mutation ${k}`;
          let ds: CheckDiagnostic[] = [];
          assert.doesNotThrow(() => {
            ds = checkDocument(t, f.kind).diagnostics;
          }, label);
          assertWellFormed(t, ds, label);
          // The other format's reader must cope with it too.
          assertWellFormed(t, checkDocument(t, f.kind === 'entramap' ? 'graph-json' : 'entramap').diagnostics, `${label} (other kind)`);
          checked++;
        }
      }
      assert.ok(checked > 100);
    });

    it('copes with JSON of unexpected shapes at every level', () => {
      const shapes = [
        '[]',
        '42',
        '{"synchronizationRules": {}}',
        '{"synchronizationRules": [{"objectMappings": [{"attributeMappings": {}}]}]}',
        '{"synchronizationRules": [{"objectMappings": [{"sourceObjectName": 1, "targetObjectName": [], "attributeMappings": [{"targetAttributeName": 5, "source": {"type": "Attribute"}}]}]}]}',
        '{"synchronizationRules": [{"objectMappings": [{"sourceObjectName": "User", "targetObjectName": "User", "scope": {"groups": [{"clauses": [{"sourceOperandName": "x"}]}]}, "attributeMappings": []}]}]}',
        '{"directories": [{"name": "customappsso", "objects": [{"name": "User", "attributes": [{"name": 3}, null, {"type": "Reference"}]}]}], "synchronizationRules": [{"targetDirectoryName": "customappsso", "objectMappings": [{"sourceObjectName": "User", "targetObjectName": "User", "attributeMappings": [{"targetAttributeName": "x", "source": null, "matchingPriority": 1}]}]}]}',
        '{"@entramap.app": {"template": 7, "targetSchema": {}}, "synchronizationRules": []}',
      ];
      for (const s of shapes) assertWellFormed(s, checkDocument(s, 'graph-json').diagnostics, s);
    });
  });
});
