// Command arguments. Every provisioning command takes one optional argument: an options object
// for non-interactive use (`vscode.commands.executeCommand('entraProvisioning.testConnection',
// { target: 'Contoso' })`), or the resource URI VS Code passes from an explorer or editor menu.
// Options that are given are not asked for; docs/vscode.md lists them per command.
import * as vscode from 'vscode';

export interface CommandInput<T> {
  /** The options given (empty when none). */
  options: Partial<T>;
  /** The resource of a menu invocation. */
  resource?: vscode.Uri;
  /** True when the command was called with an options object (a script, a test, a keybinding). */
  scripted: boolean;
}

export function commandInput<T extends object>(arg: unknown): CommandInput<T> {
  if (arg instanceof vscode.Uri) return { options: {}, resource: arg, scripted: false };
  if (arg && typeof arg === 'object' && !Array.isArray(arg)) return { options: arg as Partial<T>, scripted: true };
  return { options: {}, scripted: false };
}
