// Shared helpers for the extension-host tests: polling with a deadline (never fixed sleeps),
// the extension's API, fixture documents.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EntraProvisioningApi } from '../../../client/src/api';

export const EXTENSION_ID = 'entramap.entramap';

/** Resolves with the first truthy value of `probe`; fails with `what` at the deadline. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc);
}

/** The activated extension's API (activation is triggered by opening an .entramap file). */
export async function api(): Promise<EntraProvisioningApi> {
  const ext = vscode.extensions.getExtension<EntraProvisioningApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** entramap's diagnostics of a document, once `accept` likes them. */
export function diagnosticsOf(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'entramap');
    return accept(d) ? d : undefined;
  });
}

export const hasFrobnicate = (d: vscode.Diagnostic[]) => d.some((x) => codeOf(x) === 'EPX101' && /Frobnicate/.test(x.message));

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}
