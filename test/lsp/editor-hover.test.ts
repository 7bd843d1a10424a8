// Hover, signature help and inline evaluation over the real protocol: function signatures and
// docs, target and source attribute facts, the value a mapping produces for the sample user the
// client selected (entraProvisioning/sampleUser), inlay hints with those values and the scope
// verdicts, workspace/inlayHint/refresh when the sample or the settings change, and the
// entraProvisioning.inlayHints settings.
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { SampleUserNotification } from '../../server/src/protocol';
import { readFixture } from './support/fixtures';
import { find, hintLabel, hover, inlayHints, signatureHelp, VSCODE_CAPABILITIES, whole } from './support/editor';
import { TestServer, withServer } from './support/server';

const TEXT = readFixture('editor.entramap');
const USERS = JSON.parse(readFixture('editor.users.json')) as Record<string, unknown>[];
const [ADELE, LEE] = USERS;

const markdown = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

async function select(s: TestServer, user: Record<string, unknown> | null, name?: string) {
  await s.connection.sendNotification(SampleUserNotification.type, { user, name, source: 'file:///editor.users.json' });
}

/** `line: label` for every hint, 1-based lines. */
async function hintLines(s: TestServer, uri: string, text: string): Promise<string[]> {
  const hints = (await inlayHints(s, uri, whole(text))) ?? [];
  return hints.map((h) => `${h.position.line + 1}: ${hintLabel(h)}`);
}

