// `entramap eval`: evaluates an attribute-mapping expression against a source object, as Entra's
// provisioning service would.
//
//   entramap eval EXPRESSION [--source JSON | --source-file FILE] [--now ISO8601]
//     prints the value as JSON on stdout (see docs/evaluation.md, "Results"); exit 0. An attribute
//     that does not flow (IgnoreFlowIfNullOrEmpty) prints null and says why on stderr. An
//     evaluation or syntax error goes to stderr with its code and position; exit 1.
//
//   entramap eval --batch FILE
//     FILE is a JSON array of { "expression", "source", "now"?, "existingTargetValues"? }. stdout
//     gets a JSON array in the same order, each element { "value": V }, { "flow": false } or
//     { "error": { "code", "message" } }; exit 0 once the batch is processed.
//
// Usage errors and unreadable or malformed input exit 2 with a message naming the problem (file,
// line and column for JSON syntax errors), never a stack trace.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileExpression, evaluate, EvalOutcome, ExpressionCache } from '../evaluate/compile';
import { describeJsonNode, jsonValue, JsonNode, parseJson } from '../evaluate/json';
import { toJson, JsonOut } from '../evaluate/values';
import { LineIndex } from '../model/positions';
import { CliIO, EXIT_FAIL, EXIT_OK, EXIT_USAGE, jsonOut, option, parseArgs, UsageError } from './io';

/** One element of the --batch output. */
export type BatchElement = { value: JsonOut } | { flow: false } | { error: { code: string; message: string } };

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, {
    source: { value: true },
    'source-file': { value: true },
    now: { value: true },
    batch: { value: true },
  });
  const batch = option(args, 'batch');
  if (batch !== undefined) {
    if (args.positionals.length) {
      throw new UsageError(`--batch takes no EXPRESSION (got "${args.positionals[0]}"); each item of the file has its own "expression"`);
    }
    for (const name of ['source', 'source-file', 'now']) {
      if (args.options.has(name)) throw new UsageError(`--${name} cannot be combined with --batch; give "${name === 'source-file' ? 'source' : name}" in each item`);
    }
    if (!batch) throw new UsageError('--batch needs a file name');
    return runBatch(batch, io);
  }

  if (args.positionals.length === 0) throw new UsageError('missing EXPRESSION');
  if (args.positionals.length > 1) {
    throw new UsageError(`unexpected argument "${args.positionals[1]}": quote the whole expression as one argument`);
  }
  const expression = args.positionals[0];
  const sourceText = option(args, 'source');
  const sourceFile = option(args, 'source-file');
  if (sourceText !== undefined && sourceFile !== undefined) throw new UsageError('give either --source or --source-file, not both');

  let source: Record<string, unknown> = {};
  if (sourceText !== undefined) {
    source = readSourceObject(sourceText, '--source');
  } else if (sourceFile !== undefined) {
    if (!sourceFile) throw new UsageError('--source-file needs a file name');
    const text = readText(resolve(io.cwd, sourceFile), sourceFile);
    if (!text.ok) {
      io.stderr(`entramap eval: ${text.message}\n`);
      return EXIT_USAGE;
    }
    source = readSourceObject(text.text, sourceFile);
  }
  const nowText = option(args, 'now');
  let now: Date | undefined;
  if (nowText !== undefined) {
    const parsed = parseIsoDateTime(nowText);
    if (typeof parsed === 'string') throw new UsageError(`--now ${JSON.stringify(nowText)}: ${parsed}`);
    now = parsed;
  }

  const outcome = evaluate(compileExpression(expression), { source, now });
  if (outcome.kind === 'error') {
    io.stderr(`entramap eval: error ${outcome.code}: ${outcome.message}\n${pointer(expression, outcome.start, outcome.end)}`);
    return EXIT_FAIL;
  }
  if (outcome.kind === 'noflow') {
    io.stdout(jsonOut(null));
    io.stderr(`entramap eval: the attribute does not flow: ${outcome.reason}\n`);
    return EXIT_OK;
  }
  io.stdout(jsonOut(toJson(outcome.value)));
  if (outcome.redacted) io.stderr('entramap eval: note: Redact() was used, so provisioning logs show [Redact] instead of this value\n');
  return EXIT_OK;
}

/**
 * The line of the expression holding `start`, with carets under [start, end) — for error messages.
 * Long lines are shown as a window around the error; multi-line expressions also get the line and
 * column.
 */
