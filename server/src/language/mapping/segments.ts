// An .entramap text as a list of *segments*, one per logical line: a statement with the physical
// lines it spans (an expression or JSON value may continue on deeper-indented lines) and its line
// break, or a blank or comment-only line. Offsets inside a segment are relative to its start, so a
// segment is immutable and shared by every version of a document in which it is unchanged; an
// edit re-lexes only the segments it touches (plus the statement before them, whose extent
// depends on the next line's indentation) and splices the result in.
//
// Lexing a window [a, c) of the text on its own gives exactly the tokens a lexing of the whole
// text gives there, when `a` starts a line outside any multi-line token (every matcher looks back
// only within its line) and no multi-line token of the window continues past `c`. The second
// condition is checked by scanning the window's last expression or JSON value again over the
// whole text; when it would continue, the window grows by one more segment.
import type { IToken } from 'chevrotain';
import { Expression, JsonValue, lexMapping, Newline } from './lexer';
import { lineIndentAt, scanExpression, scanJson } from './scan';

export interface LexError {
  offset: number;
  length: number;
}

/** One logical line. Every offset is relative to the segment's start. */
export interface Segment {
  /** Characters covered, line break included (the last segment may have none). */
  readonly length: number;
  /** The statement's tokens (no Newline); empty for blank and comment-only lines. */
  readonly tokens: readonly IToken[];
  /** Comment tokens (at most one: a comment runs to the end of its line). */
  readonly comments: readonly IToken[];
  /** Characters the lexer could not read. */
  readonly errors: readonly LexError[];
  /** Start and end of the statement's tokens (0 when there are none): the model builder reads them for every line of every version. */
  readonly tokenStart: number;
  readonly tokenEnd: number;
  /** Per-statement results cached by the model builder (build.ts); a cache only. */
  memo?: unknown;
}

const tokEnd = (t: IToken) => t.startOffset + t.image.length;

/** The empty lists of segments without tokens, comments or errors (most have no comment and no error). */
const NONE: readonly never[] = Object.freeze([]);

/** Splits the tokens, comments and errors of a lexed window (offsets relative to the window) into segments. */
function splitWindow(text: string, lexed: ReturnType<typeof lexMapping>): Segment[] {
  const out: Segment[] = [];
  const { tokens, comments, errors } = lexed;
  let segStart = 0;
  let line: IToken[] = [];
  let ci = 0;
  let ei = 0;
  const close = (end: number) => {
    const segComments: IToken[] = [];
    while (ci < comments.length && comments[ci].startOffset < end) {
      const c = comments[ci++];
      c.startOffset -= segStart;
      segComments.push(c);
    }
    const segErrors: LexError[] = [];
    while (ei < errors.length && errors[ei].offset < end) {
      const e = errors[ei++];
      segErrors.push({ offset: e.offset - segStart, length: e.length });
    }
    for (const t of line) t.startOffset -= segStart;
    const last = line.length ? line[line.length - 1] : undefined;
    out.push({
      length: end - segStart,
      tokens: line.length ? line : NONE,
      comments: segComments.length ? segComments : NONE,
      errors: segErrors.length ? segErrors : NONE,
      tokenStart: line.length ? line[0].startOffset : 0,
      tokenEnd: last ? tokEnd(last) : 0,
    });
    line = [];
    segStart = end;
  };
  for (const t of tokens) {
    if (t.tokenType === Newline) close(tokEnd(t));
    else line.push(t);
  }
  if (segStart < text.length || line.length || ci < comments.length || ei < errors.length) close(text.length);
  return out;
}

/**
 * `text.slice(a, c)` as a string of its own. V8 makes a slice of 13 characters or more a view
 * that keeps the whole string alive, and the tokens' images (target names, expression texts, ...)
 * are slices of the window: segments lexed from a plain slice of a version's text would keep that
 * whole text alive for as long as they are reused, one more text per edit. Flattening a
 * concatenation makes a string of the window's own size.
 */
export function ownSlice(text: string, a: number, c: number): string {
  return (' ' + text.slice(a, c)).slice(1);
}

