// SCIM filter expressions (RFC 7644 §3.4.2.2) as the target evaluates them: the grammar,
// operator semantics per attribute type, and the leniencies Entra relies on. Evaluated directly
// against records, then once over HTTP for the request-level behaviour.
import assert from 'node:assert/strict';
import { ScimError } from '../../server/src/target/errors';
import { compileFilter, parseFilter } from '../../server/src/target/filter';
import { resourceTypes } from '../../server/src/target/schema';
import { withTarget } from '../support/scim-target';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const users = [
  {
    id: 'u1',
    userName: 'Bjensen',
    externalId: 'EXT-1',
    active: true,
    displayName: 'Barbara Jensen',
    title: 'Tour Guide',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    meta: { created: '2015-10-10T14:38:21Z', lastModified: '2020-01-01T00:00:00Z' },
    [ENTERPRISE]: { employeeNumber: '701984', manager: { value: 'u2' } },
  },
  {
    id: 'u2',
    userName: 'jsmith',
    externalId: 'ext-2',
    active: false,
    name: { givenName: 'John', familyName: 'Smith' },
    emails: [{ value: 'jsmith@example.org', type: 'work' }],
    meta: { created: '2019-09-18T18:15:26.5788954+00:00', lastModified: '2019-09-18T18:15:26Z' },
    groups: [{ value: 'g1', display: 'Admins' }],
  },
  { id: 'u3', userName: 'OMalley', meta: { created: '2010-01-01T00:00:00Z' } },
];

function ids(filter: string): string[] {
  const test = compileFilter(resourceTypes().User, filter);
  return users.filter((u) => test(u)).map((u) => u.id);
}

function rejects(filter: string, detail?: RegExp): void {
  assert.throws(
    () => compileFilter(resourceTypes().User, filter),
    (err: unknown) => {
      assert.ok(err instanceof ScimError, String(err));
      assert.equal(err.status, 400);
      assert.equal(err.scimType, 'invalidFilter');
      if (detail) assert.match(err.detail, detail);
      return true;
    },
  );
}

describe('SCIM target filters: grammar', () => {
  it('parses precedence: not binds tighter than and, and tighter than or', () => {
    assert.deepEqual(ids('userName eq "jsmith" or userName eq "bjensen" and active eq false'), ['u2']);
    assert.deepEqual(ids('(userName eq "jsmith" or userName eq "bjensen") and active eq true'), ['u1']);
    assert.deepEqual(ids('not (active eq true) and userName pr'), ['u2', 'u3']);
    assert.deepEqual(ids('not(userName sw "b")'), ['u2', 'u3']);
  });

  it('treats attribute names, operators and keywords case-insensitively', () => {
    assert.deepEqual(ids('USERNAME EQ "BJENSEN" AND Name.GivenName Sw "bar"'), ['u1']);
    assert.deepEqual(ids('DisplayName eq "barbara jensen"'), ['u1']);
  });

  it('accepts unquoted values (legacy Entra samples)', () => {
    assert.deepEqual(ids('externalId eq EXT-1'), ['u1']);
    assert.deepEqual(ids('name.FamilyName eq Smith and (emails.Value co example.com or emails.Value co example.org)'), ['u2']);
    assert.deepEqual(ids('meta.Created gt 2015-10-10T14:38:21.8617979-07:00'), ['u2']);
  });

  it('parses JSON string escapes in values', () => {
    assert.deepEqual(parseFilter('title eq "say \\"hi\\" \\u00e9"'), {
      kind: 'compare',
      path: { uri: undefined, attr: 'title', sub: undefined },
      op: 'eq',
      value: 'say "hi" é',
    });
  });

  it('reports syntax errors as invalidFilter with a position', () => {
    rejects('userName eq', /ends where a value was expected/);
    rejects('userName xx "a"', /expected an operator.*position 10/);
    rejects('userName eq "a" and', /ends where an expression/);
    rejects('(userName eq "a"', /"\)" was expected/);
    rejects('userName eq "a")', /unexpected "\)"/);
    rejects('userName eq "open', /unterminated string/);
    rejects('emails[type eq "work"', /"\]" was expected/);
    rejects('emails[value[x eq 1]]', /cannot be nested/);
    rejects('', /empty/);
    rejects('"userName" eq "x"', /expected an attribute name/);
    rejects('userName eq and', /expected a value/);
  });
});

