// Test Connection (provisioning-engine.md section 3) against the embedded SCIM target and the
// fault server: what Entra sends, and one classified answer for every way it can go wrong.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../server/src/provisioning/clock';
import { testConnection, TestConnectionOptions } from '../../server/src/provisioning/test-connection';
import { FaultRule, FaultServer, hasOpenssl, makeSelfSignedCert, startFaultServer } from '../support/fault-server';
import { useTarget } from '../support/scim-target';

const LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 };
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

describe('Test Connection', () => {
  describe('against the embedded target', () => {
    const h = useTarget();

    it('sends the filter query Entra sends and passes on 200 with an empty ListResponse', async () => {
      const before = h.target.requests.length;
      const r = await testConnection({ url: h.target.url, token: h.target.token, env: {} });
      assert.equal(r.ok, true, r.message);
      assert.equal(r.category, null);
      assert.equal(r.hint, null);
      assert.match(r.message, /authorized to enable provisioning/);
      const first = r.requests[0];
      assert.equal(first.method, 'GET');
      assert.equal(first.status, 200);
      const url = new URL(first.url);
      assert.equal(url.origin + url.pathname, `${h.target.url}/Users`);
      const filter = url.searchParams.get('filter') ?? '';
      assert.match(filter, /^userName eq "[0-9a-f-]{36}"$/);
      assert.match(filter, GUID);
      // What the server saw, in order: the probe, discovery, the group probe.
      const seen = h.target.requests.slice(before).map((q) => `${q.method} ${q.path}`);
      assert.deepEqual(seen, ['GET /Users', 'GET /ServiceProviderConfig', 'GET /Schemas', 'GET /Groups']);
      assert.equal(r.serviceProviderConfig?.offered, true);
      assert.equal(r.serviceProviderConfig?.patch, true);
      assert.equal(r.serviceProviderConfig?.filter, true);
      assert.equal(r.schemas?.offered, true);
      assert.ok(r.schemas?.ids?.includes('urn:ietf:params:scim:schemas:core:2.0:User'));
      assert.equal(r.schemas?.matchingAttributeDeclared, true);
      assert.equal(r.groups?.supported, true);
      assert.ok(!JSON.stringify(r).includes(h.target.token), 'the token never appears in the result');
    });

    it('probes the configured matching attribute, also a value-filter path', async () => {
      const r = await testConnection({ url: h.target.url, token: h.target.token, env: {}, matchingAttribute: 'emails[type eq "work"].value', probeGroups: false, discovery: false });
      assert.equal(r.ok, true, r.message);
      assert.equal(r.requests.length, 1);
      assert.match(new URL(r.requests[0].url).searchParams.get('filter') ?? '', /^emails\[type eq "work"\]\.value eq "[0-9a-f-]{36}"$/);
    });

    it('reports a wrong token as "credentials"', async () => {
      const r = await testConnection({ url: h.target.url, token: 'not-the-token', env: {} });
      assert.equal(r.ok, false);
      assert.equal(r.category, 'credentials');
      assert.equal(r.requests[0].status, 401);
      assert.match(r.message, /401/);
      assert.match(r.hint ?? '', /secret token/);
    });

    it('points at the "Bearer " prefix when the token carries one', async () => {
      const r = await testConnection({ url: h.target.url, token: `Bearer ${h.target.token}`, env: {} });
      assert.equal(r.category, 'credentials');
      assert.match(r.hint ?? '', /starts with "Bearer "/);
      assert.ok(!JSON.stringify(r).includes(h.target.token));
    });

    it('reports a wrong path as "url" (404 instead of 200)', async () => {
      const r = await testConnection({ url: `${h.target.url}/v3`, token: h.target.token, env: {} });
      assert.equal(r.category, 'url');
      assert.match(r.message, /404 returned instead of 200/);
      assert.match(r.hint ?? '', /path of the Tenant URL/);
    });

    it('reports a matching attribute the server cannot filter on as "protocol" with the filterable hint', async () => {
      const r = await testConnection({ url: h.target.url, token: h.target.token, env: {}, matchingAttribute: 'employeeCode' });
      assert.equal(r.ok, false);
      assert.equal(r.category, 'protocol');
      assert.equal(r.requests[0].status, 400);
      assert.match(r.message, /cannot filter users on the matching attribute "employeeCode".*invalidFilter/);
      assert.match(r.hint ?? '', /must be filterable/);
    });
  });

  describe('against misbehaving servers', () => {
    let server: FaultServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    async function run(rules: FaultRule[], options: Partial<TestConnectionOptions> = {}) {
      server = await startFaultServer({ rules });
      return testConnection({ url: server.url, token: 'tok-1234567', env: {}, clock: new ManualClock(), ...options });
    }

    const cases: Array<{ name: string; rules: FaultRule[]; category: string; message: RegExp; hint?: RegExp; options?: Partial<TestConnectionOptions> }> = [
      { name: '403 → credentials', rules: [{ action: { kind: 'error', status: 403 } }], category: 'credentials', message: /403 Forbidden/ },
      { name: 'a redirect to a sign-in page → url', rules: [{ action: { kind: 'text', status: 302, body: '', headers: { location: 'https://login.example.com/authorize' } } }], category: 'url', message: /redirected \(HTTP 302 to https:\/\/login\.example\.com/, hint: /sign-in page/ },
      { name: '400 invalidFilter → protocol', rules: [{ action: { kind: 'error', status: 400, scimType: 'invalidFilter', detail: 'userName is not filterable' } }], category: 'protocol', message: /invalidFilter: userName is not filterable/, hint: /"userName" filterable/ },
      { name: 'an HTML page → protocol', rules: [{ action: { kind: 'html' } }], category: 'protocol', message: /HTML page/, hint: /web page/ },
      { name: 'JSON that is not a ListResponse → protocol', rules: [{ action: { kind: 'json', body: { users: [] } } }], category: 'protocol', message: /not a SCIM ListResponse/ },
      { name: 'a ListResponse without its schema → protocol', rules: [{ action: { kind: 'json', body: { totalResults: 0, Resources: [] } } }], category: 'protocol', message: /does not name urn:ietf:params:scim:api:messages:2\.0:ListResponse/ },
      { name: 'a non-empty list for a GUID → protocol (filter ignored)', rules: [{ action: { kind: 'json', body: { ...LIST, totalResults: 2, Resources: [{ id: 'a' }, { id: 'b' }] } } }], category: 'protocol', message: /ignores the filter.*2 resources/ },
      { name: 'malformed JSON → protocol with an excerpt', rules: [{ action: { kind: 'malformed-json' } }], category: 'protocol', message: /malformed JSON.*ListResponse/ },
      { name: 'garbage → protocol', rules: [{ action: { kind: 'garbage' } }], category: 'protocol', message: /binary data/ },
      { name: 'silence → timeout', rules: [{ action: { kind: 'hang' } }], category: 'timeout', message: /No complete answer within 300 ms/, options: { timeoutMs: 300 } },
      { name: 'a reset → network', rules: [{ action: { kind: 'reset' } }], category: 'network', message: /closed the connection|reset/ },
      { name: '503 (after retries) → network', rules: [{ action: { kind: 'error', status: 503 } }], category: 'network', message: /unavailable: HTTP 503/ },
      { name: '500 → protocol', rules: [{ action: { kind: 'error', status: 500 } }], category: 'protocol', message: /failed: HTTP 500/ },
      { name: '429 (after retries) → network', rules: [{ action: { kind: 'throttle', retryAfter: '1' } }], category: 'network', message: /throttling/ },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const r = await run(c.rules, c.options);
        assert.equal(r.ok, false);
        assert.equal(r.category, c.category, r.message);
        assert.match(r.message, c.message);
        assert.ok(r.hint && r.hint.length > 10, 'a one-line fix');
        assert.ok(!r.hint!.includes('\n'));
        if (c.hint) assert.match(r.hint!, c.hint);
        assert.ok(r.requests.length >= 1);
        assert.ok(!JSON.stringify(r).includes('tok-1234567'));
      });
    }

    it('treats missing discovery endpoints as no failure, and records what is missing', async () => {
      const r = await run([
        { path: /^\/scim\/v2\/Users\?/, action: { kind: 'json', body: LIST } },
        { path: '/scim/v2/ServiceProviderConfig', action: { kind: 'error', status: 404 } },
        { path: '/scim/v2/Schemas', action: { kind: 'html', status: 404 } },
        { path: /^\/scim\/v2\/Groups/, action: { kind: 'error', status: 404 } },
      ]);
      assert.equal(r.ok, true, r.message);
      assert.equal(r.serviceProviderConfig?.offered, false);
      assert.equal(r.serviceProviderConfig?.status, 404);
      assert.equal(r.schemas?.offered, false);
      assert.equal(r.groups?.supported, false);
      assert.match(r.groups?.note ?? '', /no \/Groups endpoint/);
    });

    it('records what the ServiceProviderConfig says (PATCH unsupported is a warning)', async () => {
      const r = await run([
        { path: /^\/scim\/v2\/Users\?/, action: { kind: 'json', body: LIST } },
        { path: '/scim/v2/ServiceProviderConfig', action: { kind: 'json', body: { patch: { supported: false }, filter: { supported: true, maxResults: 50 }, bulk: { supported: false } } } },
        { path: '/scim/v2/Schemas', action: { kind: 'json', body: { ...LIST, Resources: [{ id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [{ name: 'displayName' }] }] } } },
      ], { probeGroups: false });
      assert.equal(r.ok, true);
      assert.equal(r.serviceProviderConfig?.patch, false);
      assert.equal(r.serviceProviderConfig?.maxResults, 50);
      assert.equal(r.schemas?.matchingAttributeDeclared, false);
      assert.ok(r.warnings.some((w) => /PATCH is not supported/.test(w)));
      assert.ok(r.warnings.some((w) => /"userName" is not declared/.test(w)));
    });

    it('reports a refused connection as "network"', async () => {
      const s = http.createServer();
      await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
      const port = (s.address() as AddressInfo).port;
      await new Promise<void>((res) => s.close(() => res()));
      const r = await testConnection({ url: `http://127.0.0.1:${port}/scim`, token: 'tok-1234567', env: {} });
      assert.equal(r.category, 'network');
      assert.match(r.message, /refused/);
      assert.equal(r.requests[0].status, null);
    });

    it('reports an invalid URL as "url" without sending anything', async () => {
      const r = await testConnection({ url: 'scim.contoso.com/v2', token: 'tok-1234567', env: {} });
      assert.equal(r.ok, false);
      assert.equal(r.category, 'url');
      assert.deepEqual(r.requests, []);
    });

    it('reports a self-signed certificate as "tls"', async function () {
      if (!hasOpenssl()) {
        console.log('      openssl is not installed: skipping the TLS test (it needs a certificate made at test time)');
        this.skip();
      }
      server = await startFaultServer({ tls: makeSelfSignedCert()!, rules: [{ action: { kind: 'json', body: LIST } }] });
      const r = await testConnection({ url: server.url, token: 'tok-1234567', env: {} });
      assert.equal(r.category, 'tls');
      assert.match(r.message, /self-signed/);
      assert.equal(server.requests.length, 0, 'nothing reached the server: the handshake failed');
    });
  });
});