/** Lexes `text.slice(a, c)` (a and c at line starts) into segments. */
export function lexWindow(text: string, a: number, c: number): Segment[] {
  const slice = a === 0 && c === text.length ? text : ownSlice(text, a, c);
  return splitWindow(slice, lexMapping(slice));
}

/**
 * Whether the last statement of segments lexed from `a` would extend past the window when the
 * whole text is seen: its last token is an expression or JSON value that the full text lets
 * continue on the next line.
 */
function continuesPast(text: string, a: number, segments: readonly Segment[]): boolean {
  let start = a;
  let last: { seg: Segment; start: number } | undefined;
  for (const s of segments) {
    if (s.tokens.length) last = { seg: s, start };
    start += s.length;
  }
  if (!last) return false;
  const toks = last.seg.tokens;
  const t = toks[toks.length - 1];
  if (t.tokenType !== Expression && t.tokenType !== JsonValue) return false;
  const at = last.start + t.startOffset;
  const indent = lineIndentAt(text, last.start + toks[0].startOffset);
  const end = t.tokenType === Expression ? scanExpression(text, at, indent) : scanJson(text, at, indent);
  return end !== at + t.image.length;
}

/** Offset of the start of the line after the one holding `offset` (or the text end). */
function nextLineStart(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

/** Segments of a whole text, lexed at once. */
export function segmentText(text: string): Segment[] {
  return lexWindow(text, 0, text.length);
}

/** The longest physical line of a text (in UTF-16 characters). */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > longest) longest = end - start;
    if (nl < 0) return longest;
    start = nl + 1;
  }
}

/**
 * Segments of `text` from `from` to `to` (line starts; default the whole text) lexed window by
 * window (about `windowChars` characters each), calling `between` after each window (to yield to
 * the event loop, or to stop by throwing). Whether the last statement continues past `to` is the
 * caller's business.
 */
export async function segmentTextSliced(
  text: string,
  between: () => Promise<void>,
  windowChars = 64 * 1024,
  from = 0,
  to = text.length,
): Promise<Segment[]> {
  const out: Segment[] = [];
  let a = from;
  while (a < to) {
    let c = Math.min(to, a + windowChars);
    if (c < to) c = Math.min(to, nextLineStart(text, c - 1));
    let segs = lexWindow(text, a, c);
    if (c < to && continuesPast(text, a, segs)) {
      // Keep the window up to the statement that continues; the next window starts with it.
      let drop = segs.length - 1;
      while (drop > 0 && !segs[drop].tokens.length) drop--;
      if (drop === 0) {
        // one statement fills the window: lex on until it ends
        let cc = c;
        do {
          cc = Math.min(to, nextLineStart(text, cc));
          segs = lexWindow(text, a, cc);
        } while (cc < to && continuesPast(text, a, segs));
        c = cc;
      } else {
        segs = segs.slice(0, drop);
        c = a + segs.reduce((n, s) => n + s.length, 0);
      }
    }
    for (const s of segs) out.push(s);
    a = c;
    if (a < to) await between();
  }
  return out;
}

/** A text with its segments and their absolute start offsets. */
export class SegmentedText {
  private _starts?: Int32Array;

  constructor(
    readonly text: string,
    readonly segments: readonly Segment[],
  ) {}

  static of(text: string): SegmentedText {
    return new SegmentedText(text, segmentText(text));
  }

  /** Absolute start offset of each segment (and the text length at the end). */
  get starts(): Int32Array {
    if (!this._starts) {
      const s = new Int32Array(this.segments.length + 1);
      let at = 0;
      for (let i = 0; i < this.segments.length; i++) {
        s[i] = at;
        at += this.segments[i].length;
      }
      s[this.segments.length] = at;
      this._starts = s;
    }
    return this._starts;
  }

