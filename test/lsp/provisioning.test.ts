// The provisioning requests over LSP against the embedded SCIM target on 127.0.0.1:
// entraProvisioning/testConnection, entraProvisioning/provisionOnDemand and
// entraProvisioning/checkScope — results, $/progress, cancellation (an LSP cancel aborts the HTTP
// requests in flight), classified failures, and the secret token never coming back in a result,
// an error, a progress message or a log line.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LSPErrorCodes, ErrorCodes, WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressReport, WorkDoneProgressEnd } from 'vscode-languageserver-protocol';
import {
  CheckScopeRequest,
  CheckScopeResult,
  ProvisionOnDemandParams,
  ProvisionOnDemandRequest,
  ProvisionOnDemandResult,
  TestConnectionRequest,
  TestConnectionResult,
} from '../../server/src/protocol';
import { startFaultServer } from '../support/fault-server';
import { MAPPING, tempFiles, users } from '../support/provisioning-fixtures';
import { withTarget } from '../support/scim-target';
import { TestServer, withServer } from './support/server';

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
let progressCounter = 0;

/** Sends a request with a fresh workDoneToken and collects the $/progress values for it. */
async function withProgress<R>(s: TestServer, method: string, params: Record<string, unknown>): Promise<{ result: R; progress: ProgressValue[] }> {
  const token = `progress-${++progressCounter}`;
  const progress: ProgressValue[] = [];
  const sub = s.connection.onProgress(WorkDoneProgress.type, token, (v) => progress.push(v));
  try {
    const result = await s.request<R>(method, { ...params, workDoneToken: token });
    // $/progress notifications are sent before the response: by now all have arrived
    return { result, progress };
  } finally {
    sub.dispose();
  }
}