describe('lsp: hover, signature help, inline evaluation', function () {
  this.timeout(30_000);

  it('declares hover, signature help (with its triggers) and inlay hints', async () => {
    await withServer({}, async (s) => {
      const c = s.initializeResult.capabilities;
      assert.equal(c.hoverProvider, true);
      assert.deepEqual(c.signatureHelpProvider, { triggerCharacters: ['(', ','], retriggerCharacters: [')'] });
      assert.deepEqual(c.inlayHintProvider, { resolveProvider: false });
    });
  });

  it('hovers a function with its signature and docs, an attribute with its facts', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const join = markdown(await hover(s, doc.uri, find(TEXT, 'Join(', 1)));
      assert.ok(join.startsWith('```entramap\nJoin(separator: string, ...source: string) -> string\n```\n\nPuts `separator` between the sources'), join);
      assert.match(join, /\[Documentation\]\(https:\/\/learn\.microsoft\.com\/.*#join\)/);
      assert.ok(!join.includes('Evaluates for'), 'no sample user yet');
      const given = markdown(await hover(s, doc.uri, find(TEXT, '[givenName]', 2)));
      assert.ok(given.startsWith('```entramap\n(attribute) [givenName]: String\n```\n\nFirst name.'), given);
      const target = markdown(await hover(s, doc.uri, find(TEXT, 'displayName <-', 2)));
      assert.equal(
        target,
        '**displayName** · target attribute of User\n\nString\n\nThe name to show to end users, ideally the full name.\n\nPersonify Inc: listed.\n\nTemplate `personify`: `displayName <- [displayName]`\n\nExpression mapping',
      );
      const hit = await hover(s, doc.uri, find(TEXT, 'displayName <-', 2));
      assert.deepEqual(hit?.range, { start: { line: 18, character: 2 }, end: { line: 18, character: 13 } });
      assert.equal(await hover(s, doc.uri, { line: 0, character: 3 }), null, 'comments have no hover');
    });
  });

  it('shows what a mapping produces for the selected sample user', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      await select(s, ADELE);
      const target = markdown(await hover(s, doc.uri, find(TEXT, 'displayName <-', 2)));
      assert.ok(target.endsWith('Expression mapping\n\n*Adele Vance* → `"Adele Vance"`'), target);
      const join = markdown(await hover(s, doc.uri, find(TEXT, 'Join(', 1)));
      assert.ok(join.endsWith('---\n\n*Evaluates for `Adele Vance` to* `"Adele Vance"`'), join);
      const given = markdown(await hover(s, doc.uri, find(TEXT, '[givenName]', 2)));
      assert.ok(given.includes('*Sample value:* `"Adele"`'), given);
      const title = markdown(await hover(s, doc.uri, find(TEXT, 'title <-', 1)));
      assert.ok(title.endsWith('*Adele Vance* → `"RETAIL MANAGER"`'), title);
      // another user, with the name the client gives
      await select(s, LEE, 'Lee (contractor)');
      const lee = markdown(await hover(s, doc.uri, find(TEXT, 'title <-', 1)));
      assert.ok(lee.endsWith('*Lee (contractor)* → `"DIRECTOR"`'), lee);
      await select(s, null);
      assert.ok(!markdown(await hover(s, doc.uri, find(TEXT, 'title <-', 1))).includes('→'), 'cleared');
    });
  });

  it('gives signature help with the active parameter', async () => {
    await withServer({}, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      const at = (needle: string, delta: number) => signatureHelp(s, doc.uri, find(TEXT, needle, delta));
      const first = await at('Join(" "', 5);
      assert.equal(first?.signatures[0].label, 'Join(separator: string, source1: string, source2: string, ...) -> string');
      assert.equal(first?.activeParameter, 0);
      assert.equal((await at('[givenName], [surname])', 0))?.activeParameter, 1);
      assert.equal((await at('[surname])', 0))?.activeParameter, 2);
      const sw = await at('"False", "True", "True", "False")', 0);
      assert.equal(sw?.signatures[0].label.split('(')[0], 'Switch');
      assert.equal(sw?.activeParameter, 2);
      const label = sw!.signatures[0].label;
      const [s0, e0] = sw!.signatures[0].parameters![2].label as [number, number];
      assert.equal(label.slice(s0, e0).split(':')[0], 'key1');
      assert.equal(await at('userName', 0), null, 'outside expressions');
    });
  });

  it('shows inlay hints for the sample user: values, scope verdicts, clause verdicts, parameter names', async () => {
    await withServer({ capabilities: VSCODE_CAPABILITIES }, async (s) => {
      const doc = await s.openDoc('editor.entramap', TEXT);
      // without a sample: parameter names only
      assert.deepEqual(await hintLines(s, doc.uri, TEXT), ['18: key1:', '18: value1:', '18: key2:', '18: value2:', '19: separator:']);
      await select(s, ADELE);
      assert.deepEqual(await hintLines(s, doc.uri, TEXT), [
        '9: ✓ in scope',
        '11: ✓ matches',
        '12: ✓',
        '13: ✓',
        '17: → "adele.vance@contoso.com"',
        '18: key1:',
        '18: value1:',
        '18: key2:',
        '18: value2:',
        '18: → "True"',
        '19: separator:',
        '19: → "Adele Vance"',
        '20: → "adele.vance@contoso.com"',
        '21: → "Adele"',
        '22: → "Vance"',
        '23: → "RETAIL MANAGER"',
        '24: → "0f5e1c2a-1111-4c1e-9a55-000000000001"',
      ]);
      // a contractor without a department is out of scope, and each clause says why
      await select(s, LEE);
      const lee = await hintLines(s, doc.uri, TEXT);
      assert.deepEqual(
        lee.filter((l) => /^(9|11|12|13):/.test(l)),
        [
          '9: ✗ out of scope (employeeType EQUALS "Employee" is false)',
          '11: ✗ no match (employeeType EQUALS "Employee" is false)',
          '12: ✗ (is "Contractor")',
          '13: ✗ (not set)',
        ],
      );
      // a hint sits at the end of its line (after the expression)
      const hints = (await inlayHints(s, doc.uri, whole(TEXT)))!;
      const value = hints.find((h) => hintLabel(h) === '→ "DIRECTOR"')!;
      assert.deepEqual(value.position, { line: 22, character: TEXT.split('\n')[22].length });
      // only the requested range is answered
      const range = { start: { line: 20, character: 0 }, end: { line: 21, character: 0 } };
      assert.deepEqual(((await inlayHints(s, doc.uri, range)) ?? []).map(hintLabel), ['→ "Lee"']);
    });
  });

  it('asks the client to refresh inlay hints when the sample user or the hint settings change', async () => {
    await withServer({ capabilities: VSCODE_CAPABILITIES }, async (s) => {
      let refreshes = 0;
      s.connection.onRequest('workspace/inlayHint/refresh', () => {
        refreshes++;
        return null;
      });
      const doc = await s.openDoc('editor.entramap', TEXT);
      await s.serverInfo();
      await select(s, ADELE);
      await s.waitFor(() => refreshes === 1);
      await s.updateSettings({ inlayHints: { enabled: false } });
      await s.waitFor(() => refreshes === 2);
      assert.deepEqual(await inlayHints(s, doc.uri, whole(TEXT)), [], 'turned off');
      await s.updateSettings({ inlayHints: { enabled: true, parameterNames: false, scopingClauses: false } });
      await s.waitFor(() => refreshes === 3);
      const lines = await hintLines(s, doc.uri, TEXT);
      assert.ok(!lines.some((l) => /key1:|separator:/.test(l)), 'no parameter names');
      assert.ok(!lines.some((l) => /^1[23]: /.test(l)), 'no clause verdicts');
      assert.deepEqual(lines.slice(0, 3), ['9: ✓ in scope', '11: ✓ matches', '17: → "adele.vance@contoso.com"']);
      // a settings change that does not touch the hints asks nothing
      await s.updateSettings({ inlayHints: { enabled: true, parameterNames: false, scopingClauses: false }, diagnostics: { delay: 10 } });
      await s.serverInfo();
      assert.equal(refreshes, 3);
    });
  });

  it('does not send refresh requests to a client that cannot take them', async () => {
    await withServer({}, async (s) => {
      let refreshes = 0;
      s.connection.onRequest('workspace/inlayHint/refresh', () => void refreshes++);
      await select(s, ADELE);
      await s.serverInfo();
      assert.equal(refreshes, 0);
    });
  });
});