describe('SCIM target filters: semantics', () => {
  it('compares strings by the attribute caseExact: userName no, externalId and id yes', () => {
    assert.deepEqual(ids('userName eq "OMALLEY"'), ['u3']);
    assert.deepEqual(ids('externalId eq "ext-1"'), []);
    assert.deepEqual(ids('externalId eq "EXT-1"'), ['u1']);
    assert.deepEqual(ids('id eq "U1"'), []);
  });

  it('supports co, sw, ew, ne, gt, ge, lt, le and pr on strings', () => {
    assert.deepEqual(ids('userName co "MAL"'), ['u3']);
    assert.deepEqual(ids('userName sw "j"'), ['u2']);
    assert.deepEqual(ids('userName ew "SEN"'), ['u1']);
    assert.deepEqual(ids('userName ne "jsmith"'), ['u1', 'u3']);
    assert.deepEqual(ids('userName gt "j"'), ['u2', 'u3']);
    assert.deepEqual(ids('userName ge "jsmith"'), ['u2', 'u3']);
    assert.deepEqual(ids('userName lt "c"'), ['u1']);
    assert.deepEqual(ids('userName le "bjensen"'), ['u1']);
    assert.deepEqual(ids('title pr'), ['u1']);
  });

  it('matches "ne" on a resource without the attribute, and "eq null" only there', () => {
    assert.deepEqual(ids('title ne "Tour Guide"'), ['u2', 'u3']);
    assert.deepEqual(ids('title eq null'), ['u2', 'u3']);
    assert.deepEqual(ids('title ne null'), ['u1']);
  });

  it('orders dateTime values as instants, whatever their offset and precision', () => {
    assert.deepEqual(ids('meta.created gt "2015-10-10T07:38:21-07:00"'), ['u2']);
    assert.deepEqual(ids('meta.created ge "2015-10-10T07:38:21-07:00"'), ['u1', 'u2']);
    assert.deepEqual(ids('meta.lastModified lt "2020-01-01T00:00:00.001Z"'), ['u1', 'u2']);
    rejects('meta.created gt "yesterday"', /not a valid date/);
  });

  it('compares booleans with eq/ne only, accepting "True"/"False"', () => {
    assert.deepEqual(ids('active eq true'), ['u1']);
    assert.deepEqual(ids('active eq "False"'), ['u2']);
    assert.deepEqual(ids('active ne true'), ['u2', 'u3']);
    rejects('active gt false', /not supported for the boolean/);
    rejects('active eq "yes"', /boolean/);
  });

  it('matches multi-valued attributes when any value matches', () => {
    assert.deepEqual(ids('emails.value ew ".org"'), ['u1', 'u2']);
    assert.deepEqual(ids('emails.type eq "home"'), ['u1']);
    assert.deepEqual(ids('emails co "jsmith"'), ['u2'], 'a complex attribute compares its value');
    assert.deepEqual(ids('emails pr'), ['u1', 'u2']);
  });

  it('evaluates value paths, with and without a sub-attribute comparison after them', () => {
    assert.deepEqual(ids('emails[type eq "work" and value co "example.com"]'), ['u1']);
    assert.deepEqual(ids('emails[type eq "work"].value eq "JSMITH@EXAMPLE.ORG"'), ['u2']);
    assert.deepEqual(ids('emails[type eq "home"].value eq "jsmith@example.org"'), []);
    assert.deepEqual(ids('emails[primary eq true].value pr'), ['u1']);
    assert.deepEqual(ids('emails[not (type eq "work")]'), ['u1']);
    assert.deepEqual(ids('groups[value eq "g1"]'), ['u2']);
  });

  it('resolves enterprise attributes by URN, and bare extension names like manager', () => {
    assert.deepEqual(ids(`${ENTERPRISE}:employeeNumber eq "701984"`), ['u1']);
    assert.deepEqual(ids(`${ENTERPRISE.toUpperCase()}:EMPLOYEENUMBER eq "701984"`), ['u1']);
    assert.deepEqual(ids(`${ENTERPRISE}:manager.value eq "u2"`), ['u1']);
    assert.deepEqual(ids('id eq "u1" and manager eq "u2"'), ['u1']);
    assert.deepEqual(ids('id eq "u1" and manager eq "u3"'), []);
    assert.deepEqual(ids('employeeNumber pr'), ['u1']);
  });

  it('rejects unknown attributes and meaningless comparisons', () => {
    rejects('shoeSize eq 42', /unknown attribute "shoeSize"/);
    rejects('name.nickname eq "x"', /unknown attribute/);
    rejects(`${ENTERPRISE}:costCentre eq "x"`, /unknown attribute/);
    rejects('urn:ietf:params:scim:schemas:core:2.0:User:shoeSize eq 42', /unknown attribute/);
    rejects('urn:ietf:params:scim:api:messages:2.0:ListResponse:totalResults eq 1', /unknown attribute/);
    rejects('urn:example:custom:2.0:Group:costCenter eq "x"', /unknown attribute/);
    rejects('name eq "x"', /complex attribute/);
    rejects('userName[value eq "x"]', /not a complex attribute/);
    rejects('emails[display.value eq "x"]', /not a sub-attribute/);
    rejects('active gt null', /null/);
  });
});

describe('SCIM target filters: over HTTP', () => {
  it('filters Users and Groups in requests and in /.search, and at the root across types', async () => {
    await withTarget(async (t) => {
      const u = (await t.request('POST', '/Users', { userName: 'filter-user', title: 'Engineer' })).body;
      await t.request('POST', '/Groups', { displayName: 'Filter Group', members: [{ value: u.id }] });
      const get = await t.request('GET', `/Users?filter=${encodeURIComponent('title eq "engineer"')}`);
      assert.equal(get.body.totalResults, 1);
      const groups = await t.request('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${u.id}"`)}`);
      assert.equal(groups.body.Resources[0].displayName, 'Filter Group');
      // At the root a filter may name attributes of only some resource types.
      const root = await t.request('GET', `/?filter=${encodeURIComponent('displayName sw "filter"')}`);
      assert.deepEqual(root.body.Resources.map((r: any) => r.displayName), ['Filter Group']);
      const rootUser = await t.request('GET', `/?filter=${encodeURIComponent('userName eq "filter-user"')}`);
      assert.deepEqual(rootUser.body.Resources.map((r: any) => r.id), [u.id]);
      const bad = await t.request('GET', `/?filter=${encodeURIComponent('nothing eq "x"')}`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.scimType, 'invalidFilter');
    });
  });
});