  /** Index of the segment holding `offset` (the last one for the text end). */
  indexAt(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The last `changedRegion` (`updateCost` and then `update` ask for the same text). */
  private lastRegion?: { text: string; region: { from: number; oldEnd: number; newEnd: number } };

  /** The region an edit changed: old [from, oldEnd) became new [from, newEnd). */
  changedRegion(text: string): { from: number; oldEnd: number; newEnd: number } {
    const last = this.lastRegion;
    if (last && last.text === text) return { ...last.region };
    const region = this.compareTexts(text);
    this.lastRegion = { text, region };
    return { ...region };
  }

  private compareTexts(text: string): { from: number; oldEnd: number; newEnd: number } {
    const old = this.text;
    const max = Math.min(old.length, text.length);
    // whole blocks first (string comparison is a memory compare), then characters
    const BLOCK = 2048;
    let from = 0;
    while (from + BLOCK <= max && old.slice(from, from + BLOCK) === text.slice(from, from + BLOCK)) from += BLOCK;
    while (from < max && old.charCodeAt(from) === text.charCodeAt(from)) from++;
    let tail = 0;
    while (tail + BLOCK <= max - from && old.slice(old.length - tail - BLOCK, old.length - tail) === text.slice(text.length - tail - BLOCK, text.length - tail)) tail += BLOCK;
    while (tail < max - from && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
    return { from, oldEnd: old.length - tail, newEnd: text.length - tail };
  }

  /**
   * The segments to re-lex for a change: from the statement before the segment holding the
   * change's start (its extent depends on the indentation of the next non-blank line) to the
   * segment holding its end (a change ending at a segment start may join that line to the
   * previous one).
   */
  private affected(region: { from: number; oldEnd: number }): { first: number; last: number } {
    const segs = this.segments;
    let first = this.indexAt(region.from);
    for (let i = first - 1; i >= 0; i--) {
      first = i;
      if (segs[i].tokens.length || segs[i].comments.length) break;
    }
    const last = region.oldEnd >= this.text.length ? segs.length - 1 : this.indexAt(region.oldEnd);
    return { first, last };
  }

  /** How many characters an update to `text` re-lexes (a cheap estimate for callers that budget work). */
  updateCost(text: string): number {
    if (!this.segments.length || !this.text.length) return text.length;
    const region = this.changedRegion(text);
    const { first, last } = this.affected(region);
    return this.starts[last + 1] - this.starts[first] + (region.newEnd - region.oldEnd);
  }

  /**
   * The segments of `text`, a new version of this text: the changed region is re-lexed with the
   * segments around it (see `affected`), the other segments are reused as they are.
   */
  update(text: string): SegmentedText {
    if (text === this.text) return this;
    if (!this.segments.length || !this.text.length || !text.length) return SegmentedText.of(text);
    const region = this.changedRegion(text);
    const segs = this.segments;
    const delta = text.length - this.text.length;
    let { first, last } = this.affected(region);
    const a = this.starts[first];
    for (;;) {
      const c = this.starts[last + 1] + delta;
      const lexed = lexWindow(text, a, c);
      if (last < segs.length - 1 && continuesPast(text, a, lexed)) {
        last++;
        continue;
      }
      return this.splice(text, first, last, lexed);
    }
  }

  /** As `update`, lexing the changed region window by window with `between` in between. */
  async updateSliced(text: string, between: () => Promise<void>): Promise<SegmentedText> {
    if (text === this.text) return this;
    if (!this.segments.length || !this.text.length || !text.length) return new SegmentedText(text, await segmentTextSliced(text, between));
    const region = this.changedRegion(text);
    const segs = this.segments;
    const delta = text.length - this.text.length;
    let { first, last } = this.affected(region);
    const a = this.starts[first];
    let lexed = await segmentTextSliced(text, between, undefined, a, this.starts[last + 1] + delta);
    while (last < segs.length - 1 && continuesPast(text, a, lexed)) {
      last++;
      lexed = lexWindow(text, a, this.starts[last + 1] + delta);
    }
    return this.splice(text, first, last, lexed);
  }

  private splice(text: string, first: number, last: number, lexed: readonly Segment[]): SegmentedText {
    const segs = this.segments;
    const next = segs.slice(0, first);
    for (const s of lexed) next.push(s);
    for (let i = last + 1; i < segs.length; i++) next.push(segs[i]);
    return new SegmentedText(text, next);
  }
}
