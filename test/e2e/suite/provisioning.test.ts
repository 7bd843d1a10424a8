// Provisioning in a real VS Code extension host: the commands (Set/Clear Secret Token, Test
// Connection, Provision on Demand, Check Scope for User) driven through executeCommand with
// their options, against the embedded SCIM target, which this suite starts on 127.0.0.1 inside
// the extension host; the trace view; and the token never reaching the output channel's log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CheckScopeResult, ProvisionOnDemandResult, TestConnectionResult } from '../../../server/src/protocol';
import { RunningTarget, startTarget } from '../../../server/src/target';
import { api, open, waitFor } from './helpers';

const TOKEN = `e2e-secret-${Math.random().toString(36).slice(2)}`;
const TARGETS = (url: string) => [
  { name: 'Local', tenantUrl: url, app: 'scim', mapping: 'provision.entramap' },
  { name: 'Local wrong token', tenantUrl: url },
  { name: 'No token', tenantUrl: url },
];
const ALICE = { target: 'Local', mapping: 'provision.entramap', usersFile: 'sample.users.json', user: 'alice@contoso.com' };

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('entraProvisioning');
}

async function outputLog(): Promise<string> {
  const { logUri } = await api();
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(logUri, 'Entra Provisioning.log'));
  return new TextDecoder().decode(bytes);
}