/** Everything the server sent back or logged, as one string (to search for the token). */
function everything(s: TestServer, ...values: unknown[]): string {
  return JSON.stringify(values) + JSON.stringify(s.logs) + s.stderr;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const ALICE = 'alice@contoso.com';
/** A token that is easy to find if it leaks. */
const SECRET = `lsp-secret-${Math.random().toString(36).slice(2)}-token`;

describe('lsp: provisioning requests', function () {
  this.timeout(30_000);

  describe('entraProvisioning/testConnection', () => {
    it('passes against the embedded target, with progress per HTTP request, and the token nowhere', async () => {
      await withTarget(
        async (t) => {
          await withServer({}, async (s) => {
            const { result, progress } = await withProgress<TestConnectionResult>(s, TestConnectionRequest.method, { url: t.url, token: SECRET, timeoutSeconds: 10 });
            assert.equal(result.ok, true, result.message);
            assert.equal(result.category, null);
            assert.match(result.message, /authorized to enable provisioning/);
            assert.equal(result.matchingAttribute, 'userName');
            assert.ok(result.requests.some((r) => r.method === 'GET' && r.purpose === 'test connection' && r.status === 200));
            // the target saw the probe with the token
            assert.ok(t.requests.some((r) => r.method === 'GET' && r.path === '/Users' && /^userName eq "/.test(r.query.filter ?? '')));
            // progress: begin, one report per request sent and answered, end
            assert.equal(progress[0]?.kind, 'begin');
            assert.equal((progress[0] as WorkDoneProgressBegin).title, 'Test Connection');
            assert.equal(progress[progress.length - 1]?.kind, 'end');
            const messages = progress.map((p) => ('message' in p ? p.message ?? '' : ''));
            assert.ok(messages.includes('Querying: GET /Users?filter=…'), messages.join('\n'));
            assert.ok(messages.includes('GET /Users?filter=… → 200'), messages.join('\n'));
            assert.ok(!everything(s, result, progress).includes(SECRET));
          });
        },
        { token: SECRET },
      );
    });

    it('classifies a wrong token as credentials, and probes the mapping\'s matching attribute', async () => {
      const files = tempFiles({ 'm.entramap': MAPPING.replace('userName <- [userPrincipalName] match 1', 'userName <- [userPrincipalName] match 3') });
      try {
        await withTarget(async (t) => {
          await withServer({}, async (s) => {
            const mappingUri = pathToFileURL(files.file('m.entramap')).href;
            const result = await s.request<TestConnectionResult>(TestConnectionRequest.method, { url: t.url, token: SECRET, mappingUri });
            assert.equal(result.ok, false);
            assert.equal(result.category, 'credentials');
            assert.ok(result.hint);
            // externalId is now the first matching attribute (match 2)
            assert.equal(result.matchingAttribute, 'externalId');
            assert.ok(t.requests.some((r) => /^externalId eq "/.test(r.query.filter ?? '')), JSON.stringify(t.requests));
            assert.ok(!everything(s, result).includes(SECRET));
          });
        });
      } finally {
        files.cleanup();
      }
    });

    it('classifies a refused connection as network', async () => {
      const port = await closedPort();
      await withServer({}, async (s) => {
        const result = await s.request<TestConnectionResult>(TestConnectionRequest.method, { url: `http://127.0.0.1:${port}/scim/v2`, token: SECRET, timeoutSeconds: 5 });
        assert.equal(result.ok, false);
        assert.equal(result.category, 'network');
        assert.match(result.message, /ECONNREFUSED/);
        assert.ok(!everything(s, result).includes(SECRET));
      });
    });

    it('scrubs the token from what a server echoes back', async () => {
      const fault = await startFaultServer({
        rules: [{ action: { kind: 'error', status: 401, detail: `The token ${SECRET} is not valid for this tenant` } }],
      });
      try {
        await withServer({}, async (s) => {
          const result = await s.request<TestConnectionResult>(TestConnectionRequest.method, { url: fault.url, token: SECRET });
          assert.equal(result.category, 'credentials');
          assert.equal(fault.requests[0].headers.authorization, `Bearer ${SECRET}`);
          assert.ok(JSON.stringify(result).includes('is not valid for this tenant'), 'the answer is shown');
          assert.ok(!everything(s, result).includes(SECRET));
        });
      } finally {
        await fault.close();
      }
    });

    it('rejects missing or unusable tokens as invalid params, without echoing them', async () => {
      await withServer({}, async (s) => {
        await assert.rejects(s.request(TestConnectionRequest.method, { url: 'http://127.0.0.1:1/scim', token: '' }), (e: { code: number; message: string }) => {
          assert.equal(e.code, ErrorCodes.InvalidParams);
          assert.match(e.message, /No secret token/);
          return true;
        });
        const bad = `${SECRET}\nX-Injected: 1`;
        await assert.rejects(s.request(TestConnectionRequest.method, { url: 'http://127.0.0.1:1/scim', token: bad }), (e: { code: number; message: string }) => {
          assert.equal(e.code, ErrorCodes.InvalidParams);
          assert.match(e.message, /cannot be sent in an HTTP header/);
          assert.ok(!e.message.includes(SECRET));
          return true;
        });
      });
    });

    it('aborts the HTTP request when the LSP request is cancelled', async () => {
      const fault = await startFaultServer({ rules: [{ action: { kind: 'hang' } }] });
      try {
        await withServer({}, async (s) => {
          const cts = new CancellationTokenSource();
          const started = Date.now();
          const pending = s.connection.sendRequest(TestConnectionRequest.method, { url: fault.url, token: SECRET, timeoutSeconds: 60 }, cts.token);
          await fault.waitForRequests(1);
          cts.cancel();
          await assert.rejects(pending, (e: { code: number }) => e.code === LSPErrorCodes.RequestCancelled);
          assert.ok(Date.now() - started < 10_000, 'cancelled long before the 60 s timeout');
          // the server is still serving requests
          assert.equal((await s.serverInfo()).name, 'entramap');
        });
      } finally {
        await fault.close();
      }
    });
  });

  describe('entraProvisioning/provisionOnDemand', () => {
    it('dry run: shows the create without sending it; reads the mapping from the open document', async () => {
      await withTarget(
        async (t) => {
          await withServer({}, async (s) => {
            // an open, unsaved document that exists nowhere on disk
            const doc = await s.openDoc('unsaved-provision.entramap', MAPPING);
            const params: ProvisionOnDemandParams = { url: t.url, token: SECRET, mappingUri: doc.uri, users: users(), user: ALICE, dryRun: true };
            const { result, progress } = await withProgress<ProvisionOnDemandResult>(s, ProvisionOnDemandRequest.method, { ...params });
            const { trace } = result;
            assert.deepEqual(result.problems, []);
            assert.equal(trace.dryRun, true);
            assert.equal(trace.action, 'create');
            assert.equal(trace.completed, true);
            assert.deepEqual(trace.steps.map((x) => `${x.name}:${x.status}`), ['import:success', 'scope:success', 'match:success', 'compute:success', 'action:success']);
            const post = trace.requests.find((r) => r.method === 'POST');
            assert.ok(post && post.sent === false, 'the POST is shown, not sent');
            assert.match(result.text, /NOT SENT \(dry run\)/);
            assert.ok(!t.requests.some((r) => r.method !== 'GET'), 'only reads reached the target');
            assert.equal((await t.request('GET', '/Users')).body.totalResults, 0);
            assert.equal((progress[0] as WorkDoneProgressBegin).title, 'Provision on Demand (dry run)');
            const messages = progress.map((p) => ('message' in p ? p.message ?? '' : ''));
            assert.ok(messages.includes('Querying: GET /Users?filter=…'), messages.join('\n'));
            assert.ok(!messages.some((m) => m.startsWith('Creating')), 'no write was reported');
            // the Redact()ed password is masked in the shown body
            assert.ok(!JSON.stringify(trace).includes('Initial-Pa55word!'));
            assert.ok(!everything(s, result, progress).includes(SECRET));
          });
        },
        { token: SECRET },
      );
    });

    it('provisions for real: creates the user on the target (mapping and users read from disk)', async () => {
      const files = tempFiles({ 'contoso.entramap': MAPPING, 'contoso.users.json': JSON.stringify(users()) });
      try {
        await withTarget(
          async (t) => {
            await withServer({}, async (s) => {
              const { result, progress } = await withProgress<ProvisionOnDemandResult>(s, ProvisionOnDemandRequest.method, {
                url: t.url,
                token: SECRET,
                mappingUri: pathToFileURL(files.file('contoso.entramap')).href,
                usersUri: pathToFileURL(files.file('contoso.users.json')).href,
                user: '11111111-0000-0000-0000-000000000002', // bob, by objectId
              });
              const { trace } = result;
              assert.equal(trace.action, 'create', result.text);
              assert.equal(trace.completed, true, result.text);
              assert.equal(trace.dryRun, false);
              assert.ok(trace.targetId);
              const created = await t.request('GET', `/Users/${trace.targetId}`);
              assert.equal(created.status, 200);
              assert.equal(created.body.userName, 'bob@contoso.com');
              const messages = progress.map((p) => ('message' in p ? p.message ?? '' : ''));
              assert.ok(messages.includes('Creating: POST /Users'), messages.join('\n'));
              assert.ok(messages.includes('POST /Users → 201'), messages.join('\n'));
              assert.ok(!everything(s, result, progress).includes(SECRET));
            });
          },
          { token: SECRET },
        );
      } finally {
        files.cleanup();
      }
    });

    it('refuses a mapping with errors before sending anything', async () => {
      await withTarget(async (t) => {
        await withServer({}, async (s) => {
          const text = MAPPING.replace('displayName <- [displayName]', 'displayName <- Frobnicate([displayName])');
          const line = text.split('\n').findIndex((l) => l.includes('Frobnicate'));
          const character = text.split('\n')[line].indexOf('Frobnicate');
          const doc = await s.openDoc('broken-provision.entramap', text);
          const result = await s.request<ProvisionOnDemandResult>(ProvisionOnDemandRequest.method, { url: t.url, token: SECRET, mappingUri: doc.uri, users: users(), user: ALICE });
          assert.deepEqual(result.problems.map((p) => `${p.code} ${p.line}:${p.character}`), [`EPX101 ${line}:${character}`]);
          assert.equal(result.trace.completed, false);
          assert.equal(result.trace.steps[0].error?.category, 'mapping');
          assert.match(result.trace.steps[0].summary, /has 1 error; nothing was sent/);
          assert.deepEqual(t.requests, []);
        });
      });
    });

    it('reports an unreadable users file and an unknown user in the import step', async () => {
      await withTarget(async (t) => {
        await withServer({}, async (s) => {
          const doc = await s.openDoc('users-missing.entramap', MAPPING);
          const missing = pathToFileURL('/nonexistent/dir/x.users.json').href;
          const r1 = await s.request<ProvisionOnDemandResult>(ProvisionOnDemandRequest.method, { url: t.url, token: SECRET, mappingUri: doc.uri, usersUri: missing, user: ALICE });
          assert.equal(r1.trace.steps[0].error?.category, 'input');
          assert.match(r1.trace.steps[0].summary, /Cannot read the users file x\.users\.json: no such file/);
          const r2 = await s.request<ProvisionOnDemandResult>(ProvisionOnDemandRequest.method, { url: t.url, token: SECRET, mappingUri: doc.uri, users: users(), user: 'nobody@contoso.com' });
          assert.equal(r2.trace.steps[0].error?.category, 'input');
          assert.deepEqual(t.requests, []);
        });
      });
    });

    it('aborts the HTTP requests on cancel and returns the partial trace in the error', async () => {
      const fault = await startFaultServer({ rules: [{ action: { kind: 'hang' } }] });
      try {
        await withServer({}, async (s) => {
          const doc = await s.openDoc('cancel.entramap', MAPPING);
          const cts = new CancellationTokenSource();
          const started = Date.now();
          const pending = s.connection.sendRequest(
            ProvisionOnDemandRequest.method,
            { url: fault.url, token: SECRET, mappingUri: doc.uri, users: users(), user: ALICE, timeoutSeconds: 60 },
            cts.token,
          );
          await fault.waitForRequests(1);
          cts.cancel();
          await assert.rejects(pending, (e: { code: number; data?: { trace: ProvisionOnDemandResult['trace'] } }) => {
            assert.equal(e.code, LSPErrorCodes.RequestCancelled);
            const match = e.data?.trace.requests.find((r) => r.method === 'GET');
            assert.equal(match?.error?.category, 'cancelled');
            assert.ok(!JSON.stringify(e).includes(SECRET));
            return true;
          });
          assert.ok(Date.now() - started < 10_000, 'cancelled long before the 60 s timeout');
          assert.equal(fault.requests.length, 1, 'nothing was sent after the cancel');
        });
      } finally {
        await fault.close();
      }
    });
  });

  describe('entraProvisioning/checkScope', () => {
    it('gives per-filter and per-clause verdicts without any endpoint', async () => {
      await withServer({}, async (s) => {
        const doc = await s.openDoc('scope.entramap', MAPPING);
        const alice = await s.request<CheckScopeResult>(CheckScopeRequest.method, { mappingUri: doc.uri, users: users(), user: ALICE });
        assert.equal(alice.inScope, true);
        assert.equal(alice.reason, 'in scope');
        assert.equal(alice.mapping, 'Synchronize Microsoft Entra users to Contoso');
        assert.deepEqual(alice.filters.map((f) => [f.name, f.result, f.clauses.map((c) => `${c.attribute} ${c.operator} ${c.values.join(',')} = ${JSON.stringify(c.actual)}: ${c.result}`)]), [
          ['Engineering', true, ['department EQUALS Engineering = "Engineering": true']],
        ]);
        assert.deepEqual(alice.steps.map((x) => x.name), ['import', 'scope']);
        assert.match(alice.text, /IN SCOPE/);
        assert.match(alice.text, /No request was sent/);

        const carol = await s.request<CheckScopeResult>(CheckScopeRequest.method, { mappingUri: doc.uri, users: users(), user: 'carol@contoso.com' });
        assert.equal(carol.inScope, false);
        assert.equal(carol.reason, 'no scoping filter passed');
        assert.equal(carol.filters[0].clauses[0].actual, 'Sales');
        assert.equal(carol.filters[0].clauses[0].result, false);

        const dave = await s.request<CheckScopeResult>(CheckScopeRequest.method, { mappingUri: doc.uri, users: users(), user: 'dave@contoso.com' });
        assert.equal(dave.inScope, false);
        assert.equal(dave.reason, 'soft-deleted in the source');
        assert.equal(dave.conditions.find((c) => c.name === 'Not deleted in source system')?.result, false);

        const nobody = await s.request<CheckScopeResult>(CheckScopeRequest.method, { mappingUri: doc.uri, users: users(), user: 'nobody@contoso.com' });
        assert.equal(nobody.error?.category, 'input');
        assert.match(nobody.text, /No user with objectId or userPrincipalName "nobody@contoso.com"/);
      });
    });
  });
});
