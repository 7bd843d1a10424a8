// Schema extensions in the embedded target beyond the enterprise one: the typed extensions of the
// catalogue's gallery apps (Genesys Cloud's), and custom extensions the target has never heard
// of (Entra's urn:ietf:params:scim:schemas:extension:<Name>:2.0:User pattern), in POST, GET,
// filters, PATCH, projections, sorting and the store; then the engine end to end with both.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { MappingModel } from '../../server/src/model/types';
import { provisionGroup, provisionUser } from '../../server/src/provisioning/engine';
import type { ProvisionTrace } from '../../server/src/provisioning/trace';
import { startTarget } from '../../server/src/target';
import { ScimResponse, TestTarget, scimRequest, useTarget, withTarget } from '../support/scim-target';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GENESYS = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';
const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';
const CONTOSO_GROUP = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const q = (filter: string) => encodeURIComponent(filter);
const patchOf = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
let serial = 0;
const uniqueName = (prefix: string) => `${prefix}-${++serial}-${process.pid}`;

async function created(t: TestTarget, p: '/Users' | '/Groups', body: object): Promise<any> {
  const r = await t.request('POST', p, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function patched(t: TestTarget, id: string, ...ops: object[]): Promise<any> {
  const r = await t.request('PATCH', `/Users/${id}`, patchOf(...ops));
  assert.equal(r.status, 204, r.text);
  return (await t.request('GET', `/Users/${id}`)).body;
}

function assertScimError(r: ScimResponse, status: number, scimType?: string): void {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(r.body.schemas, [ERROR]);
  if (scimType) assert.equal(r.body.scimType, scimType, r.body.detail);
}

async function ids(t: TestTarget, filter: string): Promise<string[]> {
  const r = await t.request('GET', `/Users?filter=${q(filter)}&sortBy=userName`);
  assert.equal(r.status, 200, r.text);
  return r.body.Resources.map((u: any) => u.userName);
}

describe('SCIM target: custom extension schemas', () => {
  const h = useTarget();

  it('stores and returns a custom extension the request lists in schemas, without its nulls', async () => {
    const ext = 'urn:example:params:scim:schemas:Fabrikam';
    const u = await created(h.target, '/Users', {
      schemas: [USER, ext],
      userName: uniqueName('listed'),
      [ext]: { badge: 'B-7', level: 3, vip: true, tags: ['a', null, 'b'], nothing: null, site: { city: 'Oslo', room: null } },
    });
    assert.deepEqual(u.schemas, [USER, ext]);
    assert.deepEqual(u[ext], { badge: 'B-7', level: 3, vip: true, tags: ['a', 'b'], site: { city: 'Oslo' } });
    const got = (await h.target.request('GET', `/Users/${u.id}`)).body;
    assert.deepEqual(got[ext], u[ext]);
    assert.deepEqual(got.schemas, [USER, ext]);
  });

  it('keeps a custom extension Entra sends without listing it, and flat urn:...:attr keys', async () => {
    // Entra nests custom extension attributes under the URN and leaves it out of "schemas".
    const u = await created(h.target, '/Users', {
      schemas: [USER, ENTERPRISE],
      userName: uniqueName('unlisted'),
      [ENTERPRISE]: { department: 'Sales', manager: null },
      [CONTOSO]: { costCenter: 'CC-100' },
      [`${CONTOSO}:region`]: 'EMEA',
      [`${CONTOSO}:office.floor`]: 4,
    });
    assert.deepEqual(u.schemas, [USER, ENTERPRISE, CONTOSO]);
    assert.deepEqual(u[CONTOSO], { costCenter: 'CC-100', region: 'EMEA', office: { floor: 4 } });
    assert.deepEqual(u[ENTERPRISE], { department: 'Sales' });
  });

  it('keeps the enterprise extension typed: bad values are still refused', async () => {
    const bad = await h.target.request('POST', '/Users', { schemas: [USER], userName: uniqueName('typed'), [ENTERPRISE]: { employeeNumber: { nested: true } } });
    assertScimError(bad, 400, 'invalidValue');
    // ...while a custom extension takes any JSON (it declares no types).
    const u = await created(h.target, '/Users', { schemas: [USER], userName: uniqueName('typed'), [CONTOSO]: { employeeNumber: { nested: true } } });
    assert.deepEqual(u[CONTOSO], { employeeNumber: { nested: true } });
  });

  it('refuses a custom extension that is not an object, or has attribute names filters cannot address', async () => {
    assertScimError(await h.target.request('POST', '/Users', { schemas: [USER, CONTOSO], userName: uniqueName('bad'), [CONTOSO]: 'x' }), 400, 'invalidValue');
    assertScimError(await h.target.request('POST', '/Users', { schemas: [USER], userName: uniqueName('bad'), [CONTOSO]: ['x'] }), 400, 'invalidValue');
    const r = await h.target.request('POST', '/Users', { schemas: [USER], userName: uniqueName('bad'), [CONTOSO]: { 'cost center': 'x' } });
    assertScimError(r, 400, 'invalidValue');
    assert.match(r.body.detail, /"cost center" in the schema extension/);
  });

  it('keeps extensions to their resource type: a ...:2.0:User extension on a group is ignored, a ...:2.0:Group one kept', async () => {
    const g = await created(h.target, '/Groups', {
      schemas: [GROUP],
      displayName: uniqueName('group'),
      [CONTOSO]: { costCenter: 'ignored' },
      [CONTOSO_GROUP]: { mailEnabled: false },
    });
    assert.deepEqual(g.schemas, [GROUP, CONTOSO_GROUP]);
    assert.equal(g[CONTOSO], undefined);
    assert.deepEqual(g[CONTOSO_GROUP], { mailEnabled: false });
    const r = await h.target.request('GET', `/Groups?filter=${q(`${CONTOSO_GROUP}:mailEnabled eq false`)}`);
    assert.deepEqual(r.body.Resources.map((x: any) => x.id), [g.id]);
  });

  describe('filters', () => {
    const names: string[] = [];
    before(async () => {
      const rows: Array<Record<string, unknown>> = [
        { costCenter: 'CC-100', level: 3, vip: true, tags: ['blue', 'green'], phones: [{ type: 'desk', value: '+47 1' }], manager: { value: 'm1' } },
        { costCenter: 'cc-200', level: 10, vip: false, tags: ['red'], phones: [{ type: 'mobile', value: '+47 2' }] },
        { costCenter: 'True', level: '7' },
      ];
      for (const row of rows) {
        const userName = uniqueName('filter');
        names.push(userName);
        await created(h.target, '/Users', { schemas: [USER], userName, title: 'filter-fixture', [CONTOSO]: row });
      }
    });
    const only = async (filter: string) => (await ids(h.target, `title eq "filter-fixture" and (${filter})`)).map((n) => names.indexOf(n));

    it('compares strings case-insensitively, in the URN and the attribute name too', async () => {
      assert.deepEqual(await only(`${CONTOSO}:costCenter eq "cc-100"`), [0]);
      assert.deepEqual(await only(`${CONTOSO.toUpperCase()}:COSTCENTER sw "CC-"`), [0, 1]);
      assert.deepEqual(await only(`${CONTOSO}:costCenter ne "CC-100"`), [1, 2]);
      assert.deepEqual(await only(`${CONTOSO}:tags eq "GREEN"`), [0]);
      // A legacy "True" string matches the literal true by its text.
      assert.deepEqual(await only(`${CONTOSO}:costCenter eq true`), [2]);
    });

    it('compares numbers as numbers and booleans as booleans, by the stored JSON type', async () => {
      // A number stored as text compares as text: "7" gt 5 by its characters.
      assert.deepEqual(await only(`${CONTOSO}:level gt 5`), [1, 2]);
      assert.deepEqual(await only(`${CONTOSO}:level gt "5"`), [1, 2]);
      assert.deepEqual(await only(`${CONTOSO}:level lt "5"`), [0]);
      assert.deepEqual(await only(`${CONTOSO}:level le 3`), [0]);
      assert.deepEqual(await only(`${CONTOSO}:level eq "7"`), [2]);
      assert.deepEqual(await only(`${CONTOSO}:vip eq true`), [0]);
      assert.deepEqual(await only(`${CONTOSO}:vip eq "False"`), [1]);
      assert.deepEqual(await only(`${CONTOSO}:vip pr`), [0, 1]);
      assert.deepEqual(await only(`not (${CONTOSO}:vip pr)`), [2]);
    });

    it('supports sub-attributes, value filters, and a complex value compared by its value', async () => {
      assert.deepEqual(await only(`${CONTOSO}:phones[type eq "MOBILE"]`), [1]);
      assert.deepEqual(await only(`${CONTOSO}:phones[type eq "desk"].value sw "+47"`), [0]);
      assert.deepEqual(await only(`${CONTOSO}:phones.value eq "+47 2"`), [1]);
      assert.deepEqual(await only(`${CONTOSO}:manager eq "m1"`), [0]);
    });

    it('finds nothing, without an error, for a custom extension no resource has; sorts by a custom attribute', async () => {
      assert.deepEqual(await ids(h.target, 'urn:ietf:params:scim:schemas:extension:Nobody:2.0:User:x eq "y"'), []);
      const sorted = await h.target.request('GET', `/Users?filter=${q(`title eq "filter-fixture" and ${CONTOSO}:vip pr`)}&sortBy=${q(`${CONTOSO}:LEVEL`)}&sortOrder=descending`);
      assert.deepEqual(sorted.body.Resources.map((u: any) => names.indexOf(u.userName)), [1, 0]);
      const byText = await h.target.request('GET', `/Users?filter=${q('title eq "filter-fixture"')}&sortBy=${q(`${CONTOSO}:costCenter`)}`);
      assert.deepEqual(byText.body.Resources.map((u: any) => names.indexOf(u.userName)), [0, 1, 2]);
    });
  });

  describe('PATCH', () => {
    it('replaces, adds and removes custom attributes by path, matching names case-insensitively', async () => {
      const u = await created(h.target, '/Users', { schemas: [USER], userName: uniqueName('patch'), [CONTOSO]: { costCenter: 'CC-1', tags: ['a'] } });
      const after = await patched(
        h.target,
        u.id,
        { op: 'Replace', path: `${CONTOSO}:COSTCENTER`, value: 'CC-2' },
        { op: 'Add', path: `${CONTOSO}:tags`, value: ['a', 'b'] },
        { op: 'Add', path: `${CONTOSO}:level`, value: 4 },
        { op: 'Add', path: `${CONTOSO}:office.floor`, value: 2 },
      );
      assert.deepEqual(after[CONTOSO], { costCenter: 'CC-2', tags: ['a', 'b'], level: 4, office: { floor: 2 } });
      const removed = await patched(h.target, u.id, { op: 'Remove', path: `${CONTOSO}:tags` }, { op: 'replace', path: `${CONTOSO}:level`, value: null });
      assert.deepEqual(removed[CONTOSO], { costCenter: 'CC-2', office: { floor: 2 } });
    });

    it('applies the compliant path-less replace keyed by custom URN paths, and Entra\'s filtered paths', async () => {
      const u = await created(h.target, '/Users', { schemas: [USER], userName: uniqueName('patch') });
      const after = await patched(
        h.target,
        u.id,
        { op: 'replace', value: { displayName: 'Pat', [`${CONTOSO}:costCenter`]: 'CC-9' } },
        { op: 'add', path: `${CONTOSO}:externalIds[authority eq "teams"].value`, value: 'T-1' },
        { op: 'add', path: `${CONTOSO}:externalIds[authority eq "zoom"].value`, value: 'Z-1' },
        { op: 'replace', path: `${CONTOSO}:externalIds[authority eq "TEAMS"].value`, value: 'T-2' },
      );
      assert.equal(after.displayName, 'Pat');
      assert.deepEqual(after.schemas, [USER, CONTOSO]);
      assert.deepEqual(after[CONTOSO], { costCenter: 'CC-9', externalIds: [{ authority: 'teams', value: 'T-2' }, { authority: 'zoom', value: 'Z-1' }] });
      const filtered = await patched(h.target, u.id, { op: 'remove', path: `${CONTOSO}:externalIds[authority eq "zoom"]` });
      assert.deepEqual(filtered[CONTOSO].externalIds, [{ authority: 'teams', value: 'T-2' }]);
    });

    it('adds a new custom extension, merges into it by its URN, and drops it once it is empty', async () => {
      const fabrikam = 'urn:ietf:params:scim:schemas:extension:Fabrikam:2.0:User';
      const u = await created(h.target, '/Users', { schemas: [USER], userName: uniqueName('patch') });
      const added = await patched(h.target, u.id, { op: 'add', path: fabrikam, value: { badge: 'B-1' } }, { op: 'add', path: `${fabrikam}:level`, value: 2 });
      assert.deepEqual(added.schemas, [USER, fabrikam]);
      assert.deepEqual(added[fabrikam], { badge: 'B-1', level: 2 });
      const merged = await patched(h.target, u.id, { op: 'replace', path: fabrikam.toLowerCase(), value: { LEVEL: 3 } });
      assert.deepEqual(merged[fabrikam], { badge: 'B-1', level: 3 });
      const gone = await patched(h.target, u.id, { op: 'remove', path: `${fabrikam}:badge` }, { op: 'remove', path: `${fabrikam}:level` });
      assert.equal(gone[fabrikam], undefined);
      assert.deepEqual(gone.schemas, [USER]);
      await patched(h.target, u.id, { op: 'add', path: `${CONTOSO}:x`, value: 1 });
      const whole = await patched(h.target, u.id, { op: 'remove', path: CONTOSO });
      assert.equal(whole[CONTOSO], undefined);
      assert.deepEqual(whole.schemas, [USER]);
    });

    it('addresses an extension with an unconventional URN by the name the resource lists it under', async () => {
      const ext = 'urn:example:params:scim:schemas:Fabrikam';
      const u = await created(h.target, '/Users', { schemas: [USER, ext], userName: uniqueName('patch'), [ext]: { badge: 'B-1' } });
      const after = await patched(h.target, u.id, { op: 'replace', path: ext, value: { badge: 'B-2' } }, { op: 'add', path: `${ext}:level`, value: 5 });
      assert.deepEqual(after[ext], { badge: 'B-2', level: 5 });
      assert.deepEqual(await ids(h.target, `${ext}:level ge 5`), [u.userName]);
    });

    it('refuses what a custom attribute cannot take, and changes nothing then', async () => {
      const u = await created(h.target, '/Users', { schemas: [USER], userName: uniqueName('patch'), [CONTOSO]: { costCenter: 'CC-1' } });
      const before = (await h.target.request('GET', `/Users/${u.id}`)).body;
      // A value filter on a single-valued attribute, a sub-attribute of a list, an extension as a value.
      for (const op of [
        { op: 'add', path: `${CONTOSO}:costCenter[type eq "x"].value`, value: 'y' },
        { op: 'add', path: `${CONTOSO}:x`, value: { 'bad name': 1 } },
        { op: 'replace', path: `${CONTOSO}`, value: 'not an object' },
        { op: 'add', path: 'urn:ietf:params:scim:schemas:core:2.0:User:shoeSize', value: 42 },
      ]) {
        const r = await h.target.request('PATCH', `/Users/${u.id}`, patchOf(op));
        assert.equal(r.status, 400, `${JSON.stringify(op)}: ${r.text}`);
      }
      assert.deepEqual((await h.target.request('GET', `/Users/${u.id}`)).body, before);
    });
  });

  it('projects custom extensions and their attributes with attributes and excludedAttributes', async () => {
    const u = await created(h.target, '/Users', {
      schemas: [USER],
      userName: uniqueName('projection'),
      displayName: 'Projected',
      [CONTOSO]: { costCenter: 'CC-1', phones: [{ type: 'desk', value: '1' }, { type: 'mobile', value: '2' }] },
    });
    const only = await h.target.request('GET', `/Users/${u.id}?attributes=${q(`${CONTOSO}:costCenter,${CONTOSO}:phones.value`)}`);
    assert.deepEqual(only.body[CONTOSO], { costCenter: 'CC-1', phones: [{ value: '1' }, { value: '2' }] });
    assert.equal(only.body.displayName, undefined);
    const whole = await h.target.request('GET', `/Users/${u.id}?attributes=${q(CONTOSO.toLowerCase())}`);
    assert.deepEqual(whole.body[CONTOSO], u[CONTOSO]);
    const filtered = await h.target.request('GET', `/Users/${u.id}?attributes=${q(`${CONTOSO}:phones[type eq "mobile"]`)}`);
    assert.deepEqual(filtered.body[CONTOSO], { phones: [{ type: 'mobile', value: '2' }] });
    const without = await h.target.request('GET', `/Users/${u.id}?excludedAttributes=${q(`${CONTOSO}:phones`)}`);
    assert.deepEqual(without.body[CONTOSO], { costCenter: 'CC-1' });
    const none = await h.target.request('GET', `/Users/${u.id}?excludedAttributes=${q(CONTOSO)}`);
    assert.equal(none.body[CONTOSO], undefined);
    assert.equal(none.body.displayName, 'Projected');
  });

  it('keeps custom extensions in the store file across restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'entramap-ext-store-'));
    const file = path.join(dir, 'store.json');
    try {
      let id: string;
      let t = await startTarget({ store: file });
      try {
        const r = await scimRequest(t.url, t.token, 'POST', '/Users', { schemas: [USER], userName: 'stored', [CONTOSO]: { costCenter: 'CC-5' } });
        assert.equal(r.status, 201, r.text);
        id = r.body.id;
      } finally {
        await t.close();
      }
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).Users[0][CONTOSO], { costCenter: 'CC-5' });
      t = await startTarget({ store: file });
      try {
        const r = await scimRequest(t.url, t.token, 'GET', `/Users?filter=${q(`${CONTOSO}:costCenter eq "cc-5"`)}`);
        assert.deepEqual(r.body.Resources.map((u: any) => [u.id, u[CONTOSO]]), [[id, { costCenter: 'CC-5' }]]);
      } finally {
        await t.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SCIM target: a catalogued extension (Genesys Cloud), typed', () => {
  const h = useTarget();

  it('validates it with its declared types and answers filters and Entra\'s filtered PATCH paths', async () => {
    assertScimError(await h.target.request('POST', '/Users', { schemas: [USER, GENESYS], userName: uniqueName('g'), [GENESYS]: { externalIds: 'T-1' } }), 400, 'invalidValue');
    // Unknown attributes of a declared extension are dropped, as for the core schema.
    const u = await created(h.target, '/Users', {
      schemas: [USER, GENESYS],
      userName: uniqueName('g'),
      [GENESYS]: { externalIds: [{ authority: 'microsoftteams', value: 'T-1' }], shoeSize: 42 },
    });
    assert.deepEqual(u[GENESYS], { externalIds: [{ authority: 'microsoftteams', value: 'T-1' }] });
    assert.deepEqual(await ids(h.target, `${GENESYS}:externalIds[authority eq "MicrosoftTeams"].value eq "t-1"`), [u.userName]);
    const after = await patched(
      h.target,
      u.id,
      { op: 'Add', path: `${GENESYS}:externalIds[authority eq "zoomphone"].value`, value: 'Z-1' },
      { op: 'Replace', path: `${GENESYS}:externalIds[authority eq "microsoftteams"].value`, value: 'T-2' },
    );
    assert.deepEqual(after[GENESYS].externalIds, [
      { authority: 'microsoftteams', value: 'T-2' },
      { authority: 'zoomphone', value: 'Z-1' },
    ]);
    assertScimError(await h.target.request('PATCH', `/Users/${u.id}`, patchOf({ op: 'add', path: `${GENESYS}:shoeSize`, value: 1 })), 400, 'invalidPath');
  });
});

// ---------------------------------------------------------------------------------------------
// The engine end to end
// ---------------------------------------------------------------------------------------------

const examples = path.join(__dirname, '..', '..', 'examples');

function modelOf(text: string): MappingModel {
  const r = parseMappingDocument(text);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  return r.model;
}

function outcome(t: ProvisionTrace): string {
  const failed = t.steps.find((s) => s.status === 'failed');
  return `${t.action}${t.reason ? ` (${t.reason})` : ''}${failed ? `: ${failed.summary} ${JSON.stringify(failed.error)}` : ''}`;
}

describe('the engine with extension schemas, against the embedded target', () => {
  it('provisions the Genesys example\'s users with their Genesys Cloud external ids, updates them, and their group', async () => {
    // The example maps no Genesys extension attribute (Entra ID has no default source for them);
    // map two, as a Genesys Cloud admin would: the Teams id is the Entra object id.
    const text = readFileSync(path.join(examples, 'genesys', 'genesys.entramap'), 'utf8').replace(
      '  # Also accepted by Genesys Cloud',
      `  ${GENESYS}:externalIds[authority eq "microsoftteams"].value <- [objectId]\n` +
        `  ${GENESYS}:externalIds[authority eq "ringcentral"].value <- IgnoreFlowIfNullOrEmpty([telephoneNumber])\n` +
        '  # Also accepted by Genesys Cloud',
    );
    assert.notEqual(text, readFileSync(path.join(examples, 'genesys', 'genesys.entramap'), 'utf8'), 'the example changed: adjust the insertion point');
    const model = modelOf(text);
    const users = JSON.parse(readFileSync(path.join(examples, 'genesys', 'genesys.users.json'), 'utf8')) as Array<Record<string, unknown>>;
    const groups = JSON.parse(readFileSync(path.join(examples, 'genesys', 'genesys.groups.json'), 'utf8'));
    await withTarget(async (t) => {
      const opts = { model, url: t.url, token: t.token };
      // Johanna first: she is Isaiah's manager, so his manager reference resolves.
      for (const upn of ['johanna.lorenz@contoso.com', 'isaiah.langer@contoso.com']) {
        const trace = await provisionUser({ ...opts, users, user: upn });
        assert.equal(trace.action, 'create', `${upn}: ${outcome(trace)}`);
        const post = trace.requests.find((r) => r.method === 'POST');
        assert.deepEqual((post?.body as any).schemas, [USER, ENTERPRISE, GENESYS]);
      }
      const isaiah = users.find((u) => u.userPrincipalName === 'isaiah.langer@contoso.com')!;
      const johanna = users.find((u) => u.userPrincipalName === 'johanna.lorenz@contoso.com')!;
      const read = async (upn: string) => (await t.request('GET', `/Users?filter=${q(`userName eq "${upn}"`)}`)).body.Resources[0];
      const stored = await read('isaiah.langer@contoso.com');
      assert.deepEqual(stored.schemas, [USER, ENTERPRISE, GENESYS]);
      assert.deepEqual(stored[GENESYS].externalIds, [
        { authority: 'microsoftteams', value: isaiah.objectId },
        { authority: 'ringcentral', value: '+1 918 555 0101' },
      ]);
      assert.equal(stored[ENTERPRISE].manager.value, (await read('johanna.lorenz@contoso.com')).id);
      assert.deepEqual((await read('johanna.lorenz@contoso.com'))[GENESYS].externalIds, [{ authority: 'microsoftteams', value: johanna.objectId }]);

      // Matching on the extension works too: the target filters on the filtered URN path.
      assert.deepEqual(await ids(t, `${GENESYS}:externalIds[authority eq "microsoftteams"].value eq "${isaiah.objectId}"`), ['isaiah.langer@contoso.com']);

      // A changed phone number: one filtered-path operation, applied by the target.
      const changed = users.map((u) => (u === isaiah ? { ...u, telephoneNumber: '+1 918 555 0199' } : u));
      for (const shapes of ['compliant', 'legacy'] as const) {
        const number = shapes === 'compliant' ? '+1 918 555 0199' : '+1 918 555 0200';
        const list = changed.map((u) => (u.userPrincipalName === isaiah.userPrincipalName ? { ...u, telephoneNumber: number } : u));
        const update = await provisionUser({ ...opts, users: list, user: 'isaiah.langer@contoso.com', shapes });
        assert.equal(update.action, 'update', outcome(update));
        const patch = update.requests.find((r) => r.method === 'PATCH');
        assert.equal(patch?.status, 204);
        const ops = (patch?.body as any).Operations as Array<{ op: string; path: string }>;
        assert.ok(ops.some((o) => o.path === `${GENESYS}:externalIds[authority eq "ringcentral"].value`), JSON.stringify(ops));
        assert.deepEqual((await read('isaiah.langer@contoso.com'))[GENESYS].externalIds, [
          { authority: 'microsoftteams', value: isaiah.objectId },
          { authority: 'ringcentral', value: number },
        ]);
      }
      // Nothing left to do for the extension: the engine reads it back and finds it equal.
      const again = await provisionUser({ ...opts, users: changed.map((u) => (u === changed[0] ? { ...u, telephoneNumber: '+1 918 555 0200' } : u)), user: 'isaiah.langer@contoso.com' });
      assert.ok(again.completed, outcome(again));
      const compute = again.steps.find((s) => s.name === 'compute')!.details.mappings as Array<{ target: string; flows: boolean; reason?: string }>;
      for (const m of compute.filter((x) => x.target.startsWith(GENESYS))) {
        assert.deepEqual([m.flows, m.reason], [false, 'the target already has this value'], m.target);
      }

      // The group (created in Genesys Cloud first, as the example says), with both members.
      assert.equal((await t.request('POST', '/Groups', { schemas: [GROUP], displayName: 'Support Agents' })).status, 201);
      const group = await provisionGroup({ ...opts, users, groups, group: 'Support Agents' });
      assert.equal(group.action, 'update', outcome(group));
      const members = (await t.request('GET', `/Groups?filter=${q('displayName eq "Support Agents"')}`)).body.Resources[0].members;
      assert.equal(members.length, 2);
    });
  });

  it('provisions a custom extension the target has never heard of, and a disable, in both PATCH shapes', async () => {
    const text = readFileSync(path.join(examples, 'scim', 'scim.entramap'), 'utf8');
    const at = text.indexOf('\n}');
    assert.ok(at > 0);
    const model = modelOf(
      `${text.slice(0, at)}\n  ${CONTOSO}:costCenter <- [department]\n  ${CONTOSO}:badge <- Join("-", "B", [mailNickname])${text.slice(at)}`,
    );
    const users = JSON.parse(readFileSync(path.join(examples, 'scim', 'scim.users.json'), 'utf8')) as Array<Record<string, unknown>>;
    const user = users.find((u) => u.userPrincipalName === 'patti.fernandez@contoso.com');
    assert.ok(user, 'the scim example has Patti Fernandez');
    await withTarget(async (t) => {
      const opts = { model, url: t.url, token: t.token, user: 'patti.fernandez@contoso.com' };
      const create = await provisionUser({ ...opts, users });
      assert.equal(create.action, 'create', outcome(create));
      const read = async () => (await t.request('GET', `/Users?filter=${q(`${CONTOSO}:costCenter eq "${String(user.department).toUpperCase()}"`)}`)).body.Resources;
      const [stored] = await read();
      assert.deepEqual(stored[CONTOSO], { costCenter: user.department, badge: `B-${user.mailNickname}` });
      for (const shapes of ['compliant', 'legacy'] as const) {
        const moved = users.map((u) => (u === user ? { ...u, mailNickname: `${user.mailNickname}-${shapes}` } : u));
        const update = await provisionUser({ ...opts, users: moved, shapes });
        assert.equal(update.action, 'update', outcome(update));
        assert.equal((await read())[0][CONTOSO].badge, `B-${user.mailNickname}-${shapes}`);
      }
      const deleted = users.map((u) => (u === user ? { ...u, mailNickname: `${user.mailNickname}-legacy`, IsSoftDeleted: true } : u));
      const disable = await provisionUser({ ...opts, users: deleted, shapes: 'legacy' });
      assert.equal(disable.action, 'disable', outcome(disable));
      const [after] = await read();
      assert.equal(after.active, false);
      assert.deepEqual(after[CONTOSO], { costCenter: user.department, badge: `B-${user.mailNickname}-legacy` });
    });
  });
});
