// `entramap scope --batch FILE`: evaluates scoping filters against users, many at a time.
//
// FILE is a JSON array of { "scope": FILTER, "user": OBJECT } (FILTER is a Graph `filter`, or
// null for no filter). stdout gets a JSON array in the same order: each element the verdict
// { inScope, groups } or { error: { code, message } } when the item's filter or user is not
// usable (the batch goes on). Exit 0 when the batch was processed; 2 on a usage error or when the
// file cannot be read or is not such an array.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Node, parseTree, printParseErrorCode, ParseError, getNodeValue } from 'jsonc-parser';
import { sourceCatalog } from '../catalog/source-attributes';
import { describeJsonNode } from '../evaluate/json';
import { LineIndex } from '../model/positions';
import { checkScope } from '../scoping/check';
import { ScopeDiagnostic } from '../scoping/diagnostics';
import { evaluateScope } from '../scoping/evaluate';
import { readScopeFilter } from '../scoping/read';
import type { ScopeVerdict } from '../scoping/model';
import { CliIO, EXIT_OK, EXIT_USAGE, jsonOut, option, parseArgs, UsageError } from './io';

export type BatchResult = ScopeVerdict | { error: { code: string; message: string } };

/** Diagnostics that make an item unusable: the filter cannot be evaluated faithfully. */
const FATAL = new Set(['ESF001', 'ESF002', 'ESF003', 'ESF013']);

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { batch: { value: true } });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const file = option(args, 'batch');
  if (file === undefined) throw new UsageError('missing --batch FILE');
  if (!file) throw new UsageError('--batch needs a file name');

  const loaded = loadBatch(resolve(io.cwd, file), file);
  if (!loaded.ok) {
    io.stderr(`entramap scope: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  const results = loaded.items.map((item) => evaluateItem(item.scope, item.user));
  io.stdout(jsonOut(results));
  return EXIT_OK;
}

/** Evaluates one batch item; never throws. */
export function evaluateItem(scope: unknown, user: unknown): BatchResult {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) {
    return {
      error: {
        code: 'ESF021',
        message: `"user" must be a JSON object keyed by source attribute names, not ${user === null ? 'null' : Array.isArray(user) ? 'an array' : typeof user}.`,
      },
    };
  }
  const catalog = sourceCatalog('User');
  const diagnostics = checkScope(scope, { catalog });
  const fatal = diagnostics.find((d) => FATAL.has(d.code) && d.severity !== 'information');
  if (fatal) return { error: { code: fatal.code, message: describe(fatal) } };
  const { filter } = readScopeFilter(scope);
  return evaluateScope(filter, user as Record<string, unknown>, { catalog });
}

function describe(d: ScopeDiagnostic): string {
  return d.location.pointer ? `scope${d.location.pointer}: ${d.message}` : d.message;
}

type Loaded = { ok: true; items: Array<{ scope: unknown; user: unknown }> } | { ok: false; message: string };

const PARSE_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape sequence',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

function loadBatch(path: string, shown: string): Loaded {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { ok: false, message: `cannot read ${shown}: ${why}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const at = (offset: number) => {
    const p = lines.positionAt(offset);
    return `${shown}:${p.line + 1}:${p.character + 1}`;
  };
  if (!text.trim()) return { ok: false, message: `${shown} is empty; expected a JSON array of { "scope", "user" } items` };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    const name = printParseErrorCode(e.error);
    return { ok: false, message: `${at(e.offset)}: JSON syntax error: ${PARSE_MESSAGES[name] ?? name}` };
  }
  if (!root || root.type !== 'array') {
    return {
      ok: false,
      message: `${root ? at(root.offset) : shown}: expected a JSON array of { "scope", "user" } items, found ${root ? describeJsonNode(root) : 'nothing'}`,
    };
  }
  const items: Array<{ scope: unknown; user: unknown }> = [];
  for (const [i, node] of (root.children ?? []).entries()) {
    const n = i + 1;
    if (node.type !== 'object') {
      return { ok: false, message: `${at(node.offset)}: item ${n}: expected an object with "scope" and "user", found ${describeJsonNode(node)}` };
    }
    const props = new Map<string, Node>();
    for (const p of node.children ?? []) {
      const key = p.children?.[0]?.value;
      if (typeof key === 'string' && p.children?.[1]) props.set(key, p.children[1]);
    }
    for (const key of ['scope', 'user']) {
      if (!props.has(key)) return { ok: false, message: `${at(node.offset)}: item ${n}: missing ${key}` };
    }
    items.push({ scope: getNodeValue(props.get('scope')!), user: getNodeValue(props.get('user')!) });
  }
  return { ok: true, items };
}
