// Provision on demand when the SCIM server misbehaves: the fault server sits in front of the real
// embedded target and answers some requests badly (silence, throttling, 5xx, resets, garbage).
// Every failure is a classified failed step, never a crash; a create is never sent twice.
import assert from 'node:assert/strict';
import type { JsonObject } from '../../server/src/model/json';
import { ManualClock } from '../../server/src/provisioning/clock';
import { provisionUser, ProvisionUserOptions } from '../../server/src/provisioning/engine';
import { formatTrace, ProvisionTrace } from '../../server/src/provisioning/trace';
import { FaultRule, startFaultServer } from '../support/fault-server';
import { mappingModel, users } from '../support/provisioning-fixtures';
import { TestTarget, withTarget } from '../support/scim-target';

const MATCH_GET = /^\/scim\/v2\/Users\?filter=userName eq "alice@contoso\.com"/;

/** Runs `fn` with a fault server in front of a fresh target. */
async function withFaults<T>(rules: FaultRule[], fn: (ctx: { t: TestTarget; url: string; faults: Awaited<ReturnType<typeof startFaultServer>> }) => Promise<T>): Promise<T> {
  return withTarget(async (t) => {
    const faults = await startFaultServer({ upstream: t.url, rules });
    try {
      return await fn({ t, url: faults.url, faults });
    } finally {
      await faults.close();
    }
  });
}

function opts(url: string, t: TestTarget, extra: Partial<ProvisionUserOptions> = {}): ProvisionUserOptions {
  return { model: mappingModel(), users: users(), url, token: t.token, env: {}, user: 'alice@contoso.com', ...extra };
}

async function countUsers(t: TestTarget): Promise<number> {
  const res = await t.request('GET', '/Users');
  return res.body.totalResults;
}

function failedStep(trace: ProvisionTrace) {
  const s = trace.steps.find((x) => x.status === 'failed');
  assert.ok(s, `a failed step in:\n${formatTrace(trace)}`);
  return s;
}

