// JSON text → a tree with absolute offsets (jsonc-parser underneath), plus the map from a JSON
// string's decoded value back to the file, so diagnostics inside `expression` strings land on the
// right characters even with escapes (`\"`, `\\`, `\u00e9`).
import { parseTree, printParseErrorCode, Node as JsoncNode, ParseError } from 'jsonc-parser';
import { JsonObject, JsonValue, setKey } from '../model/json';
import type { Range } from '../model/positions';

export interface JProperty {
  key: string;
  keyRange: Range;
  /** Undefined when the value is missing (syntax error). */
  value: JNode | undefined;
  /** From the key's opening quote to the end of the value. */
  range: Range;
}

export interface JNode {
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  offset: number;
  length: number;
  /** Leaves only. */
  value?: string | number | boolean | null;
  /** Objects only, in document order, duplicates kept. */
  properties?: JProperty[];
  /** Arrays only. */
  items?: JNode[];
}

export interface JsonProblem {
  kind: 'syntax' | 'comment' | 'duplicate';
  message: string;
  range: Range;
}

export interface JsonParse {
  root: JNode | undefined;
  /** The value JSON.parse would give (last duplicate wins); undefined when there is no root. */
  value: JsonValue | undefined;
  problems: JsonProblem[];
}

// jsonc-parser's ParseErrorCode is a const enum; isolated transpilation cannot inline it.
const INVALID_COMMENT_TOKEN = 10;

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected symbol.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value.',
  ColonExpected: "Expected ':'.",
  CommaExpected: "Expected ','.",
  CloseBraceExpected: "Expected '}'.",
  CloseBracketExpected: "Expected ']'.",
  EndOfFileExpected: 'Unexpected text after the JSON value.',
  UnexpectedEndOfComment: 'Unterminated comment.',
  UnexpectedEndOfString: 'Unterminated string.',
  UnexpectedEndOfNumber: 'Incomplete number.',
  InvalidUnicode: 'Invalid \\u escape.',
  InvalidEscapeCharacter: 'Invalid escape sequence.',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped).',
};

function convert(node: JsoncNode, base: number): JNode {
  const out: JNode = { type: node.type as JNode['type'], offset: node.offset + base, length: node.length };
  if (node.type === 'object') {
    out.properties = [];
    for (const p of node.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k) continue;
      out.properties.push({
        key: String(k.value),
        keyRange: { start: k.offset + base, end: k.offset + base + k.length },
        value: v ? convert(v, base) : undefined,
        range: { start: p.offset + base, end: p.offset + base + p.length },
      });
    }
  } else if (node.type === 'array') {
    out.items = (node.children ?? []).map((c) => convert(c, base));
  } else {
    out.value = node.value as JNode['value'];
  }
  return out;
}

const values = new WeakMap<JNode, JsonValue>();

/**
 * Value of a node as JSON.parse would build it (the last of duplicate keys wins). Computed once
 * per node: the value of a node is the very object inside its parent's value.
 */
export function jsonValueOf(node: JNode): JsonValue {
  if (node.type !== 'object' && node.type !== 'array') return node.value as JsonValue;
  const cached = values.get(node);
  if (cached !== undefined) return cached;
  let v: JsonValue;
  if (node.type === 'object') {
    const o: JsonObject = {};
    for (const p of node.properties ?? []) if (p.value) setKey(o, p.key, jsonValueOf(p.value));
    v = o;
  } else {
    v = (node.items ?? []).map(jsonValueOf);
  }
  values.set(node, v);
  return v;
}

function collectDuplicates(node: JNode, out: JsonProblem[]): void {
  if (node.properties) {
    const seen = new Map<string, JProperty>();
    for (const p of node.properties) {
      if (seen.has(p.key)) {
        out.push({
          kind: 'duplicate',
          message: `Property "${p.key}" appears more than once; only the last value is kept.`,
          range: seen.get(p.key)!.keyRange,
        });
      }
      seen.set(p.key, p);
      if (p.value) collectDuplicates(p.value, out);
    }
  }
  for (const item of node.items ?? []) collectDuplicates(item, out);
}

/**
 * Parses `text` (a whole file, or a slice of one starting at document offset `base`). Never
 * throws. Comments are reported as `comment` problems (Graph JSON has none); trailing commas and
 * other deviations from strict JSON are `syntax` problems.
 */
export function parseJson(text: string, base = 0): JsonParse {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const problems: JsonProblem[] = [];
  for (const e of errors) {
    const range = { start: e.offset + base, end: e.offset + base + Math.max(e.length, 0) };
    if (e.error === INVALID_COMMENT_TOKEN) {
      problems.push({ kind: 'comment', message: 'Comments are not part of JSON; they are dropped on conversion.', range });
    } else {
      const name = printParseErrorCode(e.error);
      problems.push({ kind: 'syntax', message: MESSAGES[name] ?? `Invalid JSON (${name}).`, range });
    }
  }
  const root = tree ? convert(tree, base) : undefined;
  if (!root && text.trim() === '') {
    problems.push({ kind: 'syntax', message: 'Expected a JSON value.', range: { start: base, end: base } });
  }
  if (root) collectDuplicates(root, problems);
  return { root, value: root ? jsonValueOf(root) : undefined, problems };
}

/** The last property named `key` of an object node. */
export function propertyOf(node: JNode | undefined, key: string): JProperty | undefined {
  if (!node?.properties) return undefined;
  for (let i = node.properties.length - 1; i >= 0; i--) if (node.properties[i].key === key) return node.properties[i];
  return undefined;
}

export function nodeRange(node: JNode): Range {
  return { start: node.offset, end: node.offset + node.length };
}

/** The node at a path of keys and indices (last duplicate wins), or undefined. */
export function nodeAtPath(node: JNode | undefined, path: readonly (string | number)[]): JNode | undefined {
  let cur = node;
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number') cur = cur.items?.[seg];
    else cur = propertyOf(cur, seg)?.value;
  }
  return cur;
}

/**
 * For a JSON string node, a function from an offset in its decoded value (0..length) to the
 * document offset of the character (or escape sequence) that produced it; the decoded length
 * maps to the closing quote. `document` is the text the node's offsets refer to.
 */
export function stringOffsetMapper(document: string, node: JNode): (decodedOffset: number) => number {
  const open = node.offset;
  let close = node.offset + node.length;
  if (close - 1 > open && document.charCodeAt(close - 1) === 34) close--;
  let map: number[] | undefined;
  return (decodedOffset: number) => {
    if (!map) {
      map = [];
      for (let i = open + 1; i < close; ) {
        map.push(i);
        if (document.charCodeAt(i) === 92) i += document.charCodeAt(i + 1) === 117 /* u */ ? 6 : 2;
        else i++;
      }
      map.push(close);
    }
    const o = Math.max(0, Math.min(Math.floor(decodedOffset), map.length - 1));
    return Math.min(map[o], close);
  };
}

/** The inner range of a string node (between its quotes). */
export function stringInnerRange(document: string, node: JNode): Range {
  let end = node.offset + node.length;
  if (end - 1 > node.offset && document.charCodeAt(end - 1) === 34) end--;
  return { start: node.offset + 1, end };
}
