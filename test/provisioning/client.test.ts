// The SCIM client against real sockets on 127.0.0.1: headers, timeouts, throttling and retries
// (with a manual clock, so nothing waits), classified transport failures, proxies, TLS and
// redaction of everything it records.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../server/src/provisioning/clock';
import { ScimClient, parseRetryAfter, parseTenantUrl } from '../../server/src/provisioning/client';
import { ScimRequestError } from '../../server/src/provisioning/errors';
import { Redactor } from '../../server/src/provisioning/redact';
import { FaultServer, hasOpenssl, makeSelfSignedCert, startConnectProxy, startFaultServer } from '../support/fault-server';

const TOKEN = 'sEcReT-t0ken-value-1234567890';
const LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };

async function rejection(p: Promise<unknown>): Promise<ScimRequestError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ScimRequestError, `expected a ScimRequestError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail');
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('SCIM client', () => {
  let server: FaultServer | undefined;
  let client: ScimClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  function make(options: Partial<ConstructorParameters<typeof ScimClient>[0]> = {}): ScimClient {
    client = new ScimClient({ url: server!.url, token: TOKEN, env: {}, ...options });
    return client;
  }

  describe('requests', () => {
    it('sends the bearer token and the SCIM media types, and records the exchange with Authorization redacted', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'json', status: 201, body: { id: 'x1' } } }] });
      const c = make();
      const res = await c.send({ method: 'POST', path: '/Users', body: { userName: 'a' }, purpose: 'create' });
      assert.equal(res.status, 201);
      assert.deepEqual(res.json, { id: 'x1' });
      const seen = server.requests[0];
      assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(seen.headers.accept, 'application/scim+json');
      assert.match(String(seen.headers['content-type']), /^application\/scim\+json/);
      assert.deepEqual(JSON.parse(seen.body), { userName: 'a' });
      const ex = c.exchanges[0];
      assert.equal(ex.url, `${server.url}/Users`);
      assert.equal(ex.method, 'POST');
      assert.equal(ex.status, 201);
      assert.equal(ex.requestHeaders.authorization, 'Bearer [redacted]');
      assert.deepEqual(ex.body, { userName: 'a' });
      assert.deepEqual(ex.response, { id: 'x1' });
      assert.equal(ex.purpose, 'create');
      assert.ok(!JSON.stringify(c.exchanges).includes(TOKEN));
    });

    it('never records the token, even when the server echoes it in JSON or text', async () => {
      server = await startFaultServer({
        rules: [
          { path: '/scim/v2/a', action: { kind: 'json', status: 401, body: { detail: `token ${TOKEN} is not valid`, seen: `Bearer ${TOKEN}` } } },
          { path: '/scim/v2/b', action: { kind: 'text', status: 500, body: `<html>Authorization: Bearer ${TOKEN}</html>` } },
        ],
      });
      const c = make();
      await c.send({ method: 'GET', path: '/a' });
      await c.send({ method: 'POST', path: '/b' });
      const recorded = JSON.stringify(c.exchanges);
      assert.ok(!recorded.includes(TOKEN), recorded);
      assert.match(recorded, /\[redacted\]/);
    });

    it('masks secret attributes and registered values, but not flags such as changePassword.supported', () => {
      const r = new Redactor([TOKEN]);
      r.addValue('my-redacted-value');
      const out = r.json({
        password: 'p4ss',
        changePassword: { supported: true },
        Operations: [
          { op: 'replace', path: 'password', value: 'p4ss' },
          { op: 'replace', value: { 'name.givenName': 'A', password: 'p4ss' } },
        ],
        note: `contains my-redacted-value and ${TOKEN}`,
      });
      assert.deepEqual(out, {
        password: '[Redact]',
        changePassword: { supported: true },
        Operations: [
          { op: 'replace', path: 'password', value: '[Redact]' },
          { op: 'replace', value: { 'name.givenName': 'A', password: '[Redact]' } },
        ],
        note: 'contains [Redact] and [redacted]',
      });
    });

    it('returns harmless values as they are, and copies only what it changes (never the argument)', () => {
      const r = new Redactor([TOKEN]);
      const harmless = { userName: 'a@contoso.com', emails: [{ value: 'a@contoso.com', primary: true }], meta: { version: 'W/"1"' } };
      assert.equal(r.json(harmless), harmless);
      const mixed = { userName: 'a', emails: [{ value: 'x' }, { value: TOKEN }], name: { givenName: 'A' }, password: 'p4ss' };
      const frozen = JSON.stringify(mixed);
      const out = r.json(mixed) as typeof mixed;
      assert.equal(JSON.stringify(mixed), frozen, 'the argument is unchanged');
      assert.deepEqual(out, { userName: 'a', emails: [{ value: 'x' }, { value: '[redacted]' }], name: { givenName: 'A' }, password: '[Redact]' });
      assert.equal(out.name, mixed.name, 'an unchanged branch is shared');
      assert.equal(out.emails[0], mixed.emails[0]);
      assert.notEqual(out.emails, mixed.emails);
      assert.deepEqual(Object.keys(out), Object.keys(mixed), 'key order kept');
    });
  });

  describe('tenant URL', () => {
    it('strips Entra flags, keeps other query parameters, and redacts credential-like ones in traces', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'json', body: LIST } }] });
      const c = make({ url: `${server.url}/?aadOptscim062020&code=fn-key-secret-42` });
      assert.deepEqual(c.tenant.flags, ['aadOptscim062020']);
      await c.send({ method: 'GET', path: '/Users?filter=userName%20eq%20%22x%22' });
      assert.equal(server.requests[0].url, '/scim/v2/Users?filter=userName%20eq%20%22x%22&code=fn-key-secret-42');
      assert.equal(c.exchanges[0].url, `${server.url}/Users?filter=userName%20eq%20%22x%22&code=[redacted]`);
    });

    it('rejects URLs that are not absolute http(s) URLs as "url" problems', () => {
      for (const bad of ['api.contoso.com/scim', 'ftp://api.contoso.com/scim', 'https://user:pw@api.contoso.com/scim']) {
        assert.throws(() => parseTenantUrl(bad), (e: unknown) => e instanceof ScimRequestError && e.category === 'url', bad);
      }
      assert.equal(parseTenantUrl('https://api.contoso.com/scim/v2/').base, 'https://api.contoso.com/scim/v2');
    });
  });

  describe('timeouts', () => {
    it('gives up on a server that never answers, as a "timeout"', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'hang' } }] });
      const c = make({ timeoutMs: 250 });
      const started = Date.now();
      const e = await rejection(c.send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'timeout');
      assert.match(e.message, /No complete answer within 250 ms/);
      assert.ok(Date.now() - started < 10_000, 'the timeout bounds the request');
      assert.equal(c.exchanges[0].status, null);
      assert.equal(c.exchanges[0].error?.category, 'timeout');
    });

    it('waits for a slow answer that arrives within the timeout', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'slow', ms: 150, then: { kind: 'json', body: LIST } } }] });
      const res = await make({ timeoutMs: 10_000 }).send({ method: 'GET', path: '/Users' });
      assert.equal(res.status, 200);
      assert.ok(res.exchange.durationMs >= 100, `took ${res.exchange.durationMs} ms`);
    });

    it('gives up on a slow answer that arrives after the timeout', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'slow', ms: 5_000, then: { kind: 'json', body: LIST } } }] });
      const e = await rejection(make({ timeoutMs: 200 }).send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'timeout');
    });

    it('bounds the body too: headers then silence is a timeout', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'stall-body' } }] });
      const e = await rejection(make({ timeoutMs: 250 }).send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'timeout');
    });

    it('stops at once when the caller cancels (a VS Code cancellation), as "cancelled"', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'hang' } }] });
      const abort = new AbortController();
      const pending = make({ timeoutMs: 30_000 }).send({ method: 'GET', path: '/Users', signal: abort.signal });
      await server.waitForRequests(1);
      abort.abort();
      const e = await rejection(pending);
      assert.equal(e.category, 'cancelled');
    });

    it('does not retry a timed-out GET (the bound is per request, and the whole run stays bounded)', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'hang' } }] });
      const clock = new ManualClock();
      await rejection(make({ timeoutMs: 200, clock }).send({ method: 'GET', path: '/Users' }));
      assert.equal(server.requests.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });
  });

  describe('throttling and retries', () => {
    it('honours Retry-After in seconds on 429, then succeeds', async () => {
      server = await startFaultServer({
        rules: [
          { times: 2, action: { kind: 'throttle', retryAfter: '7' } },
          { action: { kind: 'json', body: LIST } },
        ],
      });
      const clock = new ManualClock();
      const c = make({ clock });
      const res = await c.send({ method: 'GET', path: '/Users' });
      assert.equal(res.status, 200);
      assert.deepEqual(clock.sleeps, [7000, 7000]);
      assert.deepEqual(c.exchanges.map((e) => [e.status, e.attempt]), [[429, 1], [429, 2], [200, 3]]);
      assert.match(c.exchanges[0].note ?? '', /Retry-After 7.*retrying in 7 s/);
    });

    it('honours Retry-After as an HTTP date', async () => {
      const clock = new ManualClock(Date.UTC(2025, 0, 1, 12, 0, 0));
      const date = new Date(Date.UTC(2025, 0, 1, 12, 0, 5)).toUTCString();
      server = await startFaultServer({ rules: [{ times: 1, action: { kind: 'throttle', retryAfter: date } }, { action: { kind: 'json', body: LIST } }] });
      const res = await make({ clock }).send({ method: 'GET', path: '/Users' });
      assert.equal(res.status, 200);
      assert.deepEqual(clock.sleeps, [5000]);
    });

    it('retries 429 a bounded number of times, with back-off when there is no Retry-After', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'throttle' } }] });
      const clock = new ManualClock();
      const res = await make({ clock, retry: { maxThrottleRetries: 3 } }).send({ method: 'GET', path: '/Users' });
      assert.equal(res.status, 429);
      assert.equal(server.requests.length, 4);
      assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
      assert.match(res.exchange.note ?? '', /giving up/);
    });

    it('does not wait for a Retry-After beyond the cap', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'throttle', retryAfter: '3600' } }] });
      const clock = new ManualClock();
      const res = await make({ clock }).send({ method: 'GET', path: '/Users' });
      assert.equal(res.status, 429);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(clock.sleeps, []);
      assert.match(res.exchange.note ?? '', /longer than the 120 s cap/);
    });

    it('retries a 5xx on GET with exponential back-off', async () => {
      server = await startFaultServer({
        rules: [{ times: 2, action: { kind: 'error', status: 503 } }, { action: { kind: 'json', body: LIST } }],
      });
      const clock = new ManualClock();
      const res = await make({ clock }).send({ method: 'GET', path: '/Users' });
      assert.equal(res.status, 200);
      assert.deepEqual(clock.sleeps, [1000, 2000]);
      assert.equal(server.requests.length, 3);
    });

    it('never retries a 5xx on POST (a create must not be sent twice)', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'error', status: 500 } }] });
      const clock = new ManualClock();
      const res = await make({ clock }).send({ method: 'POST', path: '/Users', body: { userName: 'a' } });
      assert.equal(res.status, 500);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });

    it('retries a reset connection once for GET, never for POST', async () => {
      server = await startFaultServer({ rules: [{ method: 'GET', times: 1, action: { kind: 'reset' } }, { method: 'POST', action: { kind: 'reset' } }, { action: { kind: 'json', body: LIST } }] });
      const clock = new ManualClock();
      const c = make({ clock });
      const ok = await c.send({ method: 'GET', path: '/Users' });
      assert.equal(ok.status, 200);
      assert.equal(c.exchanges[0].error?.category, 'network');
      const e = await rejection(c.send({ method: 'POST', path: '/Users', body: {} }));
      assert.equal(e.category, 'network');
      assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
    });

    it('parses Retry-After forms', () => {
      const now = Date.UTC(2025, 0, 1);
      assert.equal(parseRetryAfter('12', now), 12_000);
      assert.equal(parseRetryAfter(new Date(now + 3000).toUTCString(), now), 3000);
      assert.equal(parseRetryAfter(new Date(now - 3000).toUTCString(), now), 0);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
    });
  });

  describe('answers that are not SCIM', () => {
    it('reports malformed JSON with an excerpt of the body', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'malformed-json' } }] });
      const res = await make().send({ method: 'GET', path: '/Users' });
      assert.equal(res.json, undefined);
      assert.match(res.jsonError ?? '', /^malformed JSON .*"\{\\"schemas\\":\[\\"urn:ietf:params:scim:api:messages:2\.0:ListResponse/);
    });

    it('describes binary garbage and HTML pages instead of dumping them', async () => {
      server = await startFaultServer({ rules: [{ path: '/scim/v2/g', action: { kind: 'garbage' } }, { path: '/scim/v2/h', action: { kind: 'html' } }] });
      const c = make();
      const g = await c.send({ method: 'GET', path: '/g' });
      assert.match(g.jsonError ?? '', /^binary data, not JSON .*: 256 bytes$/);
      assert.equal(c.exchanges[0].response, `(${g.jsonError})`);
      const h = await c.send({ method: 'GET', path: '/h' });
      assert.match(h.jsonError ?? '', /^an HTML page, not JSON .*"Sign in to your account"/);
    });

    it('classifies a non-HTTP answer as a protocol error', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'not-http' } }] });
      const e = await rejection(make().send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'protocol');
    });

    it('refuses answers larger than the limit', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'text', body: 'x'.repeat(4096) } }] });
      const e = await rejection(make({ maxResponseBytes: 1024 }).send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'protocol');
      assert.match(e.message, /larger than/);
    });
  });

  describe('network failures', () => {
    it('classifies a refused connection', async () => {
      const port = await closedPort();
      client = new ScimClient({ url: `http://127.0.0.1:${port}/scim`, token: TOKEN, env: {} });
      const e = await rejection(client.send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'network');
      assert.equal(e.code, 'ECONNREFUSED');
      assert.match(e.hint, /port/);
    });

    it('classifies a name that does not resolve', async () => {
      client = new ScimClient({ url: 'http://scim.entramap-test.invalid/scim', token: TOKEN, env: {}, timeoutMs: 10_000 });
      const e = await rejection(client.send({ method: 'GET', path: '/Users' }));
      assert.ok(e.category === 'network' || e.category === 'timeout', e.message);
      if (e.category === 'network') assert.ok(['ENOTFOUND', 'EAI_AGAIN'].includes(e.code ?? ''), e.code);
    });
  });

  describe('proxies', () => {
    it('uses HTTP_PROXY from the environment (CONNECT tunnel) and NO_PROXY to bypass it', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'json', body: LIST } }] });
      const proxy = await startConnectProxy();
      try {
        const via = make({ env: { HTTP_PROXY: proxy.url } });
        assert.equal((await via.send({ method: 'GET', path: '/Users' })).status, 200);
        assert.deepEqual(proxy.connects.map((c) => c.target), [`127.0.0.1:${server.port}`]);
        await via.close();
        const direct = make({ env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
        assert.equal((await direct.send({ method: 'GET', path: '/Users' })).status, 200);
        assert.equal(proxy.connects.length, 1, 'NO_PROXY bypasses the proxy');
        assert.equal(server.requests.length, 2);
      } finally {
        await proxy.close();
      }
    });

    it('prefers an explicit proxy (VS Code http.proxy), with its credentials kept out of traces', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'json', body: LIST } }] });
      const proxy = await startConnectProxy({ requireAuth: 'alice:pr0xy-pa55' });
      try {
        const c = make({ proxy: `http://alice:pr0xy-pa55@127.0.0.1:${proxy.port}`, env: { HTTP_PROXY: 'http://127.0.0.1:9' } });
        assert.equal((await c.send({ method: 'GET', path: '/Users' })).status, 200);
        assert.equal(proxy.connects.length, 1);
        assert.ok(!JSON.stringify(c.exchanges).includes('pr0xy-pa55'));
      } finally {
        await proxy.close();
      }
    });

    it('reads a proxy without a scheme as http://, and rejects an unusable proxy URL as "network"', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'json', body: LIST } }] });
      const proxy = await startConnectProxy();
      try {
        assert.equal((await make({ env: { HTTPS_PROXY: 'x', HTTP_PROXY: `127.0.0.1:${proxy.port}` } }).send({ method: 'GET', path: '/Users' })).status, 200);
        assert.equal(proxy.connects.length, 1);
      } finally {
        await proxy.close();
      }
      assert.throws(() => make({ proxy: 'ftp://proxy.example.com' }), (e: unknown) => e instanceof ScimRequestError && e.category === 'network' && /not supported/.test(e.message));
    });

    it('explains a proxy that wants authentication (407)', async () => {
      server = await startFaultServer({ rules: [{ action: { kind: 'json', body: LIST } }] });
      const proxy = await startConnectProxy({ requireAuth: 'alice:secret' });
      try {
        const e = await rejection(make({ proxy: proxy.url }).send({ method: 'GET', path: '/Users' }));
        assert.equal(e.category, 'network');
        assert.match(e.message, /407: proxy authentication required/);
        assert.equal(server.requests.length, 0);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('TLS', () => {
    it('classifies a self-signed certificate as "tls", and trusts it when given as a CA', async function () {
      if (!hasOpenssl()) {
        console.log('      openssl is not installed: skipping the TLS test (it needs a certificate made at test time)');
        this.skip();
      }
      const cert = makeSelfSignedCert()!;
      server = await startFaultServer({ tls: cert, rules: [{ action: { kind: 'json', body: LIST } }] });
      assert.match(server.url, /^https:/);
      const e = await rejection(make().send({ method: 'GET', path: '/Users' }));
      assert.equal(e.category, 'tls');
      assert.equal(e.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(e.hint, /public CA/);
      await client!.close();
      const trusted = make({ ca: cert.cert });
      assert.equal((await trusted.send({ method: 'GET', path: '/Users' })).status, 200);
      await trusted.close();
      // VS Code's http.proxyStrictSSL: false turns verification off.
      assert.equal((await make({ strictSsl: false }).send({ method: 'GET', path: '/Users' })).status, 200);
    });
  });
});
