// Which documents entramap analyses: .entramap mapping files (by language id or extension) and
// Graph synchronizationSchema JSON, recognised by content: a top-level object with a
// `synchronizationRules` or `directories` property. Other JSON documents (package.json, ...)
// are left alone.

export type DocumentKind = 'entramap' | 'graph-json';

export const ENTRAMAP_LANGUAGE_ID = 'entramap';
const JSON_LANGUAGE_IDS = new Set(['json', 'jsonc']);
/** Top-level properties that make a JSON document a Graph synchronizationSchema. */
export const GRAPH_SCHEMA_KEYS: readonly string[] = ['synchronizationRules', 'directories'];

export function classifyDocument(languageId: string, uri: string, text: string): DocumentKind | undefined {
  if (languageId === ENTRAMAP_LANGUAGE_ID) return 'entramap';
  if (JSON_LANGUAGE_IDS.has(languageId)) return isGraphSchemaJson(text) ? 'graph-json' : undefined;
  // Clients that do not know the language (plain-text editors) still get .entramap support.
  if (/\.entramap$/i.test(uri.split(/[?#]/)[0])) return 'entramap';
  return undefined;
}

/**
 * True when the text is a JSON object with one of GRAPH_SCHEMA_KEYS at the top level. A single
 * forward scan that stops at the first match; tolerant of comments and of syntax errors later in
 * the text, so a half-typed schema is still recognised.
 */
export function isGraphSchemaJson(text: string): boolean {
  let i = skipTrivia(text, 0);
  if (text.charCodeAt(i) === 0xfeff) i = skipTrivia(text, i + 1);
  if (text[i] !== '{') return false;
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (depth === 1) {
        const after = skipTrivia(text, end);
        if (text[after] === ':' && GRAPH_SCHEMA_KEYS.includes(text.slice(i + 1, end - 1))) return true;
      }
      i = end;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth <= 0) return false;
    } else if (c === 0x2f /* / */) {
      const next = skipComment(text, i);
      if (next > i) {
        i = next;
        continue;
      }
    }
    i++;
  }
  return false;
}

/** Offset just after the closing quote of the string starting at `start` (or the text end). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22) return i + 1;
    else if (c === 0x0a || c === 0x0d) return i; // unterminated: stop at the line end
    else i++;
  }
  return text.length;
}

function skipComment(text: string, i: number): number {
  if (text[i + 1] === '/') {
    const nl = text.indexOf('\n', i + 2);
    return nl < 0 ? text.length : nl + 1;
  }
  if (text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return i;
}

function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] !== '/') return i;
    const next = skipComment(text, i);
    if (next === i) return i;
    i = next;
  }
}
