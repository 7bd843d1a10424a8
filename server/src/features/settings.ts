// The server's view of the `entraProvisioning.*` settings: pulled with workspace/configuration
// when the client supports it (re-pulled on every didChangeConfiguration), otherwise taken from
// the notification payload or `initializationOptions.settings`. Values are validated and
// clamped, so a bad settings.json can never stall or flood the server.
import {
  Connection,
  DidChangeConfigurationNotification,
  DidChangeConfigurationParams,
  InitializeParams,
} from 'vscode-languageserver/node';
import { SETTINGS_SECTION, ServerSettings } from '../protocol';

export const DEFAULT_SETTINGS: ServerSettings = Object.freeze({
  diagnostics: Object.freeze({ enable: true, delay: 50, maxProblems: 1000 }),
  inlayHints: Object.freeze({ enabled: true, parameterNames: true, scopingClauses: true }),
}) as ServerSettings;

export const LIMITS = {
  delay: { min: 0, max: 10_000 },
  maxProblems: { min: 1, max: 100_000 },
};

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function int(v: unknown, fallback: number, { min, max }: { min: number; max: number }): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.round(v)));
}

/** Reads the `entraProvisioning` section (as VS Code sends it) into complete, valid settings. */
export function normalizeSettings(raw: unknown): ServerSettings {
  const diagnostics = record(record(raw).diagnostics);
  const hints = record(record(raw).inlayHints);
  const d = DEFAULT_SETTINGS.diagnostics;
  const h = DEFAULT_SETTINGS.inlayHints;
  const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
  return {
    diagnostics: {
      enable: bool(diagnostics.enable, d.enable),
      delay: int(diagnostics.delay, d.delay, LIMITS.delay),
      maxProblems: int(diagnostics.maxProblems, d.maxProblems, LIMITS.maxProblems),
    },
    inlayHints: {
      enabled: bool(hints.enabled, h.enabled),
      parameterNames: bool(hints.parameterNames, h.parameterNames),
      scopingClauses: bool(hints.scopingClauses, h.scopingClauses),
    },
  };
}

/** True when a change can alter analysis results (the per-version cache is then dropped). */
export function affectsAnalysis(now: ServerSettings, before: ServerSettings): boolean {
  return now.diagnostics.maxProblems !== before.diagnostics.maxProblems;
}

export class SettingsStore {
  private value: ServerSettings = DEFAULT_SETTINGS;
  private pull = false;
  private dynamicRegistration = false;
  private readonly listeners: ((now: ServerSettings, before: ServerSettings) => void)[] = [];
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly connection: Connection) {}

  get current(): ServerSettings {
    return this.value;
  }

  /** Resolves once the first settings have been read (analyses wait for it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  onDidChange(listener: (now: ServerSettings, before: ServerSettings) => void): void {
    this.listeners.push(listener);
  }

  initialize(params: InitializeParams): void {
    const workspace = params.capabilities.workspace;
    this.pull = workspace?.configuration === true;
    this.dynamicRegistration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const init = record(params.initializationOptions);
    if ('settings' in init) this.value = normalizeSettings(init.settings);
    this.connection.onDidChangeConfiguration((p) => void this.changed(p));
  }

  /** After `initialized`: register for changes and read the settings for the first time. */
  initialized(): void {
    if (this.dynamicRegistration) {
      void this.connection.client
        .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch(() => undefined);
    }
    if (this.pull) this.ready = this.refresh();
  }

  private async changed(p: DidChangeConfigurationParams): Promise<void> {
    if (this.pull) {
      await this.refresh();
    } else {
      const settings = record(p.settings);
      this.apply(normalizeSettings(SETTINGS_SECTION in settings ? settings[SETTINGS_SECTION] : settings));
    }
  }

  private async refresh(): Promise<void> {
    try {
      const raw = await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
      this.apply(normalizeSettings(raw));
    } catch {
      // The client went away or refused; keep what we have.
    }
  }

  private apply(next: ServerSettings): void {
    const before = this.value;
    if (JSON.stringify(before) === JSON.stringify(next)) return;
    this.value = next;
    for (const l of this.listeners) l(next, before);
  }
}
