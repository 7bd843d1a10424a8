import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import schema from '../../server/src/catalog/data/scim-schemas.schema.json';
import data from '../../server/src/catalog/data/scim-schemas.json';
import {
  CORE_USER_URN,
  ENTERPRISE_USER_URN,
  entraTargetRestriction,
  findAttribute,
  isMatchingFilterable,
  parseTargetPath,
  PathResolution,
  resolveTargetPath,
  ResolvedTargetPath,
  ScimSchema,
  scimSchema,
} from '../../server/src/catalog/scim-schemas';

const ENT = ENTERPRISE_USER_URN;

function ok(path: string, options?: Parameters<typeof resolveTargetPath>[1]): ResolvedTargetPath {
  const r = resolveTargetPath(path, options);
  if (!r.ok) assert.fail(`expected ${path} to resolve, got ${r.error.code}: ${r.error.message}`);
  return r.path;
}

function bad(path: string, options?: Parameters<typeof resolveTargetPath>[1]) {
  const r: PathResolution = resolveTargetPath(path, options);
  if (r.ok) assert.fail(`expected ${path} to fail, resolved to ${r.path.canonical}`);
  return r.error;
}

const GENESYS: ScimSchema = {
  id: 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User',
  name: 'GenesysUser',
  description: 'test',
  attributes: [
    {
      name: 'externalIds',
      type: 'complex',
      multiValued: true,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
      description: 'ids',
      subAttributes: [
        { name: 'authority', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', description: 'a' },
        { name: 'value', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', description: 'v' },
      ],
    },
  ],
};

describe('catalog: SCIM schemas', () => {
  describe('data file', () => {
    it('validates against its JSON schema', () => {
      const validate = new Ajv2020({ allErrors: true }).compile(schema);
      assert.equal(validate(data), true, JSON.stringify(validate.errors, null, 2));
    });

    it('carries the RFC 7643 characteristics', () => {
      const user = scimSchema(CORE_USER_URN)!;
      const userName = findAttribute(user.attributes, 'userName')!;
      assert.deepEqual(
        [userName.required, userName.uniqueness, userName.caseExact, userName.mutability],
        [true, 'server', false, 'readWrite'],
      );
      const password = findAttribute(user.attributes, 'password')!;
      assert.deepEqual([password.mutability, password.returned], ['writeOnly', 'never']);
      const emails = findAttribute(user.attributes, 'emails')!;
      assert.equal(emails.multiValued, true);
      assert.deepEqual(findAttribute(emails.subAttributes, 'type')!.canonicalValues, ['work', 'home', 'other']);
      const phones = findAttribute(user.attributes, 'phoneNumbers')!;
      assert.deepEqual(findAttribute(phones.subAttributes, 'type')!.canonicalValues, ['work', 'home', 'mobile', 'fax', 'pager', 'other']);
      const groups = findAttribute(user.attributes, 'groups')!;
      assert.equal(groups.mutability, 'readOnly');
      const manager = findAttribute(scimSchema(ENT)!.attributes, 'manager')!;
      assert.equal(manager.type, 'complex');
      assert.deepEqual(findAttribute(manager.subAttributes, '$ref')!.referenceTypes, ['User']);
      const members = findAttribute(scimSchema('urn:ietf:params:scim:schemas:core:2.0:Group')!.attributes, 'members')!;
      assert.equal(findAttribute(members.subAttributes, 'value')!.mutability, 'immutable');
      const id = data.commonAttributes.find((a) => a.name === 'id')!;
      assert.deepEqual([id.caseExact, id.mutability, id.returned, id.uniqueness], [true, 'readOnly', 'always', 'server']);
    });
  });

  describe('target paths', () => {
    it('resolves core, sub-attribute and filtered paths', () => {
      assert.equal(ok('userName').leaf.name, 'userName');
      const given = ok('name.givenName');
      assert.equal(given.attribute.name, 'name');
      assert.equal(given.leaf.name, 'givenName');
      const mail = ok('emails[type eq "work"].value');
      assert.equal(mail.attribute.name, 'emails');
      assert.equal(mail.filter?.attribute.name, 'type');
      assert.equal(mail.filter?.value, 'work');
      assert.equal(mail.leaf.name, 'value');
      assert.deepEqual(mail.notes, []);
      assert.equal(ok('addresses[type eq "work"].postalCode').leaf.name, 'postalCode');
      assert.equal(ok('roles[primary eq "True"].value').filter?.attribute.type, 'boolean');
      assert.equal(ok('externalId').schema.kind, 'common');
      assert.equal(ok('active').leaf.type, 'boolean');
    });

    it('resolves the enterprise extension, including the manager reference', () => {
      const dept = ok(`${ENT}:department`);
      assert.equal(dept.schema.kind, 'extension');
      assert.equal(dept.canonical, `${ENT}:department`);
      const mgr = ok(`${ENT}:manager`);
      assert.equal(mgr.leaf.type, 'complex');
      assert.deepEqual(mgr.notes, [], 'manager is mapped directly, no complex warning');
      assert.equal(ok(`${ENT}:manager.value`).leaf.name, 'value');
    });

    it('matches names case-insensitively and reports the canonical casing', () => {
      const r = ok('emails[type eq "other"].Value');
      assert.equal(r.canonical, 'emails[type eq "other"].value');
      assert.equal(r.notes.length, 1);
      assert.equal(r.notes[0].kind, 'casing');
      assert.equal(r.notes[0].replacement, 'value');
      assert.deepEqual([r.notes[0].start, r.notes[0].end], [24, 29]);
      const f = ok('addresses[type eq "other"].Formatted');
      assert.equal(f.canonical, 'addresses[type eq "other"].formatted');
      const u = ok('USERNAME');
      assert.equal(u.canonical, 'userName');
      assert.equal(u.notes[0].replacement, 'userName');
    });

    it('rejects unknown attributes with did-you-mean and the segment offset', () => {
      const e = bad('phoneNumberss[type eq "work3"].value');
      assert.equal(e.code, 'unknownAttribute');
      assert.deepEqual([e.start, e.end], [0, 13]);
      assert.deepEqual(e.suggestions, ['phoneNumbers']);
      const sub = bad('name.givenNam');
      assert.equal(sub.code, 'unknownSubAttribute');
      assert.deepEqual([sub.start, sub.end], [5, 13]);
      assert.deepEqual(sub.suggestions?.[0], 'givenName');
      const filt = bad('emails[typ eq "work"].value');
      assert.equal(filt.code, 'unknownSubAttribute');
      assert.deepEqual([filt.start, filt.end], [7, 10]);
    });

    it('points extension attributes written without their URN to the full path', () => {
      const e = bad('department');
      assert.equal(e.code, 'unknownAttribute');
      assert.equal(e.fix, `${ENT}:department`);
      assert.match(e.message, /extension schema/);
    });

    it('reports syntax errors precisely', () => {
      const cases: Array<[string, string, number]> = [
        ['', 'empty', 0],
        [' userName', 'whitespace', 0],
        ['emails[type eq "work".value', 'unclosedFilter', 21],
        ['emails[type ne "work"].value', 'filterOperator', 12],
        ['emails[type = "work"].value', 'syntax', 12],
        ['emails[type eq work].value', 'filterValue', 15],
        ["emails[type eq 'work'].value", 'filterValue', 15],
        ['emails[type eq "work].value', 'filterValue', 15],
        ['name.givenName.x', 'tooDeep', 14],
        ['emails[type eq "work" and primary eq "True"].value', 'syntax', 22],
        ['userName]', 'syntax', 8],
        ['1abc', 'syntax', 0],
      ];
      for (const [path, code, start] of cases) {
        const e = bad(path);
        assert.equal(e.code, code, `${path}: ${e.message}`);
        assert.equal(e.start, start, `${path}: start`);
      }
    });

    it('rejects typographic quotes (as pasted from the Genesys tutorial) and offers a fix', () => {
      const path = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq \u2018microsoftteams\u2019].value';
      const e = bad(path);
      assert.equal(e.code, 'curlyQuote');
      assert.equal(e.start, path.indexOf('\u2018'));
      assert.equal(e.fix, path.replace(/[\u2018\u2019]/g, '"'));
    });

    it('rejects the legacy dot separator of extension attributes with a fix', () => {
      const e = bad(`${ENT.replace(/:User$/, '')}:User.department`);
      assert.equal(e.code, 'legacyExtensionSeparator');
      assert.equal(e.fix, `${ENT}:department`);
    });

    it('accepts custom extensions without a definition and marks them synthesised', () => {
      const r = ok('urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badgeNumber');
      assert.equal(r.schema.kind, 'custom');
      assert.equal(r.schema.defined, false);
      assert.equal(r.synthesized, true);
      assert.equal(r.notes[0].kind, 'customExtensionUndefined');
      const inbound = ok('urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate');
      assert.equal(inbound.leaf.name, 'HireDate');
    });

    it('resolves custom extensions against a declared definition', () => {
      const path = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value';
      const r = ok(path, { extensions: [GENESYS] });
      assert.equal(r.synthesized, false);
      assert.equal(r.attribute.name, 'externalIds');
      assert.equal(r.filter?.value, 'microsoftteams');
      const e = bad(path.replace('externalIds', 'externalId'), { extensions: [GENESYS] });
      assert.equal(e.code, 'unknownAttribute');
      assert.deepEqual(e.suggestions, ['externalIds']);
    });

    it('rejects malformed or misplaced schema URNs', () => {
      const typo = bad('urn:ietf:params:scim:schemas:extension:enterprize:2.0:User:department');
      assert.equal(typo.code, 'unknownSchema');
      assert.equal(typo.fix, `${ENT}:department`);
      assert.equal(bad('urn:contoso:user:badge').code, 'malformedUrn');
      assert.equal(bad(`${ENT}:department`, { resourceType: 'Group' }).code, 'schemaNotForResource');
      assert.equal(bad('urn:ietf:params:scim:schemas:extension:Contoso:2.0:Group:x').code, 'schemaNotForResource');
    });

    it('checks filters against the attribute shape and types', () => {
      assert.equal(bad('userName[type eq "work"]').code, 'notMultiValued');
      assert.equal(bad('userName.value').code, 'notComplex');
      assert.equal(bad('roles[primary eq "yes"].value').code, 'filterValue');
      assert.equal(ok('roles[primary eq true].value').filter?.value, 'true');
      assert.equal(bad('emails[type eq true].value').code, 'filterValue');
    });

    it('notes non-canonical type values, multi-valued paths without a filter and bare complex attributes', () => {
      const w2 = ok('phoneNumbers[type eq "work2"].value');
      assert.deepEqual(w2.notes.map((n) => n.kind), ['nonCanonicalValue']);
      assert.equal(w2.notes[0].start, 'phoneNumbers[type eq '.length);
      assert.deepEqual(ok('phoneNumbers[type eq "home"].value').notes, []);
      assert.deepEqual(ok('emails.value').notes.map((n) => n.kind), ['multiValuedWithoutFilter']);
      assert.deepEqual(ok('name').notes.map((n) => n.kind), ['complexWithoutSubAttribute']);
      assert.deepEqual(ok('emails[type EQ "work"].value').notes.map((n) => n.kind), ['operatorCasing']);
      assert.deepEqual(ok('emails[type eq "Work"].value').notes.map((n) => n.kind), ['casing']);
    });

    it('resolves group paths', () => {
      assert.equal(ok('displayName', { resourceType: 'Group' }).leaf.required, true);
      assert.equal(ok('members', { resourceType: 'Group' }).leaf.multiValued, true);
      assert.equal(bad('userName', { resourceType: 'Group' }).code, 'unknownAttribute');
    });

    it('gives equal keys to equivalent spellings', () => {
      assert.equal(ok('emails[type eq "Work"].Value').key, ok('emails[type eq "work"].value').key);
      assert.equal(ok(`${CORE_USER_URN}:userName`).key, 'userName');
      assert.notEqual(ok('emails[type eq "work"].value').key, ok('emails[type eq "home"].value').key);
    });

    it('parses without a schema and keeps spans', () => {
      const r = parseTargetPath('emails[type eq "work"].value');
      assert.ok(r.ok);
      if (!r.ok) return;
      assert.deepEqual(r.path.filter?.span, { start: 6, end: 22 });
      assert.deepEqual([r.path.filter?.value.start, r.path.filter?.value.end], [15, 21]);
      assert.deepEqual([r.path.subAttribute?.start, r.path.subAttribute?.end], [23, 28]);
    });
  });

  describe('Entra facts', () => {
    it('knows which targets can be matched on', () => {
      assert.equal(isMatchingFilterable('userName'), true);
      assert.equal(isMatchingFilterable('externalId'), true);
      assert.equal(isMatchingFilterable('emails[type eq "work"].value'), true);
      assert.equal(isMatchingFilterable('emails[type eq "Work"].Value'), true);
      assert.equal(isMatchingFilterable('displayName'), false);
      assert.equal(isMatchingFilterable('displayName', 'Group'), true);
      assert.equal(isMatchingFilterable('name.givenName'), false);
      assert.equal(isMatchingFilterable('not a path'), false);
    });

    it('knows the targets Entra never writes', () => {
      assert.match(entraTargetRestriction(ok('id'))!, /primary key/);
      assert.match(entraTargetRestriction(ok('entitlements'))!, /not support/);
      assert.equal(entraTargetRestriction(ok('userName')), undefined);
    });
  });
});
