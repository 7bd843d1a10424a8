// Provision on demand for one group with its members against the embedded target: the group is
// created or updated, each member user provisioned (its own trace), and memberships added or
// removed with PATCH — only where the target differs.
import assert from 'node:assert/strict';
import type { JsonObject } from '../../server/src/model/json';
import { provisionGroup, ProvisionGroupOptions, provisionUser } from '../../server/src/provisioning/engine';
import { formatTrace, ProvisionTrace, TraceRequest } from '../../server/src/provisioning/trace';
import { groups, MAPPING, mappingModel, users } from '../support/provisioning-fixtures';
import { TestTarget, withTarget } from '../support/scim-target';

const GROUP_ID = '22222222-0000-0000-0000-000000000001';
const ALICE = '11111111-0000-0000-0000-000000000001';
const BOB = '11111111-0000-0000-0000-000000000002';

function options(t: TestTarget, extra: Partial<ProvisionGroupOptions> = {}): ProvisionGroupOptions {
  return { model: mappingModel(), users: users(), groups: groups(), url: t.url, token: t.token, env: {}, group: 'Engineering Team', ...extra };
}

function own(trace: ProvisionTrace, method?: string): TraceRequest[] {
  return trace.requests.filter((r) => (method ? r.method === method : r.method !== 'GET'));
}

