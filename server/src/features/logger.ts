// Server log lines go to the client's output channel through window/logMessage, which the
// client writes with its level (the LogOutputChannel shows and filters levels). Never log
// document text or request payloads that may hold secrets: the client sanitises what it
// writes, but the server should not rely on it.
import type { Connection } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  /** Verbose detail (timings, cache decisions); shown at the channel's Debug level. */
  debug(message: string): void;
}

export function connectionLogger(connection: Connection): Logger {
  return {
    error: (m) => connection.console.error(m),
    warn: (m) => connection.console.warn(m),
    info: (m) => connection.console.info(m),
    debug: (m) => connection.console.log(m),
  };
}

/** Logger for unit tests and tools. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
