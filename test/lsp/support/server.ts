// The LSP test harness: starts the built server (server/out/server.js --stdio) as a child process,
// speaks JSON-RPC to it over stdio (vscode-jsonrpc), and offers what feature tests need: open and
// edit documents, await publishDiagnostics for a version, ask for completion/hover/... at a
// cursor marker, and shut down cleanly. Every server is stopped by `withServer`, also on failure.
//
//   await withServer({}, async (s) => {
//     const doc = await s.openDoc('users.entramap', 'displayName <- Frobnicate([givenName])');
//     const { diagnostics } = await s.waitForDiagnostics(doc.uri);
//     const items = await s.completionAt('userName <- Jo|');
//   });
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  ClientCapabilities,
  CodeAction,
  CodeActionRequest,
  Command,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbol,
  DocumentSymbolRequest,
  ExitNotification,
  Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  Location,
  LocationLink,
  LogMessageNotification,
  LogMessageParams,
  Position,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  RegistrationRequest,
  SemanticTokens,
  SemanticTokensRequest,
  ShutdownRequest,
  SignatureHelp,
  SignatureHelpRequest,
  SymbolInformation,
  TextEdit,
  UnregistrationRequest,
} from 'vscode-languageserver-protocol';
import {
  AnalysisStats,
  AnalysisStatsRequest,
  AnalysisStatusNotification,
  AnalysisStatusParams,
  ServerInfo,
  ServerInfoRequest,
} from '../../../server/src/protocol';
import { cursor } from './fixtures';
import { waitFor, WaitOptions, withTimeout } from './wait';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER_JS = join(ROOT, 'server', 'out', 'server.js');

export interface ServerOptions {
  /** The `entraProvisioning` settings section the harness answers workspace/configuration with. */
  settings?: Record<string, unknown>;
  /** Extra initializationOptions (the harness always asks for analysisStatus notifications). */
  initializationOptions?: Record<string, unknown>;
  /** Client capabilities; defaults to a VS Code-like set. */
  capabilities?: ClientCapabilities;
  /** Per-request timeout (default 10 s). */
  requestTimeoutMs?: number;
  /** Extra arguments for node (e.g. `--max-old-space-size=256`). */
  execArgv?: string[];
}

export interface OpenDoc {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true },
      contextSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], activeParameterSupport: true } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  window: { workDoneProgress: true },
};

let untitledCounter = 0;