async function targetGroup(t: TestTarget, id: string): Promise<JsonObject> {
  const res = await t.request('GET', `/Groups/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.body;
}

async function userId(t: TestTarget, userName: string): Promise<string | undefined> {
  const res = await t.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  return res.body.Resources[0]?.id;
}

function memberValues(group: JsonObject): string[] {
  return ((group.members as JsonObject[] | undefined) ?? []).map((m) => String(m.value)).sort();
}

describe('provision on demand: groups', () => {
  it('creates the group, provisions its in-scope members, and adds them in one PATCH', () =>
    withTarget(async (t) => {
      const trace = await provisionGroup(options(t));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'create');
      assert.equal(trace.object.type, 'Group');
      assert.equal(trace.object.id, GROUP_ID);
      // Match by displayName without members, as Entra queries groups.
      const match = trace.requests.find((r) => r.purpose === 'match')!;
      assert.equal(decodeURIComponent(new URL(match.url).search), '?excludedAttributes=members&filter=displayName eq "Engineering Team"');
      const [post, patch] = own(trace);
      assert.deepEqual(post.body, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
        displayName: 'Engineering Team',
        externalId: GROUP_ID,
        meta: { resourceType: 'Group' },
      });
      // Members: alice and bob are created; carol (Sales) is out of scope and left out.
      assert.deepEqual(trace.members?.map((m) => [m.object.reportableIdentifier, m.action]), [
        ['alice@contoso.com', 'create'],
        ['bob@contoso.com', 'create'],
        ['carol@contoso.com', 'skip'],
      ]);
      const alice = await userId(t, 'alice@contoso.com');
      const bob = await userId(t, 'bob@contoso.com');
      assert.equal(patch.url, `${t.url}/Groups/${trace.targetId}`);
      assert.deepEqual(patch.body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: alice }, { value: bob }] }],
      });
      assert.deepEqual(memberValues(await targetGroup(t, trace.targetId!)), [alice, bob].sort());
      const action = trace.steps.find((s) => s.name === 'action')!;
      const membership = action.details.membership as { add: string[]; skipped: Array<{ member: string; reason: string }> };
      assert.deepEqual(membership.add, [alice, bob]);
      assert.deepEqual(membership.skipped.map((s) => s.member), ['11111111-0000-0000-0000-000000000003']);
      assert.match(membership.skipped[0].reason, /out of scope/);
      assert.match(formatTrace(trace), /\n {2}User alice@contoso\.com: CREATE\n/);
    }));

  it('is "none" the second time: memberships are checked with Entra\'s filter query, nothing is written', () =>
    withTarget(async (t) => {
      await provisionGroup(options(t));
      // The second run sets alice's manager (bob was created after her in the first run).
      const second = await provisionGroup(options(t));
      assert.deepEqual(second.members?.map((m) => m.action), ['update', 'none', 'skip']);
      const before = t.requests.length;
      const again = await provisionGroup(options(t));
      assert.equal(again.completed, true, formatTrace(again));
      assert.equal(again.action, 'none');
      assert.deepEqual(own(again), []);
      assert.deepEqual(again.members?.map((m) => m.action), ['none', 'none', 'skip']);
      const checks = again.requests.filter((r) => r.purpose === 'member check');
      assert.equal(checks.length, 2);
      assert.match(decodeURIComponent(checks[0].url), /\/Groups\?excludedAttributes=members&filter=id eq "[0-9a-f-]{36}" and members\[value eq "[0-9a-f-]{36}"\]$/);
      assert.ok(t.requests.slice(before).every((r) => r.method === 'GET'));
    }));

  it('adds a member that is missing from an existing group, and renames nothing that is equal', () =>
    withTarget(async (t) => {
      const first = await provisionGroup(options(t, { members: [ALICE] }));
      assert.equal(first.completed, true, formatTrace(first));
      const gid = first.targetId!;
      const again = await provisionGroup(options(t));
      assert.equal(again.action, 'update');
      const [patch] = own(again, 'PATCH');
      const bob = await userId(t, 'bob@contoso.com');
      assert.deepEqual((patch.body as JsonObject).Operations, [{ op: 'add', path: 'members', value: [{ value: bob }] }]);
      assert.equal(memberValues(await targetGroup(t, gid)).length, 2);
    }));

  it('removes a member that left the group (members@delta with @removed)', () =>
    withTarget(async (t) => {
      const created = await provisionGroup(options(t));
      const gid = created.targetId!;
      const bob = (await userId(t, 'bob@contoso.com'))!;
      const changed = groups();
      changed[0].members = [ALICE];
      changed[0]['members@delta'] = [{ id: BOB, '@removed': { reason: 'deleted' } }];
      const trace = await provisionGroup(options(t, { groups: changed }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'update');
      const [patch] = own(trace, 'PATCH');
      assert.deepEqual((patch.body as JsonObject).Operations, [{ op: 'remove', path: `members[value eq "${bob}"]` }]);
      assert.deepEqual(memberValues(await targetGroup(t, gid)), [await userId(t, 'alice@contoso.com')]);
    }));

  it('legacy shapes: members added with "$ref": null and removed with a value list', () =>
    withTarget(async (t) => {
      const created = await provisionGroup(options(t, { shapes: 'legacy', members: [ALICE] }));
      const [, add] = own(created);
      const alice = await userId(t, 'alice@contoso.com');
      assert.deepEqual((add.body as JsonObject).Operations, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: alice }] }]);
      const changed = groups();
      changed[0].members = [];
      changed[0]['members@delta'] = [{ id: ALICE, '@removed': { reason: 'deleted' } }];
      const trace = await provisionGroup(options(t, { shapes: 'legacy', groups: changed }));
      const [patch] = own(trace, 'PATCH');
      assert.deepEqual((patch.body as JsonObject).Operations, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: alice }] }]);
      assert.deepEqual(memberValues(await targetGroup(t, created.targetId!)), []);
    }));

  it('dry run: the group create and the membership PATCH are shown, not sent', () =>
    withTarget(async (t) => {
      await provisionUser({ ...options(t), user: 'alice@contoso.com' });
      const trace = await provisionGroup(options(t, { dryRun: true }));
      assert.equal(trace.completed, true, formatTrace(trace));
      const writes = own(trace);
      assert.deepEqual(writes.map((w) => [w.method, w.sent]), [['POST', false], ['PATCH', false]]);
      assert.match(writes[1].url, /\/Groups\/\{id\}$/);
      const res = await t.request('GET', '/Groups');
      assert.equal(res.body.totalResults, 0);
      assert.equal(await userId(t, 'bob@contoso.com'), undefined, 'members are not created in a dry run');
    }));

  it('deletes a group deleted in the source where the mapping allows Delete; skips it otherwise', () =>
    withTarget(async (t) => {
      const created = await provisionGroup(options(t, { members: [] }));
      const gone = groups();
      gone[0]['@removed'] = { reason: 'deleted' };
      const kept = await provisionGroup(options(t, { groups: gone, model: mappingModel(MAPPING.replace(/(source Group\n {2}target Group\n {2}actions) create update delete/, '$1 create update')) }));
      assert.equal(kept.action, 'skip');
      const trace = await provisionGroup(options(t, { groups: gone }));
      assert.equal(trace.action, 'delete');
      assert.equal(own(trace)[0].url, `${t.url}/Groups/${created.targetId}`);
      assert.equal((await t.request('GET', `/Groups/${created.targetId}`)).status, 404);
    }));

  it('fails the import step when the group mapping is disabled or the group is unknown', () =>
    withTarget(async (t) => {
      const disabled = mappingModel(MAPPING.replace('source Group\n', 'source Group\n  enabled false\n'));
      const a = await provisionGroup(options(t, { model: disabled }));
      assert.equal(a.completed, false);
      assert.match(a.steps[0].error?.message ?? '', /disabled/);
      const b = await provisionGroup(options(t, { group: 'No Such Group' }));
      assert.equal(b.completed, false);
      assert.equal(b.steps[0].error?.category, 'input');
      assert.deepEqual(b.requests, []);
    }));
});
