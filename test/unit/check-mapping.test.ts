// The mapping checks (EMP0xx) on the fixtures of test/fixtures/check/: each fixture lists exactly
// the diagnostics it must produce (line:column, code, and the text under the range), and the
// tests below look at messages and quick-fix data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, CheckDiagnostic, CheckDocumentOptions } from '../../server/src/check/document';
import { SuggestionIndex } from '../../server/src/check/source-context';
import { readScimSchemaFile } from '../../server/src/check/target-schema-file';
import { LineIndex } from '../../server/src/model/positions';

const FIXTURES = join(__dirname, '..', 'fixtures', 'check');

interface Seen extends CheckDiagnostic {
  /** The document text under the range. */
  text: string;
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Loads `app ... schema FILE` from the fixtures directory, as the CLI does next to the file. */
const fromFixtures: CheckDocumentOptions = {
  resolveTargetSchema: (ref) => {
    try {
      return readScimSchemaFile(fixture(ref));
    } catch {
      return undefined;
    }
  },
};

function check(name: string, options: CheckDocumentOptions = fromFixtures): Seen[] {
  const text = fixture(name);
  const lines = new LineIndex(text);
  const { diagnostics } = checkDocument(text, name.endsWith('.json') ? 'graph-json' : 'entramap', options);
  return diagnostics.map((d) => ({ ...d, text: text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)) }));
}

