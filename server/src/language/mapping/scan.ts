// Character-level rules of the .entramap format shared by the lexer and the printer, so that
// whatever the printer writes lexes back to exactly the same tokens:
// - where an expression after `<-` ends, and where an `@graph` / `@raw` JSON value ends;
// - string literals (`"..."`: `\"` and `\\` are escapes, any other backslash is kept as is);
// - bare names (target attribute paths, object names, bare values).

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

export function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff;
}

/** Words that end an expression when they follow it after whitespace (the line's options). */
export const EXPRESSION_TERMINATORS = ['default', 'match', 'on', 'apply', 'flow'];

const WORD_CHAR = /[A-Za-z0-9_]/;

function isWordChar(text: string, i: number): boolean {
  return i < text.length && WORD_CHAR.test(text[i]);
}

/** True when `text` at `i` holds `word` followed by a word boundary. */
export function startsWord(text: string, i: number, word: string): boolean {
  return text.startsWith(word, i) && !isWordChar(text, i + word.length);
}

/** True when the text at `i` starts something that ends an expression at depth 0. */
export function startsTerminator(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 35 /* # */) return true;
  if (c === 64 /* @ */) return startsWord(text, i, '@graph');
  for (const w of EXPRESSION_TERMINATORS) if (startsWord(text, i, w)) return true;
  return false;
}

/** Indentation (blank characters) of the line containing `offset`. */
export function lineIndentAt(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && !isLineBreak(text.charCodeAt(start - 1))) start--;
  let i = start;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i - start;
}

function skipLineBreak(text: string, i: number): number {
  if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) return i + 2;
  return i + 1;
}

/**
 * Whether the text after the line break at `i` continues a multi-line construct: the next
 * non-blank line is indented deeper than `baseIndent`, or as deep and starts with one of
 * `closers`. Returns the offset of the next line's start, or -1.
 */
function continuation(text: string, i: number, baseIndent: number, closers: string): number {
  let lineStart = skipLineBreak(text, i);
  for (;;) {
    let j = lineStart;
    while (j < text.length && isBlank(text.charCodeAt(j))) j++;
    if (j >= text.length) return -1;
    if (isLineBreak(text.charCodeAt(j))) {
      lineStart = skipLineBreak(text, j);
      continue;
    }
    const indent = j - lineStart;
    if (indent > baseIndent || (indent === baseIndent && closers.includes(text[j]))) return skipLineBreak(text, i);
    return -1;
  }
}

/** End of a string literal starting at `i` (after the closing quote), or the end of its line. */
export function scanQuoted(text: string, i: number): { end: number; closed: boolean } {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (isLineBreak(c)) return { end: j, closed: false };
    if (c === 92 /* \ */) {
      if (j + 1 < text.length && !isLineBreak(text.charCodeAt(j + 1))) j++;
      continue;
    }
    if (c === 34) return { end: j + 1, closed: true };
  }
  return { end: text.length, closed: false };
}

/**
 * The extent of the expression that starts at `start` (after `<-` and blanks): it runs to the
 * end of the line, or to whitespace followed by an option keyword (`default`, `match`, `on`,
 * `apply`, `flow`), `@graph` or `#`, outside strings, attribute brackets and parentheses. While a
 * parenthesis is open it continues on lines indented deeper than `baseIndent` (the mapping
 * line's indentation), or as deep and starting with `)`. Trailing blanks are not part of it.
 */
export function scanExpression(text: string, start: number, baseIndent: number): number {
  let depth = 0;
  let i = start;
  let end = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) {
      if (depth > 0) {
        const next = continuation(text, i, baseIndent, ')');
        if (next >= 0) {
          i = next;
          continue;
        }
      }
      break;
    }
    if (isBlank(c)) {
      let j = i;
      while (j < text.length && isBlank(text.charCodeAt(j))) j++;
      if (depth === 0 && startsTerminator(text, j)) break;
      i = j;
      continue;
    }
    if (c === 34) {
      i = scanQuoted(text, i).end;
      end = i;
      continue;
    }
    if (c === 91 /* [ */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 93 && !isLineBreak(text.charCodeAt(j))) j++;
      i = j < text.length && text.charCodeAt(j) === 93 ? j + 1 : j;
      end = i;
      continue;
    }
    if (c === 40) depth++;
    else if (c === 41 && depth > 0) depth--;
    i++;
    end = i;
  }
  return end;
}

/**
 * The extent of a JSON value starting at `start` (after `@graph` / `@raw` and blanks). Objects
 * and arrays end at their matching bracket (strings are skipped) and may span lines indented
 * deeper than `baseIndent`, or as deep and starting with `}` or `]`; other values end at the
 * next blank or line end.
 */
export function scanJson(text: string, start: number, baseIndent: number): number {
  const first = text.charCodeAt(start);
  if (first !== 123 && first !== 91) {
    if (first === 34) return scanQuoted(text, start).end;
    let i = start;
    while (i < text.length && !isBlank(text.charCodeAt(i)) && !isLineBreak(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  let i = start;
  let end = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) {
      const next = continuation(text, i, baseIndent, '}]');
      if (next < 0) break;
      i = next;
      continue;
    }
    if (c === 34) {
      i = scanQuoted(text, i).end;
      end = i;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth <= 0) return i + 1;
    }
    i++;
    if (!isBlank(c)) end = i;
  }
  return end;
}

// ---- strings -------------------------------------------------------------------------------------

/** Decodes the inside of a string literal: `\"` → `"`, `\\` → `\`, other backslashes stay. */
export function decodeString(inner: string): string {
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\' && (inner[i + 1] === '"' || inner[i + 1] === '\\')) {
      out += inner[i + 1];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Quotes a value so that decodeString gives it back: a backslash is doubled only where it would
 * otherwise form an escape (before `"`, `\` or the closing quote), so regular expressions such as
 * `.*\@contoso\.com` read naturally.
 */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') out += '\\"';
    else if (c === '\\') {
      const n = value[i + 1];
      out += n === undefined || n === '"' || n === '\\' ? '\\\\' : '\\';
    } else out += c;
  }
  return `${out}"`;
}

/** Whether a string can appear inside one line of an .entramap file. */
export function isSingleLine(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF || c === CR) return false;
    // lone surrogates cannot be written to a UTF-8 file
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = value.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

// ---- names ---------------------------------------------------------------------------------------

const NAME_START = /[A-Za-z0-9_$]/;
const NAME_CHAR = /[A-Za-z0-9_$.:\-/+]/;

/**
 * A bare name: letters, digits and `_ $ . : - / +`, plus `[...]` value filters (which may hold
 * blanks and strings): `userName`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`, `-1`.
 * Returns the end offset, or -1 when no name starts at `start`.
 */
export function scanName(text: string, start: number): number {
  const c = text[start];
  if (c === undefined) return -1;
  if (!NAME_START.test(c) && !(c === '-' && /[0-9]/.test(text[start + 1] ?? ''))) return -1;
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (NAME_CHAR.test(ch)) {
      i++;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      while (j < text.length) {
        const cc = text.charCodeAt(j);
        if (cc === 93 || isLineBreak(cc)) break;
        if (cc === 34) {
          const q = scanQuoted(text, j);
          if (!q.closed) return i;
          j = q.end;
          continue;
        }
        j++;
      }
      if (text.charCodeAt(j) !== 93) return i;
      i = j + 1;
      continue;
    }
    break;
  }
  return i;
}
