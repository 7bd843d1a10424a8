// The embedded SCIM target over real HTTP on 127.0.0.1, driven with the request shapes the
// Microsoft Entra provisioning service sends (provisioning-engine.md §3, §5, §6).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { TargetStartError, startTarget } from '../../server/src/target';
import { ScimResponse, TestTarget, scimRequest, useTarget, withTarget } from '../support/scim-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const GENESYS = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';

const q = (filter: string) => encodeURIComponent(filter);
const patchOf = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });

/** The user Entra creates (provisioning-engine.md §5.3), with the enterprise extension. */
function entraUser(userName = `Test_User_${randomUUID()}`, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: randomUUID(),
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: `${userName}@testuser.com` }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
    [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
    ...extra,
  };
}

function entraGroup(displayName = `Group ${randomUUID()}`) {
  return { schemas: [GROUP, ADSCIM_GROUP], externalId: randomUUID(), displayName, meta: { resourceType: 'Group' } };
}

async function created(t: TestTarget, path: '/Users' | '/Groups', body: object): Promise<any> {
  const r = await t.request('POST', path, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** Asserts a SCIM error response with the given status (and scimType, when given). */
function assertScimError(r: ScimResponse, status: number, scimType?: string): void {
  assert.equal(r.status, status, r.text);
  assert.match(String(r.headers['content-type']), /^application\/scim\+json/);
  assert.deepEqual(r.body.schemas, [ERROR]);
  assert.equal(r.body.status, String(status));
  assert.equal(typeof r.body.detail, 'string');
  assert.ok(r.body.detail.length > 0);
  if (scimType) assert.equal(r.body.scimType, scimType, r.body.detail);
}

describe('SCIM target: Entra test connection', () => {
  const h = useTarget();

  it('answers the random-GUID probe with 200 and an empty ListResponse', async () => {
    const r = await h.target.request('GET', `/Users?filter=${q(`userName eq "${randomUUID()}"`)}`);
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/scim\+json/);
    assert.deepEqual(r.body, { schemas: [LIST], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
  });

  it('also answers with 200 for the probe on Groups and on another matching attribute', async () => {
    const groups = await h.target.request('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${randomUUID()}"`)}`);
    assert.equal(groups.status, 200);
    assert.equal(groups.body.totalResults, 0);
    const ext = await h.target.request('GET', `/Users?filter=${q(`externalId eq "${randomUUID()}"`)}`);
    assert.equal(ext.body.totalResults, 0);
  });
});

describe('SCIM target: bearer-token authentication', () => {
  const lines: string[] = [];
  const h = useTarget({ token: 'the-secret-token-123', log: (l) => lines.push(l) });

  it('answers 401 with a SCIM error and WWW-Authenticate when the token is missing', async () => {
    const r = await h.target.request('GET', '/Users', undefined, { token: null });
    assertScimError(r, 401);
    assert.match(String(r.headers['www-authenticate']), /^Bearer realm=/);
  });

  it('answers 401 for a wrong token of any length, and for another scheme', async () => {
    for (const token of ['the-secret-token-124', 'x', 'the-secret-token-123-and-more', 'THE-SECRET-TOKEN-123']) {
      const r = await h.target.request('GET', '/Users', undefined, { token });
      assertScimError(r, 401);
      assert.match(String(r.headers['www-authenticate']), /error="invalid_token"/);
    }
    const basic = await h.target.request('GET', '/Users', undefined, { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assertScimError(basic, 401);
  });

  it('protects every endpoint, discovery included', async () => {
    for (const path of ['/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/Groups', `/Users/${randomUUID()}`]) {
      assertScimError(await h.target.request('GET', path, undefined, { token: null }), 401);
    }
    assertScimError(await h.target.request('POST', '/Users', entraUser(), { token: 'nope' }), 401);
    const list = await h.target.request('GET', '/Users');
    assert.equal(list.body.totalResults, 0, 'a rejected POST must not create anything');
  });

  it('accepts the scheme name in any case', async () => {
    const r = await h.target.request('GET', '/Users', undefined, { token: null, headers: { authorization: 'bearer the-secret-token-123' } });
    assert.equal(r.status, 200);
  });

  it('logs method, path and status of each request, never the token', async () => {
    lines.length = 0;
    await h.target.request('GET', '/Users?startIndex=1');
    await h.target.request('GET', '/Users', undefined, { token: 'wrong-token' });
    await h.target.request('GET', '/Users?access_token=the-secret-token-123', undefined, { token: null });
    assert.deepEqual(lines.slice(0, 2), ['GET /scim/v2/Users?startIndex=1 200', 'GET /scim/v2/Users 401']);
    assert.equal(lines.length, 3);
    for (const l of lines) {
      assert.ok(!l.includes('the-secret-token-123'), l);
      assert.ok(!l.includes('wrong-token'), l);
    }
  });

  it('records requests without headers or token', async () => {
    const rec = h.target.requests.at(-1)!;
    assert.equal(rec.method, 'GET');
    assert.equal(rec.path, '/Users');
    assert.equal(rec.status, 401);
    assert.ok(!JSON.stringify(h.target.requests).includes('Bearer'));
  });
});

describe('SCIM target: users as Entra provisions them', () => {
  const h = useTarget();

  it('creates a user with the enterprise extension: 201, Location, id and meta', async () => {
    const body = entraUser();
    const r = await h.target.request('POST', '/Users', body);
    assert.equal(r.status, 201, r.text);
    const u = r.body;
    assert.match(u.id, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers.location, `${h.target.url}/Users/${u.id}`);
    assert.equal(u.meta.location, r.headers.location);
    assert.equal(u.meta.resourceType, 'User');
    assert.ok(!Number.isNaN(Date.parse(u.meta.created)));
    assert.equal(u.meta.lastModified, u.meta.created);
    assert.deepEqual(u.schemas, [USER, ENTERPRISE]);
    assert.equal(u.userName, body.userName);
    assert.equal(u.externalId, body.externalId);
    assert.equal(u.active, true);
    assert.deepEqual(u.emails, body.emails.map((e) => ({ value: e.value, type: e.type, primary: e.primary })));
    assert.deepEqual(u.name, body.name);
    assert.deepEqual(u[ENTERPRISE], { employeeNumber: '701984', department: 'Tour Operations' });

    const got = await h.target.request('GET', `/Users/${u.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, u);
  });

  it('accepts the legacy shape with explicit nulls and the string "True"', async () => {
    const r = await h.target.request('POST', '/Users', {
      schemas: [USER],
      userName: `legacy-${randomUUID()}`,
      active: 'True',
      phoneNumbers: null,
      name: { givenName: 'Ann', familyName: null },
      emails: [{ Primary: 'true', type: 'work', value: 'ann@example.com' }],
      title: 'True',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.active, true);
    assert.equal(r.body.emails[0].primary, true);
    assert.equal(r.body.title, 'True', 'a string attribute keeps the text "True"');
    assert.deepEqual(r.body.name, { givenName: 'Ann' });
    assert.equal(r.body.phoneNumbers, undefined);
  });

  it('finds a user by userName case-insensitively, and by externalId case-exactly', async () => {
    const u = await created(h.target, '/Users', entraUser(`Case_User_${randomUUID()}`));
    const byName = await h.target.request('GET', `/Users?filter=${q(`userName eq "${u.userName.toLowerCase()}"`)}`);
    assert.deepEqual(byName.body.Resources.map((x: any) => x.id), [u.id]);
    const upperOp = await h.target.request('GET', `/Users?filter=${q(`USERNAME EQ "${u.userName.toUpperCase()}"`)}`);
    assert.equal(upperOp.body.totalResults, 1);
    const exact = await h.target.request('GET', `/Users?filter=${q(`externalId eq "${u.externalId}"`)}`);
    assert.equal(exact.body.totalResults, 1);
    const wrongCase = await h.target.request('GET', `/Users?filter=${q(`externalId eq "${u.externalId.toUpperCase()}"`)}`);
    assert.equal(wrongCase.body.totalResults, 0, 'externalId is caseExact (RFC 7643 §3.1)');
  });

  it('filters on an enterprise attribute by its URN path', async () => {
    const u = await created(h.target, '/Users', entraUser(undefined, { [ENTERPRISE]: { employeeNumber: 'EMP-77' } }));
    const r = await h.target.request('GET', `/Users?filter=${q(`${ENTERPRISE}:employeeNumber eq "emp-77"`)}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.Resources.map((x: any) => x.id), [u.id]);
  });

  it('filters with emails[type eq "work"].value eq', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const email = u.emails[0].value as string;
    const hit = await h.target.request('GET', `/Users?filter=${q(`emails[type eq "work"].value eq "${email.toUpperCase()}"`)}`);
    assert.deepEqual(hit.body.Resources.map((x: any) => x.id), [u.id]);
    const miss = await h.target.request('GET', `/Users?filter=${q(`emails[type eq "home"].value eq "${email}"`)}`);
    assert.equal(miss.body.totalResults, 0);
  });

  it('PATCH: "False"/"True" strings, capitalised ops, one operation per attribute', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const r = await h.target.request(
      'PATCH',
      `/Users/${u.id}`,
      patchOf(
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: `${ENTERPRISE}:costCenter`, value: 'CC-1' },
      ),
    );
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, '');
    let got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(got.active, false);
    assert.deepEqual(got.emails, [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
    assert.deepEqual(got.name, { formatted: 'givenName familyName', familyName: 'updatedFamilyName', givenName: 'givenName' });
    assert.equal(got[ENTERPRISE].costCenter, 'CC-1');
    assert.notEqual(got.meta.lastModified, undefined);

    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'replace', path: 'active', value: 'True' }));
    got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(got.active, true);
    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'REPLACE', path: 'active', value: false }));
    got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(got.active, false);
  });

  it('keeps a soft-deleted (active false) user visible to GET and filters', async () => {
    const u = await created(h.target, '/Users', entraUser());
    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'active', value: 'False' }));
    const r = await h.target.request('GET', `/Users?filter=${q(`userName eq "${u.userName}"`)}`);
    assert.equal(r.body.totalResults, 1);
    assert.equal(r.body.Resources[0].active, false);
  });

  it('PATCH Add/Replace on a typed value that does not exist yet creates it', async () => {
    const u = await created(h.target, '/Users', { schemas: [USER], userName: `nomail-${randomUUID()}` });
    const r = await h.target.request(
      'PATCH',
      `/Users/${u.id}`,
      patchOf(
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'first@example.com' },
        { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
        { op: 'Replace', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
      ),
    );
    assert.equal(r.status, 204, r.text);
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(got.emails, [{ value: 'first@example.com', type: 'work' }]);
    assert.deepEqual(got.phoneNumbers, [{ value: '+1 555 0100', type: 'mobile' }], 'stored verbatim');
    assert.deepEqual(got.addresses, [{ streetAddress: '1 Main St', type: 'work' }]);
    // A second Replace changes the element it created instead of adding another.
    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'second@example.com' }));
    const again = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(again.emails, [{ value: 'second@example.com', type: 'work' }]);
  });

  it('PATCH without a path (aadOptscim062020): keys are attribute paths', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const r = await h.target.request(
      'PATCH',
      `/Users/${u.id}`,
      patchOf(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
        { op: 'replace', value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENTERPRISE}:employeeNumber`]: 'Aklq' } },
      ),
    );
    assert.equal(r.status, 204, r.text);
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(got.displayName, 'Bjfe');
    assert.deepEqual(got.name, { formatted: 'givenName familyName', familyName: 'Unua', givenName: 'Kkom' });
    assert.equal(got[ENTERPRISE].employeeNumber, 'Aklq');
    assert.equal(got[ENTERPRISE].department, 'Tour Operations');
    assert.equal(got.emails[0].value, 'TestMhvaes@test.microsoft.com');
  });

  it('PATCH returns 200 with the resource when attributes are requested', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const r = await h.target.request('PATCH', `/Users/${u.id}?attributes=userName,active`, patchOf({ op: 'Replace', path: 'active', value: 'False' }));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { schemas: [USER, ENTERPRISE], id: u.id, userName: u.userName, active: false });
  });

  it('manager: legacy [{$ref, value}] on path "manager", bare id on the URN path, and the reference check', async () => {
    const boss = await created(h.target, '/Users', entraUser(undefined, { displayName: 'The Boss' }));
    const other = await created(h.target, '/Users', entraUser(undefined, { displayName: 'Other Boss' }));
    const u = await created(h.target, '/Users', entraUser());
    const legacy = await h.target.request(
      'PATCH',
      `/Users/${u.id}`,
      patchOf({ op: 'Add', path: 'manager', value: [{ $ref: `http://example.com/scim/Users/${boss.id}`, value: boss.id }] }),
    );
    assert.equal(legacy.status, 204, legacy.text);
    let got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(got[ENTERPRISE].manager, { value: boss.id, $ref: `${h.target.url}/Users/${boss.id}`, displayName: 'The Boss' });

    // Entra checks the current reference before changing it.
    const check = (mgr: string) => h.target.request('GET', `/Users?filter=${q(`id eq "${u.id}" and manager eq "${mgr}"`)}&attributes=id`);
    const hit = await check(boss.id);
    assert.equal(hit.body.totalResults, 1);
    assert.deepEqual(Object.keys(hit.body.Resources[0]).sort(), ['id', 'schemas']);
    assert.equal((await check(other.id)).body.totalResults, 0);

    const bare = await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: other.id }));
    assert.equal(bare.status, 204, bare.text);
    got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(got[ENTERPRISE].manager, { value: other.id, $ref: `${h.target.url}/Users/${other.id}`, displayName: 'Other Boss' });
    assert.equal((await check(other.id)).body.totalResults, 1);

    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Remove', path: `${ENTERPRISE}:manager` }));
    got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(got[ENTERPRISE].manager, undefined);
    assert.equal(got[ENTERPRISE].employeeNumber, '701984');
  });

  it('roles: POST objects and PATCH Add with a JSON string value', async () => {
    const u = await created(
      h.target,
      '/Users',
      entraUser(undefined, { roles: [{ primary: 'True', type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }] }),
    );
    assert.deepEqual(u.roles, [{ value: 'Admin', type: 'WindowsAzureActiveDirectoryRole', primary: true }]);
    const role = '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}';
    const r = await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Add', path: 'roles', value: [{ value: role }] }));
    assert.equal(r.status, 204, r.text);
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(got.roles.map((x: any) => x.value), ['Admin', role]);
  });

  it('PATCH making another email primary demotes the previous one; POST with two primaries is refused', async () => {
    const u = await created(h.target, '/Users', entraUser());
    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Add', path: 'emails', value: [{ type: 'home', value: 'h@example.com', primary: true }] }));
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(
      got.emails.map((e: any) => [e.type, e.primary]),
      [
        ['work', false],
        ['home', true],
      ],
    );
    const two = await h.target.request(
      'POST',
      '/Users',
      entraUser(undefined, { emails: [{ value: 'a@x.com', primary: true }, { value: 'b@x.com', primary: true }] }),
    );
    assertScimError(two, 400, 'invalidValue');
  });

  it('stores typed values verbatim, whatever their type label (canonical values are suggestions)', async () => {
    const u = await created(
      h.target,
      '/Users',
      entraUser(undefined, {
        emails: [{ type: 'Work', value: 'Mixed.Case@Example.com' }],
        phoneNumbers: [{ type: 'cell', value: '(555) 010-0100 ext. 7' }],
        groups: [{ value: 'ignored: groups are computed' }],
      }),
    );
    assert.deepEqual(u.emails, [{ value: 'Mixed.Case@Example.com', type: 'Work' }]);
    assert.deepEqual(u.phoneNumbers, [{ value: '(555) 010-0100 ext. 7', type: 'cell' }]);
    assert.equal(u.groups, undefined);
  });

  it('a PATCH that changes nothing writes nothing and keeps lastModified', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const r = await h.target.request(
      'PATCH',
      `/Users/${u.id}`,
      patchOf({ op: 'Replace', path: 'userName', value: u.userName }, { op: 'Remove', path: 'nickName' }, { op: 'Add', path: 'emails', value: u.emails }),
    );
    assert.equal(r.status, 204, r.text);
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(got.meta.lastModified, u.meta.lastModified);
    assert.deepEqual(got.emails, u.emails);
  });

  it('Replace on a complex attribute keeps the sub-attributes it does not name', async () => {
    const u = await created(h.target, '/Users', entraUser());
    await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'name', value: { givenName: 'Changed' } }));
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(got.name, { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'Changed' });
  });

  it('PUT replaces the resource: omitted attributes are cleared, id and created are kept', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const r = await h.target.request('PUT', `/Users/${u.id}`, { schemas: [USER], id: u.id, userName: u.userName, displayName: 'Replaced' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.id, u.id);
    assert.equal(r.body.displayName, 'Replaced');
    assert.equal(r.body.emails, undefined);
    assert.equal(r.body[ENTERPRISE], undefined);
    assert.deepEqual(r.body.schemas, [USER]);
    assert.equal(r.body.meta.created, u.meta.created);
    const wrongId = await h.target.request('PUT', `/Users/${u.id}`, { schemas: [USER], id: randomUUID(), userName: u.userName });
    assertScimError(wrongId, 400, 'mutability');
  });

  it('rejects read-only attributes in PATCH and unknown attribute paths', async () => {
    const u = await created(h.target, '/Users', entraUser());
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'id', value: 'x' })), 400, 'mutability');
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Add', path: 'groups', value: [{ value: 'x' }] })), 400, 'mutability');
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'favoriteColor', value: 'x' })), 400, 'invalidPath');
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Remove', path: 'userName' })), 400, 'invalidValue');
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf()), 400, 'invalidValue');
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Merge', path: 'userName', value: 'x' })), 400, 'invalidSyntax');
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'emails[type eq', value: 'x' })), 400, 'invalidPath');
    const unchanged = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.equal(unchanged.userName, u.userName);
    assert.equal(unchanged.meta.lastModified, u.meta.lastModified);
  });

  it('deletes a user: 204, then 404 with a SCIM error', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const del = await h.target.request('DELETE', `/Users/${u.id}`);
    assert.equal(del.status, 204);
    assertScimError(await h.target.request('GET', `/Users/${u.id}`), 404);
    assertScimError(await h.target.request('DELETE', `/Users/${u.id}`), 404);
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'active', value: false })), 404);
  });
});

