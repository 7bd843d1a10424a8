// Provision on demand for users against the real embedded SCIM target on 127.0.0.1: the
// quickstart's three scenarios (create; match and update; skip out of scope), disable, none,
// delete, references, dry run, legacy request shapes, and the trace itself.
import assert from 'node:assert/strict';
import { compileExpression, evaluate } from '../../server/src/evaluate';
import type { Value } from '../../server/src/evaluate';
import type { JsonObject } from '../../server/src/model/json';
import { toTargetJson } from '../../server/src/provisioning/compute';
import { provisionUser, ProvisionUserOptions } from '../../server/src/provisioning/engine';
import { targetPath } from '../../server/src/provisioning/paths';
import { formatTrace, ProvisionTrace, TraceRequest } from '../../server/src/provisioning/trace';
import { parseConfigurationDocument } from '../../server/src/schema/document';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ENTERPRISE, INITIAL_PASSWORD, MAPPING, mappingModel, users } from '../support/provisioning-fixtures';
import { REPO_ROOT, TestTarget, withTarget } from '../support/scim-target';

function options(t: TestTarget, user: string, extra: Partial<ProvisionUserOptions> = {}): ProvisionUserOptions {
  return { model: mappingModel(), users: users(), url: t.url, token: t.token, env: {}, user, ...extra };
}

function writes(trace: ProvisionTrace): TraceRequest[] {
  return trace.requests.filter((r) => r.method !== 'GET');
}

function step(trace: ProvisionTrace, name: string) {
  const s = trace.steps.find((x) => x.name === name);
  assert.ok(s, `step ${name} is in the trace`);
  return s;
}

async function targetUser(t: TestTarget, userName: string): Promise<JsonObject | undefined> {
  const res = await t.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  assert.equal(res.status, 200);
  return res.body.Resources[0];
}

async function seed(t: TestTarget, body: JsonObject): Promise<string> {
  const res = await t.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE], ...body });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

function assertNoSecrets(trace: ProvisionTrace, token: string): void {
  const json = JSON.stringify(trace);
  assert.ok(!json.includes(token), 'the token is not in the trace');
  assert.ok(!json.includes(INITIAL_PASSWORD), 'the Redact()ed password is not in the trace');
  const text = formatTrace(trace);
  assert.ok(!text.includes(token) && !text.includes(INITIAL_PASSWORD));
}

