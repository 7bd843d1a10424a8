// The sample user of inline evaluation: one user from a workspace `*.users.json` file, chosen
// with "Select Sample User" and remembered per workspace (workspaceState). The language server
// gets the user object (entraProvisioning/sampleUser) whenever it starts, the selection changes
// or the users file changes, and uses it for hover values and inlay hints. A language status
// item shows the selection; clicking it selects another.
import * as vscode from 'vscode';
import { ENTRAMAP_LANGUAGE_ID, SampleUserNotification, SampleUserParams } from '../../../server/src/protocol';
import type { EntraLanguageClient } from './languageClient';
import type { SanitizedLogChannel } from './output';
import { sanitizeError } from './sanitize';

export const SELECT_SAMPLE_USER_COMMAND = 'entraProvisioning.selectSampleUser';
const STATE_KEY = 'entraProvisioning.sampleUser';
export const USERS_FILE_GLOB = '**/*.users.json';

/** What is remembered: the users file and the user's key in it. */
export interface SampleSelection {
  /** URI of the users file. */
  file: string;
  /** objectId (or Graph `id`), else userPrincipalName. */
  key: string;
  /** displayName, else UPN, else the key (for the status item). */
  label: string;
}

/** One user of a users file, as the quick pick shows it. */
export interface SampleUserItem extends vscode.QuickPickItem {
  selection: SampleSelection;
  user: Record<string, unknown>;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function keyOf(u: Record<string, unknown>): string | undefined {
  return text(u.objectId) ?? text(u.id) ?? text(u.userPrincipalName);
}

/** The users of a users file's text: a JSON array, or Graph's `{ "value": [...] }`. */
export function parseUsers(source: string): Record<string, unknown>[] {
  const data: unknown = JSON.parse(source);
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { value?: unknown }).value) ? (data as { value: unknown[] }).value : undefined;
  if (!list) throw new Error('expected a JSON array of users (or Graph\'s { "value": [...] })');
  return list.filter((u): u is Record<string, unknown> => !!u && typeof u === 'object' && !Array.isArray(u) && keyOf(u as Record<string, unknown>) !== undefined);
}

