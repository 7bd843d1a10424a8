// `app ... schema FILE`: the SCIM schema file a document names, read relative to the document,
// exactly as `entramap check` reads it (cli/check.ts), so the editor and the CLI report the same.
// Only `file:` documents can name a file; for others (untitled, virtual) the reference is unknown.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetSchemaLoad } from '../../check/mapping';
import { readScimSchemaFile } from '../../check/target-schema-file';

export type TargetSchemaResolver = (reference: string) => TargetSchemaLoad | undefined;

/** The same words as the CLI for a file that cannot be read. */
function readable(err: unknown): string {
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
  let result: TargetSchemaLoad | undefined;
  try {
    result = readScimSchemaFile(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = readable(e);
    result = why === 'no such file' ? undefined : { error: `${ref}: ${why}` };
  }
  if (stat) files.set(key, { mtimeMs: stat.mtimeMs, size: stat.size, result });
  else files.delete(key);
  return result;
}

/**
 * A resolver of schema references relative to the document at `uri` (undefined when the document
 * is not a file). Each reference is resolved once per resolver: make one per document version.
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
