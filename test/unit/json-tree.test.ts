// The JSON reader of Graph schema files (schema/json-tree.ts): `parseJson` reads text JSON.parse
// accepts with one pass over the text, and falls back to the jsonc-parser reader
// (`parseJsonSlow`) for anything else. Both must give the same tree (kinds, offsets and lengths of
// every node and key, decoded strings, numbers), the same value and cached node values, and the
// same problems. Differential tests over generated documents, plus a few fixed cases.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '../../server/src/model/json';
import { JNode, JsonParse, jsonValueOf, parseJson, parseJsonSlow, stringOffsetMapper } from '../../server/src/schema/json-tree';

class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

// ---- generated documents: written token by token, so spelling, escapes and blanks vary -------------

const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\r', '\n    ', ' \t \n '];
const KEYS = ['name', 'type', 'expression', 'parameters', 'key', 'value', 'a', 'b', '', '0', '10', '__proto__', 'constructor', 'toString', 'length', 'é', '😀', 'a"b', 'a\\b', 'x/y', 'tab\there'];
const STRINGS = [
  '',
  'plain',
  'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
  'back\\slash',
  'new\nline',
  'café',
  'emoji 😀 here',
  '\u0000\u001f\u007f',
  'lone \ud800 high',
  'lone \udc00 low',
  '\u2028\u2029',
  'a long string that is longer than thirteen characters, so V8 slices it',
  '"quoted"',
  '/slashes/',
];
const NUMBERS = [
  '0', '-0', '1', '-1', '42', '1.0', '1.5', '-2.25', '1e2', '1E+2', '2e-3', '0.5e-3', '123456789', '9007199254740991',
  '9007199254740993', '12345678901234567890', '-98765432109876543210', '1e400', '-1e400', '1e-400', '0.1', '3.141592653589793238462643383279',
  '5e-324', '1.7976931348623157e308', '100000000000000000000000000000000',
];

/** One character of a JSON string as written: raw, or escaped in any of the ways JSON allows. */
function writeChar(r: Random, ch: string): string {
  const code = ch.charCodeAt(0);
  const u = () => `\\u${code.toString(16).padStart(4, '0')}`;
  const U = () => u().toUpperCase().replace('\\U', '\\u');
  if (ch === '"') return r.chance(0.3) ? u() : '\\"';
  if (ch === '\\') return r.chance(0.3) ? u() : '\\\\';
  if (code < 0x20) {
    const short: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return short[ch] && r.chance(0.6) ? short[ch] : r.chance(0.5) ? u() : U();
  }
  if (ch === '/' && r.chance(0.5)) return '\\/';
  if (r.chance(0.1)) return r.chance(0.5) ? u() : U();
  return ch;
}

function writeString(r: Random, s: string): string {
  // per UTF-16 unit, so surrogate pairs are written raw, as two \u escapes, or one of each
  let out = '"';
  for (let i = 0; i < s.length; i++) out += writeChar(r, s[i]);
  return `${out}"`;
}

function randomString(r: Random): string {
  if (r.chance(0.6)) return r.pick(STRINGS);
  let s = '';
  const n = r.int(12);
  for (let i = 0; i < n; i++) {
    const k = r.int(10);
    s += k < 6 ? String.fromCharCode(97 + r.int(26)) : k < 7 ? r.pick(['"', '\\', '/']) : k < 8 ? String.fromCharCode(r.int(0x20)) : k < 9 ? String.fromCharCode(0xa0 + r.int(0x2000)) : String.fromCharCode(0xd800 + r.int(0x800));
  }
  return s;
}

interface Style {
  /** Probability of whitespace around each token. */
  blank: number;
  /** Probability of writing a key already used in the same object. */
  duplicate: number;
}

function ws(r: Random, style: Style): string {
  return r.chance(style.blank) ? r.pick(WHITESPACE) : '';
}

function writeValue(r: Random, style: Style, depth: number, maxDepth: number): string {
  const k = depth >= maxDepth ? 3 + r.int(5) : r.int(8);
  switch (k) {
    case 0:
    case 1: {
      const n = r.int(depth === 0 ? 8 : 5);
      const used: string[] = [];
      const parts: string[] = [];
      for (let i = 0; i < n; i++) {
        const key = used.length && r.chance(style.duplicate) ? r.pick(used) : r.chance(0.5) ? r.pick(KEYS) : randomString(r);
        used.push(key);
        parts.push(`${ws(r, style)}${writeString(r, key)}${ws(r, style)}:${ws(r, style)}${writeValue(r, style, depth + 1, maxDepth)}${ws(r, style)}`);
      }
      return `{${parts.join(',') || ws(r, style)}}`;
    }
    case 2: {
      const n = r.int(5);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(`${ws(r, style)}${writeValue(r, style, depth + 1, maxDepth)}${ws(r, style)}`);
      return `[${parts.join(',') || ws(r, style)}]`;
    }
    case 3:
    case 4:
      return writeString(r, randomString(r));
    case 5:
      return r.chance(0.7) ? r.pick(NUMBERS) : String(r.chance(0.5) ? r.int(1e9) - 5e8 : (r.next() - 0.5) * 10 ** r.int(30));
    default:
      return r.pick(['true', 'false', 'null']);
  }
}

