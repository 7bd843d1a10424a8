// Starts and supervises the language server (server/out/server.js, a bundled Node module) over
// IPC. The server handles .entramap documents and the JSON documents it recognises as Graph
// synchronizationSchema; everything else it ignores.
//
// When the server process dies, the crash handler restarts it and tells the user; after too many
// crashes in a short time it gives up and offers a manual restart.
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  AnalysisStatusNotification,
  ENTRAMAP_LANGUAGE_ID,
  ServerInfo,
  ServerInfoRequest,
  SETTINGS_SECTION,
} from '../../../server/src/protocol';
import type { SanitizedLogChannel } from './output';
import { sanitizeError } from './sanitize';
import type { ServerStatus } from './status';

export const CLIENT_ID = SETTINGS_SECTION; // makes `entraProvisioning.trace.server` the trace setting
export const CLIENT_NAME = 'Entra Provisioning';
export const SERVER_MODULE = 'server/out/server.js';

/** Documents the server receives. JSON documents are filtered by content on the server. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: ENTRAMAP_LANGUAGE_ID },
  { scheme: 'untitled', language: ENTRAMAP_LANGUAGE_ID },
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'json' },
];

export type ClientState = 'stopped' | 'starting' | 'running' | 'failed';

export interface CrashEvent {
  /** Crashes within the current window (see CrashHandler). */
  count: number;
  restarting: boolean;
}

/** Restart on a crash, at most `maxRestarts` times within `windowMs`; tell the user each time. */
export class CrashHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(
    private readonly output: SanitizedLogChannel,
    private readonly onCrash: (e: CrashEvent) => void,
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60 * 1000,
  ) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.error(`Connection to the language server failed: ${sanitizeError(error)}`);
    // A few transport errors in a row are survivable; a steady stream means the server is gone.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.windowMs), now];
    const count = this.crashes.length;
    if (count > this.maxRestarts) {
      const message = `The Entra Provisioning language server stopped ${count} times in the last ${Math.round(this.windowMs / 60000)} minutes and was not restarted.`;
      // the language client logs `message` itself
      this.onCrash({ count, restarting: false });
      void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output').then((choice) => {
        if (choice === 'Restart Server') void vscode.commands.executeCommand('entraProvisioning.restartServer');
        else if (choice === 'Show Output') this.output.show(true);
      });
      return { action: CloseAction.DoNotRestart, message, handled: true };
    }
    const message = 'The Entra Provisioning language server stopped unexpectedly and was restarted.';
    this.onCrash({ count, restarting: true });
    void vscode.window.showWarningMessage(message, 'Show Output').then((choice) => {
      if (choice) this.output.show(true);
    });
    return { action: CloseAction.Restart, message, handled: true };
  }

  /** A manual restart starts a fresh count. */
  reset(): void {
    this.crashes = [];
  }
}

export class EntraLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly crashHandler: CrashHandler;
  private readonly stateEmitter = new vscode.EventEmitter<ClientState>();
  private readonly crashEmitter = new vscode.EventEmitter<CrashEvent>();
  /** Fires on every state change of the connection. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires when the server process went away unexpectedly (after the user was told). */
  readonly onDidCrash = this.crashEmitter.event;
  private currentState: ClientState = 'stopped';
  private info: ServerInfo | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: SanitizedLogChannel,
    private readonly status: ServerStatus,
  ) {
    this.crashHandler = new CrashHandler(output, (e) => this.crashEmitter.fire(e));
  }

  get state(): ClientState {
    return this.currentState;
  }

  /** What the running server reported about itself (undefined until it runs). */
  get serverInfo(): ServerInfo | undefined {
    return this.info;
  }

  /** The underlying client, for features that send requests. Undefined before `start`. */
  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    if (!this.client) this.client = this.create();
    this.setState('starting');
    try {
      await this.client.start();
    } catch (err) {
      this.setState('failed');
      this.output.error(`The language server did not start: ${sanitizeError(err)}`);
      throw err;
    }
  }

  /** Stops the server (if running) and starts a fresh process; resolves with its info. */
  async restart(): Promise<ServerInfo | undefined> {
    this.crashHandler.reset();
    if (!this.client) {
      await this.start();
    } else {
      this.output.info('Restarting the language server.');
      this.setState('starting');
      await this.client.restart();
    }
    return this.refreshServerInfo();
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (client.isRunning()) await client.stop();
    this.setState('stopped');
  }

  /** Resolves when the server is running (rejects after `timeoutMs`). */
  whenRunning(timeoutMs = 30_000): Promise<void> {
    if (this.currentState === 'running') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`the language server is not running after ${timeoutMs} ms (state: ${this.currentState})`));
      }, timeoutMs);
      const sub = this.onDidChangeState((s) => {
        if (s !== 'running') return;
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }

  async refreshServerInfo(): Promise<ServerInfo | undefined> {
    if (!this.client?.isRunning()) return undefined;
    this.info = await this.client.sendRequest(ServerInfoRequest.type);
    return this.info;
  }

  private create(): LanguageClient {
    const module = this.context.asAbsolutePath(SERVER_MODULE);
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: this.crashHandler,
      initializationOptions: { analysisStatus: true },
      diagnosticCollectionName: 'entramap',
      markdown: { isTrusted: false, supportHtml: false },
      progressOnInitialization: false,
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.subscriptions.push(
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) void this.onRunning(client);
        else if (newState === State.Starting) this.setState('starting');
        else this.setState(this.currentState === 'failed' ? 'failed' : 'stopped');
      }),
      client.onNotification(AnalysisStatusNotification.type, (p) => this.status.onAnalysisStatus(p)),
    );
    return client;
  }

  private async onRunning(client: LanguageClient): Promise<void> {
    try {
      const info = await client.sendRequest(ServerInfoRequest.type);
      this.info = info;
      this.output.info(`Language server ${info.version} running (pid ${info.pid}, Node ${info.node}).`);
      this.output.debug(`Analysers: ${info.analyzers.map((a) => `${a.kind} (${a.description})`).join('; ')}.`);
    } catch (err) {
      this.output.warn(`The language server did not answer serverInfo: ${sanitizeError(err)}`);
    }
    this.setState('running');
  }

  private setState(state: ClientState): void {
    const changed = state !== this.currentState;
    this.currentState = state;
    this.status.setState(state, state === 'running' && this.info ? `Language server ${this.info.version}` : '');
    if (changed) this.stateEmitter.fire(state);
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose().catch(() => undefined);
    this.stateEmitter.dispose();
    this.crashEmitter.dispose();
  }
}