describe('provision on demand: users', () => {
  it('quickstart 1 — a user not in the target is created with POST', () =>
    withTarget(async (t) => {
      const trace = await provisionUser(options(t, 'alice@contoso.com'));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'create');
      assert.deepEqual(trace.steps.map((s) => [s.name, s.status]), [
        ['import', 'success'],
        ['scope', 'success'],
        ['match', 'success'],
        ['compute', 'success'],
        ['action', 'success'],
      ]);
      // Matching: userName first, then externalId, both with no hit.
      const gets = trace.requests.filter((r) => r.purpose === 'match');
      assert.deepEqual(gets.map((r) => decodeURIComponent(new URL(r.url).search)), ['?filter=userName eq "alice@contoso.com"', '?filter=externalId eq "alice"']);
      const [post] = writes(trace);
      assert.equal(post.method, 'POST');
      assert.equal(post.url, `${t.url}/Users`);
      assert.equal(post.status, 201);
      assert.equal(post.sent, true);
      assert.deepEqual(post.body, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        userName: 'alice@contoso.com',
        externalId: 'alice',
        active: true,
        displayName: 'Alice Smith',
        emails: [{ primary: true, type: 'work', value: 'alice@contoso.com' }],
        name: { givenName: 'Alice', familyName: 'Smith' },
        title: 'Engineer',
        [ENTERPRISE]: { department: 'Engineering', employeeNumber: 'E-1001' },
        password: '[Redact]',
        meta: { resourceType: 'User' },
      });
      assert.equal(trace.targetId, (post.response as JsonObject).id);
      // The target holds the user, and got the real password (only the trace hides it).
      const stored = await targetUser(t, 'alice@contoso.com');
      assert.equal(stored?.id, trace.targetId);
      assert.equal(stored?.active, true);
      const received = t.requests.find((r) => r.method === 'POST');
      assert.equal((received?.body as JsonObject).password, INITIAL_PASSWORD);
      assertNoSecrets(trace, t.token);
    }));

  it('quickstart 2 — a user already in the target is matched and updated with a PATCH of the differences only', () =>
    withTarget(async (t) => {
      const id = await seed(t, {
        userName: 'alice@contoso.com',
        externalId: 'alice',
        active: true,
        displayName: 'Alice S.',
        title: 'Intern',
        emails: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
        name: { givenName: 'Alice', familyName: 'Smith' },
        [ENTERPRISE]: { department: 'Research' },
      });
      const trace = await provisionUser(options(t, 'alice@contoso.com'));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'update');
      assert.equal(trace.targetId, id);
      const match = step(trace, 'match');
      assert.equal((match.details.matched as { id: string }).id, id);
      const [patch] = writes(trace);
      assert.equal(patch.method, 'PATCH');
      assert.equal(patch.url, `${t.url}/Users/${id}`);
      assert.ok(patch.status === 204 || patch.status === 200);
      // displayName and department differ (replace, path-less, in one operation); employeeNumber
      // is new (add); title is an on-create-only mapping; the password is never re-sent.
      assert.deepEqual(patch.body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'replace', value: { displayName: 'Alice Smith', [`${ENTERPRISE}:department`]: 'Engineering' } },
          { op: 'add', path: `${ENTERPRISE}:employeeNumber`, value: 'E-1001' },
        ],
      });
      const changes = step(trace, 'action').details.changes as Array<{ attribute: string; old: unknown; new: unknown }>;
      assert.deepEqual(changes.find((c) => c.attribute === 'displayName'), { attribute: 'displayName', new: 'Alice Smith', old: 'Alice S.' });
      const stored = await targetUser(t, 'alice@contoso.com');
      assert.equal(stored?.displayName, 'Alice Smith');
      assert.equal(stored?.title, 'Intern', 'on-create-only mappings do not flow on update');
      assert.deepEqual(stored?.[ENTERPRISE], { department: 'Engineering', employeeNumber: 'E-1001' });
      assertNoSecrets(trace, t.token);
      // The text: the changes first, with the target's old values; the rest grouped by reason.
      const text = formatTrace(trace);
      assert.match(
        text,
        new RegExp(
          [
            '\\n {2}✓ Compute attributes: 3 of 12 attributes differ from the target',
            '\\n {6}→ displayName <- \\[displayName\\] = "Alice Smith" \\(was "Alice S\\."\\)',
            `\\n {6}→ ${ENTERPRISE}:department <- \\[department\\] = "Engineering" \\(was "Research"\\)`,
            `\\n {6}→ ${ENTERPRISE}:employeeNumber <- IgnoreFlowIfNullOrEmpty\\(\\[employeeId\\]\\) = "E-1001" \\(was not set\\)`,
            `\\n {6}· ${ENTERPRISE}:manager <- \\[manager\\] = "[0-9-]+" \\(the referenced user bob@contoso\\.com is not in the target yet: the reference is not sent`,
          ].join(''),
        ),
      );
      assert.match(text, /\n {6}Unchanged \(the target already has these values\): 6\n {10}userName {21}= "alice@contoso\.com"\n {10}externalId {19}= "alice"\n/);
      assert.match(text, /\n {6}Not sent \(applied only when the object is created\): 2\n {10}title <- \[jobTitle\] = "Engineer"\n {10}password <- Redact\("\[Redact\]"\) = "\[Redact\]"\n/);
      assert.doesNotMatch(text, /already has this value\)/, 'the reason is in the heading, not on every line');
    }));

  it('quickstart 3 — a user out of scope that was never provisioned is skipped, nothing written', () =>
    withTarget(async (t) => {
      const trace = await provisionUser(options(t, 'carol@contoso.com'));
      assert.equal(trace.completed, true);
      assert.equal(trace.action, 'skip');
      const scope = step(trace, 'scope');
      assert.equal(scope.details.inScope, false);
      const filters = scope.details.filters as Array<{ name: string; result: boolean; clauses: Array<{ attribute: string; operator: string; values: string[]; actual: unknown; result: boolean }> }>;
      assert.deepEqual(filters, [
        { name: 'Engineering', result: false, clauses: [{ attribute: 'department', operator: 'EQUALS', values: ['Engineering'], actual: 'Sales', result: false }] },
      ]);
      assert.equal(step(trace, 'action').status, 'skipped');
      assert.deepEqual(writes(trace), []);
      assert.equal(t.requests.filter((r) => r.method !== 'GET').length, 0);
    }));

  it('matches on the second matching attribute when the first finds nothing', () =>
    withTarget(async (t) => {
      const id = await seed(t, { userName: 'alice.old@contoso.com', externalId: 'alice', active: true });
      const trace = await provisionUser(options(t, 'alice@contoso.com'));
      assert.equal(trace.action, 'update');
      const attempts = step(trace, 'match').details.attempts as Array<{ targetAttribute: string; found: number }>;
      assert.deepEqual(attempts.map((a) => [a.targetAttribute, a.found]), [['userName', 0], ['externalId', 1]]);
      assert.equal(trace.targetId, id);
      assert.equal((await targetUser(t, 'alice@contoso.com'))?.id, id, 'userName was updated');
    }));

  it('does nothing (action none) when the target already holds every value', () =>
    withTarget(async (t) => {
      const first = await provisionUser(options(t, 'bob@contoso.com'));
      assert.equal(first.action, 'create');
      const before = t.requests.length;
      const again = await provisionUser(options(t, 'bob@contoso.com'));
      assert.equal(again.completed, true, formatTrace(again));
      assert.equal(again.action, 'none');
      assert.equal(again.reason, 'RedundantExport');
      assert.deepEqual(writes(again), []);
      assert.ok(t.requests.slice(before).every((r) => r.method === 'GET'));
      assert.equal(step(again, 'action').status, 'skipped');
    }));

  it('disables a soft-deleted user with PATCH active false (a JSON Boolean)', () =>
    withTarget(async (t) => {
      const id = await seed(t, { userName: 'dave@contoso.com', externalId: 'dave', active: true });
      const trace = await provisionUser(options(t, 'dave@contoso.com'));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'disable');
      assert.equal(step(trace, 'scope').details.isSoftDeleted, true);
      const [patch] = writes(trace);
      assert.equal(patch.url, `${t.url}/Users/${id}`);
      assert.deepEqual(patch.body, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] });
      assert.equal((await targetUser(t, 'dave@contoso.com'))?.active, false);
      // The text: the scope in words, the disable's one mapping, the 11 others named once.
      const text = formatTrace(trace);
      assert.match(text, /\n {6}✓ Active in source system: yes\n {6}✗ Not deleted in source system: no \(soft-deleted: in the recycle bin\)\n/);
      assert.match(text, /\n {6}→ active <- Switch\(\[IsSoftDeleted\], , "False", "True", "True", "False"\) = false \(was true\)\n {6}Not sent \(a disable sends only the IsSoftDeleted mappings\): 11\n {10}userName, externalId, displayName,/);
      assert.equal(text.split('a disable sends only the IsSoftDeleted mappings').length, 2);
      // Once disabled, running again changes nothing.
      const again = await provisionUser(options(t, 'dave@contoso.com'));
      assert.equal(again.action, 'none');
    }));

  it('disables a user that left scope, unless SkipOutOfScopeDeletions is set', () =>
    withTarget(async (t) => {
      await seed(t, { userName: 'carol@contoso.com', externalId: 'carol', active: true });
      const skipped = await provisionUser(options(t, 'carol@contoso.com', { skipOutOfScopeDeletions: true }));
      assert.equal(skipped.action, 'skip');
      assert.deepEqual(writes(skipped), []);
      const disabled = await provisionUser(options(t, 'carol@contoso.com'));
      assert.equal(disabled.action, 'disable');
      assert.equal((await targetUser(t, 'carol@contoso.com'))?.active, false);
    }));

  it('disables a user blocked from sign-in, and re-enables it once unblocked', () =>
    withTarget(async (t) => {
      const list = users();
      const bob = list.find((u) => u.userPrincipalName === 'bob@contoso.com')!;
      await provisionUser(options(t, 'bob@contoso.com'));
      bob.accountEnabled = false;
      const off = await provisionUser(options(t, 'bob@contoso.com', { users: list }));
      assert.equal(off.action, 'disable');
      assert.match(step(off, 'scope').summary, /blocked from sign-in/);
      bob.accountEnabled = true;
      const on = await provisionUser(options(t, 'bob@contoso.com', { users: list }));
      assert.equal(on.action, 'update');
      assert.deepEqual((writes(on)[0].body as JsonObject).Operations, [{ op: 'replace', path: 'active', value: true }]);
    }));

  it('deletes a hard-deleted user where the object mapping allows Delete', () =>
    withTarget(async (t) => {
      const id = await seed(t, { userName: 'frank@contoso.com', externalId: 'frank', active: true });
      const trace = await provisionUser(options(t, 'frank@contoso.com'));
      assert.equal(trace.action, 'delete');
      const [del] = writes(trace);
      assert.equal(del.method, 'DELETE');
      assert.equal(del.url, `${t.url}/Users/${id}`);
      assert.equal(del.status, 204);
      assert.equal(await targetUser(t, 'frank@contoso.com'), undefined);
      // Without Delete among the target object actions, nothing is deleted.
      await seed(t, { userName: 'frank@contoso.com', externalId: 'frank', active: true });
      const noDelete = mappingModel(MAPPING.replace('actions create update delete', 'actions create update'));
      const kept = await provisionUser(options(t, 'frank@contoso.com', { model: noDelete }));
      assert.equal(kept.action, 'skip');
      assert.deepEqual(writes(kept), []);
      assert.ok(await targetUser(t, 'frank@contoso.com'));
    }));

  it('sends a manager as the target id of the matched manager (an extra update after the create)', () =>
    withTarget(async (t) => {
      const bob = await provisionUser(options(t, 'bob@contoso.com'));
      const bobId = bob.targetId!;
      const trace = await provisionUser(options(t, 'alice@contoso.com'));
      assert.equal(trace.action, 'create');
      const ref = trace.requests.filter((r) => r.purpose === 'reference');
      assert.equal(decodeURIComponent(new URL(ref[0].url).search), '?filter=userName eq "bob@contoso.com"');
      const [post, patch] = writes(trace);
      assert.equal((post.body as JsonObject)[ENTERPRISE] && ((post.body as JsonObject)[ENTERPRISE] as JsonObject).manager, undefined);
      assert.equal(patch.url, `${t.url}/Users/${trace.targetId}`);
      assert.deepEqual((patch.body as JsonObject).Operations, [{ op: 'add', path: `${ENTERPRISE}:manager`, value: bobId }]);
      const stored = await targetUser(t, 'alice@contoso.com');
      assert.equal(((stored?.[ENTERPRISE] as JsonObject).manager as JsonObject).value, bobId);
      const row = (step(trace, 'compute').details.mappings as Array<{ target: string; value: unknown; reference?: { targetId?: string } }>).find((m) => m.target.endsWith(':manager'))!;
      assert.equal(row.value, bobId);
      assert.equal(row.reference?.targetId, bobId);
      // The manager is unchanged on the next run: nothing to send.
      assert.equal((await provisionUser(options(t, 'alice@contoso.com'))).action, 'none');
    }));

  it('leaves a manager that is not in the target out, and says why', () =>
    withTarget(async (t) => {
      const trace = await provisionUser(options(t, 'alice@contoso.com'));
      assert.equal(trace.action, 'create');
      assert.equal(writes(trace).length, 1, 'only the POST');
      const row = (step(trace, 'compute').details.mappings as Array<{ target: string; flows: boolean; reason?: string }>).find((m) => m.target.endsWith(':manager'))!;
      assert.equal(row.flows, false);
      assert.match(row.reason ?? '', /bob@contoso\.com is not in the target yet/);
    }));

  it('skips a user without a value for any matching attribute (ImportSkipped)', () =>
    withTarget(async (t) => {
      const trace = await provisionUser(options(t, '11111111-0000-0000-0000-000000000005'));
      assert.equal(trace.completed, true);
      assert.equal(trace.action, 'skip');
      assert.equal(trace.reason, 'ImportSkipped');
      assert.equal(step(trace, 'match').status, 'skipped');
      assert.deepEqual(trace.requests, []);
    }));

  it('fails the match step on duplicate target entries', () =>
    withTarget(async (t) => {
      const list = [...users(), { objectId: 'u-9', userPrincipalName: 'zed@contoso.com', mailNickname: 'dup', department: 'Engineering', accountEnabled: true }];
      await seed(t, { userName: 'dup1@contoso.com', externalId: 'dup' });
      await seed(t, { userName: 'dup2@contoso.com', externalId: 'dup' });
      const trace = await provisionUser(options(t, 'zed@contoso.com', { users: list }));
      assert.equal(trace.completed, false);
      const match = step(trace, 'match');
      assert.equal(match.status, 'failed');
      assert.equal(match.error?.code, 'DuplicateTargetEntries');
      assert.deepEqual(writes(trace), []);
    }));

  it('fails the import step for a user that is not in the users file', () =>
    withTarget(async (t) => {
      const trace = await provisionUser(options(t, 'nobody@contoso.com'));
      assert.equal(trace.completed, false);
      assert.equal(trace.steps.length, 1);
      assert.equal(step(trace, 'import').status, 'failed');
      assert.match(step(trace, 'import').error?.message ?? '', /No user with objectId or userPrincipalName "nobody@contoso\.com"/);
      assert.deepEqual(trace.requests, []);
    }));

  it('fails the compute step, and writes nothing, when a mapping cannot be evaluated', () =>
    withTarget(async (t) => {
      const model = mappingModel(MAPPING.replace('displayName <- [displayName]', 'displayName <- FormatDateTime([displayName], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")'));
      const trace = await provisionUser(options(t, 'alice@contoso.com', { model }));
      assert.equal(trace.completed, false);
      const compute = step(trace, 'compute');
      assert.equal(compute.status, 'failed');
      assert.match(compute.error?.message ?? '', /displayName/);
      assert.equal(step(trace, 'action').status, 'skipped');
      assert.deepEqual(writes(trace), []);
    }));

  it('dry run: the create is shown, marked not sent, and the target is untouched', () =>
    withTarget(async (t) => {
      await provisionUser(options(t, 'bob@contoso.com'));
      const trace = await provisionUser(options(t, 'alice@contoso.com', { dryRun: true }));
      assert.equal(trace.completed, true);
      assert.equal(trace.dryRun, true);
      assert.equal(trace.action, 'create');
      const [post, ref] = writes(trace);
      assert.equal(post.method, 'POST');
      assert.equal(post.sent, false);
      assert.equal(post.status, null);
      assert.equal((post.body as JsonObject).userName, 'alice@contoso.com');
      assert.equal(ref.method, 'PATCH');
      assert.equal(ref.sent, false);
      assert.match(ref.url, /\/Users\/\{id\}$/);
      assert.match(formatTrace(trace), /POST http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users → NOT SENT \(dry run\)/);
      assert.equal(await targetUser(t, 'alice@contoso.com'), undefined);
      assert.equal(t.requests.filter((r) => r.method !== 'GET').length, 1, 'only the first (real) run wrote');
    }));

  it('dry run: an update is shown as the PATCH it would send', () =>
    withTarget(async (t) => {
      await seed(t, { userName: 'bob@contoso.com', externalId: 'bob', active: true, displayName: 'Robert' });
      const trace = await provisionUser(options(t, 'bob@contoso.com', { dryRun: true }));
      assert.equal(trace.action, 'update');
      const [patch] = writes(trace);
      assert.equal(patch.sent, false);
      assert.ok(((patch.body as JsonObject).Operations as JsonObject[]).length > 0);
      assert.equal((await targetUser(t, 'bob@contoso.com'))?.displayName, 'Robert');
    }));

  it('legacy request shapes: capitalised ops, one operation per attribute, "True"/"False" strings', () =>
    withTarget(async (t) => {
      await seed(t, { userName: 'alice@contoso.com', externalId: 'alice', active: true, displayName: 'A', [ENTERPRISE]: { department: 'Research' } });
      const trace = await provisionUser(options(t, 'alice@contoso.com', { shapes: 'legacy' }));
      assert.equal(trace.action, 'update', formatTrace(trace));
      const ops = (writes(trace)[0].body as JsonObject).Operations as JsonObject[];
      assert.ok(ops.every((o) => typeof o.path === 'string' && /^[A-Z]/.test(String(o.op))), JSON.stringify(ops));
      assert.deepEqual(ops.find((o) => o.path === 'displayName'), { op: 'Replace', path: 'displayName', value: 'Alice Smith' });
      assert.deepEqual(ops.find((o) => o.path === `${ENTERPRISE}:department`), { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Engineering' });
      assert.deepEqual(ops.find((o) => o.path === 'emails[type eq "work"].value'), { op: 'Add', path: 'emails[type eq "work"].value', value: 'alice@contoso.com' });
      const stored = await targetUser(t, 'alice@contoso.com');
      assert.equal(stored?.displayName, 'Alice Smith');
      // Disable: the string "False", as Entra sends it without the compliance flag.
      const list = users().map((u) => (u.userPrincipalName === 'alice@contoso.com' ? { ...u, IsSoftDeleted: true } : u));
      const off = await provisionUser(options(t, 'alice@contoso.com', { users: list, shapes: 'legacy' }));
      assert.deepEqual((writes(off)[0].body as JsonObject).Operations, [{ op: 'Replace', path: 'active', value: 'False' }]);
      assert.equal((await targetUser(t, 'alice@contoso.com'))?.active, false);
    }));

  it('takes the legacy shapes from an AzureAdScimPatch2017 Tenant URL flag', () =>
    withTarget(async (t) => {
      await seed(t, { userName: 'dave@contoso.com', externalId: 'dave', active: true });
      const trace = await provisionUser({ ...options(t, 'dave@contoso.com'), url: `${t.url}?AzureAdScimPatch2017` });
      assert.deepEqual((writes(trace)[0].body as JsonObject).Operations, [{ op: 'Replace', path: 'active', value: 'False' }]);
      assert.ok(writes(trace)[0].url.endsWith(`/Users/${trace.targetId}`), 'the flag is not sent on');
    }));

  it('works the same from a Graph schema JSON file (custom extension, phone numbers, None mapping)', () =>
    withTarget(async (t) => {
      const text = readFileSync(path.join(REPO_ROOT, 'test/fixtures/graph/scim-users-groups.json'), 'utf8');
      const parsed = parseConfigurationDocument(text, 'graph-json');
      assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
      const list = [{ objectId: 'g-1', userPrincipalName: 'gina@contoso.com', givenName: 'Gina', surname: 'Lopez', mailNickname: 'gina', mobile: '+1 555 0100', displayName: 'Gina Lopez', accountEnabled: true, employeeType: 'Contractor', extension_9d98a0c4b1b84d2a8f3b6a7e2c1d0f55_costCenter: 'CC-7' }];
      const trace = await provisionUser({ model: parsed.model, users: list, url: t.url, token: t.token, env: {}, user: 'gina@contoso.com' });
      assert.equal(trace.action, 'create', formatTrace(trace));
      const body = writes(trace)[0].body as JsonObject;
      assert.deepEqual(body.phoneNumbers, [{ primary: true, type: 'mobile', value: '+1 555 0100' }]);
      assert.deepEqual(body.name, { givenName: 'Gina', familyName: 'Lopez', formatted: 'Gina Lopez' });
      assert.equal(body.locale, 'en-US');
      assert.equal(body.title, 'Staff');
      assert.equal(body.active, true);
      const custom = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';
      assert.deepEqual(body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User', custom]);
      assert.deepEqual(body[custom], { costCenter: 'CC-7' });
    }));

  it('never shows a value that goes to a secret attribute, even without Redact()', () =>
    withTarget(async (t) => {
      const model = mappingModel(MAPPING.replace('password <- Redact("Initial-Pa55word!") on create', 'password <- [extensionAttribute1] on create'));
      const list = users().map((u) => (u.userPrincipalName === 'bob@contoso.com' ? { ...u, extensionAttribute1: 'Pw-From-Source-9' } : u));
      const trace = await provisionUser(options(t, 'bob@contoso.com', { model, users: list }));
      assert.equal(trace.action, 'create');
      assert.ok(!JSON.stringify(trace).includes('Pw-From-Source-9'));
      assert.ok(!formatTrace(trace).includes('Pw-From-Source-9'));
      const row = (step(trace, 'compute').details.mappings as Array<{ target: string; value: unknown; redacted?: boolean }>).find((m) => m.target === 'password')!;
      assert.deepEqual([row.value, row.redacted], ['[Redact]', true]);
      assert.equal((t.requests.find((r) => r.method === 'POST')?.body as JsonObject).password, 'Pw-From-Source-9');
    }));

  it('prints the trace for a person: marks, requests and responses, redacted', () =>
    withTarget(async (t) => {
      const trace = await provisionUser(options(t, 'alice@contoso.com'));
      const text = formatTrace(trace);
      assert.match(text, /^User alice@contoso\.com: CREATE\n/);
      assert.match(text, /\n {2}✓ Import: Imported alice@contoso\.com\n/);
      assert.match(text, /\n {2}✓ Match between source and target: No target user matches\n/);
      assert.match(text, /\n {4}GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?filter=userName eq "alice@contoso\.com" → 200 \(\d+ ms\) \[match\]\n/);
      assert.match(text, /\n {8}> {3}"password": "\[Redact\]",\n/);
      assert.match(text, /\n {8}< {3}"id": "[0-9a-f-]{36}",\n/);
      assertNoSecrets(trace, t.token);
    }));
});

describe('provisioning: expression results as SCIM values', () => {
  // The evaluator's Boolean results print as JSON Booleans in `entramap eval` and Not returns the
  // text "True"/"False"; what goes to the target depends only on the target attribute's type.
  const pathOf = (text: string) => {
    const p = targetPath(text, 'User');
    assert.ok(!('error' in p), text);
    return p;
  };
  const sent = (expr: string, source: Record<string, unknown>, target: string) => {
    const o = evaluate(compileExpression(expr), { source });
    assert.equal(o.kind, 'value', expr);
    return toTargetJson((o as { value: Value }).value, pathOf(target));
  };

  it('sends a JSON Boolean to a Boolean attribute and "True"/"False" to a string attribute, whatever the expression', () => {
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', { IsSoftDeleted: false }, true],
      ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', { IsSoftDeleted: true }, false],
      ['Not([IsSoftDeleted])', { IsSoftDeleted: true }, false],
      ['Not([IsSoftDeleted])', { IsSoftDeleted: 'False' }, true],
      ['IsPresent([mail])', { mail: 'a@b.c' }, true],
      ['CBool([n] > 1)', { n: 0 }, false],
      ['[accountEnabled]', { accountEnabled: true }, true],
      ['[department] = "Sales"', { department: 'Sales' }, true],
    ];
    for (const [expr, source, want] of cases) {
      assert.deepEqual(sent(expr, source, 'active'), { ok: true, value: want }, `active <- ${expr}`);
      assert.deepEqual(sent(expr, source, 'title'), { ok: true, value: want ? 'True' : 'False' }, `title <- ${expr}`);
    }
  });
});