/** `line:column CODE text` with 1-based positions, as an editor shows them. */
function summary(ds: Seen[]): string[] {
  return ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.text}`);
}

function only(ds: Seen[], code: string): Seen[] {
  return ds.filter((d) => d.code === code);
}

function one(ds: Seen[], code: string, text?: string): Seen {
  const hits = ds.filter((d) => d.code === code && (text === undefined || d.text === text));
  assert.equal(hits.length, 1, `expected one ${code}${text ? ` on "${text}"` : ''}, got ${hits.length}: ${summary(ds).join(' | ')}`);
  return hits[0];
}

/** Applies a diagnostic's `data.edits` to a text (positions are LSP line/character). */
function applyEdits(text: string, edits: { range: CheckDiagnostic['range']; newText: string }[]): string {
  const lines = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function codes(text: string, kind: 'entramap' | 'graph-json' = text.trimStart().startsWith('{') ? 'graph-json' : 'entramap'): string[] {
  return checkDocument(text, kind).diagnostics.map((d) => d.code);
}

describe('mapping checks (EMP)', () => {
  it('a complete mapping checks clean', () => {
    assert.deepEqual(summary(check('clean.entramap')), []);
  });

  describe('source attributes', () => {
    const ds = check('source-attributes.entramap');

    it('reports exactly the unknown, miscased, malformed and non-default names', () => {
      assert.deepEqual(summary(ds), [
        '9:42 EMP001 surnme',
        '10:13 EMP002 JobTitle',
        '11:26 EMP003 9D98A0C4B1B84D2A8F3B6A7E2C1D0F55',
        '12:24 EMP003 9d98a0c4-b1b8-4d2a-8f3b-6a7e2c1d0f55',
        '13:16 EMP005 userType',
        '15:16 EMP001 xyzzy',
      ]);
    });

    it('suggests the closest name (did you mean) with a replacement for the name', () => {
      const d = one(ds, 'EMP001', 'surnme');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /\[surnme\].*did you mean \[surname\]\?/);
      assert.deepEqual(d.data?.suggestions, ['surname']);
      assert.equal(d.data?.replacement, 'surname');
      const none = one(ds, 'EMP001', 'xyzzy');
      assert.equal(none.data?.suggestions, undefined);
      assert.match(none.message, /Check the name/);
    });

    it('gives the right casing for a miscased name', () => {
      const d = one(ds, 'EMP002');
      assert.equal(d.data?.replacement, 'jobTitle');
      assert.match(d.message, /write \[jobTitle\], not \[JobTitle\]/);
    });

    it('checks directory extension names: capitals are a warning, hyphens an error, each with the corrected app id', () => {
      const caps = one(ds, 'EMP003', '9D98A0C4B1B84D2A8F3B6A7E2C1D0F55');
      assert.equal(caps.severity, 'warning');
      assert.equal(caps.data?.replacement, '9d98a0c4b1b84d2a8f3b6a7e2c1d0f55');
      const hyphens = one(ds, 'EMP003', '9d98a0c4-b1b8-4d2a-8f3b-6a7e2c1d0f55');
      assert.equal(hyphens.severity, 'error');
      assert.equal(hyphens.data?.replacement, '9d98a0c4b1b84d2a8f3b6a7e2c1d0f55');
    });

    it('accepts a well-formed directory extension and every catalogue attribute', () => {
      assert.equal(ds.some((d) => d.text.includes('_language')), false);
      assert.deepEqual(codes('mapping "M" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  title <- Join(" ", [employeeOrgData.division], [originalUserPrincipalName])\n}\n'), []);
    });

    it('checks group sources against the group catalogue', () => {
      const text = 'mapping "G" {\n  source Group\n  target Group\n  actions create update\n  displayName <- [displayName] match 1\n  externalId <- [mail]\n}\n';
      const d = checkDocument(text, 'entramap').diagnostics;
      assert.deepEqual(
        d.map((x) => x.code),
        ['EMP001'],
      );
      assert.match(d[0].message, /not an attribute of an Entra ID group/);
    });

    it('does not guess about sources that are not Entra ID and have no definition', () => {
      const text = 'rule "R" {\n  source Workday\n  target customappsso\n  mapping "M" {\n    source Worker\n    target User\n    actions create update\n    userName <- [WorkerID] match 1\n  }\n}\n';
      assert.deepEqual(codes(text), []);
    });
  });

  describe('the document\'s source directory', () => {
    const ds = check('source-directory.json');

    it('is authoritative: names it lacks are errors, names only it has are fine', () => {
      assert.deepEqual(summary(ds), ['55:93 EMP004 mial', '56:80 EMP004 givenName', '57:132 EMP006 extension_9d98a0c4b1b84d2a8f3b6a7e2c1d0f55_skills']);
      assert.equal(ds.some((d) => d.text === 'employeeBadge'), false);
    });

    it('positions names inside escaped JSON strings exactly', () => {
      const d = one(ds, 'EMP004', 'mial');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.data?.suggestions, ['mail']);
    });

    it('tells when an Entra ID attribute is missing from the source schema', () => {
      assert.match(one(ds, 'EMP004', 'givenName').message, /source directory does not list it: add it to the source attribute list/);
    });

    it('rejects multi-valued directory extensions', () => {
      assert.match(one(ds, 'EMP006').message, /multi-valued directory extension/);
    });
  });

  describe('target attributes (SCIM catalogue)', () => {
    const ds = check('targets-scim.entramap');

    it('reports exactly the unknown, malformed and questionable paths', () => {
      assert.deepEqual(summary(ds), [
        '9:26 EMP010 vaule',
        '10:3 EMP012 displayname',
        '11:9 EMP011  ',
        '12:58 EMP011 .',
        '13:3 EMP013 name',
        '14:60 EMP014 badge',
        '15:18 EMP015 "personal"',
        '16:3 EMP016 urn:ietf:params:scim:schemas:core:2.0:User:',
        '17:3 EMP017 id',
        '18:3 EMP010 costCenter',
      ]);
    });

    it('suggests sub-attribute names for the misspelt part', () => {
      const d = one(ds, 'EMP010', 'vaule');
      assert.deepEqual(d.data?.suggestions, ['value']);
      assert.equal(d.data?.replacement, 'value');
      assert.equal(d.severity, 'error');
    });

    it('points an attribute of an extension schema to its full path', () => {
      const d = one(ds, 'EMP010', 'costCenter');
      assert.equal(d.data?.replacement, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter');
    });

    it('fixes the legacy "." separator with ":"', () => {
      const d = one(ds, 'EMP011', '.');
      assert.equal(d.data?.replacement, ':');
      assert.match(d.message, /separated from their schema by ":"/);
    });

    it('removes blanks around a quoted path', () => {
      assert.equal(one(ds, 'EMP011', ' ').data?.replacement, '');
    });

    it('carries the schema casing and the canonical spelling', () => {
      assert.equal(one(ds, 'EMP012').data?.replacement, 'displayName');
      const hint = one(ds, 'EMP016');
      assert.equal(hint.severity, 'hint');
      assert.equal(hint.data?.replacement, '');
    });

    it('says why a target is never written', () => {
      assert.match(one(ds, 'EMP017').message, /never writes id: the primary key is assigned by the target/);
    });

    it('suggests the extension form for an unknown core name without near misses', () => {
      const d = checkDocument('mapping "M" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  badgeColour <- [department]\n}\n', 'entramap').diagnostics;
      assert.equal(d.length, 1);
      assert.match(d[0].message, /urn:ietf:params:scim:schemas:extension:CustomExtensionName:2\.0:User:badgeColour/);
    });
  });

  describe('required target attributes of SCIM', () => {
    it('requires userName for users and displayName for groups, with the usual source', () => {
      const text = 'mapping "U" {\n  source User\n  target User\n  actions create update\n  externalId <- [objectId] match 1\n  active <- Not([IsSoftDeleted])\n}\n\nmapping "G" {\n  source Group\n  target Group\n  actions create\n  externalId <- [objectId] match 1\n}\n';
      const ds = checkDocument(text, 'entramap').diagnostics.filter((d) => d.code === 'EMP021');
      assert.deepEqual(
        ds.map((d) => [d.range.start.line, d.data?.attribute, d.data?.mappingLine]),
        [
          [0, 'userName', 'userName <- [userPrincipalName]'],
          [8, 'displayName', 'displayName <- [displayName]'],
        ],
      );
      assert.match(ds[0].message, /userName is required by the SCIM core schema but "U" does not map it/);
    });

    it('counts a none mapping with a default value as mapped', () => {
      const text = 'mapping "U" {\n  source User\n  target User\n  actions create\n  externalId <- [objectId] match 1\n  userName <- none default "unknown"\n}\n';
      assert.deepEqual(codes(text), []);
    });
  });

  describe('target paths written as strings', () => {
    it('positions problems inside a quoted .entramap path through its escapes', () => {
      const text = 'mapping "U" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  "emails[type eq \\"work\\"].vaule" <- [mail]\n}\n';
      const d = checkDocument(text, 'entramap').diagnostics;
      assert.equal(d.length, 1);
      assert.equal(d[0].code, 'EMP010');
      const lines = new LineIndex(text);
      assert.equal(text.slice(lines.offsetAt(d[0].range.start), lines.offsetAt(d[0].range.end)), 'vaule');
    });

    it('replaces the part in error, escaped for the quoted value', () => {
      const text = 'mapping "U" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  "emails[type eq \'work\'].value" <- [mail]\n}\n';
      const d = checkDocument(text, 'entramap').diagnostics;
      assert.deepEqual(d.map((x) => x.code), ['EMP011']);
      assert.equal(d[0].data?.replacement, '\\"work\\"');
      const fixed = applyEdits(text, [{ range: d[0].range, newText: d[0].data?.replacement as string }]);
      assert.deepEqual(codes(fixed), []);
    });

    it('rewrites the whole value when the fix reaches beyond the problem', () => {
      const text = 'mapping "U" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  "emails[type eq \u201cwork\u201d].value" <- [mail]\n}\n';
      const d = checkDocument(text, 'entramap').diagnostics;
      assert.deepEqual(d.map((x) => x.code), ['EMP011']);
      const fixed = applyEdits(text, d[0].data?.edits as never);
      assert.match(fixed, /\n {2}emails\[type eq "work"\]\.value <- \[mail\]\n/);
      assert.deepEqual(codes(fixed), []);
    });
  });

  describe('target schema files', () => {
    it('reads a /Schemas ListResponse, an array of schemas or one schema, with RFC 7643 defaults', () => {
      const list = readScimSchemaFile(fixture('contoso-schema.json'));
      assert.ok('schemas' in list);
      assert.equal(list.schemas[0].attributes.length, 5);
      assert.equal(list.schemas[0].attributes[1].type, 'dateTime');
      assert.equal(list.schemas[0].attributes[4].required, true);
      const one = readScimSchemaFile('\uFEFF{"id": "urn:x:2.0:User", "attributes": [{"name": "a", "type": "Complex", "subAttributes": [{"name": "b"}]}]}');
      assert.ok('schemas' in one);
      assert.equal(one.schemas[0].attributes[0].type, 'complex');
      assert.deepEqual(
        { ...one.schemas[0].attributes[0].subAttributes![0] },
        { name: 'b', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', description: '' },
      );
      const arr = readScimSchemaFile('[{"id": "urn:a", "attributes": []}, {"id": "urn:b", "attributes": []}]');
      assert.ok('schemas' in arr);
      assert.deepEqual(arr.schemas.map((x) => x.id), ['urn:a', 'urn:b']);
    });

    it('explains what is wrong with a file it cannot use', () => {
      assert.deepEqual(readScimSchemaFile('{"id": "urn:a"}'), { error: 'the schema ("urn:a") has no "attributes" array' });
      assert.deepEqual(readScimSchemaFile('{"attributes": []}'), { error: 'the schema has no "id" (the schema URN)' });
      assert.deepEqual(readScimSchemaFile('{"id": "urn:a", "attributes": [{"name": "x", "type": "money"}]}'), {
        error: 'attribute 1 of urn:a ("x") has the unknown type "money"',
      });
      assert.match((readScimSchemaFile('{nope') as { error: string }).error, /^it is not valid JSON/);
      assert.deepEqual(readScimSchemaFile('{"Resources": []}'), { error: 'it holds no schema' });
    });
  });

  describe('target attributes (the document\'s target directory)', () => {
    const ds = check('targets-directory.json');

    it('checks paths against the directory definition, by exact name, casing and SCIM identity', () => {
      assert.deepEqual(summary(ds), [
        '41:19 EMP021 "Users"',
        '45:39 EMP012 U',
        '47:39 EMP010 displayName',
        '48:98 EMP012 D',
        '49:39 EMP010 badgeNumbr',
        '50:85 EMP030 "1,200"',
      ]);
    });

    it('says when a SCIM attribute is missing from the target schema', () => {
      assert.match(one(ds, 'EMP010', 'displayName').message, /is a SCIM attribute, but the User object of the target directory "customappsso" does not define it/);
    });

    it('suggests names from the directory', () => {
      const d = one(ds, 'EMP010', 'badgeNumbr');
      assert.deepEqual(d.data?.suggestions, ['badgeNumber']);
    });

    it('takes required attributes from the directory and proposes a mapping as JSON and as a line', () => {
      const d = one(ds, 'EMP021');
      assert.equal(d.data?.attribute, 'emails[type eq "work"].value');
      assert.equal(d.data?.mappingLine, 'emails[type eq "work"].value <- [mail]');
      const json = d.data?.mappingJson as Record<string, unknown>;
      assert.equal(json.targetAttributeName, 'emails[type eq "work"].value');
      assert.deepEqual(json.source, { expression: '[mail]', name: 'mail', parameters: [], type: 'Attribute' });
      // The edit appends the mapping to the attributeMappings array, and the result is valid JSON.
      const text = fixture('targets-directory.json');
      const fixed = applyEdits(text, d.data?.edits as never);
      const parsed = JSON.parse(fixed);
      const list = parsed.synchronizationRules[0].objectMappings[0].attributeMappings;
      assert.equal(list[list.length - 1].targetAttributeName, 'emails[type eq "work"].value');
      assert.equal(only(checkDocument(fixed, 'graph-json').diagnostics as Seen[], 'EMP021').length, 0);
    });

    it('checks constants and defaults against the directory types', () => {
      const d = one(ds, 'EMP030');
      assert.equal(d.data?.value, '1200');
      assert.equal(d.data?.replacement, '"1200"');
      assert.match(d.message, /badgeNumber, an Integer attribute/);
    });
  });

  describe('gallery apps', () => {
    const ds = check('gallery.entramap');

    it('reports required attributes of the app, attributes outside its list, and groups it does not take', () => {
      assert.deepEqual(summary(ds), ['3:9 EMP021 "Users"', '11:3 EMP018 profileUrl', '16:10 EMP032 Group']);
    });

    it('names the app and proposes the usual source of a required attribute', () => {
      const d = one(ds, 'EMP021');
      assert.match(d.message, /name\.familyName is required by Personify Inc/);
      assert.equal(d.data?.mappingLine, 'name.familyName <- [surname]');
      const fixed = applyEdits(fixture('gallery.entramap'), d.data?.edits as never);
      assert.match(fixed, /  profileUrl <- \[mail\]\n  name\.familyName <- \[surname\]\n\}/);
      assert.equal(only(checkDocument(fixed, 'entramap').diagnostics as Seen[], 'EMP021').length, 0);
    });

    it('does not report required attributes of a mapping that never creates', () => {
      const text = fixture('gallery.entramap').replace('actions create update\n  userName', 'actions update\n  userName');
      assert.equal(codes(text).includes('EMP021'), false);
    });
  });

  describe('matching', () => {
    const ds = check('matching.entramap');

    it('reports duplicated targets and precedences, unfilterable and fixed matching values, and a mapping without matching', () => {
      assert.deepEqual(summary(ds), [
        '9:32 EMP023 match 1',
        '10:23 EMP024 match 3',
        '11:33 EMP024 match 4',
        '11:33 EMP025 match 4',
        '12:3 EMP020 userName',
        '14:3 EMP012 urn:ietf:params:scim:schemas:extension:enterprise:2.0:user',
        '14:3 EMP020 urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department',
        '17:9 EMP022 "Users without matching"',
      ]);
    });

    it('links the first mapping of a duplicated target', () => {
      const d = one(ds, 'EMP020', 'userName');
      assert.match(d.message, /already mapped in this object mapping \(line 7\)/);
      assert.equal(d.related?.length, 1);
      assert.deepEqual(d.related![0].range.start, { line: 6, character: 2 });
    });

    it('compares targets by SCIM identity (schema URN casing does not matter)', () => {
      assert.match(one(ds, 'EMP020', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department').message, /line 13/);
    });

    it('proposes the next free precedence', () => {
      const d = one(ds, 'EMP023');
      assert.equal(d.data?.replacement, 'match 2');
      assert.equal(d.data?.priority, 2);
    });

    it('lists the attributes a SCIM target can filter on', () => {
      assert.match(one(ds, 'EMP024', 'match 3').message, /filter=title eq .*such as "userName", "externalId" or "emails\[type eq "work"\]\.value"/);
    });

    it('adds "match 1" to the usual matching attribute when it is mapped', () => {
      const d = one(ds, 'EMP022');
      const fixed = applyEdits(fixture('matching.entramap'), d.data?.edits as never);
      assert.match(fixed, /mapping "Users without matching" \{[^}]*userName <- \[userPrincipalName\] match 1\n/);
    });

    it('proposes a matching mapping when there is none to extend', () => {
      const text = 'mapping "G" {\n  source Group\n  target Group\n  actions update\n  members <- [members]\n}\n';
      const d = checkDocument(text, 'entramap').diagnostics.find((x) => x.code === 'EMP022')!;
      assert.equal(d.data?.mappingLine, 'displayName <- [displayName] match 1');
      assert.equal(applyEdits(text, d.data?.edits as never), text.replace('  members', '  members').replace('[members]\n}', '[members]\n  displayName <- [displayName] match 1\n}'));
    });

    it('counts @raw mappings with a precedence as matching', () => {
      const text = 'mapping "M" {\n  source User\n  target User\n  actions update\n  active <- Not([IsSoftDeleted])\n  @raw {"targetAttributeName": "userName", "matchingPriority": 1, "source": "x"}\n}\n';
      assert.equal(codes(text).includes('EMP022'), false);
    });
  });

  describe('types and references', () => {
    const ds = check('types.entramap');

    it('checks constants and defaults against Boolean, Integer, DateTime and Decimal targets, and references', () => {
      assert.deepEqual(summary(ds), [
        '3:9 EMP035 "Users"',
        '8:13 EMP030 "yes"',
        '9:68 EMP030 "1,000"',
        '10:68 EMP030 "next monday"',
        '11:67 EMP030 "4,5"',
        '12:75 EMP030 default "maybe"',
        '14:73 EMP031 Switch([manager], "", "x", "y")',
        '14:80 EPX131 [manager]',
        '17:9 EMP021 "More users"',
        '23:73 EMP031 [mail]',
        '23:80 EMP031 default "nobody"',
        '24:68 EMP030 "2024-02-30"',
      ]);
    });

    it('proposes the value the constant means', () => {
      assert.equal(one(ds, 'EMP030', '"yes"').data?.replacement, '"True"');
      assert.equal(one(ds, 'EMP030', '"1,000"').data?.replacement, '"1000"');
      assert.equal(one(ds, 'EMP030', '"4,5"').data?.replacement, '"4.5"');
      assert.equal(one(ds, 'EMP030', 'default "maybe"').data?.replacement, undefined);
      assert.match(one(ds, 'EMP030', '"next monday"').message, /ISO 8601/);
      assert.match(one(ds, 'EMP030', '"2024-02-30"').message, /DateTime attribute/);
    });

    it('requires a direct mapping of a reference attribute for a reference target', () => {
      assert.match(one(ds, 'EMP031', 'Switch([manager], "", "x", "y")').message, /Map a reference attribute directly instead of an expression/);
      assert.match(one(ds, 'EMP031', '[mail]').message, /\[mail\] is a String/);
      assert.equal(one(ds, 'EMP031', 'default "nobody"').data?.replacement, '');
    });

    it('reads extension schemas from the app line and their required attributes', () => {
      // badge is required by the Contoso schema: mapped in "Users", not in "More users".
      assert.equal(only(ds, 'EMP014').length, 0);
      const d = one(ds, 'EMP021');
      assert.match(d.message, /urn:ietf:params:scim:schemas:extension:Contoso:2\.0:User:badge is required by the schema urn:ietf:params:scim:schemas:extension:Contoso:2\.0:User but "More users"/);
      assert.equal(d.data?.mappingLine, undefined, 'no usual source is known for a custom attribute');
      // Without the schema file, the Contoso attributes are not checked at all.
      const unread = checkDocument(fixture('types.entramap'), 'entramap').diagnostics;
      assert.equal(unread.filter((x) => x.code === 'EMP014').length, 6);
      assert.equal(unread.filter((x) => x.code === 'EMP008').length, 1);
    });

    it('accepts well-typed constants', () => {
      const text = fixture('types.entramap')
        .replace('"yes"', '"False"')
        .replace('"1,000"', '-12')
        .replace('"next monday"', '"2024-02-29T08:30:00Z"')
        .replace('"4,5"', '"4.5"')
        .replace('"maybe"', '"true"')
        .replace('"2024-02-30"', '"2025-12-31"');
      const left = checkDocument(text, 'entramap', fromFixtures).diagnostics.filter((d) => d.code === 'EMP030');
      assert.deepEqual(left, []);
    });
  });

  describe('what the app supports', () => {
    it('warns about deletes for an app without hard deletes, with the actions it supports', () => {
      const ds = check('mypolicies-delete.entramap');
      assert.deepEqual(summary(ds), ['6:3 EMP034 actions create update delete']);
      assert.equal(ds[0].severity, 'warning');
      assert.equal(ds[0].data?.replacement, 'actions create update');
      assert.equal(ds[0].data?.flowTypes, 'Add, Update');
    });

    it('warns about group actions the app does not support', () => {
      const ds = check('genesys-groups.entramap');
      assert.deepEqual(summary(ds), ['6:3 EMP033 actions create update delete', '6:3 EMP033 actions create update delete']);
      assert.match(ds[0].message, /does not create groups: create each group in the app first/);
      assert.match(ds[1].message, /does not delete groups/);
      assert.equal(ds[0].data?.replacement, 'actions update');
    });

    it('writes the supported actions as Graph flowTypes in JSON', () => {
      const json = JSON.stringify({
        '@entramap.app': { name: 'myPolicies', template: 'mypolicies' },
        synchronizationRules: [
          {
            name: 'R',
            objectMappings: [
              {
                name: 'Users',
                sourceObjectName: 'User',
                targetObjectName: 'User',
                flowTypes: 'Add, Update, Delete',
                attributeMappings: [
                  { targetAttributeName: 'userName', matchingPriority: 1, source: { expression: '[userPrincipalName]', name: 'userPrincipalName', type: 'Attribute', parameters: [] } },
                  { targetAttributeName: 'active', source: { expression: 'Not([IsSoftDeleted])', name: 'Not', type: 'Function', parameters: [] } },
                  { targetAttributeName: 'emails[type eq "work"].value', source: { expression: '[mail]', name: 'mail', type: 'Attribute', parameters: [] } },
                  { targetAttributeName: 'externalId', source: { expression: '[objectId]', name: 'objectId', type: 'Attribute', parameters: [] } },
                ],
              },
            ],
          },
        ],
      });
      const ds = checkDocument(json, 'graph-json').diagnostics;
      assert.deepEqual(ds.map((d) => d.code), ['EMP034']);
      assert.equal(ds[0].data?.replacement, '"Add, Update"');
    });
  });

  describe('disables', () => {
    const ds = check('disables.entramap');

    it('informs when no mapping reads IsSoftDeleted, except for mappings that never update', () => {
      assert.deepEqual(summary(ds), ['3:9 EMP035 "Users"', '11:9 EMP035 "Users with a constant active"']);
      assert.equal(ds[0].severity, 'information');
    });

    it('proposes the active mapping, or says how to change an existing one', () => {
      assert.equal(ds[0].data?.mappingLine, 'active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")');
      assert.match(ds[1].message, /The mapping of active in "Users with a constant active" does not read \[IsSoftDeleted\]/);
      assert.equal(ds[1].data?.mappingLine, undefined);
      assert.equal(ds[1].data?.expression, 'Switch([IsSoftDeleted], , "False", "True", "True", "False")');
      const fixed = applyEdits(fixture('disables.entramap'), ds[0].data?.edits as never);
      assert.deepEqual(only(checkDocument(fixed, 'entramap').diagnostics as Seen[], 'EMP035').length, 1);
    });
  });

  describe('disables outside active', () => {
    it('wants IsSoftDeleted in the active mapping of a SCIM user mapping', () => {
      const text = 'mapping "U" {\n  source User\n  target User\n  actions update\n  userName <- [userPrincipalName] match 1\n  title <- IIF([IsSoftDeleted] = "True", "gone", [jobTitle])\n}\n';
      assert.deepEqual(codes(text), ['EMP035']);
    });

    it('accepts any mapping that reads IsSoftDeleted for a target that is not SCIM', () => {
      const json = JSON.parse(fixture('../graph/salesforce.json'));
      assert.deepEqual(codes(JSON.stringify(json)), []);
      const attrs = json.synchronizationRules[0].objectMappings[0].attributeMappings as Array<{ targetAttributeName: string }>;
      json.synchronizationRules[0].objectMappings[0].attributeMappings = attrs.filter((a) => a.targetAttributeName !== 'IsActive');
      const ds = checkDocument(JSON.stringify(json), 'graph-json').diagnostics;
      assert.deepEqual(ds.map((d) => d.code), ['EMP035']);
      assert.match(ds[0].message, /Map \[IsSoftDeleted\] to the attribute that enables the account/);
    });
  });

  describe('the app line', () => {
    const ds = check('app-schema.entramap');

    it('reports an unknown template (with a suggestion) and a target schema that cannot be found', () => {
      assert.deepEqual(summary(ds), ['1:24 EMP007 personfy', '1:40 EMP008 "missing-schema.json"']);
      assert.deepEqual(ds[0].data?.suggestions, ['personify']);
      assert.equal(ds[1].severity, 'warning');
    });

    it('reports a schema file that cannot be used', () => {
      const text = fixture('app-schema.entramap').replace('template personfy ', '');
      const d = checkDocument(text, 'entramap', { resolveTargetSchema: () => ({ error: 'it is not valid JSON' }) }).diagnostics;
      assert.deepEqual(d.map((x) => x.code), ['EMP008']);
      assert.match(d[0].message, /could not be read: it is not valid JSON/);
    });

    it('takes the facts and extension schemas of an app named as the schema', () => {
      const ext = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';
      const text = `app "G" schema genesys\nmapping "U" {\n  source User\n  target User\n  actions create update\n  userName <- [userPrincipalName] match 1\n  active <- Not([IsSoftDeleted])\n  displayName <- [displayName]\n  ${ext}:externalIds[authority eq "microsoftteams"].value <- [mail]\n  ${ext}:externalIds[authority eq "zoomphone"].valu <- [mail]\n  nickName <- [mailNickname]\n}\n`;
      const ds = checkDocument(text, 'entramap').diagnostics;
      assert.deepEqual(
        ds.map((d) => [d.code, d.range.start.line]),
        [
          ['EMP010', 9],
          ['EMP018', 10],
        ],
      );
      assert.match(ds[1].message, /Genesys Cloud for Azure's attribute list/);
    });

    it('takes Graph\'s customappsso template id as the SCIM app and accepts catalogue schema names', () => {
      const text = fixture('clean.entramap').replace('template scim', 'template customappsso schema scim-core');
      assert.deepEqual(codes(text), []);
    });
  });

  describe('expressions, with the facts of their mapping', () => {
    const ds = check('expressions.entramap');

    it('passes the flow type, matching and references to the expression checks', () => {
      assert.deepEqual(summary(ds), [
        '9:17 EPX129 SelectUniqueValue',
        '9:17 EPX130 SelectUniqueValue',
        '11:28 EPX128 Guid',
        '12:12 EPX103 join',
        '13:56 EPX120 (',
        '14:34 EPX004 ',
        '15:15 EPX104 Mid',
      ]);
      assert.equal(one(ds, 'EPX103').data?.replacement, 'Join');
      assert.equal(one(ds, 'EPX128').severity, 'information');
    });
  });

  describe('scoping filters', () => {
    const ds = check('scoping.entramap');

    it('reports scoping problems at their clause values', () => {
      assert.deepEqual(summary(ds), [
        '9:7 ESF011 departmnt',
        '10:18 ESF017 Greater_Than',
        '10:32 ESF007 1,000',
        '11:7 ESF010 manager',
        '12:26 ESF008 [',
        '13:22 ESF001 equals',
      ]);
      assert.deepEqual(one(ds, 'ESF011').data?.suggestions, ['department']);
      assert.equal(one(ds, 'ESF007').data?.replacement, '1000');
    });

    it('knows source attributes the document\'s directory adds', () => {
      const json = JSON.parse(fixture('source-directory.json'));
      json.synchronizationRules[0].objectMappings[0].scope = {
        groups: [{ name: 'Badge holders', clauses: [{ sourceOperandName: 'employeeBadge', operatorName: 'IS NOT NULL', targetOperand: { values: [] } }] }],
      };
      const ds2 = checkDocument(JSON.stringify(json, null, 2), 'graph-json').diagnostics;
      assert.equal(ds2.some((d) => d.code.startsWith('ESF')), false);
    });
  });

  describe('did-you-mean over large schemas', () => {
    it('scores only names of a reachable length', () => {
      const idx = new SuggestionIndex(() => ['userName', 'displayName', 'title', 'active', 'a'.repeat(40)]);
      assert.deepEqual(idx.suggest('usrName'), ['userName']);
      assert.deepEqual(idx.suggest('titel'), ['title']);
      assert.deepEqual(idx.suggest('zzzzzzzz'), []);
    });

    it('bounds the work per schema: many unknown names against thousands of defined ones stay linear', () => {
      const names = Array.from({ length: 20000 }, (_, i) => `attribute${i}`);
      const idx = new SuggestionIndex(() => names);
      assert.deepEqual(idx.suggest('atribute12'), ['attribute12', 'attribute1', 'attribute2']);
      let answered = 0;
      for (let i = 0; i < 200; i++) if (idx.suggest(`atribute${i}`).length) answered++;
      assert.ok(answered > 0 && answered < 200, `suggestions stop once the budget is spent (${answered} of 200 answered)`);
      assert.deepEqual(idx.suggest('atribute12'), [], 'the same name gets no suggestion once the budget is spent');
    });
  });
});
