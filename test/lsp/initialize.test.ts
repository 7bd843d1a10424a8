// The server starts over stdio, answers initialize with the capabilities features declared, and
// reports itself through the custom entraProvisioning/serverInfo request.
import assert from 'node:assert/strict';
import { TextDocumentSyncKind, TextDocumentSyncOptions } from 'vscode-languageserver-protocol';
import { withServer } from './support/server';

describe('lsp: initialize', () => {
  it('declares incremental document sync and identifies itself', async () => {
    await withServer({}, async (s) => {
      const { capabilities, serverInfo } = s.initializeResult;
      const sync = capabilities.textDocumentSync as TextDocumentSyncOptions;
      assert.equal(sync.openClose, true);
      assert.equal(sync.change, TextDocumentSyncKind.Incremental);
      assert.equal(serverInfo?.name, 'entramap');
      assert.match(serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    });
  });

  it('answers entraProvisioning/serverInfo with its process, analysers and settings', async () => {
    await withServer({ settings: { diagnostics: { delay: 40 } } }, async (s) => {
      const info = await s.serverInfo();
      assert.equal(info.name, 'entramap');
      assert.equal(info.pid, s.pid);
      assert.equal(info.node, process.version);
      assert.deepEqual(info.analyzers.map((a) => a.kind).sort(), ['entramap', 'graph-json']);
      // the settings were pulled with workspace/configuration and normalised
      assert.equal(info.settings.diagnostics.delay, 40);
      assert.equal(info.settings.diagnostics.enable, true);
      assert.ok(info.settings.diagnostics.maxProblems > 0);
    });
  });

  it('registers for configuration changes of its own section', async () => {
    await withServer({}, async (s) => {
      await s.serverInfo(); // after initialized has been processed
      assert.ok(s.registrations.includes('workspace/didChangeConfiguration'), `registrations: ${s.registrations}`);
    });
  });

  it('falls back to initializationOptions.settings when the client cannot be asked', async () => {
    await withServer(
      { capabilities: {}, initializationOptions: { settings: { diagnostics: { delay: 5000, maxProblems: -3, enable: 'yes' } } } },
      async (s) => {
        const info = await s.serverInfo();
        // out-of-range and mistyped values are clamped or ignored
        assert.deepEqual(info.settings.diagnostics, { enable: true, delay: 5000, maxProblems: 1 });
      },
    );
  });
});
