// Process lifecycle: shutdown + exit ends the process with 0; exit without shutdown with 1; the
// server also ends by itself when its client goes away (stdin closes), so no orphan survives a
// crashed editor.
import assert from 'node:assert/strict';
import { ExitNotification } from 'vscode-languageserver-protocol';
import { readFixture } from './support/fixtures';
import { TestServer } from './support/server';

describe('lsp: lifecycle', () => {
  it('exits with 0 after shutdown and exit, with documents open and work pending', async () => {
    const s = await TestServer.start({ settings: { diagnostics: { delay: 2000 } } });
    try {
      const doc = await s.openDoc('pending.entramap', readFixture('users.entramap'));
      await s.waitForDiagnostics(doc.uri);
      await s.setText(doc.uri, 'x <- Frobnicate()'); // a debounced run is pending
      assert.equal(await s.shutdown(), 0);
      assert.equal(s.stderr, '');
    } finally {
      await s.kill();
    }
  });

  it('exits with 1 on exit without shutdown', async () => {
    const s = await TestServer.start();
    try {
      await s.connection.sendNotification(ExitNotification.type);
      const { code } = await s.waitForExit();
      assert.equal(code, 1);
    } finally {
      await s.kill();
    }
  });

  it('exits by itself when the client closes the connection', async () => {
    const s = await TestServer.start();
    try {
      await s.serverInfo();
      s.process.stdin!.end();
      const { code, signal } = await s.waitForExit();
      assert.equal(signal, null);
      assert.equal(code, 1); // no shutdown request was received
    } finally {
      await s.kill();
    }
  });

  it('survives hostile text (NUL, lone surrogates, deep nesting) and still shuts down cleanly', async () => {
    const s = await TestServer.start();
    try {
      const doc = await s.openDoc('odd.entramap', '\u0000\uffff\ud800 <- ' + '('.repeat(5000) + '\n\udc00[' + ']'.repeat(3));
      await s.waitForStatus((st) => st.uri === doc.uri && (st.state === 'done' || st.state === 'failed'));
      assert.equal((await s.serverInfo()).name, 'entramap');
      assert.equal(await s.shutdown(), 0);
    } finally {
      await s.kill();
    }
  });
});
