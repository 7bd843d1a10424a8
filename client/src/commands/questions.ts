// What the commands share in asking their questions: a dismissed question ends the command
// quietly, and Provision on Demand and Check Scope take the source users and the user alike.
import * as vscode from 'vscode';
import type { SourceUsersParams } from '../../../server/src/protocol';
import { Dismissed, pickUser, pickUsersFile } from '../provisioning/pickers';

/** Runs `ask` (a command's questions, and what it does with the answers); undefined when the user dismissed a question. */
export async function unlessDismissed<T>(ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof Dismissed) return undefined;
    throw err;
  }
}

/** The options for the source users (Provision on Demand, Check Scope). */
export interface SourceUsersOptions {
  /** A users file (`*.users.json`): a URI or workspace-relative path; asked for when absent. */
  usersFile: string;
  /** Source users given inline, instead of a users file. */
  users: Record<string, unknown>[];
  /** objectId or userPrincipalName; with a users file, asked for when absent. */
  user: string;
}

/**
 * The source users and the user to run: `users` when given inline (with `user` as given), else a
 * users file (`usersFile`, or the one the user picks) and a user in it (`user`, or the one picked).
 */
export async function pickSourceUsers(options: Partial<SourceUsersOptions>): Promise<SourceUsersParams> {
  if (Array.isArray(options.users)) return { users: options.users, user: String(options.user ?? '') };
  const usersUri = (await pickUsersFile(options.usersFile)).toString();
  return { usersUri, user: await pickUser(options.user, vscode.Uri.parse(usersUri, true)) };
}
