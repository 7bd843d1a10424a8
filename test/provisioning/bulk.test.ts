// The bulk dry run (computeBulk): the same scope and the same values as provision on demand,
// for many users, without HTTP; counts, error samples, redaction marks and object mapping choice.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { MappingModel } from '../../server/src/model/types';
import { BulkRow, BulkSetupError, computeBulk } from '../../server/src/provisioning/bulk';
import { computeMappings, SourceObject } from '../../server/src/provisioning/compute';
import { provisionUser } from '../../server/src/provisioning/engine';
import { Redactor } from '../../server/src/provisioning/redact';
import { withTarget } from '../support/scim-target';

const examples = path.join(__dirname, '..', '..', 'examples');
const NOW = new Date('2025-06-01T12:00:00Z');

function model(text: string): MappingModel {
  const r = parseMappingDocument(text);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  return r.model;
}

const personify = () => model(readFileSync(path.join(examples, 'personify', 'personify.entramap'), 'utf8'));
const personifyUsers = (): SourceObject[] => JSON.parse(readFileSync(path.join(examples, 'personify', 'personify.users.json'), 'utf8'));

/** Rows copied out of the callback (the row object is reused). */
function rowsOf(m: MappingModel, users: SourceObject[], options: Parameters<typeof computeBulk>[2] = {}): { rows: BulkRow[]; report: ReturnType<typeof computeBulk> } {
  const rows: BulkRow[] = [];
  const report = computeBulk(m, users, { now: NOW, ...options, onUser: (r) => rows.push({ ...r, values: [...r.values], errors: [...r.errors], redacted: [...r.redacted] }) });
  return { rows, report };
}

