import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMappingDocument } from '../../server/src/language/mapping/build';
import { lexMapping } from '../../server/src/language/mapping/lexer';
import { scanExpression, scanJson, quoteString, decodeString } from '../../server/src/language/mapping/scan';
import { LineIndex } from '../../server/src/model/positions';
import type { MappingModel, ModelDiagnostic } from '../../server/src/model/types';
import { expressionAt, elementAt, allAttributeMappings, walkModel, objectMappingOf, elementPathAt } from '../../server/src/model/query';
import { printMapping } from '../../server/src/language/mapping/printer';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'entramap', name), 'utf8');

/** Diagnostics as `line:col-line:col CODE covered-text` (1-based). */
function show(text: string, diags: ModelDiagnostic[]): string[] {
  const li = new LineIndex(text);
  return diags.map((d) => {
    const a = li.positionAt(d.range.start);
    const b = li.positionAt(d.range.end);
    return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${d.code} ${JSON.stringify(text.slice(d.range.start, d.range.end))}`;
  });
}

function parse(text: string): { model: MappingModel; diags: string[]; raw: ModelDiagnostic[] } {
  const r = parseMappingDocument(text);
  return { model: r.model, diags: show(text, r.diagnostics), raw: r.diagnostics };
}

const at = (text: string, needle: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not found`);
  return i;
};

describe('mapping file: parsing', () => {
  it('reads the hand-written Personify fixture without diagnostics', () => {
    const text = fixture('personify.entramap');
    const { model, diags } = parse(text);
    assert.deepEqual(diags, []);
    assert.equal(model.app?.name, 'Personify Inc');
    assert.equal(model.app?.template, 'personify');
    assert.equal(model.rules.length, 1);
    assert.equal(model.rules[0].implicit, true);
    const [users, groups] = model.rules[0].objectMappings;
    assert.equal(users.name, 'Synchronize Microsoft Entra users to Personify Inc');
    assert.equal(users.sourceObjectName, 'User');
    assert.deepEqual(users.actions, { create: true, update: true, delete: true });
    assert.deepEqual(groups.actions, { create: true, update: true, delete: false });
    assert.equal(groups.flowTypes, 'Add, Update');
    const scope = users.scope!;
    assert.deepEqual(
      scope.groups.map((g) => [g.name, g.clauses.map((c) => [c.sourceOperandName, c.operatorName, ...c.values])]),
      [
        ['Engineering', [['department', 'EQUALS', 'Engineering'], ['accountEnabled', 'IS TRUE']]],
        ['Contractors', [['employeeType', 'EQUALS', 'Contractor'], ['userPrincipalName', 'NOT REGEX MATCH', '.*\\@partner\\.example\\.com$']]],
      ],
    );
    const byTarget = new Map(users.attributeMappings.map((a) => [a.targetAttributeName, a]));
    assert.equal(byTarget.get('userName')!.matchingPriority, 1);
    assert.equal(byTarget.get('userName')!.mappingType, 'direct');
    assert.equal(byTarget.get('active')!.mappingType, 'expression');
    assert.equal(byTarget.get('preferredLanguage')!.mappingType, 'constant');
    assert.equal(byTarget.get('title')!.defaultValue, 'Staff');
    assert.equal(byTarget.get('title')!.flowType, 'ObjectAddOnly');
    assert.equal(byTarget.get('locale')!.mappingType, 'none');
    assert.equal(byTarget.get('locale')!.source, null);
    assert.equal(byTarget.get('displayName')!.source!.expression.text, 'Join(" ",\n      [givenName],\n      [surname])');
    assert.equal(byTarget.get('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager')!.source!.name, 'manager');
  });

  it('generates the Graph JSON of each line (all seven attributeMapping properties)', () => {
    const { model } = parse('mapping "m" {\n  source User\n  target User\n  title <- [jobTitle] default "Staff" match 2 on create flow always\n}\n');
    assert.deepEqual(model.rules[0].objectMappings[0].attributeMappings[0].json, {
      defaultValue: 'Staff',
      exportMissingReferences: false,
      flowBehavior: 'FlowAlways',
      flowType: 'ObjectAddOnly',
      matchingPriority: 2,
      source: { expression: '[jobTitle]', name: 'jobTitle', parameters: [], type: 'Attribute' },
      targetAttributeName: 'title',
    });
    assert.deepEqual(model.rules[0].objectMappings[0].json, {
      attributeMappings: [model.rules[0].objectMappings[0].attributeMappings[0].json],
      enabled: true,
      flowTypes: 'Add, Update, Delete',
      metadata: [],
      name: 'm',
      scope: null,
      sourceObjectName: 'User',
      targetObjectName: 'User',
    });
  });

  it('regenerates function trees with the catalogue parameter names, omitting empty slots', () => {
    const { model } = parse('mapping {\n  source User\n  target User\n  LocaleSidKey <- Replace([preferredLanguage], "-", , , "_", , )\n}\n');
    const src = model.rules[0].objectMappings[0].attributeMappings[0].json as { source: unknown };
    assert.deepEqual(src.source, {
      expression: 'Replace([preferredLanguage], "-", , , "_", , )',
      name: 'Replace',
      parameters: [
        { key: 'source', value: { expression: '[preferredLanguage]', name: 'preferredLanguage', parameters: [], type: 'Attribute' } },
        { key: 'Find', value: { expression: '"-"', name: '-', parameters: [], type: 'Constant' } },
        { key: 'Replacement', value: { expression: '"_"', name: '_', parameters: [], type: 'Constant' } },
      ],
      type: 'Function',
    });
  });

  it('hands the expression to the expression parser at its exact offset', () => {
    const text = 'mapping {\n  source User\n  target User\n  mail <- Join(".", [givenName] [surname])\n}\n';
    const { diags, model } = parse(text);
    assert.deepEqual(diags, ['4:33-4:42 EPX015 "[surname]"']);
    const site = model.rules[0].objectMappings[0].attributeMappings[0].source!.expression;
    assert.equal(site.toDocumentOffset(0), at(text, 'Join'));
    assert.equal(text.slice(site.range.start, site.range.end), 'Join(".", [givenName] [surname])');
  });

  it('ends the expression at an option keyword, a comment or @graph, never inside strings or brackets', () => {
    const text = [
      'mapping {',
      '  source User',
      '  target User',
      '  a <- Join(" default ", [x match]) default "d"  # note',
      '  b <- [x]#note',
      '  c <- Switch([x], "on", "on create", "v") on create',
      '  d <- IIF([x] = "1", "default", "match") @graph {"exportMissingReferences":true}',
      '}',
      '',
    ].join('\n');
    const { model, diags } = parse(text);
    const texts = allAttributeMappings(model).map((a) => a.source?.expression.text);
    assert.deepEqual(texts, ['Join(" default ", [x match])', '[x]#note', 'Switch([x], "on", "on create", "v")', 'IIF([x] = "1", "default", "match")']);
    assert.equal(allAttributeMappings(model)[0].defaultValue, 'd');
    assert.equal(allAttributeMappings(model)[2].flowType, 'ObjectAddOnly');
    assert.equal(allAttributeMappings(model)[3].exportMissingReferences, true);
    // `#` right after a term is part of the expression (and an error there), not a comment
    assert.equal(diags[0], '5:11-5:12 EPX001 "#"');
    assert.ok(diags.every((d) => d.startsWith('5:') && d.includes(' EPX')), diags.join('\n'));
  });

  it('continues an open expression on deeper-indented lines and stops at the next statement', () => {
    const text = 'mapping {\n  source User\n  target User\n  a <- Join(".",\n      [x],\n  [y])\n  b <- [z]\n}\n';
    const { model, diags } = parse(text);
    const [a, b] = allAttributeMappings(model);
    assert.equal(a.source!.expression.text, 'Join(".",\n      [x],');
    assert.equal(b.source!.expression.text, '[z]');
    // line 6 is as deep as the mapping line and does not start with ')': a new (broken) statement
    assert.deepEqual(diags, ['5:11-5:11 EPX004 ""', '6:3-6:4 EMF001 "["', '6:5-6:5 EMF003 ""', '6:5-6:7 EMF001 "])"']);
  });

  it('accepts every scoping operator, multi-word ones in any spacing and case', () => {
    const ops = [
      ['EQUALS', 'x'],
      ['NOT EQUALS', 'x'],
      ['Includes', 'x'],
      ['ENDS_WITH', 'x'],
      ['REGEX MATCH', '^a.*$'],
      ['NOT REGEX MATCH', '.*\\@b\\.com'],
      ['Greater_Than', '5'],
      ['Greater_Than_OR_EQUALS', '5'],
      ['IS TRUE'],
      ['IS FALSE'],
      ['IS NULL'],
      ['IS NOT NULL'],
      ['&', 'a,b'],
      ['!&', 'a,b'],
    ];
    const lines = ops.map(([op, v], i) => `      attr${i} ${op}${v === undefined ? '' : ` ${v}`}`);
    lines.push('      attrX is  not   null', '      attrY "My Own Op" "v1" v2');
    const text = `mapping {\n  source User\n  target User\n  scope {\n    filter "f" {\n${lines.join('\n')}\n    }\n  }\n}\n`;
    const { model, diags } = parse(text);
    assert.deepEqual(diags, []);
    const clauses = model.rules[0].objectMappings[0].scope!.groups[0].clauses;
    assert.deepEqual(
      clauses.map((c) => [c.operatorName, ...c.values]),
      [...ops, ['is not null'], ['My Own Op', 'v1', 'v2']],
    );
    assert.deepEqual(clauses[12].json, { operatorName: '&', sourceOperandName: 'attr12', targetOperand: { values: ['a,b'] } });
    const c = clauses[5];
    assert.equal(text.slice(c.ranges.operatorName!.start, c.ranges.operatorName!.end), 'NOT REGEX MATCH');
    assert.equal(text.slice(c.ranges.values[0].start, c.ranges.values[0].end), '.*\\@b\\.com');
  });

  it('maps filters to groups, input filters and category filters', () => {
    const text = 'mapping {\n  source User\n  target User\n  scope {\n    input filter "i" {\n      a IS TRUE\n    }\n    category filter {\n    }\n    filter "g" { }\n  }\n}\n';
    const { model, diags } = parse(text);
    assert.deepEqual(diags, []);
    assert.deepEqual(model.rules[0].objectMappings[0].scope!.json, {
      categoryFilterGroups: [{ clauses: [] }],
      groups: [{ clauses: [], name: 'g' }],
      inputFilterGroups: [{ clauses: [{ operatorName: 'IS TRUE', sourceOperandName: 'a', targetOperand: { values: [] } }], name: 'i' }],
    });
  });

  it('reads rule blocks, their properties and metadata', () => {
    const text = [
      'rule "USER_OUTBOUND_USER" {',
      '  id "4c5e"',
      '  source "Azure Active Directory"',
      '  target customappsso',
      '  priority 1',
      '  editable true',
      '  metadata Key "va\\"lue"',
      '  mapping "m" {',
      '    source User',
      '    target User',
      '    metadata Disposition "\\"Normal\\""',
      '    enabled false',
      '    actions',
      '  }',
      '}',
      '',
    ].join('\n');
    const { model, diags } = parse(text);
    assert.deepEqual(diags, []);
    const r = model.rules[0];
    assert.deepEqual(r.json, {
      editable: true,
      id: '4c5e',
      metadata: [{ key: 'Key', value: 'va"lue' }],
      name: 'USER_OUTBOUND_USER',
      objectMappings: [r.objectMappings[0].json],
      priority: 1,
      sourceDirectoryName: 'Azure Active Directory',
      targetDirectoryName: 'customappsso',
    });
    const om = r.objectMappings[0];
    assert.equal(om.enabled, false);
    assert.equal(om.flowTypes, 'None');
    assert.deepEqual(om.metadata.map((m) => [m.key, m.value]), [['Disposition', '"Normal"']]);
  });

  it('merges @graph patches, with $omit and escaped $ keys', () => {
    const text = [
      'mapping {',
      '  source User',
      '  target User',
      '  @graph {"$omit": ["metadata"], "@odata.type": "#x", "$$weird": 1}',
      '  userName <- [upn] @graph {"$omit": ["flowBehavior"], "exportMissingReferences": true, "extra": {"a": [1]}}',
      '}',
      '',
    ].join('\n');
    const { model, diags } = parse(text);
    assert.deepEqual(diags, []);
    const om = model.rules[0].objectMappings[0];
    assert.equal(Object.prototype.hasOwnProperty.call(om.json, 'metadata'), false);
    assert.equal((om.json as Record<string, unknown>)['@odata.type'], '#x');
    assert.equal((om.json as Record<string, unknown>)['$weird'], 1);
    const a = om.attributeMappings[0];
    assert.equal(Object.prototype.hasOwnProperty.call(a.json, 'flowBehavior'), false);
    assert.deepEqual((a.json as Record<string, unknown>).extra, { a: [1] });
    assert.equal(a.exportMissingReferences, true);
    assert.deepEqual(om.annotations?.map((r) => text.slice(r.start, r.end).slice(0, 7)), ['@graph ']);
  });

  it('keeps a @graph source tree only while it belongs to the line', () => {
    const tree = '{"source": {"name": "mail", "type": "Attribute"}}';
    const ok = parse(`mapping {\n  source User\n  target User\n  email <- [mail] @graph ${tree}\n}\n`);
    assert.deepEqual(ok.diags, []);
    assert.deepEqual((ok.model.rules[0].objectMappings[0].attributeMappings[0].json as { source: unknown }).source, { name: 'mail', type: 'Attribute' });
    const stale = parse(`mapping {\n  source User\n  target User\n  email <- [mailNickname] @graph ${tree}\n}\n`);
    assert.deepEqual(stale.diags, ['4:35-4:43 EMF012 "\\"source\\""']);
    assert.equal(
      ((stale.model.rules[0].objectMappings[0].attributeMappings[0].json as { source: { name: string } }).source).name,
      'mailNickname',
    );
  });

  it('lets the line win over a @graph value it states, and reports it', () => {
    const text = 'mapping {\n  source User\n  target User\n  a <- [b] match 2 @graph {"matchingPriority": 3, "$omit": ["targetAttributeName"]}\n}\n';
    const { model, diags } = parse(text);
    assert.deepEqual(diags, ['4:28-4:46 EMF013 "\\"matchingPriority\\""', '4:61-4:82 EMF013 "\\"targetAttributeName\\""']);
    assert.equal(allAttributeMappings(model)[0].matchingPriority, 2);
  });

  it('reports every mistake of a broken file with its exact range and keeps a usable partial model', () => {
    const text = [
      'app "X" template', // 1
      'mapping "Users" {', // 2
      '  source User', // 3
      '  source Group', // 4
      '  target User', // 5
      '  actions create frobnicate', // 6
      '  enabled maybe', // 7
      '  userName <- [userPrincipalName] match one', // 8
      '  mail <- Join(".", [givenName]', // 9
      '  displayName <-', // 10
      '  title <- [jobTitle] default "x" default "y"', // 11
      '  department EQUALS Sales', // 12
      '  scope {', // 13
      '    filter "F" {', // 14
      '      department EQUALS "Sales', // 15
      '    }', // 16
      '    bogus line', // 17
      '  }', // 18
      '  name.familyName <- [surname] @graph {"matchingPriority": "x", "$foo": 1}', // 19
      '}', // 20
      '}', // 21
      'mapping "inner" {', // 22
      '',
    ].join('\n');
    const { model, diags } = parse(text);
    assert.deepEqual(diags, [
      '1:17-1:17 EMF003 ""',
      '4:3-4:9 EMF007 "source"',
      '6:18-6:28 EMF016 "frobnicate"',
      '7:11-7:16 EMF015 "maybe"',
      '8:41-8:44 EMF015 "one"',
      '9:32-9:32 EPX004 ""',
      '10:17-10:17 EMF008 ""',
      '11:35-11:42 EMF020 "default"',
      '12:3-12:13 EMF004 "department"',
      '15:25-15:31 EMF002 "\\"Sales"',
      '17:5-17:15 EMF004 "bogus line"',
      '19:40-19:58 EGJ004 "\\"matchingPriority\\""',
      '19:65-19:71 EMF011 "\\"$foo\\""',
      '21:1-21:2 EMF006 "}"',
      '22:1-22:8 EMF005 "mapping"',
      '22:1-22:8 EMF017 "mapping"',
    ]);
    // the partial model still has the mappings, with positions
    const users = model.rules[0].objectMappings[0];
    assert.deepEqual(users.attributeMappings.map((a) => a.targetAttributeName), ['userName', 'mail', 'displayName', 'title', 'name.familyName']);
    assert.equal(users.scope!.groups[0].clauses[0].values[0], 'Sales');
    assert.equal(model.rules[0].objectMappings[1].name, 'inner');
    const el = elementAt(model, at(text, 'surname'));
    assert.equal(el.kind, 'attributeMapping');
  });

  it('rejects statements in the wrong block with EMF004', () => {
    const text = 'userName <- [upn]\nscope {\n}\nrule {\n  filter "x" {\n  }\n  enabled true\n}\n';
    assert.deepEqual(parse(text).diags, ['1:1-1:9 EMF004 "userName"', '2:1-2:6 EMF004 "scope"', '5:3-5:9 EMF004 "filter"', '7:3-7:10 EMF004 "enabled"']);
  });

  it('accepts `{` on the line after a block header, and reports a missing one', () => {
    const ok = parse('mapping "m"\n{\n  source User\n  target User\n}\n');
    assert.deepEqual(ok.diags, []);
    const missing = parse('mapping "m"\n  source User\n  target User\n}\n');
    assert.deepEqual(missing.diags, ['1:12-1:12 EMF003 ""']);
  });

  it('reports invalid JSON in annotations at the JSON position', () => {
    const text = 'mapping {\n  source User\n  target User\n  @graph {"a": tru}\n  @graph [1]\n}\n';
    assert.deepEqual(parse(text).diags, ['4:16-4:19 EMF009 "tru"', '4:19-4:20 EMF009 "}"', '5:10-5:13 EMF010 "[1]"']);
  });

  it('reports a property set by two @graph annotations of one element', () => {
    const text = 'mapping {\n  source User\n  target User\n  @graph {"x": 1}\n  @graph {"x": 2}\n}\n';
    assert.deepEqual(parse(text).diags, ['5:11-5:14 EMF014 "\\"x\\""']);
  });

  it('reads @raw elements with positions inside the file', () => {
    const text = 'mapping {\n  source User\n  target User\n  @raw {"targetAttributeName": "t", "source": "bad"}\n  @raw 7\n}\n';
    const { model, diags } = parse(text);
    assert.deepEqual(diags, ['4:47-4:52 EGJ002 "\\"bad\\""', '5:8-5:9 EGJ002 "7"']);
    const [a, b] = allAttributeMappings(model);
    assert.equal(a.raw, true);
    assert.equal(a.targetAttributeName, 't');
    assert.equal(text.slice(a.range.start, a.range.end), '@raw {"targetAttributeName": "t", "source": "bad"}');
    assert.equal(b.json, 7);
  });

  it('warns about mapping blocks outside rules next to rule blocks', () => {
    const text = 'rule {\n}\nmapping {\n  source User\n  target User\n}\n';
    const { model, diags } = parse(text);
    assert.deepEqual(diags, ['3:1-3:8 EMF019 "mapping"']);
    assert.equal(model.rules.length, 2);
    assert.equal(model.rules[1].implicit, true);
  });

  it('reports a second app line', () => {
    assert.deepEqual(parse('app "a"\napp "b"\n').diags, ['2:1-2:4 EMF018 "app"']);
  });

  it('collects comments as trivia of the statements they belong to', () => {
    const text = '# header\napp "A"  # app\n\n# before\nmapping "m" { # open\n  # src\n  source User\n  target User\n  x <- [y] # tail\n  # end\n} # close\n# eof\n';
    const { model } = parse(text);
    assert.deepEqual(model.comments.map((c) => c.text), ['# header', '# app', '# before', '# open', '# src', '# tail', '# end', '# close', '# eof']);
    const om = model.rules[0].objectMappings[0];
    assert.deepEqual(om.trivia?.leading?.map((c) => c.text), ['# before']);
    assert.equal(om.trivia?.trailing?.text, '# open');
    assert.deepEqual(om.trivia?.properties?.source.leading?.map((c) => c.text), ['# src']);
    assert.deepEqual(om.trivia?.end?.map((c) => c.text), ['# end']);
    assert.equal(om.trivia?.close?.text, '# close');
    assert.equal(om.attributeMappings[0].trivia?.trailing?.text, '# tail');
    assert.deepEqual(model.trivia?.properties?.app.leading?.map((c) => c.text), ['# header']);
    assert.deepEqual(model.trivia?.end?.map((c) => c.text), ['# eof']);
  });

  it('finds the expression under the cursor with its inner offset', () => {
    const text = 'mapping {\n  source User\n  target User\n  mail <- ToLower([mail])\n}\n';
    const { model } = parse(text);
    const hit = expressionAt(model, at(text, '[mail]') + 1);
    assert.ok(hit);
    assert.equal(hit.offset, 'ToLower(['.length);
    assert.equal(hit.mapping.targetAttributeName, 'mail');
    assert.equal(expressionAt(model, at(text, 'source')), undefined);
  });

  it('reads the directory definitions kept in the schema-level @graph, with positions in the file', () => {
    const text = 'mapping {\n  source User\n  target User\n  x <- [mail]\n}\n@graph {\n  "directories": [{"name": "Azure Active Directory", "objects": [{"name": "User", "attributes": [{"name": "mail", "type": "String"}]}]}]\n}\n';
    const { model, diags } = parse(text);
    assert.deepEqual(diags, []);
    const attr = model.directories[0].objects[0].attributes[0];
    assert.equal(attr.name, 'mail');
    assert.equal(text.slice(attr.nameRange!.start, attr.nameRange!.end), '"mail"');
  });

  it('finds the elements under a cursor, outermost first, and the object mapping of an element', () => {
    const text = 'mapping "m" {\n  source User\n  target User\n  scope {\n    filter "f" {\n      a IS TRUE\n    }\n  }\n  x <- [mail]\n}\n';
    const { model } = parse(text);
    assert.deepEqual(elementPathAt(model, at(text, 'IS TRUE')).map((e) => e.kind), ['schema', 'rule', 'objectMapping', 'scope', 'filterGroup', 'filterClause']);
    const clause = elementAt(model, at(text, 'IS TRUE'));
    assert.equal(objectMappingOf(model, clause)?.name, 'm');
    assert.equal(objectMappingOf(model, model.rules[0]), undefined);
  });

  it('never throws on arbitrary input', () => {
    const pieces = ['mapping', '{', '}', '"', 'x', '<-', '[', ']', '(', ')', '@graph', '@raw', '#', '\n', ' ', 'EQUALS', 'filter', 'scope', 'rule', '\\', ',', 'none', 'default'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 300; n++) {
      let t = '';
      const len = Math.floor(rnd() * 40);
      for (let i = 0; i < len; i++) t += pieces[Math.floor(rnd() * pieces.length)] + (rnd() < 0.5 ? ' ' : '');
      const r = parseMappingDocument(t);
      for (const d of r.diagnostics) assert.ok(d.range.start >= 0 && d.range.end <= t.length && d.range.start <= d.range.end, t);
      printMapping(r.model);
      walkModel(r.model, (el) => {
        assert.ok(el.range.start <= el.range.end, t);
      });
    }
  });
});

describe('mapping file: character rules', () => {
  it('quotes strings so that decoding gives them back, doubling backslashes only where needed', () => {
    for (const v of ['', 'plain', 'say "hi"', 'C:\\temp', '.*\\@x\\.com', 'ends with \\', '\\"', '\\\\', 'tab\there']) {
      assert.equal(decodeString(quoteString(v).slice(1, -1)), v, v);
    }
    assert.equal(quoteString('.*\\@x\\.com'), '".*\\@x\\.com"');
  });

  it('scans expressions and JSON values by the indentation rule', () => {
    const doc = '  a <- F(1,\n    2)\n  b';
    assert.equal(scanExpression(doc, 7, 2), doc.indexOf('\n  b'));
    const json = '  @graph {\n    "a": 1\n  }\n  next';
    assert.equal(scanJson(json, 9, 2), json.indexOf('\n  next'));
    const unclosed = '  @graph {\n    "a": 1\n  next';
    assert.equal(scanJson(unclosed, 9, 2), unclosed.indexOf('\n  next'));
  });

  it('lexes a 3,000-line file quickly and in one pass', () => {
    const lines = ['mapping {', '  source User', '  target User'];
    for (let i = 0; i < 3000; i++) lines.push(`  attr${i} <- Join(".", [givenName], [surname${i}]) default "d${i}" match ${i % 5}`);
    lines.push('}');
    const text = lines.join('\n');
    const t0 = Date.now();
    const lexed = lexMapping(text);
    const r = parseMappingDocument(text);
    const ms = Date.now() - t0;
    assert.equal(lexed.errors.length, 0);
    assert.equal(r.diagnostics.length, 0);
    assert.equal(allAttributeMappings(r.model).length, 3000);
    assert.ok(ms < 20000, `took ${ms} ms`);
  });
});
