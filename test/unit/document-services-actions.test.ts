import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { codeActions, FORMAT_DOCUMENT_KIND, parseDocument } from '../../server/src/features/document';
import { checkDocument, checkDocumentOffsets } from '../../server/src/check/document';
import type { DocumentKind } from '../../server/src/model/types';
import { LineIndex } from '../../server/src/model/positions';
import { applyTextEdits } from '../fixtures/document-services/support';

const URI = 'file:///w/users.entramap';

/** The checker's diagnostics as the server publishes them (LSP ranges, `data` passed through). */
function diagnosticsOf(text: string, kind: DocumentKind): Diagnostic[] {
  return checkDocument(text, kind).diagnostics.map((d) => ({ range: d.range, code: d.code, message: d.message, severity: 1, source: 'entramap', data: d.data }));
}

/** The code actions for the diagnostics with `code`. */
function actionsFor(text: string, code: string, kind: DocumentKind = 'entramap', nth = 0): { actions: CodeAction[]; text: string } {
  const d = diagnosticsOf(text, kind).filter((x) => x.code === code)[nth];
  assert.ok(d, `no ${code} in ${JSON.stringify(diagnosticsOf(text, kind).map((x) => x.code))}`);
  return { actions: codeActions(parseDocument(text, kind), d.range, { diagnostics: [d] }, { uri: URI }), text };
}

/** `title` → the document after applying the action with that title. */
function apply(text: string, code: string, title?: string, kind: DocumentKind = 'entramap', nth = 0): string {
  const { actions } = actionsFor(text, code, kind, nth);
  const a = title === undefined ? actions.find((x) => x.isPreferred) : actions.find((x) => x.title === title);
  assert.ok(a, `no action "${title ?? 'preferred'}" among ${JSON.stringify(actions.map((x) => x.title))}`);
  assert.equal(a.kind, 'quickfix');
  return applyTextEdits(text, a.edit!.changes![URI]);
}

const mapping = (body: string, header = 'app "P" template personify\n\n') =>
  `${header}mapping "m" {\n  source User\n  target User\n  actions create update\n\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  emails[type eq "work"].value <- [mail]\n  name.givenName <- [givenName]\n  name.familyName <- [surname]\n${body}\n}\n`;

