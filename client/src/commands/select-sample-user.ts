// Entra Provisioning: Select Sample User — the user whose values hover and inlay hints show for
// each mapping (and whether they are in scope). A quick pick over the users of the workspace's
// `*.users.json` files: display name, UPN, file. Remembered per workspace.
//
// Options (non-interactive use, all optional): { usersFile, user } picks without asking (user:
// objectId, id, userPrincipalName or displayName, case-insensitive; usersFile: a path relative to
// the workspace folder or a URI; without it every users file is searched); { clear: true } clears.
// Resolves with the selection (undefined when cleared or dismissed).
import * as vscode from 'vscode';
import type { SampleSelection, SampleUserItem, SampleUserService } from '../infrastructure/sample-user';
import { SELECT_SAMPLE_USER_COMMAND } from '../infrastructure/sample-user';
import { commandInput } from '../provisioning/args';
import { resolveUri } from '../provisioning/pickers';
import type { Command } from './command';

export interface SelectSampleUserOptions {
  usersFile: string;
  user: string;
  clear: boolean;
}

const CLEAR = '$(close) No sample user';

function matches(item: SampleUserItem, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  const u = item.user;
  return ['objectId', 'id', 'userPrincipalName', 'displayName'].some((k) => typeof u[k] === 'string' && (u[k] as string).toLowerCase() === w);
}

export class SelectSampleUserCommand implements Command {
  readonly id = SELECT_SAMPLE_USER_COMMAND;

  constructor(private readonly service: SampleUserService) {}

  async execute(arg?: unknown): Promise<SampleSelection | undefined> {
    const { options, scripted } = commandInput<SelectSampleUserOptions>(arg);
    if (options.clear === true) {
      await this.service.select(undefined);
      return undefined;
    }
    let items = await this.service.listUsers();
    if (options.usersFile !== undefined) {
      const file = resolveUri(options.usersFile)?.toString();
      items = items.filter((i) => i.selection.file === file);
      if (!items.length) throw new Error(`No users found in ${options.usersFile} (a *.users.json file of the workspace).`);
    }
    if (typeof options.user === 'string' && options.user.trim()) {
      const found = items.find((i) => matches(i, options.user!));
      if (!found) throw new Error(`No sample user "${options.user}" in the workspace's *.users.json files.`);
      await this.service.select(found.selection);
      return found.selection;
    }
    if (scripted && options.usersFile === undefined) throw new Error('Give the user to select ({ user: "..." }).');
    if (!items.length) {
      throw new Error('No sample users: add a *.users.json file (a JSON array of Entra users, e.g. from Graph /users) to the workspace.');
    }
    const current = this.service.selection;
    const picks: (vscode.QuickPickItem & { item?: SampleUserItem })[] = items.map((item) => ({ ...item, item, picked: undefined }));
    if (current) picks.unshift({ label: CLEAR, description: `clear ${current.label}` }, { label: '', kind: vscode.QuickPickItemKind.Separator });
    const active = picks.find((p) => p.item && current && p.item.selection.file === current.file && p.item.selection.key === current.key);
    const picked = await new Promise<(typeof picks)[number] | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<(typeof picks)[number]>();
      qp.items = picks;
      qp.title = 'Select Sample User';
      qp.placeholder = 'The user whose values hovers and inlay hints show';
      qp.matchOnDescription = true;
      qp.matchOnDetail = true;
      qp.ignoreFocusOut = true;
      if (active) qp.activeItems = [active];
      let chosen: (typeof picks)[number] | undefined;
      qp.onDidAccept(() => {
        chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(chosen);
      });
      qp.show();
    });
    if (!picked) return current;
    if (!picked.item) {
      await this.service.select(undefined);
      return undefined;
    }
    await this.service.select(picked.item.selection);
    vscode.window.setStatusBarMessage(`$(person) Sample user: ${picked.item.selection.label}`, 3000);
    return picked.item.selection;
  }
}
