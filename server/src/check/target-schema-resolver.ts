// `app ... schema FILE`: the SCIM schema file a document names, read relative to the document.
// One reader for `entramap check`, `entramap provision` and the language server, so the editor and
// the CLI report the same (the same words for a file that cannot be read, the same result).
// Only `file:` documents can name a file; for others (untitled, virtual) the reference is unknown.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetSchemaLoad } from './mapping';
import { readScimSchemaFile } from './target-schema-file';

export type TargetSchemaResolver = (reference: string) => TargetSchemaLoad | undefined;

/** Why a file cannot be read, in words (`no such file`, `it is a directory`, `permission denied`, else the error's message). */
export function readableFileError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(err);
  }
}

/**
 * Reads the schema file at `path` (named `ref` in the document): undefined when there is no such
 * file, an error (naming `ref`) when it cannot be read, else what `readScimSchemaFile` makes of it.
 */
export function readTargetSchemaFile(path: string, ref: string): TargetSchemaLoad | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const why = readableFileError(e);
    return why === 'no such file' ? undefined : { error: `${ref}: ${why}` };
  }
  return readScimSchemaFile(text);
}

/** A resolver of schema references relative to the file at `path`, reading each time it is asked (`entramap check`). */
export function fileTargetSchemaResolver(path: string): TargetSchemaResolver {
  return (ref) => readTargetSchemaFile(resolve(dirname(path), ref), ref);
}

/** The path of a `file:` URI, or undefined. */
export function filePathOf(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Schema files read so far, by absolute path (and reference), with the modification time and size they had: a
 * file that did not change is not read again, and gives the same (identical) result, so caches
 * keyed by the document's facts stay valid from one version of a document to the next.
 */
const files = new Map<string, { mtimeMs: number; size: number; result: TargetSchemaLoad | undefined }>();

function load(path: string, ref: string): TargetSchemaLoad | undefined {
  let stat: { mtimeMs: number; size: number } | undefined;
  try {
    stat = statSync(path);
  } catch {
    stat = undefined;
  }
  const key = `${path}\u0000${ref}`; // the reference is part of an error message
  const known = files.get(key);
  if (stat && known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.result;
  const result = readTargetSchemaFile(path, ref);
  if (stat) files.set(key, { mtimeMs: stat.mtimeMs, size: stat.size, result });
  else files.delete(key);
  return result;
}

/**
 * A resolver of schema references relative to the document at `uri` (undefined when the document
 * is not a file), for the language server and `entramap provision`. Each reference is resolved once
 * per resolver: make one per document version.
 */
export function targetSchemaResolver(uri: string): TargetSchemaResolver | undefined {
  const file = filePathOf(uri);
  if (!file) return undefined;
  const loaded = new Map<string, TargetSchemaLoad | undefined>();
  return (ref) => {
    if (loaded.has(ref)) return loaded.get(ref);
    const result = load(resolve(dirname(file), ref), ref);
    loaded.set(ref, result);
    return result;
  };
}
