// The text trace (formatTrace) for a person: the compute step lists what flows first, in full, and
// groups the rest by reason; scope conditions in words; a create's values are not listed twice.
// The JSON model is the input and is left as it is.
import assert from 'node:assert/strict';
import { conditionValue, formatTrace, ProvisionTrace, TraceStep, wrapList } from '../../server/src/provisioning/trace';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const UNCHANGED = 'the target already has this value';
const NULL_UPDATE = 'null: never provisioned (a default applies only on create)';
const DISABLE = 'a disable sends only the IsSoftDeleted mappings';
const ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

interface Row {
  target: string;
  expression: string | null;
  value: unknown;
  flows: boolean;
  reason?: string;
  current?: unknown;
}

function row(target: string, expression: string | null, value: unknown, flows: boolean, reason?: string, current?: unknown): Row {
  const r: Row = { target, expression, value, flows };
  if (reason !== undefined) r.reason = reason;
  if (current !== undefined) r.current = current;
  return r;
}

function trace(action: ProvisionTrace['action'], steps: TraceStep[]): ProvisionTrace {
  return {
    version: 1,
    object: { type: 'User', id: 'u-1', reportableIdentifier: 'alex@contoso.com' },
    action,
    completed: !steps.some((s) => s.status === 'failed'),
    dryRun: false,
    steps,
    requests: [],
    warnings: [],
    startedAt: '2024-01-01T00:00:00.000Z',
    durationMs: 1,
  };
}

function compute(rows: Row[], summary = 'rows', status: TraceStep['status'] = 'success', error?: TraceStep['error']): TraceStep {
  const s: TraceStep = { name: 'compute', status, summary, details: { mappings: rows } };
  if (error) s.error = error;
  return s;
}

/** The lines of the compute step: from its line to the next step line. */
function computeBlock(text: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^ {2}. Compute attributes:/.test(l));
  assert.ok(at >= 0, text);
  const end = lines.findIndex((l, i) => i > at && /^ {2}\S/.test(l));
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

