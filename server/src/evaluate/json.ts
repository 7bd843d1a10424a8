// A strict JSON (RFC 8259) reader for source objects and batch files: every node keeps its
// offset (for "file:line:column" messages), and integers beyond 2^53 stay exact (bigint), so AD
// integer dates and other 64-bit values in a source keep every digit. No dependencies; bounded
// nesting, so hostile input cannot exhaust the stack.

export type JsonNode =
  | { type: 'object'; offset: number; props: JsonProp[] }
  | { type: 'array'; offset: number; items: JsonNode[] }
  | { type: 'string'; offset: number; value: string }
  | { type: 'number'; offset: number; value: number | bigint }
  | { type: 'boolean'; offset: number; value: boolean }
  | { type: 'null'; offset: number };

export interface JsonProp {
  key: string;
  keyOffset: number;
  value: JsonNode;
}

export type JsonParseResult = { ok: true; root: JsonNode } | { ok: false; offset: number; message: string };

/** Deepest nesting accepted. */
export const MAX_JSON_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(at, message);
  }

  ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (WS.has(c)) this.pos++;
      else if (c === 0x2f && (s[this.pos + 1] === '/' || s[this.pos + 1] === '*')) this.fail('comments are not allowed in JSON');
      else break;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.ws();
    const s = this.s;
    const offset = this.pos;
    if (offset >= s.length) this.fail('expected a value, found the end of the text');
    const c = s[offset];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return { type: 'string', offset, value: this.string() };
      case 't':
      case 'f':
      case 'n':
        return this.literal();
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (/[A-Za-z_$]/.test(c)) return this.literal();
    if (c === "'") this.fail('strings need double quotes');
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private literal(): JsonNode {
    const offset = this.pos;
    for (const [word, node] of [
      ['true', { type: 'boolean', offset, value: true }],
      ['false', { type: 'boolean', offset, value: false }],
      ['null', { type: 'null', offset }],
    ] as const) {
      if (this.s.startsWith(word, offset)) {
        this.pos += word.length;
        return node as JsonNode;
      }
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(offset, offset + 40))?.[0] ?? this.s[offset];
    this.fail(`unexpected ${JSON.stringify(word)}; JSON literals are true, false and null`);
  }

  private number(): JsonNode {
    const offset = this.pos;
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(offset, offset + 400));
    if (!m) this.fail('invalid number');
    const raw = m[0];
    const next = this.s[offset + raw.length];
    if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) this.fail('invalid number', offset);
    this.pos += raw.length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(raw);
      return { type: 'number', offset, value: Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : BigInt(raw) };
    }
    return { type: 'number', offset, value: Number(raw) };
  }

  string(): string {
    const s = this.s;
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let run = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.fail('unterminated string', start);
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        out += s.slice(run, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('invalid character in a string (control characters must be escaped)');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += s.slice(run, this.pos);
      const e = s[this.pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.pos += 2;
      } else if (e === 'u') {
        const hex = s.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('invalid \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        this.fail('invalid escape sequence');
      }
      run = this.pos;
    }
  }

  private object(depth: number): JsonNode {
    const offset = this.pos;
    this.pos++;
    const props: JsonProp[] = [];
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { type: 'object', offset, props };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') {
        if (this.s[this.pos] === '}' && props.length) this.fail('trailing commas are not allowed in JSON');
        this.fail(this.pos >= this.s.length ? 'expected "}"' : 'expected a property name in double quotes');
      }
      const keyOffset = this.pos;
      const key = this.string();
      this.ws();
      if (this.s[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      const value = this.value(depth + 1);
      props.push({ key, keyOffset, value });
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { type: 'object', offset, props };
      }
      this.fail(c === undefined ? 'expected "}"' : 'expected "," or "}"');
    }
  }

  private array(depth: number): JsonNode {
    const offset = this.pos;
    this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return { type: 'array', offset, items };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] === ']' && items.length) this.fail('trailing commas are not allowed in JSON');
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return { type: 'array', offset, items };
      }
      this.fail(c === undefined ? 'expected "]"' : 'expected "," or "]"');
    }
  }
}

/** Parses one JSON document. Never throws. */
export function parseJson(text: string): JsonParseResult {
  const r = new Reader(text);
  try {
    const root = r.value(0);
    r.ws();
    if (r.pos < text.length) r.fail('unexpected text after the JSON value');
    return { ok: true, root };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
}

/** A node as a JavaScript value (object keys set as data properties, even "__proto__"). */
export function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.props) {
        Object.defineProperty(out, p.key, { value: jsonValue(p.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return node.items.map(jsonValue);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/**
 * "an object", "a string", ... for messages. Takes any JSON tree node by its `type` (this reader's
 * and jsonc-parser's name the kinds alike).
 */
export function describeJsonNode(node: { readonly type: string }): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a Boolean';
    default:
      return 'null';
  }
}
