import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupSourceAttribute } from '../../server/src/catalog/source-attributes';
import { resolveTargetPath } from '../../server/src/catalog/scim-schemas';
import { allTemplates, appAttribute, getTemplate, templateNames } from '../../server/src/catalog/templates';
import { checkExpression } from '../../server/src/check/expression';
import { run } from '../../server/src/cli/new';
import { CliIO, UsageError } from '../../server/src/cli/io';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import type { AttributeMapping, MappingModel, ObjectMapping } from '../../server/src/model/types';
import { modelToGraphJson } from '../../server/src/schema/write';
import { parseGraphSchema } from '../../server/src/schema/read';

function parse(text: string): MappingModel {
  const r = parseMappingDocument(text);
  assert.deepEqual(r.diagnostics, []);
  return r.model;
}

function objectMappings(model: MappingModel): ObjectMapping[] {
  return model.rules.flatMap((r) => r.objectMappings);
}

/** Attribute names inside [...] of an expression. */
function sourceNames(a: AttributeMapping): string[] {
  return [...(a.source?.expression.text ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
}

describe('templates', () => {
  it('are the four seed apps', () => {
    assert.deepEqual(templateNames(), ['personify', 'mypolicies', 'genesys', 'scim']);
    assert.equal(getTemplate('GENESYS')?.id, 'genesys');
    assert.equal(getTemplate('salesforce'), undefined);
  });

  for (const t of allTemplates()) {
    describe(t.id, () => {
      it('parses without diagnostics and names its template', () => {
        const model = parse(t.text);
        assert.equal(model.app?.template, t.id);
        assert.equal(model.app?.name !== undefined, true);
      });

      it('converts to Graph JSON that reads back to the same mappings', () => {
        const model = parse(t.text);
        const json = modelToGraphJson(model) as { synchronizationRules: Array<{ objectMappings: unknown[] }> };
        assert.ok(json && Array.isArray(json.synchronizationRules));
        const oms = json.synchronizationRules[0].objectMappings as Array<{ attributeMappings: Array<{ targetAttributeName: string }>; flowTypes: string }>;
        assert.equal(oms.length, objectMappings(model).length);
        const back = parseGraphSchema(JSON.stringify(json));
        assert.deepEqual(back.diagnostics.filter((d) => d.severity === 'error'), []);
        assert.deepEqual(
          objectMappings(back.model).map((om) => om.attributeMappings.map((a) => a.targetAttributeName)),
          objectMappings(model).map((om) => om.attributeMappings.map((a) => a.targetAttributeName)),
        );
      });

      it('has expressions without errors and source attributes Entra ID has', () => {
        for (const om of objectMappings(parse(t.text))) {
          const object = om.sourceObjectName === 'Group' ? 'Group' : 'User';
          for (const a of om.attributeMappings) {
            const diags = checkExpression(a.source!.expression.parse, {
              mappingType: a.mappingType === 'none' ? undefined : a.mappingType,
              matching: a.matchingPriority > 0,
              isReferenceAttribute: (n) => {
                const r = lookupSourceAttribute(n, object);
                return r.kind === 'found' && r.attribute.type === 'Reference';
              },
            });
            assert.deepEqual(diags.filter((d) => d.severity === 'error' || d.severity === 'warning'), [], `${t.id} ${a.targetAttributeName}`);
            for (const n of sourceNames(a)) assert.equal(lookupSourceAttribute(n, object).kind, 'found', `${t.id}: [${n}]`);
          }
        }
      });

      it('targets only attributes of the app, which all resolve, each once', () => {
        for (const om of objectMappings(parse(t.text))) {
          const object = om.targetObjectName as 'User' | 'Group';
          const seen = new Set<string>();
          for (const a of om.attributeMappings) {
            const r = resolveTargetPath(a.targetAttributeName!, { resourceType: object, extensions: t.facts.extensionSchemas });
            assert.ok(r.ok, `${t.id} ${a.targetAttributeName}`);
            if (!r.ok) continue;
            assert.deepEqual(r.path.notes.filter((n) => n.severity === 'warning'), [], `${t.id} ${a.targetAttributeName}`);
            assert.ok(!seen.has(r.path.key), `${t.id}: ${a.targetAttributeName} mapped twice`);
            seen.add(r.path.key);
            assert.ok(appAttribute(t.facts, object, a.targetAttributeName!), `${t.id}: ${a.targetAttributeName} is not in the tutorial's table`);
          }
        }
      });

      it("covers the tutorial's full table: every attribute mapped or listed as available, every required one mapped", () => {
        const model = parse(t.text);
        for (const object of ['User', 'Group'] as const) {
          const table = t.facts.objects[object];
          const om = objectMappings(model).find((m) => m.targetObjectName === object);
          if (!table) {
            assert.equal(om, undefined, `${t.id} maps ${object} objects the app does not take`);
            continue;
          }
          assert.ok(om, `${t.id} has no ${object} mapping`);
          const mapped = new Set(om!.attributeMappings.map((a) => a.targetAttributeName));
          for (const attr of table) {
            const listed = t.text.includes(`#   ${attr.path}\n`);
            assert.ok(mapped.has(attr.path) !== listed, `${t.id} ${attr.path}: mapped=${mapped.has(attr.path)} listed=${listed}`);
            if (attr.required) assert.ok(mapped.has(attr.path), `${t.id}: required ${attr.path} is not mapped`);
          }
          for (const a of om!.attributeMappings.filter((x) => x.matchingPriority > 0)) {
            const entry = appAttribute(t.facts, object, a.targetAttributeName!)!;
            if (t.facts.objects[object]!.some((x) => x.filterable)) {
              assert.equal(entry.filterable, true, `${t.id}: matching on ${a.targetAttributeName}, which the app cannot filter on`);
            }
          }
        }
      });

      it("follows the app's capabilities", () => {
        const model = parse(t.text);
        const users = objectMappings(model).find((m) => m.targetObjectName === 'User')!;
        assert.equal(users.actions.delete, t.facts.capabilities.users.hardDelete !== false);
        const active = users.attributeMappings.find((a) => a.targetAttributeName === 'active');
        assert.match(active?.source?.expression.text ?? '', /IsSoftDeleted/, 'disables must flow');
        const groups = objectMappings(model).find((m) => m.targetObjectName === 'Group');
        assert.equal(!!groups, t.facts.capabilities.groups.provisioned);
        if (groups) {
          const caps = t.facts.capabilities.groups;
          assert.deepEqual(groups.actions, { create: caps.create !== false, update: caps.update !== false, delete: caps.delete !== false });
        }
      });
    });
  }
});

describe('cli: entramap new', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entramap-new-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function io() {
    let out = '';
    let err = '';
    const cli: CliIO = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: {}, cwd: dir };
    return { cli, out: () => out, err: () => err };
  }

  it('prints the template to stdout without -o', async () => {
    const c = io();
    assert.equal(await run(['--template', 'personify'], c.cli), 0);
    assert.equal(c.out(), getTemplate('personify')!.text);
    assert.equal(c.err(), '');
  });

  it('writes -o FILE, creating directories, and refuses to overwrite without --force', async () => {
    const c = io();
    assert.equal(await run(['--template', 'genesys', '-o', 'apps/genesys.entramap'], c.cli), 0);
    const file = join(dir, 'apps', 'genesys.entramap');
    assert.equal(readFileSync(file, 'utf8'), getTemplate('genesys')!.text);
    assert.match(c.err(), /wrote apps\/genesys\.entramap from the genesys template/);
    assert.equal(c.out(), '');

    writeFileSync(file, 'mine');
    const again = io();
    assert.equal(await run(['--template', 'scim', '-o', 'apps/genesys.entramap'], again.cli), 1);
    assert.match(again.err(), /already exists; not overwritten \(use --force/);
    assert.equal(readFileSync(file, 'utf8'), 'mine');

    const forced = io();
    assert.equal(await run(['--template=scim', '--output=apps/genesys.entramap', '--force'], forced.cli), 0);
    assert.equal(readFileSync(file, 'utf8'), getTemplate('scim')!.text);
  });

  it('refuses a directory as the output', async () => {
    mkdirSync(join(dir, 'out'));
    const c = io();
    assert.equal(await run(['--template', 'scim', '-o', 'out'], c.cli), 1);
    assert.match(c.err(), /out is a directory/);
    assert.equal(existsSync(join(dir, 'out', 'scim.entramap')), false);
  });

  it('rejects an unknown or missing template with the list of names (exit 2 via UsageError)', async () => {
    const c = io();
    await assert.rejects(run(['--template', 'salesforce'], c.cli), (e: Error) => e instanceof UsageError && e.message === 'unknown template "salesforce"; templates: personify, mypolicies, genesys, scim');
    await assert.rejects(run([], c.cli), (e: Error) => e instanceof UsageError && /missing --template NAME; templates: personify, mypolicies, genesys, scim/.test(e.message));
    await assert.rejects(run(['--template', 'scim', '-o'], c.cli), (e: Error) => e instanceof UsageError && /needs a value/.test(e.message));
    await assert.rejects(run(['--template', 'scim', 'extra'], c.cli), (e: Error) => e instanceof UsageError);
    assert.equal(c.out(), '');
  });

  it('accepts the template name in any casing and lists templates', async () => {
    const c = io();
    assert.equal(await run(['--template', 'MyPolicies'], c.cli), 0);
    assert.match(c.out(), /app "myPolicies" template mypolicies/);
    const l = io();
    assert.equal(await run(['--list'], l.cli), 0);
    assert.deepEqual(
      l.out().trim().split('\n').map((line) => line.split(/\s+/)[0]),
      ['personify', 'mypolicies', 'genesys', 'scim'],
    );
  });
});
