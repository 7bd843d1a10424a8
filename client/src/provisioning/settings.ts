// The provisioning settings: `entraProvisioning.targets` (name, Tenant URL, app template, mapping
// file — never a token), `entraProvisioning.requestTimeoutSeconds`,
// `entraProvisioning.dryRunByDefault`, and VS Code's own `http.proxy`, `http.noProxy` and
// `http.proxyStrictSSL`, which are passed to the server with each network request.
import * as vscode from 'vscode';
import type { ScimConnectionParams } from '../../../server/src/protocol';
import { SETTINGS_SECTION } from '../../../server/src/protocol';

export interface TargetConfig {
  /** The target's name; its secret token is stored under this name (case-insensitive). */
  name: string;
  /** The SCIM base URL (Entra's "Tenant URL"). */
  tenantUrl: string;
  /** The gallery template of the app (informational). */
  app?: string;
  /** The target's mapping file, relative to the workspace folder. */
  mapping?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** The configured targets; entries without a name or a Tenant URL are skipped (and reported). */
export function readTargets(): { targets: TargetConfig[]; skipped: number } {
  const raw = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('targets');
  const list = Array.isArray(raw) ? raw : [];
  const targets: TargetConfig[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const entry of list) {
    const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const name = str(e.name);
    const tenantUrl = str(e.tenantUrl);
    if (!name || !tenantUrl || seen.has(name.toLowerCase())) {
      skipped++;
      continue;
    }
    seen.add(name.toLowerCase());
    const t: TargetConfig = { name, tenantUrl };
    const app = str(e.app);
    const mapping = str(e.mapping);
    if (app) t.app = app;
    if (mapping) t.mapping = mapping;
    targets.push(t);
  }
  return { targets, skipped };
}

export function findTarget(name: string): TargetConfig | undefined {
  const key = name.trim().toLowerCase();
  return readTargets().targets.find((t) => t.name.toLowerCase() === key);
}

/** Run provisioning as a dry run unless the user picks "Provision". */
export function dryRunByDefault(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('dryRunByDefault', false) === true;
}

/** Timeout and proxy settings for a network request (everything but the URL and the token). */
export function connectionSettings(): Omit<ScimConnectionParams, 'url' | 'token'> {
  const own = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const http = vscode.workspace.getConfiguration('http');
  const timeout = own.get<number>('requestTimeoutSeconds', 30);
  const out: Omit<ScimConnectionParams, 'url' | 'token'> = {
    timeoutSeconds: typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 3600) : 30,
    strictSsl: http.get<boolean>('proxyStrictSSL', true) !== false,
  };
  const proxy = str(http.get<string>('proxy'));
  if (proxy) out.proxy = proxy;
  const noProxy = http.get<unknown>('noProxy');
  if (Array.isArray(noProxy)) {
    const hosts = noProxy.filter((h): h is string => typeof h === 'string' && h.trim() !== '').map((h) => h.trim());
    if (hosts.length) out.noProxy = hosts.join(',');
  }
  return out;
}
