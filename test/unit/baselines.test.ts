// Baseline (snapshot) tests of the expression pipeline, one folder per case under
// test/baselines/expressions/<case>/:
//   input.expr        the expression (one trailing newline is not part of it; CRLF is read as LF)
//   options.json      optional: CheckExpressionOptions (mappingType, flowType, matching) plus
//                     "referenceAttributes": [names] for isReferenceAttribute
//   diagnostics.txt   the input lines, each followed by `//@[start:end) [CODE (Severity)] message |covered|`
//                     for the diagnostics starting on that line (offsets into the expression)
//   tokens.txt        one token per line: kind [start:end) |text|
//   ast.txt           an indented dump of the tree
// BASELINE_RECORD=true rewrites the generated files; a mismatch writes `<file>.actual` and fails
// with a diff. Review every baseline change like code.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExpression } from '../../server/src/language/expression/parser';
import type { Expr, ParseResult } from '../../server/src/language/expression/ast';
import {
  checkExpression,
  CheckExpressionOptions,
  diagnoseExpression,
  ExpressionDiagnostic,
  regexGroupNames,
  RegexFinding,
  stringValueOffsets,
  syntaxDiagnostics,
} from '../../server/src/check/expression';
import { codeInfo } from '../../server/src/diagnostics/codes';
import { assertBaseline } from './helpers/baseline';

const casesDir = join(__dirname, '..', 'baselines', 'expressions');

/** Shows control characters so covered text and token text stay on one line. */
function visible(s: string): string {
  return s.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' } as const;

function renderDiagnostics(text: string, diagnostics: ExpressionDiagnostic[]): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let lineStart = 0;
  lines.forEach((line, i) => {
    const lineEnd = lineStart + line.length; // offset of the '\n' (or the end)
    const last = i === lines.length - 1;
    out.push(line);
    for (const d of diagnostics) {
      const onLine = d.start >= lineStart && (d.start < lineEnd + 1 || (last && d.start <= lineEnd));
      if (!onLine) continue;
      const data = d.data ? ` data=${JSON.stringify(d.data)}` : '';
      out.push(
        `//@[${d.start}:${d.end}) [${d.code} (${SEVERITY_LABEL[d.severity]})] ${d.message} |${visible(text.slice(d.start, d.end))}|${data}`,
      );
    }
    lineStart = lineEnd + 1;
  });
  return out.join('\n');
}

function renderTokens(parsed: ParseResult): string {
  return parsed.tokens
    .map((t) => `${t.kind.padEnd(10)} [${t.start}:${t.end}) |${visible(parsed.text.slice(t.start, t.end))}|`)
    .join('\n');
}

function renderAst(parsed: ParseResult): string {
  const out: string[] = [];
  const span = (n: { start: number; end: number }) => `[${n.start}:${n.end})`;
  const node = (e: Expr, indent: string, label: string): void => {
    const head = `${indent}${label}`;
    switch (e.kind) {
      case 'call':
        out.push(
          `${head}call ${e.name} ${span(e)} name${span(e.nameSpan)} lparen=${e.lparen ?? '-'} rparen=${e.rparen ?? '-'} commas=[${e.commas.join(',')}]`,
        );
        e.args.forEach((a, i) => {
          if (a.value) node(a.value, `${indent}  `, `arg${i + 1}: `);
          else out.push(`${indent}  arg${i + 1}: <empty> ${span(a)}`);
        });
        return;
      case 'attribute':
        out.push(`${head}attribute ${JSON.stringify(e.name)} ${span(e)}${e.closed ? '' : ' unclosed'}`);
        return;
      case 'string':
        out.push(
          `${head}string ${JSON.stringify(e.value)} ${span(e)}${e.closed ? '' : ' unclosed'}${
            e.unknownEscapes.length ? ` unknownEscapes=${e.unknownEscapes.map(span).join(',')}` : ''
          }`,
        );
        return;
      case 'number':
        out.push(`${head}number ${e.text} ${span(e)}`);
        return;
      case 'hex':
        out.push(`${head}hex ${e.text}=${e.value} ${span(e)}`);
        return;
      case 'identifier':
        out.push(`${head}identifier ${e.name} ${span(e)}`);
        return;
      case 'comparison':
        out.push(`${head}comparison ${e.op} ${span(e)} op${span(e.opSpan)}`);
        node(e.left, `${indent}  `, 'left: ');
        node(e.right, `${indent}  `, 'right: ');
        return;
      case 'missing':
        out.push(`${head}missing ${span(e)}`);
        return;
    }
  };
  if (parsed.expr) node(parsed.expr, '', '');
  else out.push('<no expression>');
  for (const t of parsed.trailing ?? []) node(t, '', 'trailing: ');
  return out.join('\n');
}

