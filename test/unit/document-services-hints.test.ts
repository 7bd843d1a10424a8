import assert from 'node:assert/strict';
import type { InlayHint, Range } from 'vscode-languageserver/node';
import { evaluateMapping, inlayHints, parseDocument, ParsedDocument } from '../../server/src/features/document';
import type { DocumentInlayHintOptions } from '../../server/src/features/document';
import { ADELE, fixture, mappingDoc } from '../fixtures/document-services/support';

const NOW = new Date('2025-01-31T12:00:00Z');

function all(doc: ParsedDocument): Range {
  return { start: { line: 0, character: 0 }, end: doc.lines.positionAt(doc.text.length) };
}

/** `line:character label` per hint. */
function hints(doc: ParsedDocument, options: DocumentInlayHintOptions, range = all(doc)): string[] {
  return inlayHints(doc, range, options).map((h: InlayHint) => `${h.position.line}:${h.position.character} ${h.label as string}`);
}

describe('document services: inline evaluation', () => {
  const text = fixture('contoso.entramap');
  const doc = parseDocument(text, 'entramap');

  it('shows what every mapping produces and whether the sample is in scope', () => {
    assert.deepEqual(hints(doc, { sampleUser: ADELE, now: NOW, parameterNames: false }), [
      '8:9 ✓ in scope',
      '10:26 ✗ no match (department EQUALS "Engineering" is false)',
      '11:37 ✗ (is "Retail")',
      '12:28 ✓',
      '14:30 ✓ matches',
      '15:30 ✓',
      '16:33 ✓',
      '20:53 → "adele.vance@contoso.com"',
      '21:71 → "True"',
      '24:16 → "Adele Vance"',
      '25:49 → "adele.vance@contoso.com"',
      '26:31 → "Adele"',
      '27:48 → "Vance"',
      '28:47 → "Retail Manager"',
      '29:30 → "en-US"',
      '30:79 → "adele.vance"',
      '31:112 → "Retail"',
      '32:81 → "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"',
      '33:36 → [Redact]',
      '34:32 → "en-US" (default)',
    ]);
  });

  it('places the hint after the line, behind a trailing comment and a multi-line expression', () => {
    const lines = text.split('\n');
    assert.equal(lines[20].length, 53, 'userName line ends with its comment');
    assert.equal(lines[24].length, 16, 'the last line of displayName');
  });

  it('says why the sample is out of scope', () => {
    const sales = { ...ADELE, department: 'Sales', jobTitle: 'Clerk' };
    assert.deepEqual(hints(doc, { sampleUser: sales, now: NOW, parameterNames: false, values: true }).slice(0, 2), [
      '8:9 ✗ out of scope (none of the 2 filters matches)',
      '10:26 ✗ no match (department EQUALS "Engineering" is false)',
    ]);
    const one = parseDocument(mappingDoc('  scope {\n    filter "S" {\n      department EQUALS "Sales"\n    }\n  }'), 'entramap');
    assert.deepEqual(hints(one, { sampleUser: ADELE, clauses: false }), ['7:9 ✗ out of scope (department EQUALS "Sales" is false)', '8:16 ✗ no match (department EQUALS "Sales" is false)']);
  });

  it('shows no flow, errors, defaults and defaulted nulls', () => {
    const d = parseDocument(
      mappingDoc(
        [
          '  a <- IgnoreFlowIfNullOrEmpty([employeeId])',
          '  b <- Left([displayName], [jobTitle])',
          '  c <- [employeeId] default "none given"',
          '  d <- [employeeId]',
          '  e <- Split("a,b", ",")',
        ].join('\n'),
      ),
      'entramap',
    );
    assert.deepEqual(hints(d, { sampleUser: ADELE, parameterNames: false }), [
      '7:44 → (no flow)',
      '8:38 → error: Left\'s NumChars (2nd argument) must be a whole number, but is "Retail Manager".',
      '9:40 → "none given" (default)',
      '10:19 → (no value)',
      '11:24 → ["a", "b"]',
    ]);
  });

  it('shows Boolean results as true/false and the text of Not and Switch quoted', () => {
    const d = parseDocument(
      mappingDoc(
        [
          '  a <- IsNull([employeeId])',
          '  b <- CBool([department] = "Retail")',
          '  c <- [IsSoftDeleted]',
          '  d <- Not([IsSoftDeleted])',
          '  e <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
        ].join('\n'),
      ),
      'entramap',
    );
    assert.deepEqual(hints(d, { sampleUser: ADELE, parameterNames: false }).map((h) => h.replace(/^\S+ /, '')), [
      '→ true',
      '→ true',
      '→ false',
      '→ "True"',
      '→ "True"',
    ]);
    const a = d.model.rules[0].objectMappings[0].attributeMappings.find((m) => m.targetAttributeName === 'a')!;
    assert.deepEqual(evaluateMapping(d, a, { sampleUser: ADELE }), { kind: 'value', value: true });
  });

  it('adds the parameter names of positional constants', () => {
    const line21 = hints(doc, { sampleUser: ADELE, now: NOW }).filter((h) => h.startsWith('21:'));
    assert.deepEqual(line21, ['21:38 key1:', '21:47 value1:', '21:55 key2:', '21:63 value2:', '21:71 → "True"']);
    assert.deepEqual(hints(doc, {}).slice(0, 2), ['21:38 key1:', '21:47 value1:'], 'no sample: parameter names only');
  });

  it('evaluates only the requested range', () => {
    const range = { start: { line: 26, character: 0 }, end: { line: 27, character: 60 } };
    assert.deepEqual(hints(doc, { sampleUser: ADELE, parameterNames: false }, range), ['26:31 → "Adele"', '27:48 → "Vance"']);
  });

  it('has nothing to show without a sample', () => {
    assert.deepEqual(hints(doc, { parameterNames: false }), []);
  });

  it('evaluates mappings for hover and the CLI alike', () => {
    const m = doc.model.rules[0].objectMappings[0].attributeMappings.find((a) => a.targetAttributeName === 'title')!;
    assert.deepEqual(evaluateMapping(doc, m, { sampleUser: {} }), { kind: 'value', value: 'Staff', defaulted: true });
    assert.equal(evaluateMapping(doc, m, {}), undefined);
  });

  it('shows the value beside each expression of Graph JSON', () => {
    const json = fixture('contoso.schema.json');
    const j = parseDocument(json, 'graph-json');
    const user = { department: 'Sales', mail: 'a@b.c', userPrincipalName: 'a@b.c' };
    const lines = json.split('\n');
    const got = hints(j, { sampleUser: user, parameterNames: false });
    assert.deepEqual(
      got.map((h) => h.replace(/^(\d+):\d+/, (_m, l) => `${lines[Number(l)].trim().slice(0, 26)}`)),
      [
        '"scope": { ✓ in scope',
        '"name": "Sales", ✓ matches',
        '{ "sourceOperandName": "de ✓',
        '{ "targetAttributeName": " → "a@b.c"',
        '{ "targetAttributeName": " → "a@b.c@x"',
        '{ "targetAttributeName": " → (no value)',
      ],
    );
  });
});
