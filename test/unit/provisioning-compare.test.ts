// Change detection (server/src/provisioning/paths.ts sameValue / missingValues): complex values
// are compared by the sub-attributes the target schema defines, or, when it does not say, by those
// the target returns. Entra's role objects carry displayName, which SCIM roles do not define and
// targets drop: without this, roles differ on every run and are sent again and again.
import assert from 'node:assert/strict';
import { decideFlow, MappingResult } from '../../server/src/provisioning/compute';
import { missingValues, sameValue, targetPath, TargetPath } from '../../server/src/provisioning/paths';

function path(text: string): TargetPath {
  const p = targetPath(text, 'User');
  assert.ok(!('error' in p), text);
  return p;
}

const entraRole = (value: string) => ({ primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: value, value });
const storedRole = (value: string) => ({ value, type: 'WindowsAzureActiveDirectoryRole', primary: false });

describe('change detection: complex values', () => {
  it('knows the sub-attributes SCIM defines for a complex attribute, and none for other paths', () => {
    assert.deepEqual(path('roles').subAttributes?.map((s) => s.toLowerCase()).sort(), ['display', 'primary', 'type', 'value']);
    assert.ok(path('emails').subAttributes?.includes('value'));
    assert.equal(path('title').subAttributes, undefined);
    assert.equal(path('emails[type eq "work"].value').subAttributes, undefined);
    assert.equal(path('urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badges').subAttributes, undefined);
  });

  it('roles: the displayName Entra sends is not compared (SCIM roles do not define it)', () => {
    const subs = path('roles').subAttributes;
    assert.equal(sameValue([entraRole('Agent')], [storedRole('Agent')], false, subs), true);
    assert.equal(sameValue([entraRole('Agent'), entraRole('Supervisor')], [storedRole('Supervisor'), storedRole('Agent')], false, subs), true, 'lists as sets');
    // What SCIM defines still counts: value, type, primary.
    assert.equal(sameValue([entraRole('Supervisor')], [storedRole('Agent')], false, subs), false);
    assert.equal(sameValue([entraRole('Agent')], [{ ...storedRole('Agent'), primary: true }], false, subs), false);
    assert.equal(sameValue([entraRole('Agent'), entraRole('Supervisor')], [storedRole('Agent')], false, subs), false);
    // A displayName the target happens to keep is not compared either: the schema does not define it.
    assert.equal(sameValue([entraRole('Agent')], [{ ...storedRole('Agent'), displayName: 'Old' }], false, subs), true);
  });

  it('an attribute the schema does not describe: compares the sub-attributes the target returns', () => {
    // The target keeps value and type, never label.
    assert.equal(sameValue([{ value: 'a', type: 'x', label: 'A' }], [{ value: 'a', type: 'x' }], false), true);
    assert.equal(sameValue([{ value: 'b', type: 'x', label: 'B' }], [{ value: 'a', type: 'x' }], false), false);
    // A sub-attribute one element returns is compared in every element.
    assert.equal(sameValue([{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], [{ value: 'a' }, { value: 'b', label: 'X' }], false), false);
    // Nothing in common with what the target returns: different.
    assert.equal(sameValue([{ label: 'A' }], [{ value: 'a' }], false), false);
    // A single complex value too.
    assert.equal(sameValue({ givenName: 'Ann', nick: 'A' }, { givenName: 'ann' }, false), true);
    assert.equal(sameValue({ givenName: 'Ann' }, { givenName: 'ann' }, true), false, 'caseExact');
  });

  it('add-only flows add only the roles the target lacks, compared the same way', () => {
    const subs = path('roles').subAttributes;
    const current = [storedRole('Agent')];
    assert.deepEqual(missingValues([entraRole('Agent')], current, false, subs), []);
    assert.deepEqual(missingValues([entraRole('Agent'), entraRole('Supervisor')], current, false, subs), [entraRole('Supervisor')]);
    const m = {
      target: 'roles',
      path: path('roles'),
      outcome: 'value',
      value: [entraRole('Agent')],
      flowType: 'MultiValueAddOnly',
      mapping: { source: {} },
      softDelete: false,
    } as unknown as MappingResult;
    assert.deepEqual(decideFlow(m, 'update', { present: true, value: current }), { flows: false, reason: 'MultiValueAddOnly: nothing to add' });
    const more = { ...m, value: [entraRole('Agent'), entraRole('Supervisor')] } as MappingResult;
    assert.deepEqual(decideFlow(more, 'update', { present: true, value: current }), { flows: true, value: [storedRole('Agent'), entraRole('Supervisor')] });
  });
});
