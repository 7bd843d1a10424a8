// Semantic tokens of one expression, as absolute ranges with LSP token type and modifier names,
// plus the legend and the LSP delta encoder for the document level.
//
// Types: function (defaultLibrary when it is a catalogue function, none when unknown), property
// (attribute references), string, regexp (Replace's regexPattern), number (decimal and hex),
// enumMember (vbTextCompare / vbBinaryCompare), operator (comparisons) and `invalid` (bare words
// that are not values, AND/OR, characters the lexer cannot read). `invalid` is not a standard LSP
// type: the extension declares it (package.json `semanticTokenTypes`, superType `variable`,
// scope `invalid.illegal`).
import { allFunctions, getFunction, parameterIndex } from '../../catalog/functions';
import type { ParseResult, Token } from '../../language/expression/ast';
import { visitAll } from './cursor';
import type { OffsetRange } from './types';

export const SEMANTIC_TOKEN_TYPES = ['function', 'property', 'string', 'regexp', 'number', 'enumMember', 'operator', 'invalid'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['defaultLibrary'] as const;

export type SemanticTokenTypeName = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifierName = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/** The legend to register (`SemanticTokensLegend`). */
export const SEMANTIC_TOKENS_LEGEND: { tokenTypes: string[]; tokenModifiers: string[] } = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

export interface ExpressionSemanticToken extends OffsetRange {
  type: SemanticTokenTypeName;
  modifiers: SemanticTokenModifierName[];
}

export interface SemanticTokenOptions {
  /**
   * Split tokens at line breaks (default true): a string constant may span lines and clients
   * without `multilineTokenSupport` need one token per line. The pieces leave out the break.
   */
  splitLines?: boolean;
}

/** Enum words (case-insensitive) of every catalogue parameter. */
function enumWords(): Set<string> {
  const words = new Set<string>();
  for (const fn of allFunctions()) for (const p of fn.parameters) for (const v of p.enumValues ?? []) words.add(v.value.toLowerCase());
  return words;
}

/** Start offsets of string constants that are Replace's regexPattern. */
function regexStrings(parse: ParseResult): Set<number> {
  const starts = new Set<number>();
  const replace = getFunction('Replace');
  const index = replace ? parameterIndex(replace, 'regexPattern') : -1;
  if (index < 0) return starts;
  visitAll(parse, (node) => {
    if (node.kind === 'call' && getFunction(node.name) === replace) {
      const v = node.args[index]?.value;
      if (v?.kind === 'string') starts.add(v.start);
    }
  });
  return starts;
}

/** The semantic tokens of a parsed expression, in text order, never overlapping. */
export function semanticTokens(parse: ParseResult, options: SemanticTokenOptions = {}): ExpressionSemanticToken[] {
  const words = enumWords();
  const regexes = regexStrings(parse);
  const text = parse.text;
  const out: ExpressionSemanticToken[] = [];
  const push = (t: Token, type: SemanticTokenTypeName, modifiers: SemanticTokenModifierName[] = []) => {
    if (t.end > t.start) out.push({ start: t.start, end: t.end, type, modifiers });
  };
  for (const t of parse.tokens) {
    switch (t.kind) {
      case 'function':
        push(t, 'function', getFunction(text.slice(t.start, t.end)) ? ['defaultLibrary'] : []);
        break;
      case 'identifier':
        push(t, words.has(text.slice(t.start, t.end).toLowerCase()) ? 'enumMember' : 'invalid');
        break;
      case 'attribute':
        push(t, 'property');
        break;
      case 'string':
        push(t, regexes.has(t.start) ? 'regexp' : 'string');
        break;
      case 'number':
      case 'hex':
        push(t, 'number');
        break;
      case 'operator':
        push(t, 'operator');
        break;
      case 'invalid':
        push(t, 'invalid');
        break;
      default:
        break; // punctuation: left to the grammar
    }
  }
  return options.splitLines === false ? out : splitAtLineBreaks(text, out);
}

function splitAtLineBreaks(text: string, tokens: ExpressionSemanticToken[]): ExpressionSemanticToken[] {
  const out: ExpressionSemanticToken[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  for (const t of tokens) {
    const slice = text.slice(t.start, t.end);
    if (!/[\r\n]/.test(slice)) {
      out.push(t);
      continue;
    }
    let from = t.start;
    lineBreak.lastIndex = 0;
    for (let m = lineBreak.exec(slice); m; m = lineBreak.exec(slice)) {
      const at = t.start + m.index;
      if (at > from) out.push({ ...t, start: from, end: at });
      from = at + m[0].length;
    }
    if (t.end > from) out.push({ ...t, start: from, end: t.end });
  }
  return out;
}

/** A token in document coordinates (one line), ready for encoding. */
export interface DocumentSemanticToken {
  line: number;
  character: number;
  length: number;
  /** A type of the legend (the expression types, or any type a wider legend adds). */
  type: string;
  modifiers: readonly string[];
}

/**
 * LSP `SemanticTokens.data` for tokens of a whole document (in any order): five integers per
 * token — line delta, start delta (relative to the previous token on the same line), length,
 * type index and modifier bit set, numbered by `legend` (default: the expression legend; a
 * document format that adds its own types passes a legend that extends it). Tokens of a type
 * the legend lacks are left out, and so are empty ones.
 */
export function encodeSemanticTokens(
  tokens: readonly DocumentSemanticToken[],
  legend: { tokenTypes: readonly string[]; tokenModifiers: readonly string[] } = SEMANTIC_TOKENS_LEGEND,
): number[] {
  const sorted = tokens
    .filter((t) => t.length > 0 && legend.tokenTypes.includes(t.type))
    .sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of sorted) {
    const deltaLine = t.line - line;
    const deltaStart = deltaLine === 0 ? t.character - character : t.character;
    let bits = 0;
    for (const m of t.modifiers) {
      const i = legend.tokenModifiers.indexOf(m);
      if (i >= 0) bits |= 1 << i;
    }
    data.push(deltaLine, deltaStart, t.length, legend.tokenTypes.indexOf(t.type), bits);
    line = t.line;
    character = t.character;
  }
  return data;
}

/**
 * Document tokens of an expression that sits in a document: `positionAt` maps an expression
 * offset to the document's line/character (it must be linear within each token piece, which
 * holds for .entramap lines; JSON strings with escapes map start and end separately, so a token
 * length there is the mapped end minus the mapped start).
 */
export function toDocumentTokens(
  tokens: readonly ExpressionSemanticToken[],
  positionAt: (offset: number) => { line: number; character: number },
): DocumentSemanticToken[] {
  const out: DocumentSemanticToken[] = [];
  for (const t of tokens) {
    const s = positionAt(t.start);
    const e = positionAt(t.end);
    if (e.line !== s.line || e.character <= s.character) continue;
    out.push({ line: s.line, character: s.character, length: e.character - s.character, type: t.type, modifiers: t.modifiers });
  }
  return out;
}