function generate(seed: number): string {
  const r = new Random(seed);
  const style: Style = { blank: r.pick([0, 0.2, 0.6, 1]), duplicate: r.pick([0, 0, 0.1, 0.4]) };
  const maxDepth = r.chance(0.1) ? 40 + r.int(80) : 1 + r.int(7);
  return `${ws(r, style)}${writeValue(r, style, 0, maxDepth)}${ws(r, style)}`;
}

/** A value nested `depth` levels deep, alternating objects and arrays. */
function deep(depth: number): string {
  let s = '"leaf \\u00e9"';
  for (let i = 0; i < depth; i++) s = i % 2 ? `[1, ${s}, {"k": [${i}]}]` : `{"d${i}": ${s}, "n": ${i}.5, "d${i}": null}`;
  return s;
}

// ---- comparison ------------------------------------------------------------------------------------

/** Every node pair of two trees of the same shape, parents first. */
function* pairs(a: JNode, b: JNode): Generator<[JNode, JNode]> {
  yield [a, b];
  const pa = a.properties ?? [];
  const pb = b.properties ?? [];
  for (let i = 0; i < pa.length; i++) if (pa[i].value && pb[i].value) yield* pairs(pa[i].value!, pb[i].value!);
  const ia = a.items ?? [];
  const ib = b.items ?? [];
  for (let i = 0; i < ia.length; i++) yield* pairs(ia[i], ib[i]);
}

/** The value of each child is the very value inside its parent's, unless a later duplicate key shadows it. */
function assertValuesNested(root: JNode): void {
  const visit = (node: JNode, shadowed: boolean): void => {
    const v = jsonValueOf(node) as Record<string, JsonValue> & JsonValue[];
    if (node.properties) {
      node.properties.forEach((p, i) => {
        if (!p.value) return;
        const last = !node.properties!.slice(i + 1).some((q) => q.key === p.key);
        if (!shadowed && last && (p.value.type === 'object' || p.value.type === 'array')) assert.equal(jsonValueOf(p.value), v[p.key]);
        visit(p.value, shadowed || !last);
      });
    }
    node.items?.forEach((item, i) => {
      if (!shadowed && (item.type === 'object' || item.type === 'array')) assert.equal(jsonValueOf(item), v[i]);
      visit(item, shadowed);
    });
  };
  visit(root, false);
}

/** Each decoded character of each string node maps back to the text that wrote it. */
function assertStringOffsets(text: string, base: number, root: JNode): void {
  const doc = ' '.repeat(base) + text;
  for (const [node] of pairs(root, root)) {
    if (node.type !== 'string') continue;
    const value = node.value as string;
    const map = stringOffsetMapper(doc, node);
    for (let i = 0; i < value.length; i++) {
      assert.equal(JSON.parse(`"${doc.slice(map(i), map(i + 1))}"`), value[i], `character ${i} of ${JSON.stringify(value)}`);
    }
    assert.equal(doc[map(value.length)], '"');
  }
}