interface CaseOptions extends Omit<CheckExpressionOptions, 'isReferenceAttribute' | 'validateRegex'> {
  referenceAttributes?: string[];
}

function readCase(dir: string): { text: string; options: CheckExpressionOptions } {
  const text = readFileSync(join(dir, 'input.expr'), 'utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const optionsFile = join(dir, 'options.json');
  const options: CheckExpressionOptions = {};
  if (existsSync(optionsFile)) {
    const raw = JSON.parse(readFileSync(optionsFile, 'utf8')) as CaseOptions;
    const { referenceAttributes, ...rest } = raw;
    Object.assign(options, rest);
    if (referenceAttributes) {
      const set = new Set(referenceAttributes.map((n) => n.toLowerCase()));
      options.isReferenceAttribute = (name) => set.has(name.toLowerCase());
    }
  }
  return { text, options };
}

describe('expression baselines (test/baselines/expressions)', () => {
  const cases = existsSync(casesDir)
    ? readdirSync(casesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];

  it('has at least 40 cases', () => {
    assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(casesDir, name);
      const { text, options } = readCase(dir);
      const parsed = parseExpression(text);
      const diagnostics = [...syntaxDiagnostics(parsed), ...checkExpression(parsed, options)].sort(
        (a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code),
      );
      for (const d of diagnostics) {
        assert.ok(codeInfo(d.code), `${d.code} is not in the codes table`);
        assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `bad range ${JSON.stringify(d)}`);
      }
      // The baselines are one run; diagnoseExpression must give the same list.
      assert.deepEqual(diagnoseExpression(text, options), diagnostics);
      assertBaseline(join(dir, 'diagnostics.txt'), renderDiagnostics(text, diagnostics));
      assertBaseline(join(dir, 'tokens.txt'), renderTokens(parsed));
      assertBaseline(join(dir, 'ast.txt'), renderAst(parsed));
    });
  }
});

