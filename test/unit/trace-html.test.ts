// The trace view's page (client/src/views/trace-html.ts), rendered in plain Node: strict CSP
// with one nonce, no resources, escaping, the steps with their details, requests with the
// dry-run marker, and the scope-check page.
import assert from 'node:assert/strict';
import type { CheckScopeResult, ProvisionTrace } from '../../server/src/protocol';
import { escapeHtml, renderTracePage } from '../../client/src/views/trace-html';

function trace(overrides: Partial<ProvisionTrace> = {}): ProvisionTrace {
  return {
    version: 1,
    object: { type: 'User', id: 'u-1', displayName: 'Alice <Admin>', reportableIdentifier: 'alice@contoso.com' },
    action: 'create',
    completed: true,
    dryRun: true,
    steps: [
      { name: 'import', status: 'success', summary: 'Imported alice@contoso.com', details: { mapping: 'Users', attributes: { department: '<b>Eng</b>', password: '[Redact]' } } },
      {
        name: 'scope',
        status: 'success',
        summary: 'In scope',
        details: {
          conditions: [
            { name: 'Active in source system', value: true, result: true },
            { name: 'Not deleted in source system', value: 'present', result: true },
          ],
          filters: [{ name: 'Engineering', result: true, clauses: [{ attribute: 'department', operator: 'EQUALS', values: ['<b>Eng</b>'], actual: '<b>Eng</b>', result: true }] }],
        },
      },
      { name: 'match', status: 'success', summary: 'No target user matches', details: { attempts: [{ priority: 1, targetAttribute: 'userName', value: 'alice@contoso.com', found: 0 }], matched: null } },
      {
        name: 'compute',
        status: 'success',
        summary: '2 attributes',
        details: {
          mappings: [
            { target: 'userName', expression: '[userPrincipalName]', inputs: { userPrincipalName: 'alice@contoso.com' }, value: 'alice@contoso.com', flows: true, flowType: 'Always', matching: 1 },
            { target: 'title', expression: '[jobTitle]', inputs: { jobTitle: null }, value: null, flows: false, reason: 'null never flows', flowType: 'Always' },
          ],
        },
      },
      { name: 'action', status: 'success', summary: 'Create prepared, not sent (dry run)', details: { changes: [{ attribute: 'userName', new: 'alice@contoso.com' }] } },
    ],
    requests: [
      { method: 'GET', url: 'http://127.0.0.1:1/scim/Users?filter=userName%20eq%20%22alice%22', body: null, status: 200, response: { totalResults: 0, Resources: [] }, sent: true, step: 'match', purpose: 'match', durationMs: 3, attempt: 1 },
      { method: 'POST', url: 'http://127.0.0.1:1/scim/Users', body: { userName: 'alice@contoso.com', note: '</pre><script>alert(1)</script>' }, status: null, response: null, sent: false, step: 'action', purpose: 'create', durationMs: 0, attempt: 1, note: 'dry run: not sent' },
    ],
    warnings: ['plain http'],
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 12,
    ...overrides,
  };
}

describe('trace view page', () => {
  it('has a strict CSP with one nonce, and loads nothing', () => {
    const { html } = renderTracePage({ kind: 'provision', trace: trace() }, { nonce: 'abc123' });
    assert.ok(html.includes(`content="default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123';`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes('<script nonce="abc123">'));
    assert.ok(html.includes('<style nonce="abc123">'));
    assert.ok(!/\s(src|href)=/i.test(html), 'no src or href attributes');
    assert.ok(!/\sstyle=/i.test(html), 'no inline style attributes (the CSP would block them)');
    assert.ok(!/https?:\/\/(?!127\.0\.0\.1)/.test(html.replace(/<code>[^<]*<\/code>/g, '')), 'no remote URLs outside the trace data');
  });

  it('escapes every value from the trace', () => {
    const { html, title } = renderTracePage({ kind: 'provision', trace: trace() }, { nonce: 'n' });
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<b>Eng</b>'));
    assert.equal(title, 'Provision on Demand: alice@contoso.com');
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows the steps with status, the compute table, requests with the dry-run marker', () => {
    const { html } = renderTracePage({ kind: 'provision', trace: trace(), target: 'Local' }, { nonce: 'n' });
    for (const step of ['import', 'scope', 'match', 'compute', 'action']) assert.ok(html.includes(`data-step="${step}"`), step);
    assert.ok(html.includes('data-dry-run="true"'));
    assert.ok(html.includes('NOT SENT (dry run)'));
    assert.ok(html.includes('<code>[userPrincipalName]</code>'), 'the expression');
    assert.ok(html.includes('<code>[jobTitle]</code> = <code>null</code>'), 'the inputs');
    assert.ok(html.includes('null never flows'), 'the flow reason');
    assert.ok(html.includes('&quot;totalResults&quot;: 0'), 'a pretty-printed response');
    assert.ok(html.includes('class="request unsent"'));
    assert.ok(html.includes('data-action="create"'));
    assert.ok(html.includes('Copy as JSON'));
    assert.ok(html.includes('<td>Not deleted in source system</td><td>yes</td>'), 'scope conditions in words, as the text trace says them');
  });

  it('names the failed step of a failed trace, without the dry-run banner for real runs', () => {
    const failed = trace({
      dryRun: false,
      completed: false,
      action: 'none',
      steps: [{ name: 'match', status: 'failed', summary: 'The server rejected the token', details: {}, error: { category: 'credentials', message: 'HTTP 401', hint: 'Check the token' } }],
      requests: [],
    });
    const { html } = renderTracePage({ kind: 'provision', trace: failed }, { nonce: 'n' });
    assert.ok(html.includes('FAILED at match user between source and target system'));
    assert.ok(html.includes('Fix: Check the token'));
    assert.ok(!html.includes('data-dry-run'));
  });

  it('renders a scope check', () => {
    const result: CheckScopeResult = {
      inScope: false,
      reason: 'no scoping filter passed',
      object: { type: 'User', id: 'u-3', reportableIdentifier: 'carol@contoso.com' },
      conditions: [],
      filters: [],
      steps: [trace().steps[1]],
      text: '',
      problems: [],
    };
    const { html, title } = renderTracePage({ kind: 'scope', result, mapping: 'provision.entramap' }, { nonce: 'n' });
    assert.equal(title, 'Scope check: carol@contoso.com');
    assert.ok(html.includes('OUT OF SCOPE (no scoping filter passed)'));
    assert.ok(html.includes('no request was sent'));
    assert.ok(html.includes('Scoping filter <strong>Engineering</strong>'));
  });
});