function assertSame(text: string, base = 0): { fast: JsonParse; slow: JsonParse } {
  const fast = parseJson(text, base);
  const slow = parseJsonSlow(text, base);
  try {
    assert.deepStrictEqual(fast.root, slow.root);
    assert.deepStrictEqual(fast.problems, slow.problems);
    assert.deepStrictEqual(fast.value, slow.value);
    // deepStrictEqual ignores key order; the writer and the round trip do not
    assert.equal(JSON.stringify(fast.value), JSON.stringify(slow.value));
    if (fast.root && slow.root) {
      for (const [a, b] of pairs(fast.root, slow.root)) assert.deepStrictEqual(jsonValueOf(a), jsonValueOf(b));
      assertValuesNested(fast.root);
      assertValuesNested(slow.root);
      if (!fast.problems.some((p) => p.kind !== 'duplicate')) assertStringOffsets(text, base, fast.root);
    }
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- text (base ${base}):\n${JSON.stringify(text)}`);
  }
  return { fast, slow };
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---- tests -----------------------------------------------------------------------------------------

describe('JSON tree reader: the JSON.parse path against the jsonc-parser reader', () => {
  it('600 generated documents (escapes, unicode, duplicates, big numbers, blanks, nesting) read the same', () => {
    let duplicates = 0;
    let escapes = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const text = generate(seed);
      assert.ok(isValidJson(text), `seed ${seed} generated invalid JSON`);
      const { fast } = assertSame(text, seed % 3 === 0 ? 17 : 0);
      if (fast.problems.length) duplicates++;
      if (text.includes('\\')) escapes++;
    }
    // the generator really exercised the cases
    assert.ok(duplicates > 50, `${duplicates} documents with duplicate keys`);
    assert.ok(escapes > 200, `${escapes} documents with escapes`);
  });

  it('reads the Graph fixtures the same, and their pretty-printed and minified forms', () => {
    const dir = join(__dirname, '..', 'fixtures', 'graph');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      assertSame(text);
      assertSame(JSON.stringify(JSON.parse(text)));
      assertSame(JSON.stringify(JSON.parse(text), null, '\t'));
    }
  });

  it('reads top-level scalars, empty containers and deep nesting the same', () => {
    for (const text of ['0', '-0', ' 12345678901234567890 ', '1e400', '"x"', '"\\ud83d\\ude00"', 'true', 'false', 'null', '{}', '[]', ' { } ', '[ [ ] , { } ]', '{"":""}']) {
      assertSame(text);
    }
    assertSame(deep(200));
    assertSame(deep(201), 5);
  });

  it('reports duplicate keys like the jsonc-parser reader, in the same order, with the shadowed values computed from the tree', () => {
    const text = '{"a": {"x": [1, {"y": 2}], "x": 3}, "b": 0, "a": {"x": {"z": [4]}, "a": 5}, "c": {"d": {}, "d": []}}';
    const { fast } = assertSame(text);
    assert.deepEqual(
      fast.problems.map((p) => text.slice(p.range.start, p.range.end)),
      ['"x"', '"a"', '"d"'],
    );
    const first = fast.root!.properties![0].value!;
    assert.deepEqual(jsonValueOf(first), { x: 3 });
    assert.deepEqual(jsonValueOf(first.properties![0].value!), [1, { y: 2 }]);
    assert.deepEqual(fast.value, { a: { x: { z: [4] }, a: 5 }, b: 0, c: { d: [] } });
  });

  it('keeps decoded keys and integer-like keys exact (keys JSON.parse orders differently)', () => {
    const text = '{"b": 1, "10": {"2": [], "1": {}}, "a\\"q": 2, "__proto__": {"p": 1}, "0": "zero", "\\u0061": 3}';
    const { fast } = assertSame(text);
    assert.deepEqual(fast.root!.properties!.map((p) => p.key), ['b', '10', 'a"q', '__proto__', '0', 'a']);
    assert.ok(Object.prototype.hasOwnProperty.call(fast.value, '__proto__'));
  });

  it('every one-character edit of valid documents reads the same (syntax errors go to the jsonc-parser reader)', () => {
    const r = new Random(7);
    let invalid = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const text = generate(1000 + seed);
      for (let k = 0; k < 8; k++) {
        const at = r.int(text.length + 1);
        const ch = r.pick(['', '{', '}', '[', ']', ',', ':', '"', '\\', '/', '/*', '//', '0', '-', '.', 'e', 't', 'x', ' ', '\n', '\u0001', '\ufeff']);
        const edited = text.slice(0, at) + ch + text.slice(at + (r.chance(0.5) ? 1 : 0));
        const { slow } = assertSame(edited, k % 2 ? 3 : 0);
        if (!isValidJson(edited)) invalid++;
        // What JSON.parse accepts, jsonc-parser reads without a syntax problem, and the other way round.
        assert.equal(
          slow.problems.every((p) => p.kind === 'duplicate'),
          isValidJson(edited),
          `JSON.parse and jsonc-parser disagree on ${JSON.stringify(edited)}: ${JSON.stringify(slow.problems)}`,
        );
      }
    }
    assert.ok(invalid > 300, `${invalid} invalid edits`);
  });

  it('reads empty text, blanks, a BOM, comments and trailing commas with the jsonc-parser reader’s problems', () => {
    for (const text of ['', '   ', '\ufeff{}', '{"a": 1 // c\n}', '{"a": 1,}', '[1,]', '{"a" 1}', '{"a": 01}', '"\\x"', '"a\nb"', '[1] 2', '{"a": tru}']) {
      const { fast } = assertSame(text);
      assert.ok(fast.problems.length > 0, JSON.stringify(text));
    }
  });
});
