import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGraphSchema } from '../../server/src/schema/read';
import { parseJson, stringOffsetMapper } from '../../server/src/schema/json-tree';
import { LineIndex } from '../../server/src/model/positions';
import type { ModelDiagnostic } from '../../server/src/model/types';
import { allAttributeMappings, expressionAt, objectDefinitionFor } from '../../server/src/model/query';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'graph', name), 'utf8');

function show(text: string, diags: ModelDiagnostic[]): string[] {
  const li = new LineIndex(text);
  return diags.map((d) => {
    const a = li.positionAt(d.range.start);
    return `${a.line + 1}:${a.character + 1} ${d.code} ${JSON.stringify(text.slice(d.range.start, d.range.end))}`;
  });
}

describe('Graph schema JSON: reading', () => {
  it('reads the SCIM fixture: rules, object mappings, scope, attribute mappings, directories', () => {
    const text = fixture('scim-users-groups.json');
    const { model, diagnostics } = parseGraphSchema(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(model.documentKind, 'graph-json');
    assert.equal(model.rules.length, 1);
    const rule = model.rules[0];
    assert.equal(rule.name, 'USER_OUTBOUND_USER');
    assert.equal(rule.sourceDirectoryName, 'Azure Active Directory');
    assert.equal(rule.targetDirectoryName, 'customappsso');
    assert.equal(rule.priority, 1);
    const [users, groups] = rule.objectMappings;
    assert.equal(users.scope!.groups.length, 2);
    assert.equal(users.scope!.groups[0].clauses[2].operatorName, 'IS NOT NULL');
    assert.equal(groups.scope, null);
    const locale = users.attributeMappings.find((a) => a.targetAttributeName === 'locale')!;
    assert.equal(locale.mappingType, 'none');
    assert.equal(locale.defaultValue, 'en-US');
    assert.equal(model.directories.map((d) => d.name).join(), 'Azure Active Directory,customappsso');
    const target = objectDefinitionFor(model, users, 'target')!;
    assert.ok(target.attributes.some((a) => a.name === 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager' && a.type === 'Reference'));
    const source = objectDefinitionFor(model, users, 'source')!;
    assert.equal(source.attributes.find((a) => a.name === 'manager')!.referencedObjects[0], 'User');
    // every element's range covers its JSON text
    const nick = users.attributeMappings.find((a) => a.targetAttributeName === 'nickName')!;
    assert.deepEqual(JSON.parse(text.slice(nick.range.start, nick.range.end)), nick.json);
    assert.equal(text.slice(nick.ranges.flowBehavior!.start, nick.ranges.flowBehavior!.end), '"FlowAlways"');
    assert.equal(nick.flowBehavior, 'FlowAlways');
  });

  it('gives each expression its position inside the JSON string', () => {
    const text = fixture('scim-users-groups.json');
    const { model } = parseGraphSchema(text);
    const active = allAttributeMappings(model).find((a) => a.targetAttributeName === 'active')!;
    const site = active.source!.expression;
    assert.equal(site.text, 'Switch([IsSoftDeleted], , "False", "True", "True", "False")');
    // `"False"` inside the JSON string is written \"False\"
    const inner = site.text.indexOf('"False"');
    const doc = site.toDocumentOffset(inner);
    assert.equal(text.slice(doc, doc + 9), '\\"False\\"');
    assert.equal(site.toDocumentOffset(inner + 7), doc + 9);
    const hit = expressionAt(model, doc + 3);
    assert.equal(hit?.mapping, active);
    assert.equal(hit?.offset, inner + 2);
  });

  it('maps decoded string offsets back through every JSON escape', () => {
    const doc = '{"e": "a\\"b\\\\c\\u00e9d\\ud83d\\ude00e\\/f\\n"}';
    const parsed = parseJson(doc);
    const node = parsed.root!.properties![0].value!;
    const value = node.value as string;
    assert.equal(value, 'a"b\\céd😀e/f\n');
    const map = stringOffsetMapper(doc, node);
    const raw = (i: number) => doc.slice(map(i), map(i + 1));
    assert.deepEqual(
      [...Array(value.length).keys()].map(raw),
      ['a', '\\"', 'b', '\\\\', 'c', '\\u00e9', 'd', '\\ud83d', '\\ude00', 'e', '\\/', 'f', '\\n'],
    );
    assert.equal(doc[map(value.length)], '"');
  });

  it('reports expression syntax errors at the characters of the JSON file', () => {
    const text = '{"synchronizationRules": [{"objectMappings": [{"sourceObjectName": "User", "targetObjectName": "User", "attributeMappings": [\n' +
      '{"targetAttributeName": "x", "source": {"expression": "Join(\\"caf\\u00e9\\", [a] [b])", "name": "Join", "parameters": [], "type": "Function"}}\n]}]}]}';
    const { diagnostics } = parseGraphSchema(text);
    assert.deepEqual(show(text, diagnostics), ['2:80 EPX015 "[b]"']);
  });

  it('reports structural problems as diagnostics with ranges, never as exceptions', () => {
    const text = fixture('edge-cases.json');
    const { model, diagnostics } = parseGraphSchema(text);
    const lines = show(text, diagnostics);
    const has = (code: string, covered: string) => assert.ok(lines.some((l) => l.includes(` ${code} `) && l.endsWith(JSON.stringify(covered))), `${code} ${covered}\n${lines.join('\n')}`);
    has('EGJ005', '{}'); // attribute mapping without targetAttributeName
    has('EGJ002', '42');
    has('EGJ002', '"mail"'); // a source that is a string
    has('EGJ004', '"1"'); // matchingPriority as a string
    has('EGJ004', '3'); // flowType as a number
    has('EGJ004', '"yes"'); // enabled
    has('EGJ003', '"not an array"'); // directories
    has('EGJ002', 'null'); // a null rule
    has('EPX001', '#');
    // the model still holds every element, in order
    const attrs = model.rules[0].objectMappings[0].attributeMappings;
    assert.equal(attrs.length, 18);
    assert.equal(attrs[1].json, 42);
    assert.equal(attrs[1].raw, true);
    assert.equal(model.rules.length, 3);
  });

  it('reports unknown enum values, unknown source types and tree/expression disagreements', () => {
    const text = JSON.stringify({
      synchronizationRules: [{ objectMappings: [{ sourceObjectName: 'User', targetObjectName: 'User', flowTypes: 'Add, Upsert', attributeMappings: [
        { targetAttributeName: 'a', flowType: 'always', flowBehavior: 'Never', source: { expression: '[mail]', name: 'mail', type: 'Lookup' } },
        { targetAttributeName: 'b', source: { expression: '[mail]', name: 'userPrincipalName', type: 'Attribute', parameters: [] } },
      ] }] }],
    });
    const lines = show(text, parseGraphSchema(text).diagnostics);
    assert.deepEqual(lines.map((l) => l.split(' ').slice(1).join(' ')), [
      'EGJ007 "\\"Add, Upsert\\""',
      'EGJ007 "\\"always\\""',
      'EGJ007 "\\"Never\\""',
      'EGJ006 "\\"Lookup\\""',
      'EGJ008 "{\\"expression\\":\\"[mail]\\",\\"name\\":\\"userPrincipalName\\",\\"type\\":\\"Attribute\\",\\"parameters\\":[]}"',
    ]);
  });

  it('locates problems deep in source trees, metadata and directory definitions', () => {
    const text = JSON.stringify(
      {
        synchronizationRules: [{ metadata: [5, { value: 'v' }], objectMappings: [{ sourceObjectName: 'User', targetObjectName: 'User', attributeMappings: [
          { targetAttributeName: 'a', source: { expression: 'Join(",", [a])', name: 'Join', type: 'Function', parameters: [
            { key: 'separator', value: { expression: '","', name: ',', type: 'Constant', parameters: [] } },
            { key: 'source', value: { name: 7, type: 'Attribute', parameters: [{ value: 'x' }, 3] } },
          ] } },
          { targetAttributeName: 'b', source: { expression: 'Join(",", [a] [b])', name: 'Join', type: 'Function' } },
          { targetAttributeName: 'c', source: { expression: 'Join(",", [a] [b])', name: 'Join', type: 'Function' } },
        ] }] }],
        directories: [{ name: 'd', objects: [{ name: 'User', attributes: [{ type: 'Text', mutability: 'readwrite' }, 4, { name: 'n', anchor: 'yes' }] }, 'o'] }],
      },
      null,
      1,
    );
    const { model, diagnostics } = parseGraphSchema(text);
    assert.deepEqual(show(text, diagnostics), [
      '5:5 EGJ002 "5"',
      '6:5 EGJ005 "{\\n     \\"value\\": \\"v\\"\\n    }"',
      '34:20 EGJ004 "7"',
      '37:13 EGJ005 "{\\n             \\"value\\": \\"x\\"\\n            }"',
      '38:23 EGJ002 "\\"x\\""',
      '40:13 EGJ002 "3"',
      '50:40 EPX015 "[b]"',
      '58:40 EPX015 "[b]"',
      '75:7 EGJ005 "{\\n       \\"type\\": \\"Text\\",\\n       \\"mutability\\": \\"readwrite\\"\\n      }"',
      '76:16 EGJ007 "\\"Text\\""',
      '77:22 EGJ007 "\\"readwrite\\""',
      '79:7 EGJ002 "4"',
      '82:18 EGJ004 "\\"yes\\""',
      '86:5 EGJ002 "\\"o\\""',
    ]);
    // identical expressions share one parse; each site keeps its own positions (the two EPX015 above)
    const [, b, c] = model.rules[0].objectMappings[0].attributeMappings;
    assert.equal(b.source!.expression.parse, c.source!.expression.parse);
    assert.notEqual(b.source!.expression.range.start, c.source!.expression.range.start);
  });

  it('reports invalid JSON, comments and duplicate keys', () => {
    const text = '{\n  // note\n  "directories": [],\n  "directories": [],\n  "synchronizationRules": [,]\n}';
    assert.deepEqual(show(text, parseGraphSchema(text).diagnostics), [
      '2:3 EGJ010 "// note"',
      '3:3 EGJ009 "\\"directories\\""',
      '5:28 EGJ001 ","',
      '5:29 EGJ001 "]"',
    ]);
  });

  it('says what is wrong with JSON that is not a schema', () => {
    assert.deepEqual(show('[]', parseGraphSchema('[]').diagnostics), ['1:1 EGJ002 "[]"']);
    assert.deepEqual(show('{"schema": {}}', parseGraphSchema('{"schema": {}}').diagnostics), ['1:1 EGJ011 "{\\"schema\\": {}}"']);
    assert.deepEqual(show('', parseGraphSchema('').diagnostics), ['1:1 EGJ001 ""']);
    assert.equal(parseGraphSchema('').model.json, undefined);
  });

  it('keeps sources without expression and rebuilds their text for the model', () => {
    const { model } = parseGraphSchema(fixture('salesforce.json'));
    const nick = allAttributeMappings(model).find((a) => a.targetAttributeName === 'CommunityNickname')!;
    assert.equal(nick.mappingType, 'direct');
    assert.equal(nick.source!.expression.exact, false);
    assert.equal(nick.source!.expression.text, '[extension_9d98a0c4b1b84d2a8f3b6a7e2c1d0f55_Nickname]');
    assert.equal(nick.flowType, 'Always'); // Graph's default for an absent property
  });
});