describe('SCIM target: groups and memberships', () => {
  const h = useTarget();

  it('creates a group with the ADSCIM schema URI and no members', async () => {
    const body = entraGroup();
    const r = await h.target.request('POST', '/Groups', body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.location, `${h.target.url}/Groups/${r.body.id}`);
    assert.deepEqual(r.body.schemas, [GROUP]);
    assert.equal(r.body.displayName, body.displayName);
    assert.equal(r.body.externalId, body.externalId);
    assert.equal(r.body.members, undefined);
  });

  it('adds members with "$ref": null, removes them with a value list and with a value filter', async () => {
    const a = await created(h.target, '/Users', entraUser(undefined, { displayName: 'Alice' }));
    const b = await created(h.target, '/Users', entraUser());
    const g = await created(h.target, '/Groups', entraGroup());
    const add = await h.target.request(
      'PATCH',
      `/Groups/${g.id}`,
      patchOf({ op: 'Add', path: 'members', value: [{ $ref: null, value: a.id }, { $ref: null, value: b.id }] }),
    );
    assert.equal(add.status, 204, add.text);
    let got = (await h.target.request('GET', `/Groups/${g.id}`)).body;
    assert.deepEqual(got.members, [
      { value: a.id, display: 'Alice', $ref: `${h.target.url}/Users/${a.id}`, type: 'User' },
      { value: b.id, display: b.userName, $ref: `${h.target.url}/Users/${b.id}`, type: 'User' },
    ]);
    const user = (await h.target.request('GET', `/Users/${a.id}`)).body;
    assert.deepEqual(user.groups, [{ value: g.id, $ref: `${h.target.url}/Groups/${g.id}`, display: g.displayName, type: 'direct' }]);

    // Adding an existing member again changes nothing.
    await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'Add', path: 'members', value: [{ value: a.id }] }));
    assert.equal((await h.target.request('GET', `/Groups/${g.id}`)).body.members.length, 2);

    const remove = await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'Remove', path: 'members', value: [{ $ref: null, value: a.id }] }));
    assert.equal(remove.status, 204, remove.text);
    got = (await h.target.request('GET', `/Groups/${g.id}`)).body;
    assert.deepEqual(got.members.map((m: any) => m.value), [b.id]);
    assert.equal((await h.target.request('GET', `/Users/${a.id}`)).body.groups, undefined);

    const flag = await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'remove', path: `members[value eq "${b.id}"]` }));
    assert.equal(flag.status, 204, flag.text);
    got = (await h.target.request('GET', `/Groups/${g.id}`)).body;
    assert.equal(got.members, undefined);
  });

  it('batches several membership changes in one PATCH', async () => {
    const users = await Promise.all([1, 2, 3].map(() => created(h.target, '/Users', entraUser())));
    const g = await created(h.target, '/Groups', entraGroup());
    await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'Add', path: 'members', value: users.map((u) => ({ value: u.id })) }));
    const r = await h.target.request(
      'PATCH',
      `/Groups/${g.id}`,
      patchOf(
        { op: 'Remove', path: 'members', value: [{ value: users[0].id }] },
        { op: 'Remove', path: 'members', value: [{ value: users[1].id }] },
        { op: 'Replace', path: 'displayName', value: `${g.displayName} (renamed)` },
      ),
    );
    assert.equal(r.status, 204, r.text);
    const got = (await h.target.request('GET', `/Groups/${g.id}`)).body;
    assert.deepEqual(got.members.map((m: any) => m.value), [users[2].id]);
    assert.equal(got.displayName, `${g.displayName} (renamed)`);
  });

  it('finds groups by displayName with excludedAttributes=members, and by id and member', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const g = await created(h.target, '/Groups', entraGroup(`Finders ${randomUUID()}`));
    await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'Add', path: 'members', value: [{ value: u.id }] }));
    const byName = await h.target.request('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${g.displayName.toUpperCase()}"`)}`);
    assert.equal(byName.body.totalResults, 1);
    assert.equal(byName.body.Resources[0].id, g.id);
    assert.equal(byName.body.Resources[0].members, undefined);
    assert.equal(byName.body.Resources[0].displayName, g.displayName);
    const one = await h.target.request('GET', `/Groups/${g.id}?excludedAttributes=members`);
    assert.equal(one.body.members, undefined);
    const member = await h.target.request('GET', `/Groups?filter=${q(`id eq "${g.id}" and members[value eq "${u.id}"]`)}&attributes=id`);
    assert.equal(member.body.totalResults, 1);
    const notMember = await h.target.request('GET', `/Groups?filter=${q(`id eq "${g.id}" and members[value eq "${randomUUID()}"]`)}`);
    assert.equal(notMember.body.totalResults, 0);
  });

  it('refuses members that are not Users or Groups of the target', async () => {
    const g = await created(h.target, '/Groups', entraGroup());
    const r = await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'Add', path: 'members', value: [{ value: randomUUID() }] }));
    assertScimError(r, 400, 'invalidValue');
    const self = await h.target.request('PATCH', `/Groups/${g.id}`, patchOf({ op: 'Add', path: 'members', value: [{ value: g.id }] }));
    assertScimError(self, 400, 'invalidValue');
    const post = await h.target.request('POST', '/Groups', { ...entraGroup(), members: [{ value: 'not-an-id' }] });
    assertScimError(post, 400, 'invalidValue');
  });

  it('drops the memberships of a deleted user, and of a deleted nested group', async () => {
    const u = await created(h.target, '/Users', entraUser());
    const keep = await created(h.target, '/Users', entraUser());
    const inner = await created(h.target, '/Groups', entraGroup());
    const outer = await created(h.target, '/Groups', { ...entraGroup(), members: [{ value: u.id }, { value: keep.id }, { value: inner.id }] });
    assert.deepEqual(outer.members.map((m: any) => m.type), ['User', 'User', 'Group']);
    assert.equal((await h.target.request('DELETE', `/Users/${u.id}`)).status, 204);
    let got = (await h.target.request('GET', `/Groups/${outer.id}`)).body;
    assert.deepEqual(got.members.map((m: any) => m.value), [keep.id, inner.id]);
    assert.ok(got.meta.lastModified >= outer.meta.lastModified);
    assert.equal((await h.target.request('DELETE', `/Groups/${inner.id}`)).status, 204);
    got = (await h.target.request('GET', `/Groups/${outer.id}`)).body;
    assert.deepEqual(got.members.map((m: any) => m.value), [keep.id]);
  });
});

