import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import schema from '../../server/src/catalog/data/source-attributes.schema.json';
import data from '../../server/src/catalog/data/source-attributes.json';
import {
  lookupSourceAttribute,
  parseDirectoryExtension,
  scopingRule,
  sourceCatalog,
  SourceAttribute,
} from '../../server/src/catalog/source-attributes';
import { editDistance, suggest } from '../../server/src/catalog/suggest';

const APP = 'b7d8e648520f41d3b9c0fdeb91768a0a';

describe('catalog: source attributes', () => {
  describe('data file', () => {
    it('validates against its JSON schema', () => {
      const ajv = new Ajv2020({ allErrors: true });
      const validate = ajv.compile(schema);
      assert.equal(validate(data), true, JSON.stringify(validate.errors, null, 2));
    });

    it('rejects a multi-valued attribute that claims to be usable in scoping', () => {
      const ajv = new Ajv2020({ allErrors: true });
      const validate = ajv.compile(schema);
      const bad = structuredClone(data) as typeof data;
      const proxy = bad.objects.User.attributes.find((a) => a.name === 'proxyAddresses')!;
      (proxy as { scoping: unknown }).scoping = { allowed: true };
      assert.equal(validate(bad), false);
    });

    it('has unique names per object', () => {
      for (const object of ['User', 'Group'] as const) {
        const names = data.objects[object].attributes.map((a) => a.name);
        assert.equal(new Set(names).size, names.length, object);
      }
    });

    it('lists the required user attributes with their facts', () => {
      const user = sourceCatalog('User');
      const get = (n: string): SourceAttribute => {
        const a = user.get(n);
        assert.ok(a, `missing ${n}`);
        return a;
      };
      assert.equal(get('IsSoftDeleted').type, 'Boolean');
      assert.equal(get('IsSoftDeleted').computed, true);
      assert.equal(get('accountEnabled').type, 'Boolean');
      assert.equal(get('manager').type, 'Reference');
      assert.deepEqual(get('manager').referencedObjects, ['User']);
      assert.equal(get('manager').scoping.allowed, false);
      assert.equal(get('proxyAddresses').multiValued, true);
      assert.equal(get('proxyAddresses').scoping.reason, 'multiValued');
      assert.equal(get('appRoleAssignments').scoping.reason, 'roleAssignments');
      assert.equal(get('passwordProfile.password').sensitive, true);
      assert.equal(get('employeeOrgData.costCenter').type, 'String');
      assert.equal(get('employeeOrgData.division').type, 'String');
      assert.equal(get('objectId').anchor, true);
      for (let i = 1; i <= 15; i++) assert.equal(get(`extensionAttribute${i}`).type, 'String');
      assert.equal(user.get('extensionAttribute16'), undefined);
      assert.equal(get('userType').inDefaultSchema, false);
      assert.equal(get('userType').scoping.allowed, false);
      assert.equal(get('employeeHireDate').type, 'DateTime');
      assert.equal(get('employeeHireDate').scoping.reason, 'dateTime');
      assert.equal(get('department').scoping.allowed, true);
    });

    it('lists the group attributes', () => {
      const group = sourceCatalog('Group');
      for (const n of ['displayName', 'objectId', 'members', 'mailNickname', 'description']) assert.ok(group.get(n), n);
      assert.equal(group.get('members')!.multiValued, true);
      assert.equal(group.get('members')!.scoping.allowed, false);
      assert.equal(group.get('userPrincipalName'), undefined);
    });
  });

  describe('lookup', () => {
    it('finds exact names', () => {
      const r = lookupSourceAttribute('userPrincipalName');
      assert.equal(r.kind, 'found');
    });

    it('finds a name in the wrong casing with a warning naming the right one', () => {
      const r = lookupSourceAttribute('UserPrincipalName');
      assert.equal(r.kind, 'casing');
      if (r.kind !== 'casing') return;
      assert.equal(r.attribute.name, 'userPrincipalName');
      assert.match(r.message, /case-sensitive.*"userPrincipalName"/);
      assert.equal(lookupSourceAttribute('issoftdeleted').kind, 'casing');
    });

    it('suggests close names for unknown ones', () => {
      const r = lookupSourceAttribute('departmnet');
      assert.equal(r.kind, 'unknown');
      if (r.kind !== 'unknown') return;
      assert.equal(r.suggestions[0], 'department');
      assert.match(r.message, /did you mean "department"/);
      const far = lookupSourceAttribute('zzzzzzzzzz');
      assert.equal(far.kind, 'unknown');
      if (far.kind === 'unknown') {
        assert.deepEqual(far.suggestions, []);
        assert.doesNotMatch(far.message, /did you mean/);
      }
    });

    it('suggests among group attributes for the Group object', () => {
      const r = lookupSourceAttribute('displayNam', 'Group');
      assert.equal(r.kind, 'unknown');
      if (r.kind === 'unknown') assert.deepEqual(r.suggestions.slice(0, 1), ['displayName']);
      assert.equal(lookupSourceAttribute('manager', 'Group').kind, 'unknown');
    });

    it('recognises directory extensions', () => {
      const r = lookupSourceAttribute(`extension_${APP}_costCenter`);
      assert.equal(r.kind, 'extension');
      if (r.kind !== 'extension') return;
      assert.deepEqual(r.attribute.directoryExtension, { appId: APP, name: 'costCenter' });
      assert.equal(r.attribute.typeKnown, false);
      assert.equal(lookupSourceAttribute(`extension_${APP}_`).kind, 'invalidExtension');
    });

    it('adds tenant attributes with `with`', () => {
      const extra: SourceAttribute = {
        name: 'SamAccountName',
        type: 'String',
        multiValued: false,
        inDefaultSchema: false,
        scoping: { allowed: true },
        description: 'x',
        provenance: ['entra-docs'],
      };
      const cat = sourceCatalog('User').with([extra]);
      assert.equal(cat.lookup('SamAccountName').kind, 'found');
      assert.equal(sourceCatalog('User').lookup('SamAccountName').kind, 'unknown');
    });
  });

  describe('directory extension names', () => {
    it('accepts the documented form and keeps the name case-sensitive', () => {
      const r = parseDirectoryExtension(`extension_${APP}_jobGroup`);
      assert.equal(r.kind, 'valid');
      if (r.kind === 'valid') {
        assert.equal(r.extension.name, 'jobGroup');
        assert.deepEqual(r.problems, []);
      }
      const underscore = parseDirectoryExtension(`extension_${APP}_msDS_cloudExtensionAttribute1`);
      assert.equal(underscore.kind, 'valid');
      if (underscore.kind === 'valid') assert.equal(underscore.extension.name, 'msDS_cloudExtensionAttribute1');
    });

    it('ignores names that are not meant as extensions', () => {
      assert.equal(parseDirectoryExtension('extensionAttribute1').kind, 'none');
      assert.equal(parseDirectoryExtension('department').kind, 'none');
    });

    it('rejects a wrongly cased prefix with a fix', () => {
      const r = parseDirectoryExtension(`Extension_${APP}_jobGroup`);
      assert.equal(r.kind, 'invalid');
      assert.equal(r.kind === 'invalid' && r.problems[0].fix, `extension_${APP}_jobGroup`);
      assert.deepEqual(r.kind === 'invalid' && [r.problems[0].start, r.problems[0].end], [0, 10]);
    });

    it('rejects an app id with hyphens and offers the bare form', () => {
      const r = parseDirectoryExtension('extension_b7d8e648-520f-41d3-b9c0-fdeb91768a0a_jobGroup');
      assert.equal(r.kind, 'invalid');
      if (r.kind !== 'invalid') return;
      assert.match(r.problems[0].message, /without hyphens/);
      assert.equal(r.problems[0].fix, `extension_${APP}_jobGroup`);
      assert.equal(r.problems[0].start, 10);
    });

    it('rejects a short app id, a non-hex digit, a missing name and bad characters, at the right offset', () => {
      const short = parseDirectoryExtension('extension_abc123_x');
      assert.equal(short.kind, 'invalid');
      if (short.kind === 'invalid') assert.match(short.problems[0].message, /32 hexadecimal digits.*has 6/);
      const nonHex = parseDirectoryExtension(`extension_${APP.slice(0, 5)}g${APP.slice(6)}_x`);
      assert.equal(nonHex.kind, 'invalid');
      if (nonHex.kind === 'invalid') assert.deepEqual([nonHex.problems[0].start, nonHex.problems[0].end], [15, 16]);
      const noName = parseDirectoryExtension(`extension_${APP}_`);
      assert.equal(noName.kind, 'invalid');
      if (noName.kind === 'invalid') assert.match(noName.problems[0].message, /name .* is missing/);
      const noSep = parseDirectoryExtension(`extension_${APP}`);
      assert.equal(noSep.kind, 'invalid');
      const dash = parseDirectoryExtension(`extension_${APP}_cost-center`);
      assert.equal(dash.kind, 'invalid');
      if (dash.kind === 'invalid') assert.equal(dash.problems[0].start, 10 + 32 + 1 + 4);
    });

    it('warns about an upper-case app id (names are case-sensitive)', () => {
      const r = parseDirectoryExtension(`extension_${APP.toUpperCase()}_jobGroup`);
      assert.equal(r.kind, 'valid');
      if (r.kind === 'valid') {
        assert.equal(r.problems[0].severity, 'warning');
        assert.equal(r.problems[0].fix, `extension_${APP}_jobGroup`);
      }
    });
  });

  describe('scoping rules', () => {
    it('knows the documented exclusions', () => {
      assert.equal(scopingRule('manager').allowed, false);
      assert.equal(scopingRule('appRoleAssignments').allowed, false);
      assert.equal(scopingRule('userType').allowed, false);
      assert.equal(scopingRule('proxyAddresses').reason, 'multiValued');
      assert.equal(scopingRule('members', 'Group').allowed, false);
      assert.equal(scopingRule('IsMemberOf').allowed, false);
      assert.equal(scopingRule('StatusHireDate').reason, 'dateTime');
      assert.equal(scopingRule('department').allowed, true);
      assert.equal(scopingRule('somethingUnknown').allowed, true);
      assert.equal(scopingRule('Manager').allowed, false, 'casing does not dodge the rule');
    });
  });

  describe('suggestions', () => {
    it('computes edit distance with transpositions, ignoring case', () => {
      assert.equal(editDistance('kitten', 'sitting'), 3);
      assert.equal(editDistance('deparment', 'department'), 1);
      assert.equal(editDistance('departmnet', 'department'), 1);
      assert.equal(editDistance('ABC', 'abc'), 0);
      assert.equal(editDistance('', 'abc'), 3);
    });

    it('ranks by distance and caps the count', () => {
      assert.deepEqual(suggest('mial', ['mobile', 'mail', 'mailNickname']), ['mail']);
      assert.ok(suggest('x', ['a', 'b', 'c', 'd', 'e'], 2).length <= 2);
    });
  });
});
