// The pre-flight check of provisioning (server/src/provisioning/preflight.ts), shared by
// `entramap provision` and the editor's Provision on Demand / Check Scope: a document is refused
// for exactly the errors `entramap check` reports; warnings never block, nor does a failure of the
// checker itself.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDocument } from '../../server/src/check/document';
import { targetSchemaResolver } from '../../server/src/check/target-schema-resolver';
import { formatGraphJson, modelToGraphJson } from '../../server/src/schema/write';
import { preflight } from '../../server/src/provisioning/preflight';
import { MAPPING, mappingModel } from '../support/provisioning-fixtures';

const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';

function codes(text: string, kind: 'entramap' | 'graph-json' = 'entramap'): string[] {
  return preflight(text, kind).errors.map((e) => e.code);
}

/** The errors `entramap check` reports for a text: code and 0-based start position. */
function checkErrors(text: string, kind: 'entramap' | 'graph-json' = 'entramap'): string[] {
  return checkDocument(text, kind)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`);
}

const BROKEN: Array<[string, string, string]> = [
  ['an expression syntax error', 'userName <- [userPrincipalName] match 1', 'userName <- Join(".", [givenName] match 1'],
  ['an unknown function', 'displayName <- [displayName]', 'displayName <- Frobnicate([displayName])'],
  ['a wrong argument count', 'displayName <- [displayName]', 'displayName <- Join([givenName])'],
  ['a target attribute mapped twice', 'displayName <- [displayName]', 'displayName <- [displayName]\n  displayName <- [mail]'],
  ['no matching attribute', 'userName <- [userPrincipalName] match 1\n  externalId <- [mailNickname] match 2', 'userName <- [userPrincipalName]\n  externalId <- [mailNickname]'],
  ['an unknown scoping operator', 'department EQUALS "Engineering"', 'department FROBS "Engineering"'],
];

describe('provisioning pre-flight', () => {
  it('lets a document without errors through, with its model', () => {
    const r = preflight(MAPPING, 'entramap');
    assert.deepEqual(r.errors, []);
    assert.equal(r.kind, 'entramap');
    assert.deepEqual(
      r.model.rules.flatMap((rule) => rule.objectMappings.map((om) => om.sourceObjectName)),
      mappingModel().rules.flatMap((rule) => rule.objectMappings.map((om) => om.sourceObjectName)),
    );
  });

  for (const [what, from, to] of BROKEN) {
    it(`refuses ${what}, with the errors entramap check reports`, () => {
      assert.ok(MAPPING.includes(from), from);
      const text = MAPPING.replace(from, to);
      const r = preflight(text, 'entramap');
      assert.ok(r.errors.length > 0, what);
      assert.deepEqual(
        r.errors.map((e) => `${e.code} ${e.line}:${e.character}`),
        checkErrors(text),
      );
      // Offsets and positions agree.
      const lines = text.split('\n');
      for (const e of r.errors) assert.equal(lines.slice(0, e.line).reduce((n, l) => n + l.length + 1, 0) + e.character, e.start);
    });
  }

  it('refuses a syntax error and a semantic error together (entramap check reports both)', () => {
    const text = MAPPING.replace('displayName <- [displayName]', 'displayName <- Join([givenName])').replace('userName <- [userPrincipalName] match 1', 'userName <- [userPrincipalName match 1');
    assert.deepEqual(codes(text).sort(), ['EPX003', 'EPX104'].sort());
  });

  it('checks Graph schema JSON the same way', () => {
    const json = formatGraphJson(modelToGraphJson(mappingModel())!);
    assert.deepEqual(codes(json, 'graph-json'), []);
    const broken = json.replace('"[displayName]"', '"Frobnicate([displayName])"');
    assert.notEqual(broken, json);
    const r = preflight(broken, 'graph-json');
    assert.ok(r.errors.some((e) => e.code === 'EPX101'), JSON.stringify(r.errors));
    assert.deepEqual(r.errors.map((e) => `${e.code} ${e.line}:${e.character}`), checkErrors(broken, 'graph-json'));
    assert.ok(codes('{ "synchronizationRules": ', 'graph-json').length > 0, 'invalid JSON is refused');
  });

  it('never blocks on warnings', () => {
    // EPX103: a function name in the wrong case (a warning; the function still runs).
    const text = MAPPING.replace('displayName <- [displayName]', 'displayName <- join(" ", [givenName], [surname])');
    const all = checkDocument(text, 'entramap').diagnostics;
    assert.ok(all.some((d) => d.severity === 'warning'), JSON.stringify(all));
    assert.deepEqual(preflight(text, 'entramap').errors, []);
  });

  it('does not block when the checker itself fails (EMP099 is not a problem of the document)', () => {
    const text = 'app "X" schema "contoso.json"\n';
    const options = {
      resolveTargetSchema: () => {
        throw new Error('disk on fire');
      },
    };
    assert.deepEqual(checkDocument(text, 'entramap', options).diagnostics.map((d) => d.code), ['EMP099']);
    assert.deepEqual(preflight(text, 'entramap', options).errors, []);
  });

  it('reads `app ... schema FILE` through the resolver, as entramap check does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'entramap-preflight-'));
    try {
      writeFileSync(
        join(dir, 'contoso.json'),
        JSON.stringify({ id: CONTOSO, name: 'ContosoUser', attributes: [{ name: 'badge', type: 'string', multiValued: false }] }),
      );
      const text = MAPPING.replace('app "Contoso SCIM" template scim', 'app "Contoso SCIM" template scim schema "contoso.json"').replace(
        '  displayName <- [displayName]\n',
        `  displayName <- [displayName]\n  ${CONTOSO}:badge <- [employeeId]\n  ${CONTOSO}:nickname <- [mailNickname]\n`,
      );
      const resolveTargetSchema = targetSchemaResolver(pathToFileURL(join(dir, 'app.entramap')).href);
      const r = preflight(text, 'entramap', { resolveTargetSchema });
      // The schema file defines badge, not nickname.
      assert.deepEqual(r.errors.map((e) => e.code), ['EMP010']);
      assert.match(r.errors[0].message, /"nickname" is not an attribute/);
      assert.equal(text.slice(r.errors[0].start, r.errors[0].end), 'nickname');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