describe('SCIM target: uniqueness (409)', () => {
  const h = useTarget();

  it('refuses a second user with the same userName in any case', async () => {
    const u = await created(h.target, '/Users', entraUser(`Unique_${randomUUID()}`));
    const r = await h.target.request('POST', '/Users', entraUser(u.userName.toUpperCase()));
    assertScimError(r, 409, 'uniqueness');
    assert.ok(r.body.detail.includes(u.id));
    const other = await created(h.target, '/Users', entraUser());
    const patch = await h.target.request('PATCH', `/Users/${other.id}`, patchOf({ op: 'Replace', path: 'userName', value: u.userName.toLowerCase() }));
    assertScimError(patch, 409, 'uniqueness');
    const put = await h.target.request('PUT', `/Users/${other.id}`, { schemas: [USER], userName: u.userName });
    assertScimError(put, 409, 'uniqueness');
    // A user may change the case of its own userName.
    const self = await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'Replace', path: 'userName', value: u.userName.toLowerCase() }));
    assert.equal(self.status, 204, self.text);
  });

  it('refuses a second group with the same displayName in any case', async () => {
    const g = await created(h.target, '/Groups', entraGroup(`Sales ${randomUUID()}`));
    assertScimError(await h.target.request('POST', '/Groups', entraGroup(g.displayName.toLowerCase())), 409, 'uniqueness');
    const other = await created(h.target, '/Groups', entraGroup());
    const rename = await h.target.request('PATCH', `/Groups/${other.id}`, patchOf({ op: 'Replace', path: 'displayName', value: g.displayName }));
    assertScimError(rename, 409, 'uniqueness');
  });

  it('allows the same externalId on several users (it is not unique in SCIM)', async () => {
    const externalId = randomUUID();
    await created(h.target, '/Users', entraUser(undefined, { externalId }));
    await created(h.target, '/Users', entraUser(undefined, { externalId }));
  });
});