describe('formatTrace: the compute step', () => {
  it('an update: the change first with its old value, then the unchanged values and the nulls, one heading each', () => {
    const rows = [
      row('userName', '[userPrincipalName]', 'alex@contoso.com', false, UNCHANGED, 'alex@contoso.com'),
      row('active', ACTIVE, true, false, UNCHANGED, true),
      row('title', '[jobTitle]', 'Marketing Manager', true, undefined, 'Marketing Assistant'),
      row('addresses[type eq "work"].streetAddress', '[streetAddress]', null, false, NULL_UPDATE, null),
      row(`${ENTERPRISE}:department`, '[department]', 'Marketing', false, UNCHANGED, 'Marketing'),
      row('phoneNumbers[type eq "mobile"].value', '[mobile]', '+1 555 0100', true, undefined, null),
      row(`${ENTERPRISE}:costCenter`, '[employeeOrgData.costCenter]', null, false, NULL_UPDATE, null),
    ];
    const t = trace('update', [compute(rows, '2 of 7 attributes differ from the target')]);
    assert.deepEqual(computeBlock(formatTrace(t)), [
      '      → title <- [jobTitle] = "Marketing Manager" (was "Marketing Assistant")',
      '      → phoneNumbers[type eq "mobile"].value <- [mobile] = "+1 555 0100" (was not set)',
      '      Unchanged (the target already has these values): 3',
      '          userName = "alex@contoso.com"',
      '          active   = true',
      `          ${ENTERPRISE}:department = "Marketing"`,
      '      Null in the source (never provisioned; a default applies only on create): 2',
      '          addresses[type eq "work"].streetAddress <- [streetAddress]',
      `          ${ENTERPRISE}:costCenter <- [employeeOrgData.costCenter]`,
      '',
    ]);
  });

  it('a disable: the IsSoftDeleted mapping, then one heading with the count and the names wrapped to the width', () => {
    const names = ['userName', 'displayName', 'title', 'emails[type eq "work"].value', 'preferredLanguage', 'name.givenName', 'name.familyName', `${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:department`];
    const rows = [row('active', ACTIVE, false, true, undefined, true), ...names.map((n) => row(n, `[${n}]`, 'x', false, DISABLE))];
    const text = formatTrace(trace('disable', [compute(rows, '1 of 10 attributes differ from the target')]), { width: 60 });
    const block = computeBlock(text);
    assert.equal(block[0], `      → active <- ${ACTIVE} = false (was true)`);
    assert.equal(block[1], `      Not sent (${DISABLE}): 9`);
    const listed = block.slice(2).filter((l) => l);
    // Every name once, in order, each line within the width (a name longer than it alone on its line).
    const items = listed.map((l) => l.trim().replace(/,$/, '').split(', '));
    assert.deepEqual(items.flat(), names);
    listed.forEach((l, i) => {
      assert.match(l, /^ {10}\S/);
      assert.ok(l.length <= 60 || items[i].length === 1, `too wide: ${l}`);
    });
    assert.equal(text.split(DISABLE).length, 2, 'the reason is written once');
    // The default width is 100 columns.
    const wide = computeBlock(formatTrace(trace('disable', [compute(rows)]))).slice(2, -1);
    assert.ok(wide.length < listed.length, 'fewer lines at 100 columns');
    for (const l of wide) assert.ok(l.length <= 100, l);
  });

  it('a failed compute: the failing mappings first, marked ✗, with their errors', () => {
    const error = 'Unknown function Frobnicate (EVL001)';
    const rows = [row('userName', '[userPrincipalName]', 'alex@contoso.com', true), row('displayName', 'Frobnicate([displayName])', null, false, error), row('title', '[jobTitle]', 'Lead', true)];
    const step = compute(rows, '1 mapping fails', 'failed', { category: 'mapping', message: `Attribute mappings cannot be computed: displayName: ${error}`, hint: 'Fix the expressions.' });
    const block = computeBlock(formatTrace(trace('create', [step])));
    assert.deepEqual(block.slice(0, 3), [
      `      ✗ displayName <- Frobnicate([displayName]): ${error}`,
      '      → userName <- [userPrincipalName] = "alex@contoso.com"',
      '      → title <- [jobTitle] = "Lead"',
    ]);
    assert.ok(block.includes('      Fix: Fix the expressions.'), block.join('\n'));
  });

  it('a reason of its own stays on its mapping\'s line; one shared by several mappings gets a heading', () => {
    const note = 'the referenced user bob@contoso.com is not in the target yet: the reference is not sent (Entra fixes it in a later cycle)';
    const rows = [
      row('userName', '[userPrincipalName]', 'alex@contoso.com', true),
      row(`${ENTERPRISE}:manager`, '[manager]', 'u-2', false, note),
      row('password', 'Redact("x")', '[Redact]', false, 'applied only when the object is created'),
      row('nickName', '[mailNickname]', 'alex', false, 'applied only when the object is created'),
      row('externalId', null, null, false, 'no source: the target is left as it is'),
    ];
    assert.deepEqual(computeBlock(formatTrace(trace('update', [compute(rows)]))), [
      '      → userName <- [userPrincipalName] = "alex@contoso.com"',
      `      · ${ENTERPRISE}:manager <- [manager] = "u-2" (${note})`,
      '      · externalId <- (none) = null (no source: the target is left as it is)',
      '      Not sent (applied only when the object is created): 2',
      '          password <- Redact("x") = "[Redact]"',
      '          nickName <- [mailNickname] = "alex"',
      '',
    ]);
  });

  it('a create: values flow with their reasons (defaults, references), and the action does not list them again', () => {
    const rows = [
      row('userName', '[userPrincipalName]', 'alex@contoso.com', true),
      row('title', '[jobTitle]', 'Staff', true, 'the source is null: default value used'),
      row('password', 'Redact("x")', '[Redact]', true),
      row('nickName', '[mailNickname]', null, false, 'null: never provisioned'),
    ];
    const changes = [
      { attribute: 'userName', new: 'alex@contoso.com' },
      { attribute: 'title', new: 'Staff' },
      { attribute: 'password', new: '[Redact]' },
    ];
    const action: TraceStep = { name: 'action', status: 'success', summary: 'Created user t-1', details: { action: 'create', changes } };
    const text = formatTrace(trace('create', [compute(rows, '3 of 4 attributes flow'), action]));
    assert.deepEqual(computeBlock(text), [
      '      → userName <- [userPrincipalName] = "alex@contoso.com"',
      '      → title <- [jobTitle] = "Staff" (the source is null: default value used)',
      '      → password <- Redact("x") = "[Redact]"',
      '      Null in the source (never provisioned): 1',
      '          nickName <- [mailNickname]',
    ]);
    assert.match(text, /\n {2}✓ Perform action: Created user t-1\n {6}Attributes: the 3 marked → under Compute attributes\n$/);
    // When the action's values are not those of the compute step, it lists them.
    const other = { ...action, details: { action: 'create', changes: [...changes, { attribute: 'manager', new: 't-2' }] } };
    assert.match(formatTrace(trace('create', [compute(rows), other])), /\n {6}userName: "alex@contoso\.com"\n {6}title: "Staff"\n {6}password: "\[Redact\]"\n {6}manager: "t-2"\n/);
  });

  it('indents and wraps group members\' traces by their depth, and leaves the JSON trace as it was', () => {
    const names = Array.from({ length: 12 }, (_, i) => `attribute${i}`);
    const member = trace('disable', [compute([row('active', ACTIVE, false, true, undefined, true), ...names.map((n) => row(n, `[${n}]`, 'v', false, DISABLE))])]);
    const group: ProvisionTrace = { ...trace('update', []), object: { type: 'Group', id: 'g-1', displayName: 'Admins' }, members: [member] };
    const json = JSON.stringify(group);
    const text = formatTrace(group, { width: 50 });
    assert.equal(JSON.stringify(group), json);
    assert.match(text, /\n {2}User alex@contoso\.com: DISABLE\n/);
    assert.match(text, /\n {8}Not sent \(a disable sends only the IsSoftDeleted mappings\): 12\n {12}attribute0, attribute1,/);
    for (const l of text.split('\n').filter((l) => l.includes('attribute'))) assert.ok(l.length <= 50, l);
  });
});

