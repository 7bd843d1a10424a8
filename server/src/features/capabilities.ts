// The server's capabilities, declared in one place: the base (document sync) plus what each
// feature contributes. Contributions are merged deeply; lists (trigger characters, commands)
// are unioned, and two features setting the same option to different values is a start-up error
// rather than a silent override.
import { ServerCapabilities, TextDocumentSyncKind } from 'vscode-languageserver/node';

export function baseCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: {
      openClose: true,
      change: TextDocumentSyncKind.Incremental,
      save: false,
      willSave: false,
      willSaveWaitUntil: false,
    },
  };
}

type Json = unknown;

function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `source` into a copy of `target`; throws on conflicting scalar values. */
export function mergeCapabilities<T extends object>(target: T, source: object, path = ''): T {
  const out: Record<string, Json> = { ...(target as Record<string, Json>) };
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const where = path ? `${path}.${key}` : key;
    const existing = out[key];
    if (existing === undefined) {
      out[key] = value;
    } else if (Array.isArray(existing) && Array.isArray(value)) {
      out[key] = [...new Set([...existing, ...value])];
    } else if (isPlainObject(existing) && isPlainObject(value)) {
      out[key] = mergeCapabilities(existing, value, where);
    } else if (existing === true && isPlainObject(value)) {
      out[key] = value; // `true` means "supported with default options"
    } else if (isPlainObject(existing) && value === true) {
      // already supported, with options
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      throw new Error(`server capability ${where} is declared twice with different values`);
    }
  }
  return out as T;
}
