// The questions the provisioning commands ask: which target, which mapping file, which users
// file, which user, and the target's secret token. Every question can be answered in advance
// by the command's arguments (non-interactive use: tests, keybindings, other extensions); only
// what is missing is asked.
import * as vscode from 'vscode';
import { sanitize } from '../infrastructure/sanitize';
import type { TokenStore } from '../infrastructure/secrets';
import { findTarget, readTargets, TargetConfig } from './settings';

/** The user dismissed a question: the command stops quietly. */
export class Dismissed extends Error {
  constructor() {
    super('dismissed');
  }
}

/** The target named `name`, or the one the user picks. */
export async function pickTarget(tokens: TokenStore, name: string | undefined, placeHolder: string): Promise<TargetConfig> {
  if (name !== undefined) {
    const t = findTarget(name);
    if (!t) throw new Error(`No target named "${name}" in the entraProvisioning.targets setting.`);
    return t;
  }
  const { targets, skipped } = readTargets();
  if (!targets.length) {
    const why = skipped ? ` (${skipped} ${skipped === 1 ? 'entry has' : 'entries have'} no name or no tenantUrl)` : '';
    void vscode.window
      .showWarningMessage(`No provisioning target is configured${why}. Add one to the "entraProvisioning.targets" setting: a name and a Tenant URL.`, 'Open Settings')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'entraProvisioning.targets'));
    throw new Dismissed();
  }
  const items = await Promise.all(
    targets.map(async (t) => ({
      label: t.name,
      description: t.tenantUrl,
      detail: [t.app ? `app: ${t.app}` : undefined, t.mapping ? `mapping: ${t.mapping}` : undefined, (await tokens.has(t.name)) ? '$(key) token stored' : 'no token stored']
        .filter(Boolean)
        .join(' · '),
      target: t,
    })),
  );
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) throw new Dismissed();
  return picked.target;
}

/** A URI from a command argument: a Uri, a URI string, or a path (absolute or workspace-relative). */
export function resolveUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg !== 'string' || !arg.trim()) return undefined;
  const s = arg.trim();
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(s) || /^untitled:/i.test(s)) return vscode.Uri.parse(s, true);
  if (s.startsWith('/') || /^[a-z]:[\\/]/i.test(s)) return vscode.Uri.file(s);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(`"${s}" is a relative path, but no folder is open.`);
  return vscode.Uri.joinPath(folder.uri, ...s.split(/[\\/]/).filter(Boolean));
}

const USERS_FILE = /\.users\.json$/i;

/** Whether a document is a mapping the server reads: .entramap, or JSON that looks like a Graph schema. */
export function isMappingDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId === 'entramap' || /\.entramap$/i.test(doc.uri.path)) return true;
  if (!/^jsonc?$/.test(doc.languageId) || USERS_FILE.test(doc.uri.path)) return false;
  return /"(synchronizationRules|directories)"\s*:/.test(doc.getText(new vscode.Range(0, 0, 200, 0)));
}

/**
 * The mapping file: the argument, else the active editor's mapping (.entramap or schema JSON),
 * else the target's `mapping`, else one the user picks among the workspace's .entramap files.
 */
export async function pickMapping(arg: unknown, target?: TargetConfig): Promise<vscode.Uri> {
  const given = resolveUri(arg);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isMappingDocument(active)) return active.uri;
  if (target?.mapping) return resolveUri(target.mapping)!;
  const files = await vscode.workspace.findFiles('**/*.entramap', '**/node_modules/**', 200);
  const open = vscode.workspace.textDocuments.filter((d) => isMappingDocument(d) && !files.some((f) => f.toString() === d.uri.toString()));
  const candidates = [...open.map((d) => d.uri), ...files];
  if (candidates.length === 1) return candidates[0];
  const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
  const items = [
    ...candidates.map((uri) => ({ label: uri.path.slice(uri.path.lastIndexOf('/') + 1), description: vscode.workspace.asRelativePath(uri), uri })),
    browse,
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Which mapping file (.entramap or Graph schema JSON)?', ignoreFocusOut: true });
  if (!picked) throw new Dismissed();
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Mapping files': ['entramap', 'json'] }, openLabel: 'Use Mapping' });
  if (!chosen?.[0]) throw new Dismissed();
  return chosen[0];
}

/** The users file: the argument, else the only `*.users.json` of the workspace, else one the user picks. */
export async function pickUsersFile(arg: unknown): Promise<vscode.Uri> {
  const given = resolveUri(arg);
  if (given) return given;
  const files = await vscode.workspace.findFiles('**/*.users.json', '**/node_modules/**', 200);
  if (!files.length) {
    throw new Error('No sample users: add a *.users.json file (a JSON array of Entra users, e.g. from Graph /users) to the workspace.');
  }
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Which users file?', ignoreFocusOut: true },
  );
  if (!picked) throw new Dismissed();
  return picked.uri;
}

interface UserItem extends vscode.QuickPickItem {
  key: string;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** The users of a users file, for the quick pick: display name, UPN, objectId. Unsaved edits count. */
export async function readUserItems(uri: vscode.Uri): Promise<UserItem[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  let data: unknown;
  try {
    data = JSON.parse(doc.getText());
  } catch (err) {
    throw new Error(`${vscode.workspace.asRelativePath(uri)} is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { value?: unknown }).value) ? (data as { value: unknown[] }).value : undefined;
  if (!list) throw new Error(`${vscode.workspace.asRelativePath(uri)} must hold a JSON array of users (or Graph's { "value": [...] }).`);
  const items: UserItem[] = [];
  for (const u of list) {
    if (!u || typeof u !== 'object') continue;
    const o = u as Record<string, unknown>;
    const id = text(o.objectId) ?? text(o.id);
    const upn = text(o.userPrincipalName);
    const key = id ?? upn;
    if (!key) continue;
    items.push({ label: text(o.displayName) ?? upn ?? key, description: upn, detail: id, key });
  }
  return items;
}

/** The user: the argument (objectId or UPN), else one the user picks from the users file. */
export async function pickUser(arg: unknown, usersUri: vscode.Uri): Promise<string> {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const items = await readUserItems(usersUri);
  if (!items.length) throw new Error(`${vscode.workspace.asRelativePath(usersUri)} holds no user with an objectId, id or userPrincipalName.`);
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: 'Which user?',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) throw new Dismissed();
  return picked.key;
}

/**
 * The target's secret token. When none is stored: with `interactive`, offers to set it (the Set
 * Secret Token command) and continues; otherwise fails with how to fix it.
 */
export async function requireToken(tokens: TokenStore, target: TargetConfig, interactive: boolean): Promise<string> {
  const stored = await tokens.get(target.name);
  if (stored) return stored;
  const message = `No secret token is stored for the target "${target.name}".`;
  if (!interactive) throw new Error(`${message} Run "Entra Provisioning: Set Secret Token" first.`);
  const choice = await vscode.window.showWarningMessage(`${message} Set it now? It is kept in VS Code's secret storage, never in settings.`, 'Set Token');
  if (choice !== 'Set Token') throw new Dismissed();
  await vscode.commands.executeCommand('entraProvisioning.setToken', { target: target.name });
  const now = await tokens.get(target.name);
  if (!now) throw new Dismissed();
  return now;
}

/** An Error's first line for a notification; sanitised, as everything shown. */
export function oneLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return sanitize(m.split('\n')[0]);
}