describe('formatTrace: the scope step', () => {
  const scope = (conditions: Array<{ name: string; value: unknown; result: boolean }>): TraceStep => ({
    name: 'scope',
    status: 'success',
    summary: 'Out of scope: soft-deleted in the source',
    details: { conditions, filters: [] },
  });

  it('prints the conditions in words, with the ✓/✗ marks', () => {
    const text = formatTrace(
      trace('disable', [
        scope([
          { name: 'Active in source system', value: false, result: false },
          { name: 'Not deleted in source system', value: 'soft-deleted', result: false },
          { name: 'Assigned to application', value: true, result: true },
          { name: 'Scope sync all', value: false, result: true },
          { name: 'Scoping filters', value: '1 of 1 passed', result: true },
        ]),
      ]),
    );
    assert.match(
      text,
      new RegExp(
        [
          '\\n {6}✗ Active in source system: no \\(blocked from sign-in: accountEnabled is false\\)',
          '\\n {6}✗ Not deleted in source system: no \\(soft-deleted: in the recycle bin\\)',
          '\\n {6}✓ Assigned to application: yes',
          '\\n {6}✓ Scope sync all: no \\(assigned users and groups only\\)',
          '\\n {6}✓ Scoping filters: 1 of 1 passed\\n',
        ].join(''),
      ),
    );
    assert.doesNotMatch(text, /"present"|"soft-deleted"|"1 of 1 passed"/);
  });

  it('says every condition\'s value in words', () => {
    const c = (name: string, value: unknown, result = true) => conditionValue({ name, value, result });
    assert.equal(c('Active in source system', true), 'yes');
    assert.equal(c('Active in source system', null), 'yes (accountEnabled not set)');
    assert.equal(c('Active in source system', 'False', false), 'no (blocked from sign-in: accountEnabled is false)');
    assert.equal(c('Not deleted in source system', 'present'), 'yes');
    assert.equal(c('Not deleted in source system', 'hard-deleted', false), 'no (deleted)');
    assert.equal(c('Assigned to application', false, false), 'no');
    assert.equal(c('Assigned to application', 'sync all'), 'yes (the scope is "sync all")');
    assert.equal(c('Scope sync all', true), 'yes (all users and groups)');
    assert.equal(c('Scoping filters', 'none'), 'none (every object passes)');
    assert.equal(c('Scoping filters', '0 of 2 passed', false), '0 of 2 passed');
    // A condition it does not know: Booleans in words, other values as they are.
    assert.equal(c('Something new', true), 'yes');
    assert.equal(c('Something new', 3), '3');
  });
});

describe('wrapList', () => {
  it('joins with commas and breaks before a word that would pass the width', () => {
    assert.deepEqual(wrapList(['aa', 'bb', 'cc', 'dd'], 8), ['aa, bb,', 'cc, dd']);
    assert.deepEqual(wrapList(['a-very-long-name', 'b'], 5), ['a-very-long-name,', 'b']);
    assert.deepEqual(wrapList([], 10), []);
  });
});
