// The "Entra Provisioning" output channel: a LogOutputChannel (levels, timestamps, the user's
// log-level filter) behind a wrapper that sanitises every line (sanitize.ts) before it is
// written, whoever writes it: the extension, the language client relaying server log messages,
// or the LSP message trace.
//
// vscode-languageclient 9 writes plain lines with its own prefix (`[Info  - 10:02:03] text`,
// `[Trace - 10:02:03] Sending request ...`); the wrapper turns those into proper log levels so
// the channel shows one timestamp and a real level.
import * as vscode from 'vscode';
import { sanitize, sanitizeError } from './sanitize';

export const OUTPUT_CHANNEL_NAME = 'Entra Provisioning';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const CLIENT_PREFIX = /^\[(Trace|Debug|Info|Warn|Error|LSP)\s*-\s*[^\]]*\]\s?/;
const LEVELS: Record<string, Level> = {
  Trace: 'info', // the LSP trace: only produced when entraProvisioning.trace.server asks for it
  LSP: 'info',
  Debug: 'debug',
  Info: 'info',
  Warn: 'warn',
  Error: 'error',
};

function format(message: string, args: unknown[]): string {
  if (!args.length) return message;
  return `${message} ${args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
}

export class SanitizedLogChannel implements vscode.LogOutputChannel {
  private partial = '';
  /** Level of a header line whose data line (a stack, a payload) comes next, without a prefix. */
  private continuation: Level | undefined;

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  get name(): string {
    return this.channel.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.channel.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.channel.onDidChangeLogLevel;
  }

  trace(message: string, ...args: unknown[]): void {
    this.channel.trace(sanitize(format(message, args)));
  }
  debug(message: string, ...args: unknown[]): void {
    this.channel.debug(sanitize(format(message, args)));
  }
  info(message: string, ...args: unknown[]): void {
    this.channel.info(sanitize(format(message, args)));
  }
  warn(message: string, ...args: unknown[]): void {
    this.channel.warn(sanitize(format(message, args)));
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.channel.error(error instanceof Error ? sanitizeError(error) : sanitize(format(error, args)));
  }

  /** Text without a line end is held until the line is complete (the client writes prefixes so). */
  append(value: string): void {
    this.partial += value;
  }

  appendLine(value: string): void {
    const line = this.partial + value;
    this.partial = '';
    const m = CLIENT_PREFIX.exec(line);
    if (m) {
      let level = LEVELS[m[1]] ?? 'info';
      const text = line.slice(m[0].length);
      // The client reports a server that exited normally after stop() as an error.
      if (level === 'error' && /^Server process exited with code 0\.?$/.test(text)) level = 'info';
      this.continuation = level;
      this.write(level, text);
    } else {
      const level = this.continuation;
      this.continuation = undefined;
      // vscode-languageclient 9.0.1 passes its notification flag as the data of a close message
      // (`info(message, !handled)`), which would print a bare "false" line.
      if (level && (line === 'false' || line === 'true')) return;
      this.write(level ?? 'info', line);
    }
  }

  replace(value: string): void {
    this.channel.replace(sanitize(value));
  }
  clear(): void {
    this.channel.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.channel.dispose();
  }

  private write(level: Level, text: string): void {
    this.channel[level](sanitize(text));
  }
}

/** Creates the extension's one output channel. */
export function createOutputChannel(): SanitizedLogChannel {
  return new SanitizedLogChannel(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true }));
}