describe('Replace regex validation (integration with a regex validator)', () => {
  // A stand-in for server/src/evaluate/regex: flags every `{` that does not start a {n,m}
  // quantifier and every `(?<` group without a closing `>`, with offsets into the pattern value.
  const fakeValidator = (pattern: string): RegexFinding[] => {
    const out: RegexFinding[] = [];
    for (let i = 0; i < pattern.length; i++) {
      if (pattern[i] === '\\') {
        i++;
        continue;
      }
      if (pattern[i] === '{' && !/^\{\d+(,\d*)?\}/.test(pattern.slice(i))) {
        out.push({ severity: 'warning', message: "'{' is taken literally here.", offset: i, length: 1 });
      }
      if (pattern.startsWith('(?<', i) && !/^\(\?<[A-Za-z_]\w*>|^\(\?<[=!]/.test(pattern.slice(i))) {
        out.push({ severity: 'error', message: 'Invalid group name.', offset: i, length: 3 });
      }
    }
    return out;
  };

  const run = (text: string) =>
    checkExpression(parseExpression(text), { validateRegex: fakeValidator })
      .filter((d) => d.code === 'EPX120' || d.code === 'EPX121')
      .map((d) => `${d.code} |${text.slice(d.start, d.end)}| ${d.message}`);

  it('maps pattern offsets back through doubled backslashes to the expression', () => {
    // value: \d+(?<1x>a)  — the error sits after the escaped \d
    const text = 'Replace([x], , "\\\\d+(?<1x>a)", , "", , )';
    assert.deepEqual(run(text), ["EPX120 |(?<| Replace's regexPattern: Invalid group name."]);
  });

  it('maps through \\" escapes and reports warnings with their own code', () => {
    const text = 'Replace([x], , "\\"a\\"{x", , "", , )';
    assert.deepEqual(run(text), ["EPX121 |{| Replace's regexPattern: '{' is taken literally here."]);
  });

  it('does not validate patterns that are not constants, nor other slots', () => {
    assert.deepEqual(run('Replace([x], , [pattern], , "", , )'), []);
    assert.deepEqual(run('Replace([x], "{", , , "", , )'), []);
  });

  it('a throwing validator becomes one error on the whole pattern', () => {
    const text = 'Replace([x], , "a", , "", , )';
    const ds = checkExpression(parseExpression(text), {
      validateRegex: () => {
        throw new Error('boom');
      },
    });
    assert.deepEqual(
      ds.map((d) => `${d.code} |${text.slice(d.start, d.end)}|`),
      ['EPX120 |a|'],
    );
  });

  it('value offsets of a string constant account for every escape form', () => {
    const text = 'X("a\\\\b\\"c\\d")';
    const node = (parseExpression(text).expr as { args: { value: Expr }[] }).args[0].value;
    assert.equal(node.kind, 'string');
    if (node.kind !== 'string') return;
    // value: a \ b " c \ d  (7 characters)
    assert.equal(node.value, 'a\\b"c\\d');
    const map = stringValueOffsets(node, text);
    assert.deepEqual(map, [3, 4, 6, 7, 9, 10, 11, 12]);
    assert.equal(text[map[map.length - 1]], '"');
  });

  it('finds named groups, ignoring escaped parentheses, classes and lookarounds', () => {
    assert.deepEqual([...regexGroupNames('\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})')], ['isdCode', 'phoneNumber']);
    assert.deepEqual([...regexGroupNames("(?'a'x)(?<b-a>y)(?<=z)(?<!w)")], ['a', 'b']);
    assert.deepEqual([...regexGroupNames('\\(?<no>x)[(?<no2>]')], []);
  });
});

describe('checker robustness (fuzz)', () => {
  // Deterministic PRNG so a failure is reproducible.
  let seed = 0x5eed1e5;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const pieces = [
    'Switch(', 'IIF(', 'Replace(', 'RandomString(', 'DateAdd(', 'InStr(', 'SelectUniqueValue(', 'IgnoreFlowIfNullOrEmpty(',
    'FormatDateTime(', 'Item(', 'Count(', 'IsPresent(', 'AppRoleAssignmentsComplex(', 'join(', 'Len(', 'Foo(', ')', ',', ', ,',
    '[mail]', '[appRoleAssignments]', '"x"', '""', '"d"', '"q"', '"(?<g>a)"', '"${g}"', '"\\\\d{"', '0', '-1', '300', '&HF', '=',
    '<>', 'vbTextCompare', 'True', ' AND ', '“', '\n', ' ',
  ];
  const options: CheckExpressionOptions[] = [
    {},
    { mappingType: 'direct' },
    { mappingType: 'constant' },
    { mappingType: 'expression', flowType: 'Always', matching: true, isReferenceAttribute: (n) => n === 'mail' },
    { validateRegex: (p) => [{ severity: 'error', message: 'x', offset: Math.floor(p.length / 2), length: p.length }] },
  ];

  it('never throws and gives valid ranges and known codes (4,000 inputs)', () => {
    for (let i = 0; i < 4000; i++) {
      let text = '';
      const n = 1 + Math.floor(rand() * 18);
      for (let j = 0; j < n; j++) text += pick(pieces);
      const opts = pick(options);
      let ds: ExpressionDiagnostic[] = [];
      try {
        ds = diagnoseExpression(text, opts);
      } catch (err) {
        assert.fail(`checker threw on ${JSON.stringify(text)}: ${(err as Error).stack}`);
      }
      for (const d of ds) {
        assert.ok(codeInfo(d.code), `unknown code ${d.code}`);
        assert.ok(
          Number.isInteger(d.start) && Number.isInteger(d.end) && d.start >= 0 && d.start <= d.end && d.end <= text.length,
          `bad range ${JSON.stringify(d)} in ${JSON.stringify(text)}`,
        );
        assert.ok(d.message.length > 0);
      }
    }
  });
});