describe('provision on demand: faults', () => {
  it('a match query that never answers fails the match step as "timeout"; nothing is written', () =>
    withFaults([{ method: 'GET', path: MATCH_GET, action: { kind: 'hang' } }], async ({ t, url, faults }) => {
      const trace = await provisionUser(opts(url, t, { timeoutMs: 300 }));
      assert.equal(trace.completed, false);
      const s = failedStep(trace);
      assert.equal(s.name, 'match');
      assert.equal(s.error?.category, 'timeout');
      assert.match(s.error?.message ?? '', /within 300 ms/);
      assert.equal(faults.requests.filter((r) => r.method !== 'GET').length, 0);
      assert.equal(await countUsers(t), 0);
    }));

  it('429 with Retry-After on the match query is waited out (injected clock), then the user is created', () =>
    withFaults([{ method: 'GET', path: MATCH_GET, times: 2, action: { kind: 'throttle', retryAfter: '3' } }], async ({ t, url }) => {
      const clock = new ManualClock();
      const trace = await provisionUser(opts(url, t, { clock }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'create');
      assert.deepEqual(clock.sleeps, [3000, 3000]);
      const matchAttempts = trace.requests.filter((r) => r.purpose === 'match' && /userName/.test(decodeURIComponent(r.url)));
      assert.deepEqual(matchAttempts.map((r) => r.status), [429, 429, 200]);
      assert.match(formatTrace(trace), /→ 429 .*throttled \(HTTP 429, Retry-After 3\): retrying in 3 s/);
    }));

  it('a 5xx on a GET is retried with back-off', () =>
    withFaults([{ method: 'GET', path: MATCH_GET, times: 1, action: { kind: 'error', status: 502 } }], async ({ t, url }) => {
      const clock = new ManualClock();
      const trace = await provisionUser(opts(url, t, { clock }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'create');
      assert.deepEqual(clock.sleeps, [1000]);
    }));

  it('a create that failed after landing is found by the match query and never sent twice', () =>
    withFaults([{ method: 'POST', path: '/scim/v2/Users', times: 1, action: { kind: 'forward-then', then: { kind: 'error', status: 500 } } }], async ({ t, url, faults }) => {
      const clock = new ManualClock();
      const trace = await provisionUser(opts(url, t, { clock }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(trace.action, 'create');
      assert.equal(faults.requests.filter((r) => r.method === 'POST').length, 1, 'one POST only');
      assert.equal(await countUsers(t), 1);
      assert.ok(trace.targetId);
      assert.ok(trace.warnings.some((w) => /had gone through, it is not sent again/.test(w)));
      // The re-run match query follows the failed POST in the trace.
      const seq = trace.requests.map((r) => `${r.method}:${r.status}`);
      assert.deepEqual(seq.slice(-2), ['POST:500', 'GET:200']);
    }));

  it('a create whose connection was reset after it landed is not sent twice either', () =>
    withFaults([{ method: 'POST', path: '/scim/v2/Users', times: 1, action: { kind: 'forward-then', then: { kind: 'reset' } } }], async ({ t, url, faults }) => {
      const trace = await provisionUser(opts(url, t, { clock: new ManualClock() }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(faults.requests.filter((r) => r.method === 'POST').length, 1);
      assert.equal(await countUsers(t), 1);
    }));

  it('a create that failed without landing is retried once, after the match query found nothing', () =>
    withFaults([{ method: 'POST', path: '/scim/v2/Users', times: 1, action: { kind: 'error', status: 503 } }], async ({ t, url, faults }) => {
      const clock = new ManualClock();
      const trace = await provisionUser(opts(url, t, { clock }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.equal(faults.requests.filter((r) => r.method === 'POST').length, 2);
      assert.deepEqual(clock.sleeps, [1000]);
      assert.equal(await countUsers(t), 1);
      const seq = trace.requests.filter((r) => r.purpose === 'create' || r.purpose === 'match').map((r) => `${r.method}:${r.status}`);
      assert.deepEqual(seq.slice(-3), ['POST:503', 'GET:200', 'POST:201']);
    }));

  it('a throttled create honours Retry-After, but only after checking that it did not land', () =>
    withFaults([{ method: 'POST', path: '/scim/v2/Users', times: 1, action: { kind: 'throttle', retryAfter: '2' } }], async ({ t, url, faults }) => {
      const clock = new ManualClock();
      const trace = await provisionUser(opts(url, t, { clock }));
      assert.equal(trace.completed, true, formatTrace(trace));
      assert.deepEqual(clock.sleeps, [2000]);
      assert.equal(faults.requests.filter((r) => r.method === 'POST').length, 2);
      const seq = trace.requests.filter((r) => r.purpose === 'create' || r.purpose === 'match').map((r) => `${r.method}:${r.status}`);
      assert.deepEqual(seq.slice(-3), ['POST:429', 'GET:200', 'POST:201']);
      const action = trace.steps.find((s) => s.name === 'action')!;
      assert.match((action.details.retries as string[])[0], /HTTP 429.*retried after 2 s/);
      assert.equal(await countUsers(t), 1);
    }));

  it('a create that keeps failing fails the action step, classified, after a bounded number of tries', () =>
    withFaults([{ method: 'POST', path: '/scim/v2/Users', action: { kind: 'error', status: 500, detail: 'database down' } }], async ({ t, url, faults }) => {
      const trace = await provisionUser(opts(url, t, { clock: new ManualClock(), maxCreateRetries: 2 }));
      assert.equal(trace.completed, false);
      const s = failedStep(trace);
      assert.equal(s.name, 'action');
      assert.equal(s.error?.category, 'protocol');
      assert.match(s.error?.message ?? '', /HTTP 500 .*database down/);
      assert.equal(faults.requests.filter((r) => r.method === 'POST').length, 3);
      assert.equal(await countUsers(t), 0);
    }));

  it('a create is not retried when the check query itself fails (it could land twice)', () =>
    withFaults(
      [
        { method: 'POST', path: '/scim/v2/Users', times: 1, action: { kind: 'error', status: 500 } },
        { method: 'GET', path: MATCH_GET, times: 1, action: { kind: 'forward' } },
        { method: 'GET', path: /^\/scim\/v2\/Users\?filter=externalId/, times: 1, action: { kind: 'forward' } },
        { method: 'GET', path: /^\/scim\/v2\/Users\?filter=userName eq "bob/, action: { kind: 'forward' } },
        { method: 'GET', path: /^\/scim\/v2\/Users\?filter=externalId eq "bob/, action: { kind: 'forward' } },
        { method: 'GET', path: MATCH_GET, action: { kind: 'hang' } },
      ],
      async ({ t, url, faults }) => {
        const trace = await provisionUser(opts(url, t, { clock: new ManualClock(), timeoutMs: 300 }));
        assert.equal(trace.completed, false);
        assert.equal(failedStep(trace).name, 'action');
        assert.equal(faults.requests.filter((r) => r.method === 'POST').length, 1);
      },
    ));

  it('garbage instead of a ListResponse fails the match step as "protocol"', () =>
    withFaults([{ method: 'GET', path: MATCH_GET, action: { kind: 'garbage' } }], async ({ t, url }) => {
      const trace = await provisionUser(opts(url, t));
      const s = failedStep(trace);
      assert.equal(s.name, 'match');
      assert.equal(s.error?.category, 'protocol');
      assert.equal(s.error?.code, 'SystemForCrossDomainIdentityManagementServiceIncompatible');
      assert.match(s.error?.message ?? '', /binary data/);
      assert.equal(trace.action, 'none');
    }));

  it('an HTML page and malformed JSON are protocol failures with what was seen', () =>
    withFaults([{ method: 'GET', path: MATCH_GET, times: 1, action: { kind: 'html' } }, { method: 'GET', path: MATCH_GET, times: 1, action: { kind: 'malformed-json' } }], async ({ t, url }) => {
      const html = failedStep(await provisionUser(opts(url, t)));
      assert.match(html.error?.message ?? '', /HTML page.*Sign in to your account/);
      const broken = failedStep(await provisionUser(opts(url, t)));
      assert.match(broken.error?.message ?? '', /malformed JSON.*ListResponse/);
    }));

  it('a rejected token fails the first request as "credentials"', () =>
    withTarget(async (t) => {
      const trace = await provisionUser({ ...opts(t.url, t), token: 'wrong-token-0000' });
      const s = failedStep(trace);
      assert.equal(s.name, 'match');
      assert.equal(s.error?.category, 'credentials');
      assert.ok(!JSON.stringify(trace).includes('wrong-token-0000'));
    }));

  it('a PATCH the target rejects fails the action step with the server\'s reason', () =>
    withFaults([{ method: 'PATCH', action: { kind: 'error', status: 400, scimType: 'invalidValue', detail: 'title too long' } }], async ({ t, url }) => {
      await t.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'alice@contoso.com', displayName: 'x' });
      const trace = await provisionUser(opts(url, t));
      assert.equal(trace.action, 'update');
      const s = failedStep(trace);
      assert.equal(s.name, 'action');
      assert.equal(s.error?.category, 'target');
      assert.match(s.error?.message ?? '', /HTTP 400 .*invalidValue: title too long/);
      assert.ok(((s.details.changes as JsonObject[]) ?? []).length > 0);
    }));

  it('a target object deleted between match and update is reported as such (InvalidAnchor)', () =>
    withFaults([{ method: 'PATCH', action: { kind: 'error', status: 404, detail: 'Resource not found' } }], async ({ t, url }) => {
      await t.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'alice@contoso.com', displayName: 'x' });
      const s = failedStep(await provisionUser(opts(url, t)));
      assert.equal(s.name, 'action');
      assert.equal(s.error?.code, 'InvalidAnchor');
      assert.match(s.error?.hint ?? '', /run provisioning again/);
    }));

  it('a cancelled run stops with a "cancelled" step, not a crash', () =>
    withFaults([{ method: 'GET', path: MATCH_GET, action: { kind: 'hang' } }], async ({ t, url, faults }) => {
      const abort = new AbortController();
      const pending = provisionUser(opts(url, t, { signal: abort.signal }));
      await faults.waitForRequests(1);
      abort.abort();
      const trace = await pending;
      assert.equal(trace.completed, false);
      assert.equal(failedStep(trace).error?.category, 'cancelled');
    }));

  it('a refused connection fails as "network"', async () => {
    const faults = await startFaultServer();
    const url = faults.url;
    await faults.close();
    const trace = await provisionUser({ model: mappingModel(), users: users(), url, token: 'tok-12345', env: {}, user: 'alice@contoso.com' });
    const s = failedStep(trace);
    assert.equal(s.error?.category, 'network');
    assert.match(s.error?.message ?? '', /refused/);
  });
});
