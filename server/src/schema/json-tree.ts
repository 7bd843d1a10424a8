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
 *
 * Valid JSON (what `JSON.parse` accepts, the common case) takes a fast path: `JSON.parse` builds
 * the value, and one pass over the text builds the tree with its offsets. Text `JSON.parse`
 * rejects goes to {@link parseJsonSlow} (jsonc-parser), which recovers and names every problem.
 * Both give the same tree, value and problems.
 */
export function parseJson(text: string, base = 0): JsonParse {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return parseJsonSlow(text, base);
  }
  return treeOfValidJson(text, base, value, true) ?? treeOfValidJson(text, base, value, false)!;
}

/**
 * The jsonc-parser reader: recovers from syntax errors and reports each one. {@link parseJson}
 * uses it for text `JSON.parse` rejects; exported so tests can compare the two readers.
 */
export function parseJsonSlow(text: string, base = 0): JsonParse {
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

// ---- the fast path: text JSON.parse accepted ------------------------------------------------------
//
// One loop over the text with an explicit stack (no recursion), trusting the text to be valid
// JSON, which JSON.parse has just proved: it only looks for where each token ends. It walks
// JSON.parse's value alongside and takes from it what the tree holds: leaf values, property keys
// (the parsed object's own key strings, checked against the text, so the tree holds no copies)
// and each container's cached value (see jsonValueOf), the very object JSON.parse built for it.
// Strings are found with `indexOf` (the closing quote, and the next backslash: a string with
// escapes is walked character by character).
//
// Duplicate keys make JSON.parse keep only the last value, so under an earlier duplicate the
// parsed value is not the text's. An object whose property count differs from its parsed value's
// key count shows them; the pass then starts again reading everything from the text (`trust`
// false): strings are slices or decoded by JSON.parse, numbers `Number(text)` as jsonc-parser
// reads them, container values are left to jsonValueOf, and the duplicates are reported by the
// same walk as the slow reader's.

// Where the loop is: expecting a value, a property key, or what follows a value.
const VALUE = 0;
const KEY = 1;
const AFTER = 2;

const NO_KEYS: string[] = [];
/** Placeholders until a container closes (same object shape as the final node). */
const NO_PROPERTIES: JProperty[] = [];
const NO_ITEMS: JNode[] = [];

/** The tree of text JSON.parse accepted, or undefined when `trust` finds duplicate keys. */
function treeOfValidJson(text: string, base: number, value: JsonValue, trust: boolean): JsonParse | undefined {
  // All state in locals of this one function (closures would move them to a heap context).
  const n = text.length;
  let i = 0;
  let c = 0;
  /** The index of the next backslash at or after `i` (n when none). */
  let nextEscape = text.indexOf('\\');
  if (nextEscape < 0) nextEscape = n;

  // The open containers: the innermost in `cur`, with `curValue` (its JSON.parse value, when
  // trusted), `curKeys` (that value's keys, for objects) and `curProperty` (for objects, the
  // property being read); the outer ones on the stacks.
  const nodeStack: JNode[] = [];
  const valueStack: unknown[] = [];
  const keysStack: string[][] = [];
  const propertyStack: (JProperty | undefined)[] = [];
  const startStack: number[] = [];
  // The children of the open containers, innermost last: each container's list is copied out
  // when it closes, so every `properties` / `items` array has exactly its length.
  const children: (JNode | JProperty)[] = [];
  let curStart = 0;
  let cur: JNode | undefined;
  let curValue: unknown = undefined;
  let curKeys = NO_KEYS;
  let curProperty: JProperty | undefined;
  let root: JNode | undefined;
  let state = VALUE;

  for (;;) {
    c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);

    if (state === AFTER) {
      const node = cur!;
      if (c === 44 /* , */) {
        i++;
        state = node.type === 'object' ? KEY : VALUE;
        continue;
      }
      // `}` or `]`: the innermost container ends
      i++;
      node.length = i + base - node.offset;
      const count = children.length - curStart;
      if (node.type === 'object') {
        if (trust && curKeys.length !== count) return undefined;
        node.properties = children.slice(curStart) as JProperty[];
      } else {
        node.items = children.slice(curStart) as JNode[];
      }
      children.length = curStart;
      cur = nodeStack.pop();
      if (cur === undefined) {
        root = node;
        break;
      }
      curValue = valueStack.pop();
      curKeys = keysStack.pop()!;
      curProperty = propertyStack.pop();
      curStart = startStack.pop()!;
      if (curProperty) {
        curProperty.value = node;
        curProperty.range.end = i + base;
      } else {
        children.push(node);
      }
      continue;
    }

    // JSON.parse's value of what starts here (trusted only when there are no duplicate keys)
    let v: unknown;
    if (trust && state === VALUE) {
      if (cur === undefined) v = value;
      else if (curValue !== null && typeof curValue === 'object') {
        v = curProperty ? (curValue as JsonObject)[curProperty.key] : (curValue as JsonValue[])[children.length - curStart];
      }
    }

    let node: JNode;
    const start = i;
    if (c === 34 /* " */) {
      let close = text.indexOf('"', i + 1);
      let str: string | undefined;
      if (close < nextEscape) {
        // no escapes: the text between the quotes
        if (state === KEY) {
          const index = children.length - curStart;
          if (index < curKeys.length) {
            const k = curKeys[index];
            if (k.length === close - i - 1 && text.startsWith(k, i + 1)) str = k;
          }
        } else if (trust) {
          str = v as string;
        }
        str ??= text.slice(i + 1, close);
      } else {
        // A backslash before the first quote is inside this string (backslashes occur only in
        // strings, and `nextEscape` is never behind `i`): find the closing quote past escapes.
        close = i + 1;
        for (let d = text.charCodeAt(close); d !== 34; d = text.charCodeAt(close)) close += d === 92 ? 2 : 1;
        str = state === VALUE && trust ? (v as string) : (JSON.parse(text.slice(i, close + 1)) as string);
        nextEscape = text.indexOf('\\', close);
        if (nextEscape < 0) nextEscape = n;
      }
      i = close + 1;
      if (state === KEY) {
        const p: JProperty = {
          key: str,
          keyRange: { start: start + base, end: i + base },
          value: undefined,
          range: { start: start + base, end: i + base },
        };
        children.push(p);
        curProperty = p;
        c = text.charCodeAt(i);
        while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
        i++; // the colon
        state = VALUE;
        continue;
      }
      node = { type: 'string', offset: start + base, length: i - start, value: str };
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      node =
        c === 123
          ? { type: 'object', offset: start + base, length: 0, properties: NO_PROPERTIES }
          : { type: 'array', offset: start + base, length: 0, items: NO_ITEMS };
      if (cur !== undefined) {
        nodeStack.push(cur);
        valueStack.push(curValue);
        keysStack.push(curKeys);
        propertyStack.push(curProperty);
        startStack.push(curStart);
      }
      curStart = children.length;
      cur = node;
      curValue = v;
      curKeys = NO_KEYS;
      curProperty = undefined;
      if (v !== null && typeof v === 'object') {
        values.set(node, v as JsonValue);
        if (c === 123) curKeys = Object.keys(v);
      }
      c = text.charCodeAt(++i);
      while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
      state = c === 125 /* } */ || c === 93 /* ] */ ? AFTER : node.type === 'object' ? KEY : VALUE;
      continue;
    } else if (c === 116 /* t */) {
      i += 4;
      node = { type: 'boolean', offset: start + base, length: 4, value: true };
    } else if (c === 102 /* f */) {
      i += 5;
      node = { type: 'boolean', offset: start + base, length: 5, value: false };
    } else if (c === 110 /* n */) {
      i += 4;
      node = { type: 'null', offset: start + base, length: 4, value: null };
    } else {
      // a number: - + . 0-9 E e
      while ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43 || c === 101 || c === 69) c = text.charCodeAt(++i);
      node = { type: 'number', offset: start + base, length: i - start, value: trust ? (v as number) : Number(text.slice(start, i)) };
    }
    // a leaf
    if (cur === undefined) {
      root = node;
      break;
    }
    if (curProperty) {
      curProperty.value = node;
      curProperty.range.end = i + base;
    } else {
      children.push(node);
    }
    state = AFTER;
  }

  const problems: JsonProblem[] = [];
  if (!trust) collectDuplicates(root, problems);
  return { root, value: jsonValueOf(root), problems };
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
