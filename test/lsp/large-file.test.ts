// A 50,000-line garbage file must not freeze the server: large documents are analysed in a
// worker thread (smaller ones in slices that yield to the event loop), so requests keep being
// answered while one runs, and the result is bounded by entraProvisioning.diagnostics.maxProblems.
// Prints its figures; bounds are generous (CI boxes are slow) but far below what a blocking
// analysis takes (seconds).
import assert from 'node:assert/strict';
import { garbage } from './support/fixtures';
import { withServer } from './support/server';

const LINES = 50_000;

describe('lsp: a 50,000-line garbage file', function () {
  this.timeout(120_000);

  it('stays responsive while analysing, and publishes a bounded result', async () => {
    const text = garbage(LINES, 42);
    assert.equal(text.split('\n').length, LINES);
    await withServer({}, async (s) => {
      const started = Date.now();
      const doc = await s.openDoc('garbage.entramap', text);
      await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'analysing');

      // Ping the server while it works; each answer must come quickly.
      const latencies: number[] = [];
      let done = false;
      const published = s.waitForDiagnostics(doc.uri, { version: 1, timeoutMs: 90_000 }).finally(() => (done = true));
      while (!done) {
        const t = Date.now();
        await s.serverInfo();
        latencies.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 25));
      }
      const { diagnostics } = await published;
      const total = Date.now() - started;
      const stats = await s.stats();
      const worst = Math.max(...latencies);
      const median = latencies.slice().sort((a, b) => a - b)[Math.floor(latencies.length / 2)];
      console.log(
        `      ${LINES} lines (${(text.length / 1e6).toFixed(1)} MB): diagnostics after ${total} ms, ` +
          `${latencies.length} pings answered meanwhile (median ${median} ms, worst ${worst} ms)`,
      );
      assert.ok(latencies.length >= 5, `only ${latencies.length} pings answered during the analysis`);
      assert.ok(worst < 1000, `a request waited ${worst} ms`);
      assert.equal(stats.offThread, 1, 'analysed in a worker thread');
      const status = await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'done');
      assert.equal(diagnostics.length, (await s.serverInfo()).settings.diagnostics.maxProblems);
      assert.equal(status.truncated, true);
    });
  });

  it('reports exact positions from the worker thread', async () => {
    const body = Array.from({ length: 40_000 }, (_, i) => `  attr${i} <- Join(" ", [givenName], [surname])`);
    body[39_990] = '  late <- Frobnicate([surname])';
    const text = `app "Big" template scim\nmapping "users" {\n  source User\n  target urn:ietf:params:scim:schemas:core:2.0:User\n${body.join('\n')}\n}\n`;
    await withServer({}, async (s) => {
      const doc = await s.openDoc('big-valid.entramap', text);
      const { diagnostics } = await s.waitForDiagnostics(doc.uri, { timeoutMs: 60_000 });
      const hit = diagnostics.find((d) => d.code === 'EPX101');
      assert.deepEqual(hit?.range, { start: { line: 39_994, character: 10 }, end: { line: 39_994, character: 20 } });
      assert.equal((await s.stats()).offThread, 1);
    });
  });

  it('drops the work at once when the file is closed mid-analysis', async () => {
    const text = garbage(LINES, 43);
    await withServer({}, async (s) => {
      const doc = await s.openDoc('closed.entramap', text);
      await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'analysing');
      await s.closeDoc(doc.uri);
      await s.waitForStatus((st) => st.uri === doc.uri && st.state === 'cancelled');
      const stats = await s.stats();
      assert.equal(stats.inFlight, 0);
      assert.equal(stats.cancelled, 1);
      // the worker was terminated, not left running: the server stops promptly
      const t = Date.now();
      assert.equal(await s.shutdown(), 0);
      assert.ok(Date.now() - t < 2000);
      assert.deepEqual(s.publishedFor(doc.uri), []);
    });
  });
});