export function pointer(expression: string, start: number, end: number): string {
  const lines = new LineIndex(expression);
  const at = Math.max(0, Math.min(start, expression.length));
  const p = lines.positionAt(at);
  const lineStart = lines.lineStart(p.line);
  let lineEnd = expression.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = expression.length;
  let text = expression.slice(lineStart, lineEnd).replace(/\r$/, '').replace(/[\t\r]/g, ' ');
  let col = p.character;
  let width = Math.max(1, Math.min(end, lineStart + text.length) - at);
  const WINDOW = 100;
  if (text.length > WINDOW + 20) {
    const from = Math.max(0, Math.min(col - 30, text.length - WINDOW));
    const head = from > 0 ? '...' : '';
    const tail = from + WINDOW < text.length ? '...' : '';
    text = head + text.slice(from, from + WINDOW) + tail;
    col = col - from + head.length;
    width = Math.max(1, Math.min(width, WINDOW - (col - head.length)));
  }
  const where = expression.includes('\n') ? `  (line ${p.line + 1}, column ${p.character + 1})\n` : '';
  return `${where}  ${text}\n  ${' '.repeat(col)}${'^'.repeat(width)}\n`;
}

// ---- single-mode input -------------------------------------------------------------------------------

function readSourceObject(text: string, shown: string): Record<string, unknown> {
  const parsed = readJson(text, shown);
  if (!parsed.ok) throw new UsageError(parsed.message);
  if (parsed.root.type !== 'object') {
    throw new UsageError(`${shown}: the source must be a JSON object keyed by source attribute names, found ${describeJsonNode(parsed.root)}`);
  }
  return jsonValue(parsed.root) as Record<string, unknown>;
}

// ---- batch -------------------------------------------------------------------------------------------

interface BatchItem {
  expression: string;
  source: Record<string, unknown>;
  now: Date | undefined;
  existing: string[] | undefined;
}

const ITEM_KEYS = new Set(['expression', 'source', 'now', 'existingTargetValues']);