/** A users file's text: the open document's (unsaved edits count), else the file on disk. */
async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export class SampleUserService implements vscode.Disposable {
  private current: SampleSelection | undefined;
  private user: Record<string, unknown> | undefined;
  private readonly item: vscode.LanguageStatusItem;
  private readonly emitter = new vscode.EventEmitter<SampleSelection | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private watcher: vscode.Disposable | undefined;
  private resendTimer: NodeJS.Timeout | undefined;
  /** Fires after the selection changed (or was cleared). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly client: EntraLanguageClient,
    private readonly output: SanitizedLogChannel,
    selector: vscode.DocumentSelector = [{ language: ENTRAMAP_LANGUAGE_ID }],
  ) {
    this.current = this.validStored(state.get<SampleSelection>(STATE_KEY));
    this.item = vscode.languages.createLanguageStatusItem('entraProvisioning.sampleUser', selector);
    this.item.name = 'Entra Provisioning Sample User';
    this.subscriptions.push(
      client.onDidChangeState((s) => {
        if (s === 'running') void this.send();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.current && e.document.uri.toString() === this.current.file) this.scheduleResend();
      }),
    );
    this.watch();
    this.render();
  }

  /** The remembered selection (undefined: none). */
  get selection(): SampleSelection | undefined {
    return this.current;
  }

  /** The selected user's object as last read from its file. */
  get sampleUser(): Record<string, unknown> | undefined {
    return this.user;
  }

  /** Where the status item shows (the server status item's documents). */
  set selector(selector: vscode.DocumentSelector) {
    this.item.selector = selector;
  }

  /** The users of every `*.users.json` file of the workspace (files that cannot be read are logged and skipped). */
  async listUsers(): Promise<SampleUserItem[]> {
    const files = (await vscode.workspace.findFiles(USERS_FILE_GLOB, '**/node_modules/**', 200)).sort((a, b) => a.path.localeCompare(b.path));
    const items: SampleUserItem[] = [];
    for (const uri of files) {
      let users: Record<string, unknown>[];
      try {
        users = parseUsers(await readText(uri));
      } catch (err) {
        this.output.warn(`${vscode.workspace.asRelativePath(uri)}: ${sanitizeError(err)}`);
        continue;
      }
      const detail = vscode.workspace.asRelativePath(uri);
      for (const user of users) {
        const key = keyOf(user)!;
        const upn = text(user.userPrincipalName);
        const label = text(user.displayName) ?? upn ?? key;
        items.push({ label, description: upn, detail, user, selection: { file: uri.toString(), key, label } });
      }
    }
    return items;
  }

  /** Selects a user (undefined clears), remembers it for the workspace and tells the server. */
  async select(selection: SampleSelection | undefined): Promise<void> {
    this.current = selection;
    await this.state.update(STATE_KEY, selection);
    this.watch();
    await this.send();
    this.emitter.fire(selection);
  }

  /** Reads the selected user from its file and sends it to the server (null when none or gone). */
  async send(): Promise<void> {
    const selection = this.current;
    let user: Record<string, unknown> | undefined;
    if (selection) {
      try {
        const users = parseUsers(await readText(vscode.Uri.parse(selection.file, true)));
        user = users.find((u) => keyOf(u) === selection.key);
        if (!user) this.output.warn(`The sample user ${selection.label} is no longer in ${vscode.workspace.asRelativePath(vscode.Uri.parse(selection.file, true))}.`);
      } catch (err) {
        this.output.warn(`Cannot read the sample user from ${selection.file}: ${sanitizeError(err)}`);
      }
    }
    this.user = user;
    this.render();
    const lc = this.client.languageClient;
    if (!lc || this.client.state !== 'running') return; // sent when the server runs
    const params: SampleUserParams = user ? { user, name: selection!.label, source: vscode.workspace.asRelativePath(vscode.Uri.parse(selection!.file, true)) } : { user: null };
    try {
      await lc.sendNotification(SampleUserNotification.type, params);
    } catch (err) {
      this.output.warn(`Sending the sample user failed: ${sanitizeError(err)}`);
    }
  }

  private scheduleResend(): void {
    if (this.resendTimer) clearTimeout(this.resendTimer);
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined;
      void this.send();
    }, 300);
  }

  /** Re-sends the user when its file changes on disk. */
  private watch(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (!this.current) return;
    const uri = vscode.Uri.parse(this.current.file, true);
    const slash = uri.path.lastIndexOf('/');
    const pattern = new vscode.RelativePattern(uri.with({ path: uri.path.slice(0, slash) || '/' }), uri.path.slice(slash + 1).replace(/[*?[\]{}!]/g, '?'));
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = () => this.scheduleResend();
    this.watcher = vscode.Disposable.from(w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed));
  }

  private validStored(v: SampleSelection | undefined): SampleSelection | undefined {
    return v && typeof v.file === 'string' && typeof v.key === 'string' && typeof v.label === 'string' ? v : undefined;
  }

  private render(): void {
    const item = this.item;
    item.command = { title: 'Select Sample User', command: SELECT_SAMPLE_USER_COMMAND };
    if (!this.current) {
      item.text = '$(person) No sample user';
      item.detail = 'Select one to see mapping values in hovers and inlay hints';
      item.severity = vscode.LanguageStatusSeverity.Information;
    } else if (!this.user) {
      item.text = `$(person) ${this.current.label}`;
      item.detail = 'Sample user (not found in its file)';
      item.severity = vscode.LanguageStatusSeverity.Warning;
    } else {
      item.text = `$(person) ${this.current.label}`;
      item.detail = `Sample user · ${vscode.workspace.asRelativePath(vscode.Uri.parse(this.current.file, true))}`;
      item.severity = vscode.LanguageStatusSeverity.Information;
    }
  }

  /** The status item's text (tests read it). */
  get statusText(): string {
    return this.item.text;
  }

  dispose(): void {
    if (this.resendTimer) clearTimeout(this.resendTimer);
    this.watcher?.dispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.item.dispose();
    this.emitter.dispose();
  }
}
