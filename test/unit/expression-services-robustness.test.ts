// Every service on text the user is in the middle of typing: random token soup at every offset
// must never throw, results must stay inside the text, and a large expression stays fast.
import assert from 'node:assert/strict';
import { diagnoseExpression } from '../../server/src/check/expression';
import {
  codeActionsFor,
  completeExpression,
  documentHighlights,
  formatExpression,
  formatExpressionEdits,
  hoverExpression,
  inlayHints,
  selectionRange,
  semanticTokens,
  signatureHelp,
} from '../../server/src/features/expression';
import { parseExpression } from '../../server/src/language/expression/parser';

const PIECES = [
  'Join', 'Switch', 'IIF', 'Replace', 'FormatDateTime', 'DateAdd', 'InStr', 'Foo', 'vbTextCompare', 'AND', 'True',
  '(', ')', ',', ', ', ' ', '\n', '[', ']', '[mail]', '[IsSoftDeleted', '"', '"d"', '"yyyy-MM', '\\', '\\d', '=', '<>', '>',
  '&H', '&HFF', '12', '-3', '\u201c', '\u00a0', '!', '$', '{',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function soup(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(random() * PIECES.length)];
  return out;
}

function inside(text: string, r: { start: number; end: number }, what: string): void {
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${what} range ${r.start}-${r.end} outside ${JSON.stringify(text)}`);
}

describe('expression services: robustness', () => {
  it('never throws and keeps every range inside the text, on 200 random inputs at every offset', function () {
    this.timeout(120_000);
    const random = rng(20240611);
    const evaluate = () => ({ kind: 'value' as const, value: 'x' });
    for (let n = 0; n < 200; n++) {
      const text = soup(random, 1 + Math.floor(random() * 12));
      const diagnostics = diagnoseExpression(text);
      for (const a of codeActionsFor(text, diagnostics)) for (const e of a.edits) inside(text, e, 'code action');
      for (const t of semanticTokens(parseExpression(text))) inside(text, t, 'token');
      const formatted = formatExpression(text);
      if (formatted !== null) assert.equal(formatExpression(formatted), formatted, JSON.stringify(text));
      const edits = formatExpressionEdits(text);
      for (const e of edits ?? []) inside(text, e, 'format edit');
      for (const h of inlayHints(text, undefined, { arguments: 'all', emptySlots: true })) assert.ok(h.offset >= 0 && h.offset <= text.length);
      for (let offset = 0; offset <= text.length; offset++) {
        const where = `${JSON.stringify(text)} @${offset}`;
        for (const item of completeExpression(text, offset).items) inside(text, item.edit, `completion ${where}`);
        const hover = hoverExpression(text, offset, { evaluate });
        if (hover) inside(text, hover.range, `hover ${where}`);
        const help = signatureHelp(text, offset);
        if (help) assert.ok(help.signatures.length === 1, where);
        for (const h of documentHighlights(text, offset)) inside(text, h, `highlight ${where}`);
        for (let r: ReturnType<typeof selectionRange> | undefined = selectionRange(text, offset); r; r = r.parent) inside(text, r, `selection ${where}`);
      }
    }
  });

  it('answers quickly on a 10,000-character expression', () => {
    const parts: string[] = [];
    let text = 'Join(", ")';
    for (let i = 0; ; i++) {
      const next = `Join(", ", ${[...parts, `IIF([a${i}] = "${i}", Replace([b${i}], , "x+", , "y", , ), Mid([c${i}], 1, 2))`].join(', ')})`;
      if (next.length > 10_000) break;
      parts.push(`IIF([a${i}] = "${i}", Replace([b${i}], , "x+", , "y", , ), Mid([c${i}], 1, 2))`);
      text = next;
    }
    assert.ok(text.length > 9_900 && text.length <= 10_000, String(text.length));
    const mid = Math.floor(text.length / 2);
    const started = process.hrtime.bigint();
    completeExpression(text, mid);
    hoverExpression(text, mid);
    signatureHelp(text, mid);
    semanticTokens(parseExpression(text));
    const formatted = formatExpression(text);
    assert.ok(formatted !== null && formatted.length <= 10_000);
    assert.equal(formatExpression(`Join(", ", ${parts.slice(0, 60).join(', ')})`)!.split('\n').length, 63);
    codeActionsFor(text, diagnoseExpression(text));
    documentHighlights(text, text.indexOf('[a7]') + 1);
    selectionRange(text, mid);
    inlayHints(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // generous bound: these run on every keystroke, but CI machines vary
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });
});