async function runBatch(file: string, io: CliIO): Promise<number> {
  const read = readText(resolve(io.cwd, file), file);
  if (!read.ok) {
    io.stderr(`entramap eval: ${read.message}\n`);
    return EXIT_USAGE;
  }
  const loaded = loadBatch(read.text, file, (w) => io.stderr(`entramap eval: warning: ${w}\n`));
  if (!loaded.ok) {
    io.stderr(`entramap eval: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  const cache = new ExpressionCache(512);
  const clock = new Date();
  const results: BatchElement[] = loaded.items.map((item) => batchElement(evaluateItem(item, cache, clock)));
  io.stdout(jsonOut(results));
  return EXIT_OK;
}

function evaluateItem(item: BatchItem, cache: ExpressionCache, clock: Date): EvalOutcome {
  let isValueTaken: ((candidate: string) => boolean) | undefined;
  if (item.existing) {
    // Target directories such as AD compare these names case-insensitively.
    const taken = new Set(item.existing.map((v) => v.toLowerCase()));
    isValueTaken = (candidate) => taken.has(candidate.toLowerCase());
  }
  return evaluate(cache.get(item.expression), { source: item.source, now: item.now ?? clock, isValueTaken });
}

/** The batch output element of an outcome. */
export function batchElement(outcome: EvalOutcome): BatchElement {
  switch (outcome.kind) {
    case 'value':
      return { value: toJson(outcome.value) };
    case 'noflow':
      return { flow: false };
    case 'error':
      return { error: { code: outcome.code, message: outcome.message } };
  }
}

type Loaded = { ok: true; items: BatchItem[] } | { ok: false; message: string };

/** Reads and validates a batch file's text. Exported for tests. */
export function loadBatch(text: string, shown: string, warn: (message: string) => void = () => {}): Loaded {
  const parsed = readJson(text, shown);
  if (!parsed.ok) return parsed;
  const { root, lines } = parsed;
  const at = (offset: number) => {
    const p = lines.positionAt(offset);
    return `${shown}:${p.line + 1}:${p.character + 1}`;
  };
  const expected = 'a JSON array of { "expression", "source", "now"?, "existingTargetValues"? } items';
  if (root.type !== 'array') return { ok: false, message: `${at(root.offset)}: expected ${expected}, found ${describeJsonNode(root)}` };
  const items: BatchItem[] = [];
  for (let i = 0; i < root.items.length; i++) {
    const node = root.items[i];
    const n = i + 1;
    if (node.type !== 'object') {
      return { ok: false, message: `${at(node.offset)}: item ${n}: expected an object with "expression" and "source", found ${describeJsonNode(node)}` };
    }
    const props = new Map<string, JsonNode>();
    for (const p of node.props) {
      if (props.has(p.key)) return { ok: false, message: `${at(p.keyOffset)}: item ${n}: "${p.key}" is given twice` };
      props.set(p.key, p.value);
      if (!ITEM_KEYS.has(p.key)) {
        warn(`${at(p.keyOffset)}: item ${n}: unknown property "${p.key}" is ignored (expected "expression", "source", "now", "existingTargetValues")`);
      }
    }
    const expr = props.get('expression');
    if (!expr) return { ok: false, message: `${at(node.offset)}: item ${n}: missing "expression"` };
    if (expr.type !== 'string') return { ok: false, message: `${at(expr.offset)}: item ${n}: "expression" must be a string, found ${describeJsonNode(expr)}` };
    const src = props.get('source');
    let source: Record<string, unknown> = {};
    if (src) {
      if (src.type !== 'object') {
        return { ok: false, message: `${at(src.offset)}: item ${n}: "source" must be a JSON object keyed by source attribute names, found ${describeJsonNode(src)}` };
      }
      source = jsonValue(src) as Record<string, unknown>;
    }
    let now: Date | undefined;
    const nowNode = props.get('now');
    if (nowNode && nowNode.type !== 'null') {
      if (nowNode.type !== 'string') {
        return { ok: false, message: `${at(nowNode.offset)}: item ${n}: "now" must be an ISO 8601 date/time string, found ${describeJsonNode(nowNode)}` };
      }
      const parsedNow = parseIsoDateTime(nowNode.value);
      if (typeof parsedNow === 'string') return { ok: false, message: `${at(nowNode.offset)}: item ${n}: "now" ${JSON.stringify(nowNode.value)}: ${parsedNow}` };
      now = parsedNow;
    }
    let existing: string[] | undefined;
    const ex = props.get('existingTargetValues');
    if (ex && ex.type !== 'null') {
      if (ex.type !== 'array') {
        return { ok: false, message: `${at(ex.offset)}: item ${n}: "existingTargetValues" must be an array of strings, found ${describeJsonNode(ex)}` };
      }
      existing = [];
      for (const v of ex.items) {
        if (v.type !== 'string') {
          return { ok: false, message: `${at(v.offset)}: item ${n}: "existingTargetValues" must contain only strings, found ${describeJsonNode(v)}` };
        }
        existing.push(v.value);
      }
    }
    items.push({ expression: expr.value, source, now, existing });
  }
  return { ok: true, items };
}

// ---- JSON --------------------------------------------------------------------------------------------

type ReadJson = { ok: true; root: JsonNode; lines: LineIndex } | { ok: false; message: string };

/** Parses JSON text (a leading BOM is ignored); errors name `shown:line:column`. */
function readJson(input: string, shown: string): ReadJson {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!text.trim()) return { ok: false, message: `${shown} is empty; expected JSON` };
  const lines = new LineIndex(text);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const p = lines.positionAt(parsed.offset);
    return { ok: false, message: `${shown}:${p.line + 1}:${p.character + 1}: JSON syntax error: ${parsed.message}` };
  }
  return { ok: true, root: parsed.root, lines };
}

type ReadText = { ok: true; text: string } | { ok: false; message: string };

function readText(path: string, shown: string): ReadText {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { ok: false, message: `cannot read ${shown}: ${why}` };
  }
}

// ---- --now -------------------------------------------------------------------------------------------

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * An ISO 8601 date or date-time: "2024-05-01", "2024-05-01T08:30", "2024-05-01T08:30:00Z",
 * "2024-05-01T10:30:00+02:00". Without an offset the time is UTC (the service's zone). Returns the
 * instant, or a message saying what is wrong.
 */
export function parseIsoDateTime(text: string): Date | string {
  const m = ISO.exec(text.trim());
  if (!m) return 'expected an ISO 8601 date/time such as 2024-05-01T08:30:00Z';
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', z, sign, oh, om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 1) return 'the year must be 0001 or later';
  if (month < 1 || month > 12) return `month ${mo} does not exist`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day < 1 || day > days) return `day ${d} does not exist in month ${mo}`;
  if (hour > 23 || minute > 59 || second > 59) return 'the time of day is out of range';
  let offsetMinutes = 0;
  if (!z && sign) {
    const ohn = Number(oh);
    const omn = Number(om);
    if (ohn > 14 || omn > 59 || (ohn === 14 && omn > 0)) return 'the UTC offset is out of range (at most ±14:00)';
    offsetMinutes = (sign === '-' ? -1 : 1) * (ohn * 60 + omn);
  }
  const ms = Number((frac + '000').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const t = date.getTime() - offsetMinutes * 60_000;
  if (!Number.isFinite(t)) return 'the date is out of range';
  return new Date(t);
}
