// The example workspaces under examples/ against the embedded SCIM target: the Personify Inc
// demo (create, update after a change, disable when soft-deleted, skip out of scope) and the
// connector limits the other examples show.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { MappingModel } from '../../server/src/model/types';
import { provisionGroup, provisionUser } from '../../server/src/provisioning/engine';
import type { ProvisionTrace } from '../../server/src/provisioning/trace';
import { RunningTarget, startTarget } from '../../server/src/target';

const examples = join(__dirname, '..', '..', 'examples');
const read = (...p: string[]) => readFileSync(join(examples, ...p), 'utf8');

function model(app: string): MappingModel {
  const r = parseMappingDocument(read(app, `${app}.entramap`));
  assert.deepEqual(r.diagnostics, []);
  return r.model;
}

function users(app: string, file = `${app}.users.json`): Array<Record<string, unknown>> {
  return JSON.parse(read(app, file));
}

function summary(t: ProvisionTrace): string {
  const failed = t.steps.find((s) => s.status === 'failed');
  return `${t.action}${t.reason ? ` (${t.reason})` : ''}${failed ? `: ${JSON.stringify(failed)}` : ''}`;
}

describe('examples', () => {
  let target: RunningTarget;
  beforeEach(async () => {
    target = await startTarget({ port: 0 });
  });
  afterEach(async () => {
    await target.close();
  });

  it('personify: the demo creates, updates, disables and skips', async () => {
    const m = model('personify');
    const before = users('personify', 'personify.users.before.json');
    const after = users('personify');
    const run = (list: Array<Record<string, unknown>>, user: string) =>
      provisionUser({ model: m, users: list, user, url: target.url, token: target.token });

    // Earlier state: Alex and Diego were provisioned while active, with Alex's old job title.
    for (const upn of ['alex.wilber@contoso.com', 'diego.siciliani@contoso.com']) {
      const t = await run(before, upn);
      assert.equal(t.action, 'create', `${upn}: ${summary(t)}`);
    }

    const adele = await run(after, 'adele.vance@contoso.com');
    assert.equal(adele.action, 'create', summary(adele));
    const alex = await run(after, 'alex.wilber@contoso.com');
    assert.equal(alex.action, 'update', summary(alex));
    assert.match(JSON.stringify(alex.requests.filter((r) => r.method === 'PATCH')), /Marketing Manager/);
    const diego = await run(after, 'diego.siciliani@contoso.com');
    assert.equal(diego.action, 'disable', summary(diego));
    const megan = await run(after, 'megan.bowen@contoso.com');
    assert.equal(megan.action, 'skip', summary(megan));
    assert.ok(!megan.requests.some((r) => r.method === 'POST' || r.method === 'PATCH'));

    // Running the demo again changes nothing.
    const again = await run(after, 'alex.wilber@contoso.com');
    assert.notEqual(again.action, 'update', summary(again));
  });

  it('mypolicies: falls back to the UPN for the required e-mail, never deletes, skips a never-provisioned soft-deleted user', async () => {
    const m = model('mypolicies');
    const list = users('mypolicies');
    const run = (user: string) => provisionUser({ model: m, users: list, user, url: target.url, token: target.token });
    assert.equal((await run('lee.gu@contoso.com')).action, 'create');
    const lynne = await run('lynne.robbins@contoso.com');
    assert.equal(lynne.action, 'create', summary(lynne));
    const post = lynne.requests.find((r) => r.method === 'POST');
    assert.match(JSON.stringify(post?.body), /"value":"lynne\.robbins@contoso\.com"/);
    assert.match(JSON.stringify(post?.body), /"externalId":"b65903c4-f8d9-458d-8128-20fac55a8662"/);
    const pradeep = await run('pradeep.gupta@contoso.com');
    assert.equal(pradeep.action, 'skip', summary(pradeep));
  });

  it('genesys: creates users with roles, and updates a group only once it exists in Genesys Cloud', async () => {
    const m = model('genesys');
    const list = users('genesys');
    const groups = JSON.parse(read('genesys', 'genesys.groups.json'));
    for (const upn of ['johanna.lorenz@contoso.com', 'isaiah.langer@contoso.com']) {
      const t = await provisionUser({ model: m, users: list, user: upn, url: target.url, token: target.token });
      assert.equal(t.action, 'create', `${upn}: ${summary(t)}`);
      assert.match(JSON.stringify(t.requests.find((r) => r.method === 'POST')?.body), /Agent/);
    }
    const opts = { model: m, users: list, groups, group: 'Support Agents', url: target.url, token: target.token };
    const missing = await provisionGroup(opts);
    assert.equal(missing.action, 'skip', `the group mapping must not create: ${summary(missing)}`);
    assert.ok(!missing.requests.some((r) => r.method === 'POST'));
    const res = await fetch(`${target.url}/Groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Support Agents' }),
    });
    assert.equal(res.status, 201);
    const updated = await provisionGroup(opts);
    assert.equal(updated.action, 'update', summary(updated));
  });

  it('genesys: a second identical run sends nothing, though Genesys Cloud keeps no displayName in roles', async () => {
    const m = model('genesys');
    const list = users('genesys');
    const run = (l: Array<Record<string, unknown>>, user: string) => provisionUser({ model: m, users: l, user, url: target.url, token: target.token });
    const upns = ['johanna.lorenz@contoso.com', 'isaiah.langer@contoso.com'];
    for (const upn of upns) assert.equal((await run(list, upn)).action, 'create', upn);
    // The target dropped the roles' displayName, which SCIM roles do not define.
    const stored = await fetch(`${target.url}/Users?filter=${encodeURIComponent('userName eq "isaiah.langer@contoso.com"')}`, { headers: { authorization: `Bearer ${target.token}` } });
    const roles = ((await stored.json()) as { Resources: Array<{ roles: Array<Record<string, unknown>> }> }).Resources[0].roles;
    assert.deepEqual(roles.map((r) => [r.value, r.displayName]), [['Agent', undefined]]);
    for (const upn of upns) {
      const again = await run(list, upn);
      assert.equal(again.action, 'none', `${upn}: ${summary(again)}`);
      assert.equal(again.reason, 'RedundantExport');
      assert.ok(!again.requests.some((r) => r.method !== 'GET'), upn);
      const row = (again.steps.find((s) => s.name === 'compute')!.details.mappings as Array<{ target: string; flows: boolean; reason?: string }>).find((r) => r.target === 'roles')!;
      assert.deepEqual([row.flows, row.reason], [false, 'the target already has this value']);
    }
    // A role that really changes is sent, with what Entra sends (displayName included), once.
    const promoted = list.map((u) =>
      u.userPrincipalName === 'isaiah.langer@contoso.com'
        ? { ...u, appRoleAssignments: [...(u.appRoleAssignments as object[]), { appRoleId: '5ed3dfeb-a13a-4a74-a30e-49709d9188a2', appRoleValue: 'Supervisor', displayName: 'Supervisor' }] }
        : u,
    );
    const update = await run(promoted, 'isaiah.langer@contoso.com');
    assert.equal(update.action, 'update', summary(update));
    const patch = update.requests.find((r) => r.method === 'PATCH');
    assert.match(JSON.stringify(patch?.body), /"displayName":"Supervisor","value":"Supervisor"/);
    assert.equal((await run(promoted, 'isaiah.langer@contoso.com')).action, 'none');
  });

  it('scim: creates the example users, with the manager reference', async () => {
    const m = model('scim');
    const list = users('scim');
    for (const upn of ['patti.fernandez@contoso.com', 'nestor.wilke@contoso.com']) {
      const t = await provisionUser({ model: m, users: list, user: upn, url: target.url, token: target.token });
      assert.ok(t.completed, summary(t));
      assert.equal(t.action, 'create', `${upn}: ${summary(t)}`);
    }
  });
});
