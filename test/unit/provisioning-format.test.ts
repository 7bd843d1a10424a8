// What the provisioning commands show (client/src/provisioning/format.ts): the Test Connection
// banner with its category and one-line fix, the log report, and the confirmation of a write
// naming the exact action and requests.
import assert from 'node:assert/strict';
import type { ProvisionTrace, TestConnectionResult } from '../../server/src/protocol';
import { describeWrites, formatTestConnection, testConnectionBanner } from '../../client/src/provisioning/format';

const target = { name: 'Contoso' };

function result(overrides: Partial<TestConnectionResult>): TestConnectionResult {
  return {
    ok: true,
    category: null,
    message: 'The supplied credentials are authorized to enable provisioning.',
    hint: null,
    url: 'https://scim.contoso.com/v2',
    matchingAttribute: 'userName',
    requests: [{ method: 'GET', url: 'https://scim.contoso.com/v2/Users?filter=…', status: 200, purpose: 'test connection', durationMs: 12, attempt: 1 }],
    warnings: [],
    durationMs: 20,
    ...overrides,
  };
}

describe('provisioning commands: text', () => {
  it('names the failure category and the fix in the Test Connection banner', () => {
    assert.equal(testConnectionBanner(target, result({})), 'Test Connection "Contoso" succeeded: The supplied credentials are authorized to enable provisioning.');
    const failed = result({ ok: false, category: 'credentials', message: 'HTTP 401.', hint: 'Check the secret token.' });
    assert.equal(testConnectionBanner(target, failed), 'Test Connection "Contoso" failed — Credentials: HTTP 401. Fix: Check the secret token.');
    assert.match(testConnectionBanner(target, result({ ok: false, category: 'network', message: 'ECONNREFUSED.', hint: 'Start it.' })), /failed — Network: ECONNREFUSED\. Fix: Start it\.$/);
    assert.match(testConnectionBanner(target, result({ ok: false, category: 'protocol', message: 'x', hint: null })), /failed — Not a compatible SCIM endpoint: x$/);
  });

  it('logs the requests and the response of a failed one', () => {
    const failed = result({
      ok: false,
      category: 'credentials',
      message: 'HTTP 401.',
      hint: 'Check the token.',
      requests: [{ method: 'GET', url: 'https://h/Users', status: 401, durationMs: 3, attempt: 1, response: { detail: 'invalid bearer token' } }],
    });
    const text = formatTestConnection(target, failed);
    assert.match(text, /^Test Connection "Contoso": FAILED, credentials/);
    assert.match(text, /Fix: Check the token\./);
    assert.match(text, /GET https:\/\/h\/Users → 401 \(3 ms\)/);
    assert.match(text, /< \{"detail":"invalid bearer token"\}/);
  });

  it('confirms a write with the exact requests and changes', () => {
    const trace: ProvisionTrace = {
      version: 1,
      object: { type: 'User', id: 'u-1', reportableIdentifier: 'alice@contoso.com' },
      action: 'update',
      completed: true,
      dryRun: true,
      steps: [{ name: 'action', status: 'success', summary: 'Update prepared', details: { changes: [{ attribute: 'title', old: 'Engineer', new: 'Lead' }, { attribute: 'active', new: true }] } }],
      requests: [
        { method: 'GET', url: 'https://h/Users?filter=…', body: null, status: 200, response: null, sent: true, step: 'match', durationMs: 1, attempt: 1 },
        { method: 'PATCH', url: 'https://h/Users/42', body: {}, status: null, response: null, sent: false, step: 'action', durationMs: 0, attempt: 1 },
      ],
      warnings: [],
      startedAt: '',
      durationMs: 0,
    };
    const { message, detail } = describeWrites(trace, target);
    assert.equal(message, 'Update the user alice@contoso.com in "Contoso"?');
    assert.deepEqual(detail.split('\n'), ['PATCH https://h/Users/42', '', 'title: "Engineer" → "Lead"', 'active: true', '', 'Nothing has been written yet: only the match queries were sent.']);
  });
});
