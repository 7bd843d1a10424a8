import assert from 'node:assert/strict';
import { CompletionItem, InsertTextFormat, TextEdit } from 'vscode-languageserver/node';
import { completion, CompletionOptions, parseDocument } from '../../server/src/features/document';
import type { DocumentKind } from '../../server/src/model/types';
import { ADELE, applyTextEdits, at, fixture, mappingDoc, rangeText } from '../fixtures/document-services/support';

/** Items at the marker, in the order the client shows them before filtering (sortText, label). */
function items(marked: string, options: CompletionOptions = {}, kind: DocumentKind = 'entramap'): CompletionItem[] {
  const { doc, position } = at(marked, kind);
  const list = completion(doc, position, options).items.slice();
  return list.sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : (a.sortText ?? a.label) > (b.sortText ?? b.label) ? 1 : a.label.localeCompare(b.label)));
}

function labels(marked: string, options: CompletionOptions = {}, kind: DocumentKind = 'entramap'): string[] {
  return items(marked, options, kind).map((i) => i.label);
}

/** The text after accepting `label`. */
function accept(marked: string, label: string, options: CompletionOptions = {}, kind: DocumentKind = 'entramap'): string {
  const { text } = at(marked, kind);
  const item = items(marked, options, kind).find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  assert.ok(item.textEdit && 'range' in item.textEdit);
  return applyTextEdits(text, [item.textEdit]);
}

const filter = (clause: string) => mappingDoc(`  scope {\n    filter "F" {\n      ${clause}\n    }\n  }`);