describe('SCIM target: lists, pagination, sorting, projection, search', () => {
  const h = useTarget();
  const names = ['carol', 'alice', 'erin', 'bob', 'dave'];
  const ids: string[] = [];

  before(async () => {
    for (const n of names) ids.push((await created(h.target, '/Users', entraUser(n, { displayName: n.toUpperCase() }))).id);
  });

  it('pages with startIndex and count in creation order', async () => {
    const r = await h.target.request('GET', '/Users?startIndex=2&count=2');
    assert.equal(r.status, 200);
    assert.equal(r.body.totalResults, 5);
    assert.equal(r.body.startIndex, 2);
    assert.equal(r.body.itemsPerPage, 2);
    assert.deepEqual(r.body.Resources.map((u: any) => u.userName), ['alice', 'erin']);
    const last = await h.target.request('GET', '/Users?startIndex=5&count=10');
    assert.deepEqual(last.body.Resources.map((u: any) => u.userName), ['dave']);
    assert.equal(last.body.itemsPerPage, 1);
  });

  it('handles out-of-range and edge values the RFC way', async () => {
    const beyond = await h.target.request('GET', '/Users?startIndex=50');
    assert.deepEqual([beyond.body.totalResults, beyond.body.itemsPerPage, beyond.body.Resources], [5, 0, []]);
    const zero = await h.target.request('GET', '/Users?count=0');
    assert.deepEqual([zero.body.totalResults, zero.body.itemsPerPage, zero.body.Resources], [5, 0, []]);
    const negative = await h.target.request('GET', '/Users?startIndex=-3&count=-1');
    assert.deepEqual([negative.body.startIndex, negative.body.itemsPerPage], [1, 0]);
    assertScimError(await h.target.request('GET', '/Users?count=ten'), 400, 'invalidValue');
    assertScimError(await h.target.request('GET', '/Users?startIndex=1.5'), 400, 'invalidValue');
  });

  it('caps a page at filter.maxResults', async () => {
    await withTarget(
      async (t) => {
        for (let i = 0; i < 3; i++) await created(t, '/Users', entraUser());
        const r = await t.request('GET', '/Users?count=100');
        assert.deepEqual([r.body.totalResults, r.body.itemsPerPage], [3, 2]);
        assert.equal((await t.request('GET', '/ServiceProviderConfig')).body.filter.maxResults, 2);
      },
      { maxResults: 2 },
    );
  });

  it('sorts by an attribute, ascending or descending', async () => {
    const asc = await h.target.request('GET', '/Users?sortBy=userName');
    assert.deepEqual(asc.body.Resources.map((u: any) => u.userName), ['alice', 'bob', 'carol', 'dave', 'erin']);
    const desc = await h.target.request('GET', '/Users?sortBy=displayName&sortOrder=descending&count=2');
    assert.deepEqual(desc.body.Resources.map((u: any) => u.userName), ['erin', 'dave']);
    assertScimError(await h.target.request('GET', '/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue');
    assertScimError(await h.target.request('GET', '/Users?sortBy=shoeSize'), 400, 'invalidValue');
  });

  it('returns only requested attributes (plus id and schemas), or all but the excluded ones', async () => {
    const r = await h.target.request('GET', `/Users/${ids[0]}?attributes=userName,name.givenName,${ENTERPRISE}:department`);
    assert.deepEqual(r.body, {
      schemas: [USER, ENTERPRISE],
      id: ids[0],
      userName: 'carol',
      name: { givenName: 'givenName' },
      [ENTERPRISE]: { department: 'Tour Operations' },
    });
    const ex = await h.target.request('GET', `/Users/${ids[0]}?excludedAttributes=emails,meta,id,${ENTERPRISE}`);
    assert.equal(ex.body.id, ids[0], 'id is always returned');
    assert.equal(ex.body.emails, undefined);
    assert.equal(ex.body.meta, undefined);
    assert.equal(ex.body[ENTERPRISE], undefined);
    assert.equal(ex.body.userName, 'carol');
  });

  it('searches with POST /.search on a resource type and at the root', async () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName sw "a" or userName sw "b"',
      attributes: ['userName'],
      sortBy: 'userName',
      startIndex: 1,
      count: 10,
    };
    const r = await h.target.request('POST', '/Users/.search', body);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.Resources.map((u: any) => u.userName), ['alice', 'bob']);
    const root = await h.target.request('POST', '/.search', { ...body, filter: 'userName eq "dave"' });
    assert.deepEqual(root.body.Resources.map((u: any) => u.userName), ['dave']);
    const rootGet = await h.target.request('GET', `/?filter=${q('userName eq "erin"')}`);
    assert.equal(rootGet.body.totalResults, 1);
    assertScimError(await h.target.request('POST', '/Users/.search', { filter: 42 }), 400, 'invalidValue');
  });
});