describe('document services: code actions', () => {
  describe('from the checker', () => {
    it('fixes a misspelt source attribute', () => {
      const out = apply(mapping('  title <- [jobTitel]'), 'EMP001', "Change to 'jobTitle'");
      assert.match(out, /\n {2}title <- \[jobTitle\]\n/);
    });

    it('fixes a misspelt target attribute', () => {
      const { actions } = actionsFor(mapping('  titel <- [jobTitle]'), 'EMP010');
      assert.equal(actions[0].title, "Change to 'title'");
      assert.match(apply(mapping('  titel <- [jobTitle]'), 'EMP010'), /\n {2}title <- \[jobTitle\]\n/);
      assert.match(apply(mapping('  name.givenNme <- [givenName]'), 'EMP010'), /\n {2}name\.givenName <- \[givenName\]\n/);
    });

    it('fixes the casing of a source attribute', () => {
      assert.match(apply(mapping('  title <- [JobTitle]'), 'EMP002'), /\n {2}title <- \[jobTitle\]\n/);
    });

    it('adds a missing required mapping with its usual source', () => {
      const text = mapping('').replace('  name.familyName <- [surname]\n', '');
      const { actions } = actionsFor(text, 'EMP021');
      assert.deepEqual(actions.map((a) => a.title), ["Add 'name.familyName <- [surname]'"]);
      assert.match(apply(text, 'EMP021'), /\n {2}name\.givenName <- \[givenName\]\n\n {2}name\.familyName <- \[surname\]\n\}\n$|name\.familyName <- \[surname\]\n\}/);
      const again = diagnosticsOf(apply(text, 'EMP021'), 'entramap').map((d) => d.code);
      assert.ok(!again.includes('EMP021'));
    });

    it('removes a duplicate mapping', () => {
      const text = mapping('  title <- [jobTitle]\n  title <- [department]  # again');
      const out = apply(text, 'EMP020', 'Remove this mapping of title');
      assert.ok(out.includes('  title <- [jobTitle]\n}'));
      assert.ok(!out.includes('again'));
    });

    it('fixes the matching precedence', () => {
      const out = apply(mapping('  externalId <- [mailNickname] match 1'), 'EMP023');
      assert.match(out, /externalId <- \[mailNickname\] match 2\n/);
    });

    it('makes an attribute the matching one', () => {
      const text = mapping('').replace(' match 1', '');
      assert.match(apply(text, 'EMP022', 'Make userName the matching attribute (match 1)'), /userName <- \[userPrincipalName\] match 1\n/);
    });

    it('keeps only the actions the app supports', () => {
      const text = mapping('', 'app "P" template mypolicies\n\n').replace('actions create update', 'actions create update delete');
      const { actions } = actionsFor(text, 'EMP034');
      assert.deepEqual(actions.map((a) => a.title), ['Keep only the supported actions: actions create update']);
    });

    it('fixes scoping operators and attributes', () => {
      const scoped = (clause: string) => mapping(`  scope {\n    filter "f" {\n      ${clause}\n    }\n  }`);
      assert.match(apply(scoped('department equals "x"'), 'ESF001'), /department EQUALS "x"/);
      assert.match(apply(scoped('departmnt EQUALS "x"'), 'ESF011'), /department EQUALS "x"/);
    });

    it('disables a group mapping the app cannot take', () => {
      const text = 'app "P" template personify\n\nmapping "g" {\n  source Group\n  target Group\n  actions update\n\n  displayName <- [displayName] match 1\n}\n';
      assert.equal(apply(text, 'EMP032'), text.replace('  target Group\n', '  target Group\n  enabled false\n'));
    });

    it('accepts checker data with offsets as well as ranges', () => {
      const text = mapping('  title <- [jobTitel]');
      const f = checkDocumentOffsets(text, 'entramap').findings.find((x) => x.code === 'EMP001')!;
      const lines = new LineIndex(text);
      const d: Diagnostic = { range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) }, code: f.code, message: f.message, data: f.data };
      const [a] = codeActions(parseDocument(text, 'entramap'), d.range, { diagnostics: [d] }, { uri: URI });
      assert.equal(a.title, "Change to 'jobTitle'");
    });
  });

  describe('expressions', () => {
    it('maps the expression services fixes to the line', () => {
      assert.match(apply(mapping('  title <- ToLowr([jobTitle])'), 'EPX101'), /title <- ToLower\(\[jobTitle\]\)\n/);
      assert.match(apply(mapping('  title <- Join(",", [jobTitle]'), 'EPX004'), /title <- Join\(",", \[jobTitle\]\)\n/);
    });

    it("applies SelectUniqueValue on create only, and drops its matching precedence", () => {
      const text = mapping('  externalId <- SelectUniqueValue([mailNickname], [mail]) match 2');
      assert.match(apply(text, 'EPX129'), /externalId <- SelectUniqueValue\(\[mailNickname\], \[mail\]\) on create match 2\n/);
      assert.match(apply(text, 'EPX130', 'Remove the matching precedence'), /externalId <- SelectUniqueValue\(\[mailNickname\], \[mail\]\)\n/);
      const applied = mapping('  externalId <- SelectUniqueValue([mailNickname], [mail]) apply ValueAddOnly');
      assert.match(apply(applied, 'EPX129'), /externalId <- SelectUniqueValue\(\[mailNickname\], \[mail\]\) on create\n/);
    });

    it('escapes fixes inside Graph JSON strings', () => {
      const json = `{"synchronizationRules": [{"objectMappings": [{"name": "m", "sourceObjectName": "User", "targetObjectName": "User", "attributeMappings": [
  {"targetAttributeName": "userName", "matchingPriority": 1, "source": {"expression": "[userPrincipalName]", "name": "userPrincipalName", "type": "Attribute"}},
  {"targetAttributeName": "displayName", "source": {"expression": "ToLowr(Join(\\" \\", [givenName], [surnme]))", "name": "ToLowr", "type": "Function"}}
]}]}]}`;
      const fixed = apply(json, 'EPX101', "Change to 'ToLower'", 'graph-json');
      assert.ok(fixed.includes('"expression": "ToLower(Join(\\" \\", [givenName], [surnme]))"'));
      const attr = apply(json, 'EMP001', "Change to 'surname'", 'graph-json');
      assert.ok(attr.includes('[givenName], [surname]'));
      const flow = apply(json.replace('[userPrincipalName]', 'SelectUniqueValue([mail])').replace('"name": "userPrincipalName", "type": "Attribute"', '"name": "SelectUniqueValue", "type": "Function"'), 'EPX129', undefined, 'graph-json');
      assert.ok(flow.includes('"type": "Function"}, "flowType": "ObjectAddOnly"}'));
    });
  });

  describe('syntax', () => {
    it('closes strings and blocks', () => {
      assert.equal(apply('mapping "m {\n  source User\n}\n', 'EMF002'), 'mapping "m" {\n  source User\n}\n');
      assert.equal(apply('mapping "m" {\n  source User\n  target User\n', 'EMF005'), 'mapping "m" {\n  source User\n  target User\n}\n');
      assert.equal(apply('mapping "m" {\n  scope {\n    filter "f" {\n      a IS TRUE\n  }\n}\n', 'EMF005'), 'mapping "m" {\n  scope {\n    filter "f" {\n      a IS TRUE\n  }\n}\n}\n');
    });

    it('removes duplicates, stray braces and repeated options', () => {
      assert.equal(apply('app "A"\napp "B"\n', 'EMF018'), 'app "A"\n');
      assert.equal(apply('mapping "m" {\n  source User\n  source Group\n}\n', 'EMF007'), 'mapping "m" {\n  source User\n}\n');
      assert.equal(apply('}\nmapping "m" {\n}\n', 'EMF006'), 'mapping "m" {\n}\n');
      assert.equal(apply('mapping "m" {\n  a <- [a] default "x" default "y"\n}\n', 'EMF020'), 'mapping "m" {\n  a <- [a] default "x"\n}\n');
    });

    it('suggests actions and values', () => {
      assert.equal(apply('mapping "m" {\n  actions creat update\n}\n', 'EMF016'), 'mapping "m" {\n  actions create update\n}\n');
      assert.equal(apply('mapping "m" {\n  enabled no\n}\n', 'EMF015'), 'mapping "m" {\n  enabled false\n}\n');
      assert.equal(apply('mapping "m" {\n  a <- [a] on creation\n}\n', 'EMF015'), 'mapping "m" {\n  a <- [a] on create\n}\n');
    });
  });

  describe('source actions', () => {
    const text = 'mapping "m" {\n source User\n target User\n}\n';
    const doc = parseDocument(text, 'entramap');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

    it('offers Format document when asked for source actions', () => {
      const [a] = codeActions(doc, range, { diagnostics: [], only: ['source'] }, { uri: URI });
      assert.equal(a.title, 'Format document');
      assert.equal(a.kind, FORMAT_DOCUMENT_KIND);
      assert.equal(applyTextEdits(text, a.edit!.changes![URI]), 'mapping "m" {\n  source User\n  target User\n  actions create update delete\n}\n');
    });

    it('offers quick fixes only when asked for them', () => {
      assert.deepEqual(codeActions(doc, range, { diagnostics: [], only: ['quickfix'] }, { uri: URI }), []);
      assert.deepEqual(codeActions(doc, range, { diagnostics: [] }, { uri: URI }), []);
    });
  });
});