describe('document services: completion', () => {
  describe('statements', () => {
    it('offers the top-level keywords at the start of a file', () => {
      assert.deepEqual(labels('|'), ['app', 'rule', 'mapping', '@graph', '@raw']);
    });

    it('offers app only once', () => {
      assert.deepEqual(labels('app "X"\n|'), ['rule', 'mapping', '@graph', '@raw']);
    });

    it('inserts block keywords as snippets that adjust their indentation', () => {
      const mapping = items('|').find((i) => i.label === 'mapping')!;
      assert.equal(mapping.insertTextFormat, InsertTextFormat.Snippet);
      assert.equal(mapping.insertTextMode, 2);
      assert.equal(
        (mapping.textEdit as { newText: string }).newText,
        'mapping "${1:Synchronize Microsoft Entra users to App}" {\n\tsource ${2|User,Group|}\n\ttarget ${3:User}\n\tactions create update delete\n\n\t$0\n}',
      );
    });

    it('offers plain keywords to clients without snippets', () => {
      const mapping = items('|', { snippets: false }).find((i) => i.label === 'mapping')!;
      assert.equal(mapping.insertTextFormat, undefined);
      assert.equal((mapping.textEdit as { newText: string }).newText, 'mapping ');
    });

    it('offers the properties a mapping block does not have yet', () => {
      const l = labels('mapping "m" {\n  source User\n  |\n}');
      assert.deepEqual(l.filter((x) => /^[a-z@]+$/.test(x) && ['target', 'enabled', 'actions', 'metadata', 'scope', '@graph', '@raw', 'source'].includes(x)), [
        'target',
        'enabled',
        'actions',
        'metadata',
        'scope',
        '@graph',
        '@raw',
      ]);
    });

    it('offers the rule properties inside a rule', () => {
      assert.deepEqual(labels('rule "r" {\n  |\n}'), ['id', 'source', 'target', 'priority', 'editable', 'metadata', 'mapping', '@graph', '@raw']);
    });

    it('offers the filter kinds inside a scope, and no second scope', () => {
      assert.deepEqual(labels(mappingDoc('  scope {\n    |\n  }')), ['filter', 'input filter', 'category filter', '@graph', '@raw']);
      assert.ok(!labels(mappingDoc('  scope {\n  }\n  |')).includes('scope'));
    });

    it('replaces the word being typed', () => {
      const r = items('mapping "m" {\n  tar|\n}').find((i) => i.label === 'target')!;
      assert.equal(rangeText((r.textEdit as TextEdit).range), '1:2-1:5');
    });

    it('offers nothing inside comments and strings', () => {
      assert.deepEqual(labels('# a comment |'), []);
      assert.deepEqual(labels('mapping "Syn|c" {\n}'), []);
    });
  });

  describe('app, object and property values', () => {
    it('offers the template names after template', () => {
      assert.deepEqual(labels('app "X" template |'), ['personify', 'mypolicies', 'genesys', 'scim']);
      assert.equal(accept('app "X" template pers|', 'personify'), 'app "X" template personify');
    });

    it('offers template and schema after the app name', () => {
      assert.deepEqual(labels('app "X" |'), ['template', 'schema']);
      assert.deepEqual(labels('app "X" template scim |'), ['schema']);
    });

    it('offers object names after source and target in a mapping, directory names in a rule', () => {
      assert.deepEqual(labels('mapping "m" {\n  source |\n}'), ['User', 'Group']);
      assert.deepEqual(labels('rule "r" {\n  source |\n}'), ['Azure Active Directory']);
      assert.equal(accept('rule "r" {\n  source |\n}', 'Azure Active Directory'), 'rule "r" {\n  source "Azure Active Directory"\n}');
    });

    it('offers booleans and the remaining actions', () => {
      assert.deepEqual(labels('mapping "m" {\n  enabled |\n}'), ['true', 'false']);
      assert.deepEqual(labels('mapping "m" {\n  actions create |\n}'), ['update', 'delete']);
    });
  });

  describe('target attribute paths', () => {
    const doc = (line: string) => mappingDoc(`  userName <- [userPrincipalName] match 1\n${line}`);

    it("offers the app's attributes first, with required and matching in detail, without the mapped ones", () => {
      const list = items(doc('  |')).filter((i) => i.kind === 10);
      assert.deepEqual(
        list.slice(0, 5).map((i) => `${i.label} | ${i.detail}`),
        ['active | Boolean · required', 'displayName | String', 'title | String', 'emails[type eq "work"].value | String · required · matching', 'preferredLanguage | String'],
      );
      assert.ok(!list.some((i) => i.label === 'userName'), 'userName is mapped already');
      assert.ok(list.some((i) => i.label === 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'));
      assert.ok(!list.some((i) => i.label === 'groups' || i.label === 'id' || i.label === 'meta'), 'paths the service never writes');
    });

    it('offers whole paths with value filters and replaces what is typed, brackets and all', () => {
      const marked = doc('  emails[type eq "wo|');
      const item = items(marked).find((i) => i.label === 'emails[type eq "work"].value')!;
      assert.equal(rangeText((item.textEdit as TextEdit).range), '8:2-8:20');
      assert.equal(accept(marked, 'emails[type eq "work"].value').split('\n')[8], '  emails[type eq "work"].value');
    });

    it('offers the arrow after the target', () => {
      assert.deepEqual(labels(doc('  title |')), ['<-']);
    });

    it('offers the SCIM core Group attributes for a group mapping', () => {
      const l = labels('mapping "g" {\n  source Group\n  target Group\n  |\n}').filter((x) => !/^[a-z@]+$/.test(x) || ['members'].includes(x));
      assert.deepEqual(l, ['displayName', 'members', 'externalId']);
    });
  });

  describe('attribute mapping lines', () => {
    it('offers expressions and none after the arrow', () => {
      const list = items(mappingDoc('  title <- |'));
      assert.ok(list.some((i) => i.label === 'Join'));
      assert.ok(list.some((i) => i.label === '[jobTitle]'));
      assert.equal(list[list.length - 1].label, 'none');
      assert.equal(accept(mappingDoc('  title <- |'), 'none').split('\n')[7], '  title <- none');
    });

    it('offers the options after the source', () => {
      assert.deepEqual(labels(mappingDoc('  title <- [jobTitle] |')), ['default', 'match', 'on create', 'apply', 'flow always', '@graph']);
      assert.deepEqual(labels(mappingDoc('  title <- [jobTitle] on create |')), ['default', 'match', 'flow always', '@graph']);
      assert.deepEqual(labels(mappingDoc('  title <- none default "x" |')), ['match', 'on create', 'apply', 'flow always', '@graph']);
    });

    it('offers the options for a word typed after a complete expression', () => {
      const marked = mappingDoc('  title <- [jobTitle] de|');
      assert.deepEqual(labels(marked).slice(-6), ['default', 'match', 'on create', 'apply', 'flow always', '@graph']);
      assert.equal(accept(marked, 'on create').split('\n')[7], '  title <- [jobTitle] on create');
    });

    it('offers option values', () => {
      assert.deepEqual(labels(mappingDoc('  userName <- [userPrincipalName] match 1\n  externalId <- [mailNickname] match |')), ['2']);
      assert.deepEqual(labels(mappingDoc('  title <- [jobTitle] on |')), ['create']);
      assert.deepEqual(labels(mappingDoc('  title <- [jobTitle] apply |')), ['MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly', 'Always']);
      assert.deepEqual(labels(mappingDoc('  title <- [jobTitle] flow |')), ['always']);
    });

    it('delegates inside expressions, with the mapping source attributes', () => {
      const marked = mappingDoc('  mail <- ToLower([ma|])');
      assert.deepEqual(labels(marked).slice(0, 3), ['mail', 'mailNickname', 'manager']);
      assert.equal(accept(marked, 'mail').split('\n')[7], '  mail <- ToLower([mail])');
    });

    it('escapes completions inside the JSON of an @raw mapping', () => {
      const marked = 'mapping "m" {\n  source User\n  target User\n  @raw {"targetAttributeName": "active", "source": {"expression": "Switch([IsSoftDeleted], , |"}}\n}\n';
      const t = items(marked).find((i) => i.label === '"True"')!;
      assert.equal((t.textEdit as TextEdit).newText, '\\"True\\"');
      assert.ok(!items(marked).some((i) => i.label === 'default'), 'no line options inside JSON');
    });

    it('offers none as the start of a source', () => {
      assert.ok(labels(mappingDoc('  locale <- no|')).includes('none'));
    });
  });

  describe('scoping clauses', () => {
    it('offers the source attributes usable in scoping', () => {
      const l = labels(filter('|'));
      assert.ok(l.includes('department'));
      assert.ok(l.includes('accountEnabled'));
      assert.ok(!l.includes('manager'), 'references cannot be scoped');
      assert.ok(!l.includes('proxyAddresses'), 'multi-valued attributes cannot be scoped');
      assert.ok(!l.includes('userType'), 'documented exclusion');
    });

    it('offers operators ranked by the attribute type, uncertain ones last', () => {
      const l = labels(filter('accountEnabled |'));
      assert.deepEqual(l.slice(0, 2), ['IS TRUE', 'IS FALSE']);
      assert.deepEqual(l.slice(-2), ['&', '!&']);
      const amp = items(filter('accountEnabled |')).find((i) => i.label === '&')!;
      assert.equal(amp.detail, 'one value · semantics uncertain');
      assert.deepEqual(labels(filter('department |')).slice(0, 2), ['EQUALS', 'NOT EQUALS']);
    });

    it('completes multi-word operators whole', () => {
      const marked = filter('department IS N|');
      assert.deepEqual(labels(marked), ['IS NULL', 'IS NOT NULL']);
      assert.equal(accept(marked, 'IS NOT NULL').split('\n')[9], '      department IS NOT NULL');
    });

    it("offers the sample's value and the values the document uses, quoted", () => {
      const text = mappingDoc('  scope {\n    filter "A" {\n      department EQUALS "Engineering"\n    }\n    filter "F" {\n      department EQUALS |\n    }\n  }');
      assert.deepEqual(labels(text, { sampleUser: ADELE }), ['Retail', 'Engineering']);
      assert.equal(accept(text, 'Retail', { sampleUser: ADELE }).split('\n')[12], '      department EQUALS "Retail"');
    });

    it('offers nothing after a unary operator', () => {
      assert.deepEqual(labels(filter('accountEnabled IS TRUE |')), []);
    });
  });

  describe('Graph JSON', () => {
    const schema = fixture('contoso.schema.json');
    const mark = (needle: string, delta: number) => {
      const i = schema.indexOf(needle) + delta;
      return schema.slice(0, i) + '|' + schema.slice(i);
    };

    it('completes inside expression strings, JSON-escaped, with the source directory attributes', () => {
      const marked = mark('"[extension_', 2);
      const l = labels(marked, {}, 'graph-json');
      assert.ok(l.includes('extension_0123456789abcdef0123456789abcdef_badge'));
      const json = (expr: string) =>
        `{"synchronizationRules": [{"objectMappings": [{"sourceObjectName": "User", "targetObjectName": "User", "attributeMappings": [{"targetAttributeName": "active", "source": {"expression": "${expr}"}}]}]}]}`;
      const marked2 = json('Switch([IsSoftDeleted], , |');
      const t = items(marked2, {}, 'graph-json').find((i) => i.label === '"True"')!;
      assert.equal((t.textEdit as { newText: string }).newText, '\\"True\\"');
      assert.equal(accept(marked2, '"True"', {}, 'graph-json'), json('Switch([IsSoftDeleted], , \\"True\\"').replace('|', ''));
      const str = items(mark('\\"x\\")', 2), {}, 'graph-json');
      assert.deepEqual(str, [], 'nothing inside a string constant');
    });

    it('completes sourceOperandName and operatorName values', () => {
      const l = labels(mark('"department", "operatorName"', 1), {}, 'graph-json');
      assert.ok(l.includes('department'));
      assert.ok(l.includes('extension_0123456789abcdef0123456789abcdef_badge'), 'attributes the source directory defines');
      assert.deepEqual(labels(mark('"EQUALS"', 1), {}, 'graph-json').slice(0, 2), ['EQUALS', 'NOT EQUALS']);
    });

    it("completes targetAttributeName values with the target directory's names, escaped", () => {
      const marked = mark('"targetAttributeName": "userName"', 24);
      const list = items(marked, {}, 'graph-json');
      assert.deepEqual(list.map((i) => i.label), ['userName']);
      const other = items(mark('"targetAttributeName": "emails', 24), {}, 'graph-json');
      assert.deepEqual(other.map((i) => (i.textEdit as { newText: string }).newText), ['emails[type eq \\"work\\"].value']);
    });
  });
});

describe('document services: completion triggered by a blank', () => {
  const blank = { triggerCharacter: ' ' };
  it('answers where a statement expects its next word', () => {
    assert.deepEqual(labels(filter('accountEnabled |'), blank).slice(0, 2), ['IS TRUE', 'IS FALSE']);
    assert.deepEqual(labels(mappingDoc('  title <- [jobTitle] |'), blank), ['default', 'match', 'on create', 'apply', 'flow always', '@graph']);
    assert.deepEqual(labels('mapping "m" {\n  source |\n}', blank), ['User', 'Group']);
  });

  it('stays quiet in indentation, after the arrow and inside expressions', () => {
    assert.deepEqual(labels('mapping "m" {\n  |\n}', blank), []);
    assert.deepEqual(labels(mappingDoc('  title <- |'), blank), []);
    assert.deepEqual(labels(mappingDoc('  title <- Join(",", |)'), blank), []);
  });
});

describe('document services: completion with a target schema file', () => {
  it('offers the attributes of the schemas `app ... schema FILE` names', () => {
    const marked = 'app "X" schema "./contoso-schemas.json"\n\nmapping "m" {\n  source User\n  target User\n  |\n}\n';
    const { text, offset } = at(marked);
    const schemas = [{ id: 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User', name: 'Contoso', description: '', attributes: [{ name: 'badge', type: 'string' as const, multiValued: false, required: true, caseExact: false, mutability: 'readWrite' as const, returned: 'default' as const, uniqueness: 'none' as const, description: 'Badge number.' }] }];
    const doc = parseDocument(text, 'entramap', undefined, { resolveTargetSchema: (ref) => (ref === './contoso-schemas.json' ? { schemas } : undefined) });
    const list = completion(doc, doc.lines.positionAt(offset)).items;
    const badge = list.find((i) => i.label === 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge');
    assert.ok(badge);
    assert.equal(badge.detail, 'String · required');
  });
});
