// The client's log sanitiser: no credential reaches the output channel, in any of the shapes
// logs carry (HTTP headers, JSON, escaped JSON in the LSP trace, query strings, stack traces).
import assert from 'node:assert/strict';
import { REDACTED, sanitize, sanitizeError } from '../../client/src/infrastructure/sanitize';

const SECRET = 's3cr3t-T0ken.value_123';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('client: log sanitiser', () => {
  const cases: [string, string, string][] = [
    ['HTTP header', `Authorization: Bearer ${SECRET}`, `Authorization: Bearer ${REDACTED}`],
    ['header, other scheme', `authorization: Basic dXNlcjpwYXNz`, `authorization: Basic ${REDACTED}`],
    ['header without scheme', `Authorization: ${SECRET}`, `Authorization: ${REDACTED}`],
    ['bearer in prose', `sent Bearer ${SECRET} to the target`, `sent Bearer ${REDACTED} to the target`],
    ['JSON header', `{"Authorization":"Bearer ${SECRET}","accept":"application/scim+json"}`, `{"Authorization":"Bearer ${REDACTED}","accept":"application/scim+json"}`],
    ['JSON token', `{"url":"https://x/scim","token": "${SECRET}"}`, `{"url":"https://x/scim","token": "${REDACTED}"}`],
    ['JSON secretToken', `{"secretToken":"${SECRET}"}`, `{"secretToken":"${REDACTED}"}`],
    ['JSON client_secret', `{"client_secret":"a\\"b${SECRET}"}`, `{"client_secret":"${REDACTED}"}`],
    ['escaped JSON', `"{\\"token\\":\\"${SECRET}\\",\\"n\\":1}"`, `"{\\"token\\":\\"${REDACTED}\\",\\"n\\":1}"`],
    ['query string', `GET https://x/scim/Users?access_token=${SECRET}&count=1`, `GET https://x/scim/Users?access_token=${REDACTED}&count=1`],
    ['form', `password=${SECRET}; next`, `password=${REDACTED}; next`],
    ['JWT anywhere', `id ${JWT} end`, `id ${REDACTED} end`],
    ['mixed case names', `{"AccessToken":"${SECRET}","Password":"${SECRET}"}`, `{"AccessToken":"${REDACTED}","Password":"${REDACTED}"}`],
  ];
  for (const [name, input, expected] of cases) {
    it(`redacts: ${name}`, () => {
      const out = sanitize(input);
      assert.equal(out, expected);
      assert.ok(!out.includes(SECRET) && !out.includes(JWT));
    });
  }

  it('redacts an LSP trace line of a request that carries a token', () => {
    const trace = JSON.stringify({
      isLSPMessage: true,
      type: 'send-request',
      message: { jsonrpc: '2.0', id: 7, method: 'entraProvisioning/testConnection', params: { url: 'https://127.0.0.1:8443/scim', token: SECRET, headers: { Authorization: `Bearer ${SECRET}` } } },
    });
    const out = sanitize(trace);
    assert.ok(!out.includes(SECRET), out);
    assert.match(out, /"token":"<redacted>"/);
    assert.match(out, /"Authorization":"Bearer <redacted>"/);
    assert.doesNotThrow(() => JSON.parse(out), 'still valid JSON');
  });

  it('leaves ordinary text alone', () => {
    const texts = [
      'Analysed file:///x/users.entramap@3 in 12 ms: 2 problems',
      'The token after "Join(" is unexpected.',
      'Set the bearer token with "Entra Provisioning: Set Token".',
      'Bearer authentication is required; the Token was rejected.',
      '{"tokens":[{"kind":"function"}],"tokenCount":3}',
      'Unknown function Frobnicate. Did you mean Join?',
      'emails[type eq "work"].value <- [mail]',
      '',
    ];
    for (const t of texts) assert.equal(sanitize(t), t);
  });

  it('is idempotent', () => {
    const once = sanitize(`Authorization: Bearer ${SECRET} {"token":"${SECRET}"} ${JWT}`);
    assert.equal(sanitize(once), once);
  });

  it('sanitises errors, stacks included', () => {
    const err = new Error(`request failed: Authorization: Bearer ${SECRET}`);
    const out = sanitizeError(err);
    assert.ok(!out.includes(SECRET));
    assert.match(out, /^Error: request failed: Authorization: Bearer <redacted>/);
    assert.equal(sanitizeError({ token: SECRET }), `{"token":"${REDACTED}"}`);
  });
});