suite('Provisioning commands', () => {
  let target: RunningTarget;

  suiteSetup(async () => {
    target = await startTarget({ port: 0, record: true, token: TOKEN });
    await config().update('targets', TARGETS(target.url), vscode.ConfigurationTarget.Workspace);
    const { languageClient } = await api();
    await languageClient.whenRunning();
  });

  suiteTeardown(async () => {
    const { tokens } = await api();
    for (const t of TARGETS('')) await tokens.delete(t.name);
    await config().update('targets', undefined, vscode.ConfigurationTarget.Workspace);
    await target?.close();
  });

  test('Set Secret Token and Clear Secret Token store and delete the token of a target', async () => {
    const { tokens } = await api();
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.setToken', { target: 'local', token: `Bearer ${TOKEN}` }), true);
    assert.equal(await tokens.get('Local'), TOKEN, 'stored under the target, without the scheme word');
    assert.equal(await tokens.has('No token'), false, 'one key per target');
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.clearToken', { target: 'Local' }), true);
    assert.equal(await tokens.get('Local'), undefined);
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.clearToken', { target: 'Local' }), false, 'nothing left to clear');
    // a token that cannot be sent in a header is refused
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.setToken', { target: 'Local', token: 'two words' }), undefined);
    assert.equal(await tokens.get('Local'), undefined);
    // a target that is not configured
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.setToken', { target: 'Elsewhere', token: TOKEN }), undefined);
    assert.equal(await tokens.has('Elsewhere'), false);
    // the settings never hold a token
    assert.ok(!JSON.stringify(config().get('targets')).includes(TOKEN));

    assert.equal(await vscode.commands.executeCommand('entraProvisioning.setToken', { target: 'Local', token: TOKEN }), true);
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.setToken', { target: 'Local wrong token', token: 'not-the-right-token' }), true);
  });

  test('Test Connection passes against the embedded target, and names the category when it fails', async () => {
    const before = target.requests.length;
    const ok = (await vscode.commands.executeCommand('entraProvisioning.testConnection', { target: 'Local' })) as TestConnectionResult;
    assert.equal(ok.ok, true, ok.message);
    assert.equal(ok.category, null);
    // the target's mapping (provision.entramap) names userName as the first matching attribute
    assert.equal(ok.matchingAttribute, 'userName');
    const probe = target.requests.slice(before).find((r) => r.method === 'GET' && r.path === '/Users');
    assert.match(probe?.query.filter ?? '', /^userName eq "/);

    const bad = (await vscode.commands.executeCommand('entraProvisioning.testConnection', { target: 'Local wrong token' })) as TestConnectionResult;
    assert.equal(bad.ok, false);
    assert.equal(bad.category, 'credentials');
    assert.ok(bad.hint);

    // no stored token: refused (with how to fix it), nothing sent
    const count = target.requests.length;
    assert.equal(await vscode.commands.executeCommand('entraProvisioning.testConnection', { target: 'No token' }), undefined);
    assert.equal(target.requests.length, count);
  });

  test('Provision on Demand, dry run: only reads are sent, and the trace view shows the unsent write', async () => {
    const before = target.requests.length;
    const result = (await vscode.commands.executeCommand('entraProvisioning.provisionOnDemand', { ...ALICE, dryRun: true })) as ProvisionOnDemandResult;
    assert.ok(result, 'the command returned its result');
    assert.deepEqual(result.problems, []);
    assert.equal(result.trace.dryRun, true);
    assert.equal(result.trace.action, 'create', result.text);
    assert.ok(result.trace.requests.some((r) => r.method === 'POST' && !r.sent));
    assert.deepEqual([...new Set(target.requests.slice(before).map((r) => r.method))], ['GET']);
    const users = await fetch(`${target.url}/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(((await users.json()) as { totalResults: number }).totalResults, 0);

    const { traceView } = await api();
    const panel = await waitFor('the trace view', () => traceView.panel);
    const html = panel.webview.html;
    assert.match(html, /data-dry-run="true"/);
    assert.match(html, /NOT SENT \(dry run\)/);
    for (const step of ['import', 'scope', 'match', 'compute', 'action']) assert.ok(html.includes(`data-step="${step}"`), step);
    // strict CSP: nothing but the nonce'd style and script
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
    assert.ok(nonce);
    assert.ok(html.includes(`default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`));
    assert.ok(!/<(script|link|img)[^>]+(src|href)=/i.test(html), 'no resources are loaded');
    assert.equal(panel.webview.options.enableScripts, true);
    assert.deepEqual(panel.webview.options.localResourceRoots, []);
  });

  test('Provision on Demand writes for real: the user is created on the target, in the same trace view', async () => {
    const { traceView } = await api();
    const panel = traceView.panel;
    const result = (await vscode.commands.executeCommand('entraProvisioning.provisionOnDemand', { ...ALICE, dryRun: false })) as ProvisionOnDemandResult;
    assert.equal(result.trace.action, 'create', result.text);
    assert.equal(result.trace.completed, true, result.text);
    assert.equal(result.trace.dryRun, false);
    const created = target.requests.find((r) => r.method === 'POST' && r.path === '/Users');
    assert.equal(created?.status, 201);
    const res = await fetch(`${target.url}/Users/${result.trace.targetId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    const user = (await res.json()) as { userName: string; displayName: string; externalId: string; active: boolean };
    assert.equal(user.userName, 'alice@contoso.com');
    assert.equal(user.displayName, 'Alice Smith');
    assert.equal(user.externalId, 'alice');
    assert.equal(user.active, true);
    assert.ok(panel && traceView.panel === panel, 'the panel is reused');
    assert.ok(!panel.webview.html.includes('data-dry-run'), 'the view shows the new trace');
    assert.ok(panel.webview.html.includes('data-action="create"'));

    // "Copy as JSON" copies the model the view shows
    assert.equal(traceView.json(), JSON.stringify(result.trace, null, 2));
  });

  test('Provision on Demand refuses a mapping with errors and sends nothing', async () => {
    const before = target.requests.length;
    const result = (await vscode.commands.executeCommand('entraProvisioning.provisionOnDemand', { ...ALICE, mapping: 'users.entramap', dryRun: false })) as ProvisionOnDemandResult;
    assert.deepEqual(result.problems.map((p) => p.code), ['EPX101']);
    assert.equal(result.trace.completed, false);
    assert.equal(target.requests.length, before);
  });

  test('Check Scope for User gives each filter and clause, without any request', async () => {
    const before = target.requests.length;
    const carol = (await vscode.commands.executeCommand('entraProvisioning.checkScope', { mapping: 'provision.entramap', usersFile: 'sample.users.json', user: 'carol@contoso.com' })) as CheckScopeResult;
    assert.equal(carol.inScope, false);
    assert.equal(carol.reason, 'no scoping filter passed');
    assert.deepEqual(
      carol.filters[0].clauses.map((c) => [c.attribute, c.actual, c.result]),
      [
        ['department', 'Sales', false],
        ['accountEnabled', true, true],
      ],
    );
    const alice = (await vscode.commands.executeCommand('entraProvisioning.checkScope', { mapping: 'provision.entramap', usersFile: 'sample.users.json', user: 'alice@contoso.com' })) as CheckScopeResult;
    assert.equal(alice.inScope, true);
    assert.equal(target.requests.length, before);
    const { traceView } = await api();
    assert.equal(traceView.current?.kind, 'scope');
    assert.match(traceView.panel!.webview.html, /IN SCOPE/);
  });

  test('without those options, the active mapping file and the workspace\'s only users file are used', async () => {
    await open('provision.entramap');
    const inScope = (await vscode.commands.executeCommand('entraProvisioning.checkScope', { user: 'alice@contoso.com' })) as CheckScopeResult;
    assert.equal(inScope.mapping, 'Synchronize Microsoft Entra users to Local SCIM');
    assert.equal(inScope.inScope, true);
    await open('users.entramap');
    const broken = (await vscode.commands.executeCommand('entraProvisioning.checkScope', { user: 'alice@contoso.com' })) as CheckScopeResult;
    assert.equal(broken.error?.category, 'mapping', 'users.entramap (with its EPX101) was used');
    assert.deepEqual(broken.problems.map((p) => p.code), ['EPX101']);
  });

  test('the token never reaches the output channel, even with the LSP message trace on', async () => {
    await config().update('trace.server', 'verbose', vscode.ConfigurationTarget.Workspace);
    try {
      const r = (await vscode.commands.executeCommand('entraProvisioning.testConnection', { target: 'Local' })) as TestConnectionResult;
      assert.equal(r.ok, true);
      await vscode.commands.executeCommand('entraProvisioning.provisionOnDemand', { ...ALICE, dryRun: true });
      // the message trace logged both requests with their params, and the results were logged
      const log = await waitFor(
        'the requests in the output channel log',
        async () => {
          const text = await outputLog();
          return text.includes("Sending request 'entraProvisioning/provisionOnDemand") && text.includes('Provision on Demand to "Local"') ? text : undefined;
        },
        10_000,
      );
      assert.match(log, /"token": "<redacted>"/);
      assert.ok(!log.includes(TOKEN), 'the token is not in the log');
    } finally {
      await config().update('trace.server', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