describe('SCIM target: malformed requests get SCIM errors, and the server keeps serving', () => {
  const h = useTarget();

  it('answers malformed JSON with 400 invalidSyntax', async () => {
    const r = await h.target.request('POST', '/Users', undefined, { raw: '{"userName": "x",' });
    assertScimError(r, 400, 'invalidSyntax');
    assertScimError(await h.target.request('POST', '/Users', undefined, { raw: '' }), 400, 'invalidSyntax');
    assertScimError(await h.target.request('POST', '/Users', [{ userName: 'x' }]), 400, 'invalidSyntax');
    assertScimError(await h.target.request('PATCH', `/Users/${randomUUID()}`, undefined, { raw: 'not json' }), 400, 'invalidSyntax');
  });

  it('answers a wrong content type or charset with 415', async () => {
    const r = await h.target.request('POST', '/Users', undefined, { raw: 'userName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assertScimError(r, 415);
    const latin = await h.target.request('POST', '/Users', entraUser(), { headers: { 'content-type': 'application/json; charset=iso-8859-1' } });
    assertScimError(latin, 415);
    const json = await h.target.request('POST', '/Users', entraUser(), { headers: { 'content-type': 'application/json' } });
    assert.equal(json.status, 201, 'application/json is accepted too');
  });

  it('answers schema violations with 400 invalidValue or invalidSyntax', async () => {
    assertScimError(await h.target.request('POST', '/Users', { schemas: [USER], displayName: 'no userName' }), 400, 'invalidValue');
    assertScimError(await h.target.request('POST', '/Users', { schemas: [USER], userName: 42 }), 400, 'invalidValue');
    assertScimError(await h.target.request('POST', '/Users', { schemas: [USER], userName: 'x', active: 'maybe' }), 400, 'invalidValue');
    assertScimError(await h.target.request('POST', '/Users', { schemas: [GROUP], userName: 'x' }), 400, 'invalidSyntax');
    assertScimError(await h.target.request('POST', '/Groups', { schemas: [GROUP] }), 400, 'invalidValue');
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    assertScimError(await h.target.request('GET', '/Accounts'), 404);
    assertScimError(await h.target.request('GET', `/Users/${randomUUID()}/extra`), 404);
    const outside = await h.target.request('GET', '/../../scim/v1/Users');
    assert.equal(outside.status, 404);
    const del = await h.target.request('DELETE', '/Users');
    assertScimError(del, 405);
    assert.equal(del.headers.allow, 'GET, POST');
    assertScimError(await h.target.request('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] }), 501);
    assertScimError(await h.target.request('GET', '/Me'), 501);
  });

  it('answers unsupported or invalid filters with 400 invalidFilter', async () => {
    for (const filter of ['userName regex "x"', 'userName eq', 'userName eq "x" and', '(userName eq "x"', 'shoeSize eq 42', 'active gt true', 'userName eq "unterminated']) {
      assertScimError(await h.target.request('GET', `/Users?filter=${q(filter)}`), 400, 'invalidFilter');
    }
    assertScimError(await h.target.request('GET', '/Users?filter='), 400, 'invalidFilter');
  });

  it('answers an oversized body with 413', async () => {
    const big = JSON.stringify({ schemas: [USER], userName: 'big', displayName: 'x'.repeat(1024 * 1024) });
    const r = await h.target.request('POST', '/Users', undefined, { raw: big });
    assertScimError(r, 413);
  });

  it('ignores "__proto__" keys instead of letting them reach objects', async () => {
    const r = await h.target.request('POST', '/Users', undefined, {
      raw: `{"schemas":["${USER}"],"userName":"proto-${randomUUID()}","__proto__":{"active":"yes","polluted":true},"name":{"__proto__":{"x":1},"givenName":"P"}}`,
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.active, undefined);
    assert.equal(({} as any).polluted, undefined);
  });

  it('answers hostile bodies and filters with 400, not a crash', async () => {
    assertScimError(await h.target.request('POST', '/Users', undefined, { raw: '['.repeat(500000) }), 400, 'invalidSyntax');
    const deep = `{"userName":"deep","name":${'{"a":'.repeat(100000)}1${'}'.repeat(100001)}`;
    assertScimError(await h.target.request('POST', '/Users', undefined, { raw: deep }), 400, 'invalidSyntax');
    const long = Array.from({ length: 3000 }, (_, i) => `userName eq "${i}"`).join(' or ');
    assertScimError(await h.target.request('POST', '/Users/.search', { filter: long }), 400, 'invalidFilter');
    const nested = `${'('.repeat(60)}userName eq "x"${')'.repeat(60)}`;
    assertScimError(await h.target.request('POST', '/Users/.search', { filter: nested }), 400, 'invalidFilter');
    assertScimError(await h.target.request('GET', '/Users/%E0%A4%A'), 404);
  });

  it('answers requests node:http cannot parse with a SCIM error too', async () => {
    const r = await h.target.request('GET', `/Users?filter=${'x'.repeat(20000)}`);
    assertScimError(r, 431);
  });

  it('still serves after all of the above', async () => {
    const r = await h.target.request('GET', '/ServiceProviderConfig');
    assert.equal(r.status, 200);
  });
});

describe('SCIM target: start and stop', () => {
  it('reports the URL, port and token it serves with, and refuses bad options', async () => {
    await withTarget(async (t) => {
      assert.equal(t.url, `http://127.0.0.1:${t.port}/scim/v2`);
      assert.equal(t.host, '127.0.0.1');
      assert.ok(t.token.length >= 32, 'a random token when none is given');
      assert.equal(t.store, undefined);
      assert.equal((await t.request('GET', '/Users')).status, 200);
    });
    await assert.rejects(withTarget(async () => undefined, { port: 70000 }), RangeError);
    await assert.rejects(withTarget(async () => undefined, { token: ' ' }), TypeError);
  });

  it('refuses a port that is in use with TargetStartError EADDRINUSE', async () => {
    await withTarget(async (t) => {
      await assert.rejects(startTarget({ port: t.port }), (err: unknown) => {
        assert.ok(err instanceof TargetStartError);
        assert.equal(err.code, 'EADDRINUSE');
        assert.match(err.message, new RegExp(`port ${t.port} on 127\\.0\\.0\\.1 is already in use`));
        return true;
      });
    });
  });

  it('close() finishes, even with a client stalled in the middle of its body, and is idempotent', async () => {
    const t = await startTarget({ closeGraceMs: 20 });
    const socket = connect(t.port, '127.0.0.1');
    socket.on('error', () => undefined); // the server resets the stalled connection
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: 100\r\n\r\n{"userName":`,
    );
    await Promise.all([t.close(), t.close()]);
    await ended;
    await assert.rejects(scimRequest(t.url, t.token, 'GET', '/Users'));
  });
});

describe('SCIM target: discovery endpoints', () => {
  const h = useTarget();

  it('describes the service provider honestly', async () => {
    const r = await h.target.request('GET', '/ServiceProviderConfig');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    assert.equal(r.body.patch.supported, true);
    assert.equal(r.body.bulk.supported, false);
    assert.equal(r.body.filter.supported, true);
    assert.equal(r.body.filter.maxResults, 200);
    assert.equal(r.body.sort.supported, true);
    assert.equal(r.body.etag.supported, false);
    assert.equal(r.body.changePassword.supported, false);
    assert.equal(r.body.authenticationSchemes[0].type, 'oauthbearertoken');
    assert.equal(r.body.meta.location, `${h.target.url}/ServiceProviderConfig`);
  });

  it('lists the resource types, Users first with the optional enterprise and catalogued extensions', async () => {
    const r = await h.target.request('GET', '/ResourceTypes');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.Resources.map((x: any) => [x.id, x.endpoint, x.schema]), [
      ['User', '/Users', USER],
      ['Group', '/Groups', GROUP],
    ]);
    assert.deepEqual(r.body.Resources[0].schemaExtensions, [
      { schema: ENTERPRISE, required: false },
      { schema: GENESYS, required: false },
    ]);
    assert.equal(r.body.Resources[1].schemaExtensions, undefined);
    const one = await h.target.request('GET', '/ResourceTypes/Group');
    assert.equal(one.body.endpoint, '/Groups');
    assertScimError(await h.target.request('GET', '/ResourceTypes/Device'), 404);
  });

  it('publishes the User, enterprise User, catalogued extension and Group schemas', async () => {
    const r = await h.target.request('GET', '/Schemas');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.Resources.map((s: any) => s.id), [USER, ENTERPRISE, GENESYS, GROUP]);
    const genesys = r.body.Resources[2];
    assert.equal(genesys.name, 'GenesysCloudUser');
    const externalIds = genesys.attributes.find((a: any) => a.name === 'externalIds');
    assert.deepEqual([externalIds.type, externalIds.multiValued, externalIds.mutability], ['complex', true, 'readWrite']);
    assert.deepEqual(externalIds.subAttributes.map((a: any) => a.name), ['authority', 'value']);
    assert.equal(genesys.meta.location, `${h.target.url}/Schemas/${GENESYS}`);
    const user = r.body.Resources[0];
    assert.equal(user.name, 'User');
    const userName = user.attributes.find((a: any) => a.name === 'userName');
    assert.deepEqual([userName.type, userName.required, userName.caseExact, userName.mutability, userName.uniqueness], ['string', true, false, 'readWrite', 'server']);
    const emails = user.attributes.find((a: any) => a.name === 'emails');
    assert.deepEqual(emails.subAttributes.find((a: any) => a.name === 'type').canonicalValues, ['work', 'home', 'other']);
    assert.equal(r.body.Resources[1].attributes.find((a: any) => a.name === 'manager').type, 'complex');
    const group = await h.target.request('GET', `/Schemas/${GROUP}`);
    assert.equal(group.body.attributes.find((a: any) => a.name === 'displayName').uniqueness, 'server');
    assertScimError(await h.target.request('GET', '/Schemas/urn:example:nothing'), 404);
  });

  it('refuses filters on discovery endpoints with 403', async () => {
    assertScimError(await h.target.request('GET', `/Schemas?filter=${q('id eq "x"')}`), 403);
  });
});