describe('computeBulk', () => {
  it('decides scope as provision on demand does, for the Personify example', async () => {
    const m = personify();
    const users = personifyUsers();
    const { rows, report } = rowsOf(m, users);
    assert.deepEqual(
      rows.map((r) => [r.id, r.inScope, r.reason]),
      [
        ['9d9e2a7c-3803-4623-995a-19885caf33a9', true, 'in scope'],
        ['4ef6b1cc-d3ab-4f92-854e-443ef57250b2', true, 'in scope'],
        ['fc0b968f-09ef-4345-880c-bbf3e70ca46e', false, 'soft-deleted in the source'],
        ['51c0bd00-b576-472a-b9a1-67d20761ab3f', false, 'no scoping filter passed'],
      ],
    );
    assert.deepEqual([report.users, report.inScope, report.outOfScope], [4, 2, { 'soft-deleted in the source': 1, 'no scoping filter passed': 1 }]);
    // The engine's own scope step says the same (a dry run: reads only).
    await withTarget(async (t) => {
      for (const [i, u] of users.entries()) {
        const trace = await provisionUser({ model: m, users, user: String(u.userPrincipalName), url: t.url, token: t.token, dryRun: true, now: NOW });
        const scope = trace.steps.find((s) => s.name === 'scope')!;
        assert.deepEqual([scope.details.inScope, scope.details.reason], [rows[i].inScope, rows[i].reason], String(u.userPrincipalName));
      }
    });
  });

  it('computes the values provision on demand computes, with IsSoftDeleted from the scope decision', async () => {
    const m = personify();
    const users = personifyUsers();
    const { rows, report } = rowsOf(m, users);
    const om = m.rules[0].objectMappings[0];
    assert.equal(report.mapping, om.name);
    assert.deepEqual(report.targets, om.attributeMappings.filter((a) => !a.raw && a.targetAttributeName).map((a) => a.targetAttributeName));
    for (const [i, u] of users.entries()) {
      const expected = computeMappings(m, om, { ...u, IsSoftDeleted: !rows[i].inScope }, new Redactor(), { now: NOW });
      assert.deepEqual(
        rows[i].values,
        expected.map((r) => (r.outcome === 'value' ? r.value : r.outcome === 'null' ? null : undefined)),
        String(u.userPrincipalName),
      );
    }
    // Diego is soft-deleted: active is computed false, as the disable sends it.
    assert.equal(rows[2].values[report.targets.indexOf('active')], false);
    assert.equal(rows[0].values[report.targets.indexOf('active')], true);
    // And the engine's create trace for Adele shows the same values.
    await withTarget(async (t) => {
      const trace = await provisionUser({ model: m, users, user: 'adele.vance@contoso.com', url: t.url, token: t.token, dryRun: true, now: NOW });
      const computed = trace.steps.find((s) => s.name === 'compute')!.details.mappings as Array<{ target: string; value: unknown }>;
      for (const row of computed) assert.deepEqual(row.value, rows[0].values[report.targets.indexOf(row.target)] ?? null, row.target);
    });
    const counted = report.outcomes.value + report.outcomes.null + report.outcomes.noflow + report.outcomes.error;
    assert.equal(counted, report.evaluations);
    assert.equal(report.evaluations, users.length * report.targets.length);
  });

  it('counts per-user failures, keeps the first ones as samples, and goes on', () => {
    const m = model(`app "Errors" template scim
mapping "Users" {
  source User
  target User
  actions create update
  userName <- [userPrincipalName] match 1
  active <- CBool([employeeId])
  nickName <- IgnoreFlowIfNullOrEmpty([mailNickname])
  displayName <- Redact([displayName])
  password <- [mail]
}
`);
    const users: SourceObject[] = [
      { objectId: 'a', userPrincipalName: 'a@x', employeeId: '1', mailNickname: 'a', displayName: 'A', mail: 'a@x' },
      { objectId: 'b', userPrincipalName: 'b@x', employeeId: 'not a number', displayName: 'B' },
      { id: 'c', userPrincipalName: 'c@x', employeeId: 'nope', mailNickname: '' },
    ];
    const { rows, report } = rowsOf(m, users, { maxErrorSamples: 1 });
    assert.deepEqual(report.outcomes, { value: 8, null: 3, noflow: 2, error: 2 });
    assert.equal(report.errorSamples.length, 1);
    assert.equal(report.errorSamples[0].id, 'b');
    assert.equal(report.errorSamples[0].target, 'active');
    assert.match(report.errorSamples[0].message, /EVL006/);
    assert.deepEqual(rows.map((r) => r.errors.map((e) => e.mapping)), [[], [1], [1]]);
    assert.deepEqual(rows.map((r) => r.id), ['a', 'b', 'c']);
    // Values that must not be shown are marked: the password target always, Redact() where evaluated.
    assert.deepEqual(rows.map((r) => [...r.redacted].sort()), [
      [3, 4],
      [3, 4],
      [3, 4],
    ]);
    assert.deepEqual(rows[0].values, ['a@x', true, 'a', 'A', 'a@x']);
    assert.deepEqual(rows[2].values, ['c@x', undefined, undefined, null, null]);
  });

  it('runs the object mapping asked for, and says what is wrong when it cannot run', () => {
    const text = readFileSync(path.join(examples, 'scim', 'scim.entramap'), 'utf8');
    const m = model(text);
    const groups: SourceObject[] = [{ objectId: 'g1', displayName: 'Admins' }];
    const report = computeBulk(m, groups, { objectMapping: 'Synchronize Microsoft Entra groups to SCIM app' });
    assert.deepEqual([report.users, report.inScope, report.targets], [1, 1, ['displayName', 'externalId', 'members']]);
    assert.throws(() => computeBulk(m, groups, { objectMapping: 'Nope' }), (e: unknown) => e instanceof BulkSetupError && /no object mapping named "Nope"/.test(e.message));
    const noUsers = model('app "G" template scim\nmapping "Groups" {\n  source Group\n  target Group\n  actions create\n  displayName <- [displayName] match 1\n}\n');
    assert.throws(() => computeBulk(noUsers, []), (e: unknown) => e instanceof BulkSetupError && /no object mapping for users/.test(e.message));
  });

  it('takes any iterable and keeps nothing per user: a generator of 20,000 users', () => {
    const m = personify();
    const base = personifyUsers()[0];
    function* many(): Generator<SourceObject> {
      for (let i = 0; i < 20_000; i++) yield { ...base, objectId: `id-${i}`, userPrincipalName: `u${i}@contoso.com`, employeeType: i % 10 === 0 ? 'Contractor' : 'Employee' };
    }
    const targets = rowsOf(m, [base]).report.targets.length;
    let last: number | undefined;
    let seen = 0;
    const report = computeBulk(m, many(), {
      onUser: (r) => {
        assert.equal(r.index, seen++);
        assert.equal(r.values.length, targets);
        last = r.index;
      },
    });
    assert.equal(last, 19_999);
    assert.deepEqual([report.users, report.inScope, report.outOfScope], [20_000, 18_000, { 'no scoping filter passed': 2_000 }]);
  });
});
