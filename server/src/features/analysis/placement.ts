// Where a document is analysed, and whether the server keeps its parse for the editor features.
//
// - Small documents (below `largeChars`): parsed on the server's thread whenever a feature or the
//   analysis asks (a parse takes milliseconds).
// - Large .entramap documents: parsed and checked on the server's thread too, in slices that yield
//   to the event loop (the first version), then incrementally: an edit re-reads only the lines it
//   touches (language/mapping/segments.ts, build.ts) and the checks reuse what the other lines
//   found (check/mapping.ts CheckCache). Every editor feature works on them.
// - Pathological documents go to a worker thread (diagnostics only, features answer nothing):
//   .entramap files larger than `maxMainChars` (the model costs about 35 bytes of memory per
//   character of text) or with a line longer than `maxLineChars` (one statement is one unit of
//   work that cannot be sliced), and large Graph JSON documents (their reader reads the whole
//   text at once).
import { longestLine } from '../../language/mapping/segments';
import type { DocumentKind } from './document-kind';

export interface PlacementOptions {
  /** From this many characters on, a document is large (default 128 K). */
  largeChars: number;
  /** Larger .entramap documents are analysed off-thread (default 1.5 M characters). */
  maxMainChars: number;
  /** .entramap documents with a longer physical line are analysed off-thread (default 16 K). */
  maxLineChars: number;
}

export const DEFAULT_PLACEMENT: PlacementOptions = {
  largeChars: 128 * 1024,
  maxMainChars: 1536 * 1024,
  maxLineChars: 16 * 1024,
};

let lastText: string | undefined;
let lastLongest = 0;

/** True when a document of this kind and text is analysed in a worker thread (and never parsed on the server's). */
export function analysedOffThread(kind: DocumentKind, text: string, options: PlacementOptions = DEFAULT_PLACEMENT): boolean {
  if (text.length < options.largeChars) return false;
  if (kind !== 'entramap' || text.length > options.maxMainChars) return true;
  if (text !== lastText) {
    lastText = text;
    lastLongest = longestLine(text);
  }
  return lastLongest > options.maxLineChars;
}
