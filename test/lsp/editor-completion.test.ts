// Completion over the real protocol, at every kind of position: statement keywords, template
// names, object names, target paths, expressions (functions, attributes, argument values),
// line options, scoping attributes / operators / values (with the sample user's value), and the
// trigger characters' rules (blank, `(`, `,`). Labels are asserted exactly, in the server's rank.
import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-protocol';
import { readFixture } from './support/fixtures';
import { completion, openMarked, ranked, VSCODE_CAPABILITIES } from './support/editor';
import { TestServer, withServer } from './support/server';

const USERS = JSON.parse(readFixture('editor.users.json')) as Record<string, unknown>[];
const mapping = (body: string) => `app "Personify Inc" template personify\n\nmapping "Users" {\n  source User\n  target User\n${body}\n}\n`;

let n = 0;
async function labelsAt(s: TestServer, source: string, trigger?: string): Promise<string[]> {
  const doc = await openMarked(s, `completion-${++n}.entramap`, source);
  try {
    return ranked(await completion(s, doc.uri, doc.at[0], trigger));
  } finally {
    await s.closeDoc(doc.uri);
  }
}

describe('lsp: completion', function () {
  this.timeout(30_000);

  it('declares the trigger characters of the document, expression and signature services', async () => {
    await withServer({}, async (s) => {
      const p = s.initializeResult.capabilities.completionProvider;
      assert.deepEqual(p?.triggerCharacters?.slice().sort(), [' ', '"', '(', ',', '['].sort());
      assert.equal(p?.resolveProvider, false);
    });
  });

  it('offers the statement keywords a block allows, without a second app', async () => {
    await withServer({}, async (s) => {
      assert.deepEqual(await labelsAt(s, 'app "X" template scim\n|\n'), ['rule', 'mapping', '@graph', '@raw']);
    });
  });

  it('offers the template names after `template`, and the object names after `source`', async () => {
    await withServer({}, async (s) => {
      assert.deepEqual(await labelsAt(s, 'app "X" template |\n'), ['personify', 'mypolicies', 'genesys', 'scim']);
      assert.deepEqual(await labelsAt(s, mapping('  userName <- [userPrincipalName]').replace('source User', 'source |')), ['User', 'Group']);
    });
  });

  it("offers the app's target paths at the start of a mapping line, its listed attributes first, mapped ones left out", async () => {
    await withServer({}, async (s) => {
      const labels = await labelsAt(s, mapping('  userName <- [userPrincipalName] match 1\n  |'));
      assert.deepEqual(labels.slice(0, 8), [
        'active',
        'displayName',
        'title',
        'emails[type eq "work"].value',
        'preferredLanguage',
        'name.givenName',
        'name.familyName',
        'name.formatted',
      ]);
      assert.ok(!labels.includes('userName'), 'already mapped');
      assert.ok(labels.includes('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'));
      assert.ok(!labels.includes('id') && !labels.includes('meta.created') && !labels.includes('groups'), 'never written by the service');
      // the keywords the block still allows (it has `source`, `target`), after the app's paths
      const keywords = ['enabled', 'actions', 'metadata', 'scope', '@graph', '@raw'];
      assert.deepEqual(labels.filter((l) => keywords.includes(l) || l === 'source' || l === 'target'), keywords);
      assert.ok(labels.indexOf('enabled') > labels.indexOf('externalId'));
    });
  });

  it('offers functions and attributes in an expression, filtered by the typed word', async () => {
    await withServer({}, async (s) => {
      assert.deepEqual(await labelsAt(s, mapping('  displayName <- Jo|')), ['Join', '[jobTitle]']);
      assert.deepEqual(await labelsAt(s, mapping('  displayName <- [giv|')), ['givenName']);
    });
  });

  it('snippets a function call with its slots', async () => {
    await withServer({}, async (s) => {
      const doc = await openMarked(s, 'snippet.entramap', mapping('  displayName <- Jo|'));
      const join = (await completion(s, doc.uri, doc.at[0])).find((i) => i.label === 'Join')!;
      assert.equal(join.insertTextFormat, InsertTextFormat.Snippet);
      assert.deepEqual(join.textEdit && 'range' in join.textEdit ? join.textEdit.newText : undefined, 'Join(${1:separator}, ${2:source1})$0');
      assert.equal(join.kind, CompletionItemKind.Function);
    });
  });

  it("offers an argument's allowed values first, and `(` / `,` trigger only there", async () => {
    await withServer({}, async (s) => {
      const dateAdd = mapping('  displayName <- DateAdd(|');
      assert.deepEqual((await labelsAt(s, dateAdd, '(')).slice(0, 7), ['"yyyy"', '"m"', '"d"', '"ww"', '"h"', '"n"', '"s"']);
      assert.deepEqual(await labelsAt(s, mapping('  displayName <- Join(|'), '('), [], 'no list at every call');
      assert.deepEqual(await labelsAt(s, mapping('  displayName <- Join(" ",|'), ','), []);
      // invoked (Ctrl+Space) the same position has the full list
      assert.ok((await labelsAt(s, mapping('  displayName <- Join(|'))).length > 50);
    });
  });

  it('offers the line options after a complete source; a blank opens them, but not after the arrow', async () => {
    await withServer({}, async (s) => {
      assert.deepEqual(await labelsAt(s, mapping('  displayName <- [displayName] |'), ' '), ['default', 'match', 'on create', 'apply', 'flow always', '@graph']);
      assert.deepEqual(await labelsAt(s, mapping('  displayName <- |'), ' '), []);
      assert.deepEqual(await labelsAt(s, mapping('  |'), ' '), [], 'not in indentation');
    });
  });

  it('offers scoping attributes, operators ranked for the type, and values (with the sample user)', async () => {
    await withServer({ capabilities: VSCODE_CAPABILITIES }, async (s) => {
      const filter = (line: string) => mapping(`  scope {\n    filter "F" {\n      ${line}\n    }\n  }`);
      const attrs = await labelsAt(s, filter('dep|'));
      assert.equal(attrs.length, 47);
      assert.deepEqual(attrs.slice(0, 6), ['accountEnabled', 'city', 'companyName', 'country', 'department', 'dirSyncEnabled']);
      assert.ok(attrs.includes('IsSoftDeleted') && attrs.includes('employeeType'));
      assert.deepEqual(await labelsAt(s, filter('department |'), ' '), [
        'EQUALS',
        'NOT EQUALS',
        'Includes',
        'ENDS_WITH',
        'REGEX MATCH',
        'NOT REGEX MATCH',
        'Greater_Than',
        'Greater_Than_OR_EQUALS',
        'IS NULL',
        'IS NOT NULL',
        'IS TRUE',
        'IS FALSE',
        '&',
        '!&',
      ]);
      assert.deepEqual(await labelsAt(s, filter('accountEnabled |'), ' ').then((l) => l.slice(0, 2)), ['IS TRUE', 'IS FALSE'], 'Booleans: IS TRUE / IS FALSE first');
      // values: Member/Guest for userType, the sample's own value for others
      assert.deepEqual((await labelsAt(s, filter('userType EQUALS |'), ' ')).sort(), ['Guest', 'Member']);
      await s.connection.sendNotification('entraProvisioning/sampleUser', { user: USERS[0] });
      assert.deepEqual(await labelsAt(s, filter('employeeType EQUALS |'), ' '), ['Employee']);
      assert.deepEqual(await labelsAt(s, filter('department EQUALS |'), ' '), ['Retail']);
    });
  });

  it('answers nothing in comments and strings, and for documents the server does not handle', async () => {
    await withServer({}, async (s) => {
      assert.deepEqual(await labelsAt(s, '# a comment |\napp "X" template scim\n'), []);
      assert.deepEqual(await labelsAt(s, 'app "X|" template scim\n'), []);
      const other = await openMarked(s, 'package.json', '{ "name": "x", "scripts": { "b|": "" } }');
      assert.deepEqual(await completion(s, other.uri, other.at[0]), []);
    });
  });
});
