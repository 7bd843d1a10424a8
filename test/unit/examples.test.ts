// The example workspaces under examples/: their files parse, their users use Entra ID source
// attribute names, and the Personify scope batch matches its mapping. (test/provisioning/
// examples.test.ts runs them against the embedded SCIM target.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupSourceAttribute } from '../../server/src/catalog/source-attributes';
import { getTemplate } from '../../server/src/catalog/templates';
import { run as scope } from '../../server/src/cli/scope';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { CliIO } from '../../server/src/cli/io';

const root = join(__dirname, '..', '..', 'examples');
const apps = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Keys of source objects that are conventions of the provisioning engine, not attributes. */
const CONVENTIONS = new Set(['assigned', 'deletedDateTime', '@removed']);

describe('examples', () => {
  it('has a workspace per seed app', () => {
    assert.deepEqual(apps, ['genesys', 'mypolicies', 'personify', 'scim']);
  });

  for (const app of apps) {
    describe(app, () => {
      const text = readFileSync(join(root, app, `${app}.entramap`), 'utf8');

      it('has a mapping file that parses without diagnostics and names its template', () => {
        const r = parseMappingDocument(text);
        assert.deepEqual(r.diagnostics, []);
        assert.equal(r.model.app?.template, app);
      });

      it('keeps its template\'s mappings (the Personify example adds its scoping filter)', () => {
        const body = (t: string) => t.slice(t.indexOf('app "'));
        const own = body(text).replace(/\n  scope \{\n[\s\S]*?\n  \}\n\n/, '\n');
        assert.equal(own, body(getTemplate(app)!.text));
      });

      it('has users keyed by Entra ID source attribute names, with unique ids and UPNs', () => {
        const users = JSON.parse(readFileSync(join(root, app, `${app}.users.json`), 'utf8')) as Array<Record<string, unknown>>;
        assert.ok(Array.isArray(users) && users.length >= 2);
        for (const u of users) {
          for (const key of Object.keys(u)) {
            if (CONVENTIONS.has(key)) continue;
            assert.equal(lookupSourceAttribute(key).kind, 'found', `${app}: "${key}" is not a source attribute name`);
          }
          assert.match(String(u.objectId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          assert.equal(typeof u.IsSoftDeleted, 'boolean');
        }
        assert.equal(new Set(users.map((u) => u.objectId)).size, users.length);
        assert.equal(new Set(users.map((u) => u.userPrincipalName)).size, users.length);
      });
    });
  }

  it('personify: the users cover the demo (create, update, soft-deleted, out of scope)', () => {
    const users = JSON.parse(readFileSync(join(root, 'personify', 'personify.users.json'), 'utf8')) as Array<Record<string, unknown>>;
    const before = JSON.parse(readFileSync(join(root, 'personify', 'personify.users.before.json'), 'utf8')) as Array<Record<string, unknown>>;
    assert.equal(users.length, 4);
    assert.deepEqual(users.map((u) => u.IsSoftDeleted), [false, false, true, false]);
    assert.deepEqual(users.map((u) => u.employeeType), ['Employee', 'Employee', 'Employee', 'Contractor']);
    const alex = users.find((u) => u.userPrincipalName === 'alex.wilber@contoso.com')!;
    const alexBefore = before.find((u) => u.objectId === alex.objectId)!;
    const changed = Object.keys(alex).filter((k) => alex[k] !== alexBefore[k]);
    assert.deepEqual(changed, ['jobTitle']);
    const diegoBefore = before.find((u) => u.userPrincipalName === 'diego.siciliani@contoso.com')!;
    assert.equal(diegoBefore.IsSoftDeleted, false);
  });

  it('personify: the scope batch holds the mapping\'s filter and evaluates every user', async () => {
    const model = parseMappingDocument(readFileSync(join(root, 'personify', 'personify.entramap'), 'utf8')).model;
    const filter = model.rules[0].objectMappings[0].scope!.json;
    const batch = JSON.parse(readFileSync(join(root, 'personify', 'personify.scope-batch.json'), 'utf8')) as Array<{ scope: unknown; user: unknown }>;
    const users = JSON.parse(readFileSync(join(root, 'personify', 'personify.users.json'), 'utf8'));
    assert.deepEqual(batch.map((b) => b.user), users);
    for (const item of batch) assert.deepEqual(item.scope, filter);
    let out = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => assert.fail(t), env: {}, cwd: join(root, 'personify') };
    assert.equal(await scope(['--batch', 'personify.scope-batch.json'], io), 0);
    assert.deepEqual(
      JSON.parse(out).map((v: { inScope: boolean }) => v.inScope),
      [true, true, true, false],
    );
  });
});
