// Plain data shared by the expression language services. Every position is a UTF-16 offset into
// the expression text (0-based, `end` exclusive), like the AST's; the embedding document (an
// .entramap line, a JSON string with escapes) maps offsets to its own coordinates.

/** A range of the expression text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Replace [start, end) of the expression text with `newText`. */
export interface OffsetEdit extends OffsetRange {
  newText: string;
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = edits.slice().sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