export class TestServer {
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly statuses: AnalysisStatusParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly registrations: string[] = [];
  /** What the server wrote to stderr (crashes, uncaught errors). */
  stderr = '';
  settings: Record<string, unknown>;
  private readonly docs = new Map<string, OpenDoc>();
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    readonly initializeResult: InitializeResult,
    private readonly options: ServerOptions,
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  ) {
    this.settings = options.settings ?? {};
    this.exited = exited.then((e) => (this.exitInfo = e));
  }

  /** Spawns and initializes a server. Prefer `withServer`, which always stops it. */
  static async start(options: ServerOptions = {}): Promise<TestServer> {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run "node esbuild.mjs" first`);
    const child = spawn(process.execPath, [...(options.execArgv ?? []), SERVER_JS, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: ROOT,
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    let server: TestServer | undefined;
    const early = { published: [] as PublishDiagnosticsParams[], logs: [] as LogMessageParams[], stderr: '' };
    child.stderr!.on('data', (d: Buffer) => {
      if (server) server.stderr += d.toString();
      else early.stderr += d.toString();
    });
    const settings = () => server?.settings ?? options.settings ?? {};
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => (server ? server.published : early.published).push(p));
    connection.onNotification(LogMessageNotification.type, (p) => (server ? server.logs : early.logs).push(p));
    connection.onNotification(AnalysisStatusNotification.type, (p) => server?.statuses.push(p));
    connection.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((item) => (item.section === 'entraProvisioning' ? settings() : item.section ? null : { entraProvisioning: settings() })),
    );
    connection.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) server?.registrations.push(r.method);
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onError(() => undefined);
    connection.listen();

    const init = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      workspaceFolders: [{ uri: pathToFileURL(ROOT).href, name: 'entramap' }],
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: { analysisStatus: true, ...options.initializationOptions },
      clientInfo: { name: 'entramap-lsp-tests' },
    });
    const result = await Promise.race([
      withTimeout(init, options.requestTimeoutMs ?? 10_000, 'initialize'),
      exited.then((e) => {
        throw new Error(`server exited during initialize (${JSON.stringify(e)}):\n${early.stderr}`);
      }),
    ]);
    server = new TestServer(child, connection, result, options, exited);
    server.published.push(...early.published);
    server.logs.push(...early.logs);
    server.stderr = early.stderr;
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Sends a request with the harness's timeout. */
  request<R>(method: string, params?: unknown): Promise<R> {
    const p = params === undefined ? this.connection.sendRequest<R>(method) : this.connection.sendRequest<R>(method, params);
    return withTimeout(p, this.options.requestTimeoutMs ?? 10_000, method);
  }

  serverInfo(): Promise<ServerInfo> {
    return this.request(ServerInfoRequest.method);
  }

  stats(): Promise<AnalysisStats> {
    return this.request(AnalysisStatsRequest.method);
  }

  // ---- documents ----------------------------------------------------------------------------

  /** A file URI under test/lsp/fixtures for a name (`users.entramap`), or the URI itself. */
  uri(name: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(name)) return name;
    return pathToFileURL(join(ROOT, 'test', 'lsp', 'fixtures', name)).href;
  }

  /** Opens a document; the language follows the extension (.entramap, .json) unless given. */
  async openDoc(name: string, text: string, languageId?: string): Promise<OpenDoc> {
    const uri = this.uri(name);
    const lang = languageId ?? (/\.json$/i.test(name) ? 'json' : /\.entramap$/i.test(name) ? 'entramap' : 'plaintext');
    const doc: OpenDoc = { uri, languageId: lang, version: 1, text };
    this.docs.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: lang, version: 1, text },
    });
    return { ...doc };
  }

  /** Replaces the whole text (version + 1). */
  async setText(uri: string, text: string): Promise<OpenDoc> {
    const doc = this.doc(uri);
    doc.version++;
    doc.text = text;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ text }],
    });
    return { ...doc };
  }

  /** An incremental edit: replaces `range` with `text` (version + 1). */
  async edit(uri: string, range: Range, text: string): Promise<OpenDoc> {
    const doc = this.doc(uri);
    const lines = doc.text.split('\n');
    const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    doc.text = doc.text.slice(0, offset(range.start)) + text + doc.text.slice(offset(range.end));
    doc.version++;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range, text }],
    });
    return { ...doc };
  }

  async closeDoc(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  doc(uri: string): OpenDoc {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d;
  }

  // ---- diagnostics --------------------------------------------------------------------------

  /** Every publishDiagnostics received for the URI, oldest first. */
  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /**
   * The diagnostics published for a version of the document (default: its current version),
   * waiting for them with a deadline.
   */
  async waitForDiagnostics(uri: string, options: { version?: number; timeoutMs?: number } = {}): Promise<PublishDiagnosticsParams & { diagnostics: Diagnostic[] }> {
    const version = options.version ?? this.doc(uri).version;
    return waitFor(() => this.publishedFor(uri).find((p) => p.version === version), {
      timeoutMs: options.timeoutMs ?? 10_000,
      message: () =>
        `no diagnostics for ${uri}@${version}; got versions [${this.publishedFor(uri)
          .map((p) => p.version)
          .join(', ')}]${this.stderr ? `\nserver stderr:\n${this.stderr}` : ''}`,
    });
  }

  /** Waits for a publish with no version and no diagnostics (what the server sends on close). */
  async waitForCleared(uri: string, timeoutMs = 10_000): Promise<void> {
    const from = this.published.length;
    const seen = () => this.published.slice(from).some((p) => p.uri === uri && p.diagnostics.length === 0);
    await waitFor(seen, { timeoutMs, message: `diagnostics of ${uri} were not cleared` });
  }

  /** Waits for an analysisStatus notification matching the predicate (default: any). */
  waitForStatus(match: (s: AnalysisStatusParams) => boolean, timeoutMs = 10_000): Promise<AnalysisStatusParams> {
    return waitFor(() => this.statuses.find(match), {
      timeoutMs,
      message: () => `statuses so far: ${JSON.stringify(this.statuses.slice(-5))}`,
    });
  }

  /** Polls `probe` until it returns something truthy (deadline 10 s by default). */
  waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, options: WaitOptions = {}): Promise<T> {
    return waitFor(probe, { ...options, message: options.message ?? (() => (this.stderr ? `server stderr:\n${this.stderr}` : '')) });
  }

  // ---- settings -----------------------------------------------------------------------------

  /** Changes the settings and tells the server (which pulls them with workspace/configuration). */
  async updateSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { entraProvisioning: settings } });
  }

  // ---- position-based features: `source` is a fixture with a `|` cursor marker ----------------

  /**
   * Opens `source` (with its marker removed) as a fresh document, or uses an open document and a
   * position, and returns what `fn` asks of the server at that cursor.
   */
  async at<R>(
    source: string | { uri: string; position: Position },
    fn: (uri: string, position: Position) => Promise<R>,
    options: { name?: string; languageId?: string; marker?: string } = {},
  ): Promise<R> {
    if (typeof source !== 'string') return fn(source.uri, source.position);
    const { text, position } = cursor(source, options.marker);
    const name = options.name ?? `untitled-${++untitledCounter}.entramap`;
    const doc = await this.openDoc(name, text, options.languageId);
    try {
      return await fn(doc.uri, position);
    } finally {
      await this.closeDoc(doc.uri);
    }
  }

  completionAt(source: string | { uri: string; position: Position }, options?: { name?: string; languageId?: string; marker?: string }) {
    return this.at(
      source,
      async (uri, position) => {
        const r = await this.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, {
          textDocument: { uri },
          position,
        });
        return Array.isArray(r) ? r : r?.items ?? [];
      },
      options,
    );
  }

  hoverAt(source: string | { uri: string; position: Position }, options?: { name?: string; languageId?: string; marker?: string }) {
    return this.at(source, (uri, position) => this.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position }), options);
  }

  signatureHelpAt(source: string | { uri: string; position: Position }, options?: { name?: string; languageId?: string; marker?: string }) {
    return this.at(
      source,
      (uri, position) => this.request<SignatureHelp | null>(SignatureHelpRequest.method, { textDocument: { uri }, position }),
      options,
    );
  }

  definitionAt(source: string | { uri: string; position: Position }, options?: { name?: string; languageId?: string; marker?: string }) {
    return this.at(
      source,
      (uri, position) =>
        this.request<Location | Location[] | LocationLink[] | null>(DefinitionRequest.method, { textDocument: { uri }, position }),
      options,
    );
  }

  /** Code actions for the diagnostics the server published that cover the cursor. */
  codeActionsAt(source: string | { uri: string; position: Position }, options?: { name?: string; languageId?: string; marker?: string }) {
    return this.at(
      source,
      async (uri, position) => {
        const { diagnostics } = await this.waitForDiagnostics(uri);
        const covering = diagnostics.filter((d) => contains(d.range, position));
        return (
          (await this.request<(Command | CodeAction)[] | null>(CodeActionRequest.method, {
            textDocument: { uri },
            range: { start: position, end: position },
            context: { diagnostics: covering },
          })) ?? []
        );
      },
      options,
    );
  }

  documentSymbols(uri: string) {
    return this.request<DocumentSymbol[] | SymbolInformation[] | null>(DocumentSymbolRequest.method, { textDocument: { uri } });
  }

  semanticTokens(uri: string) {
    return this.request<SemanticTokens | null>(SemanticTokensRequest.method, { textDocument: { uri } });
  }

  formatting(uri: string, options = { tabSize: 2, insertSpaces: true }) {
    return this.request<TextEdit[] | null>(DocumentFormattingRequest.method, { textDocument: { uri }, options });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  get exitCode(): number | null | undefined {
    return this.exitInfo?.code;
  }

  /** Resolves when the process has exited (with a deadline). */
  waitForExit(timeoutMs = 5_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return withTimeout(this.exited, timeoutMs, 'server process exit');
  }

  /** shutdown, then exit; resolves with the exit code (0 for a clean stop). */
  async shutdown(timeoutMs = 5_000): Promise<number | null> {
    if (this.exitInfo) return this.exitInfo.code;
    await this.request(ShutdownRequest.method);
    await this.connection.sendNotification(ExitNotification.type);
    const { code } = await this.waitForExit(timeoutMs);
    this.connection.dispose();
    return code;
  }

  /** Ends the process no matter what (used after a failed test). */
  async kill(): Promise<void> {
    if (!this.exitInfo) {
      this.process.kill('SIGKILL');
      await this.waitForExit().catch(() => undefined);
    }
    this.connection.dispose();
  }
}

function contains(r: Range, p: Position): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(r.start, p) && before(p, r.end);
}

/**
 * Runs `fn` with a started server and always stops it: a clean shutdown when `fn` succeeds
 * (asserting exit code 0), a kill when it fails.
 */
export async function withServer<T>(options: ServerOptions, fn: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await TestServer.start(options);
  let result: T;
  try {
    result = await fn(server);
  } catch (err) {
    await server.kill();
    throw err;
  }
  const code = await server.shutdown().catch(async (err) => {
    await server.kill();
    throw err;
  });
  if (code !== 0) throw new Error(`server exited with ${code} after shutdown/exit\n${server.stderr}`);
  return result;
}

export { Diagnostic };
