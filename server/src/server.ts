// The entramap language server: wiring only. Transport from the command line (`--stdio`,
// `--node-ipc`, `--socket=N`), documents with incremental sync, and the features of
// features/index.ts, which declare their capabilities and register their handlers.
// The same bundle also runs as the worker thread that analyses pathological documents.
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_PLACEMENT } from './features/analysis/placement';
import { defaultAnalyzers } from './features/analysis/registry';
import { isAnalysisWorker, serveAnalysisWorker } from './features/analysis/worker';
import { ParsedDocumentCache } from './features/documents';
import { FeatureHost } from './features/host';
import { createFeatures } from './features';

declare const __ENTRAMAP_VERSION__: string | undefined;
const VERSION = typeof __ENTRAMAP_VERSION__ === 'string' ? __ENTRAMAP_VERSION__ : '0.0.0-dev';

if (isAnalysisWorker()) {
  void serveAnalysisWorker(defaultAnalyzers());
} else {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  // Which documents are large (parsed in slices, then incrementally) and which are pathological
  // (analysed in a worker thread, never parsed on this one): analysis/placement.ts.
  const placement = DEFAULT_PLACEMENT;
  // One parse per uri@version, shared by the analysers (diagnostics) and every editor feature.
  const parsed = new ParsedDocumentCache({ placement });
  const host = new FeatureHost(connection, documents, createFeatures(), {
    version: VERSION,
    registry: defaultAnalyzers({ parsed: (input) => parsed.forInput(input), parsedAsync: (input, work) => parsed.forInputAsync(input, work) }),
    parsed,
    offThread: { script: __filename, placement, timeoutMs: 120_000, maxHeapMb: 1024 },
  });

  connection.onInitialize((params) => host.initialize(params));
  connection.onInitialized(() => host.initialized());
  connection.onShutdown(() => host.shutdown());

  documents.listen(connection);
  connection.listen();
}
