import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import schema from '../../server/src/catalog/templates/data/apps.schema.json';
import data from '../../server/src/catalog/templates/data/apps.json';
import { allAppFacts, appAttribute, appFacts, appIds, checkTenantUrl } from '../../server/src/catalog/templates/apps';
import { resolveTargetPath } from '../../server/src/catalog/scim-schemas';

describe('catalog: seed-app facts', () => {
  it('validates against its JSON schema', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    assert.equal(validate(data), true, JSON.stringify(validate.errors, null, 2));
  });

  it('has the four seed apps', () => {
    assert.deepEqual(appIds(), ['personify', 'mypolicies', 'genesys', 'scim']);
    assert.equal(appFacts('Genesys')?.displayName, 'Genesys Cloud for Azure');
    assert.equal(appFacts('nope'), undefined);
  });

  it('lists target paths that all resolve against the SCIM schemas (and the app extensions), without duplicates', () => {
    for (const app of allAppFacts()) {
      for (const object of ['User', 'Group'] as const) {
        const keys = new Set<string>();
        for (const a of app.objects[object] ?? []) {
          const r = resolveTargetPath(a.path, { resourceType: object, extensions: app.extensionSchemas });
          assert.ok(r.ok, `${app.id} ${object} ${a.path}: ${r.ok ? '' : r.error.message}`);
          if (!r.ok) continue;
          assert.equal(r.path.synthesized, false, `${app.id} ${a.path} should have a definition`);
          assert.ok(!r.path.notes.some((n) => n.kind === 'casing'), `${app.id} ${a.path} casing`);
          assert.ok(!keys.has(r.path.key), `${app.id} duplicate ${a.path}`);
          keys.add(r.path.key);
        }
      }
    }
  });

  it('keeps each tutorial\'s full table with its flags', () => {
    const personify = appFacts('personify')!;
    assert.equal(personify.objects.User.length, 31);
    assert.deepEqual(
      personify.objects.User.filter((a) => a.required).map((a) => a.path),
      ['userName', 'active', 'emails[type eq "work"].value', 'name.givenName', 'name.familyName'],
    );
    assert.deepEqual(personify.objects.User.filter((a) => a.filterable).map((a) => a.path), ['userName', 'externalId']);
    assert.equal(appAttribute(personify, 'User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager')?.type, 'Reference');
    assert.equal(personify.capabilities.groups.provisioned, false);

    const myp = appFacts('mypolicies')!;
    assert.equal(myp.objects.User.length, 9);
    assert.deepEqual(myp.objects.User.filter((a) => a.required).map((a) => a.path), ['userName', 'emails[type eq "work"].value', 'externalId']);
    assert.equal(myp.capabilities.users.hardDelete, false);
    assert.ok(myp.limits.some((l) => /hard deletes/.test(l)));

    const gen = appFacts('genesys')!;
    assert.equal(gen.objects.User.length, 20);
    assert.deepEqual(gen.objects.User.filter((a) => a.required).map((a) => a.path), ['userName', 'active', 'displayName']);
    assert.deepEqual(gen.objects.Group?.map((a) => [a.path, !!a.required, !!a.filterable]), [
      ['displayName', true, true],
      ['externalId', false, false],
      ['members', false, false],
    ]);
    assert.deepEqual(gen.capabilities.groups, { provisioned: true, create: false, update: true, delete: false });
    const work3 = appAttribute(gen, 'User', 'phoneNumbers[type eq "work3"].value');
    assert.equal(work3?.tutorialSpelling, 'phoneNumberss[type eq "work3"].value');
    assert.ok(appAttribute(gen, 'User', 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "zoomphone"].Value'));
    assert.equal(appAttribute(gen, 'User', 'nickName'), undefined);
  });

  it('checks Tenant URLs against each app\'s shape', () => {
    const myp = appFacts('mypolicies')!;
    assert.deepEqual(checkTenantUrl(myp, 'https://demo0-qa.mypolicies.com/scim'), { ok: true });
    assert.deepEqual(checkTenantUrl(myp, 'https://demo0-qa.mypolicies.com/scim?aadOptscim062020'), { ok: true });
    const wrong = checkTenantUrl(myp, 'https://mypolicies.com/scim');
    assert.equal(wrong.ok, false);
    assert.match(!wrong.ok ? wrong.message : '', /<myPoliciesCustomDomain>\.mypolicies\.com\/scim/);
    const http = checkTenantUrl(myp, 'http://demo0-qa.mypolicies.com/scim');
    assert.match(!http.ok ? http.message : '', /HTTPS only/);
    const gen = appFacts('genesys')!;
    assert.deepEqual(checkTenantUrl(gen, 'https://api.mypurecloud.ie/api/v2/scim/v2'), { ok: true });
    assert.equal(checkTenantUrl(gen, 'https://api.mypurecloud.ie/api/v2').ok, false);
    assert.equal(checkTenantUrl(appFacts('scim')!, 'not a url').ok, false);
    assert.deepEqual(checkTenantUrl(appFacts('scim')!, 'https://127.0.0.1:8443/scim'), { ok: true });
  });
});
