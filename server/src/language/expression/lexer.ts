// Chevrotain lexer for the expression language (spec section 2). One Lexer instance per process.
//
// Strings and attribute references use custom matchers: they scan with charCodeAt/indexOf instead
// of backtracking regexes, so lexing stays linear even on hostile input (thousands of unmatched
// `[` or `"`).
import { createToken, Lexer, TokenType, IToken, ILexingError } from 'chevrotain';

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const LBRACKET = 91; // [
const RBRACKET = 93; // ]

// One result array serves every custom matcher: Chevrotain reads `[0]` (the image) before it
// calls the next matcher, so no array is allocated per token.
const RESULT = [''] as unknown as RegExpExecArray;
function execResult(text: string, offset: number, end: number): RegExpExecArray {
  RESULT[0] = text.slice(offset, end);
  return RESULT;
}

/** Ends a string constant: index after the closing quote, or -1 when unterminated. */
export function scanString(text: string, offset: number): number {
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/** An unterminated string runs to the end of its line. */
function scanUnterminatedString(text: string, offset: number): number {
  let i = offset + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if (c === BACKSLASH && i + 1 < text.length && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
  }
  return i;
}

// The position of the next `]`, cached so a run of `[` without `]` stays linear.
let closeCacheText: string | undefined;
let closeCacheFrom = 0;
let closeCacheAt = -1;
function nextClose(text: string, offset: number): number {
  if (text === closeCacheText && offset >= closeCacheFrom && (closeCacheAt === -1 || offset <= closeCacheAt)) {
    return closeCacheAt;
  }
  closeCacheText = text;
  closeCacheFrom = offset;
  closeCacheAt = text.indexOf(']', offset);
  return closeCacheAt;
}

/** An unterminated attribute reference stops where no attribute name plausibly continues. */
function scanUnterminatedAttribute(text: string, offset: number): number {
  let i = offset + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // newline, ",", "(", ")", '"'
    if (c === 10 || c === 13 || c === 44 || c === 40 || c === 41 || c === QUOTE) break;
  }
  return i;
}

// Whitespace: a single space (mostly after a comma) is matched by character code, without a call
// or a substring; tabs and line breaks start a run that also takes the spaces after them.
export const Space = createToken({ name: 'Space', pattern: ' ', group: Lexer.SKIPPED });
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: {
    exec: (text: string, offset: number) => {
      let i = offset;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      }
      return i === offset ? null : execResult(text, offset, i);
    },
  },
  start_chars_hint: ['\t', '\r', '\n'],
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== QUOTE) return null;
      const end = scanString(text, offset);
      return end < 0 ? null : execResult(text, offset, end);
    },
  },
  start_chars_hint: ['"'],
  line_breaks: true,
});

export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: {
    exec: (text: string, offset: number) =>
      text.charCodeAt(offset) === QUOTE ? execResult(text, offset, scanUnterminatedString(text, offset)) : null,
  },
  start_chars_hint: ['"'],
  line_breaks: false,
});

export const Attribute = createToken({
  name: 'Attribute',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== LBRACKET) return null;
      const close = nextClose(text, offset);
      return close < 0 ? null : execResult(text, offset, close + 1);
    },
  },
  start_chars_hint: ['['],
  line_breaks: true,
});

export const UnterminatedAttribute = createToken({
  name: 'UnterminatedAttribute',
  pattern: {
    exec: (text: string, offset: number) =>
      text.charCodeAt(offset) === LBRACKET ? execResult(text, offset, scanUnterminatedAttribute(text, offset)) : null,
  },
  start_chars_hint: ['['],
  line_breaks: false,
});

export const HexNumber = createToken({ name: 'HexNumber', pattern: /&[Hh][0-9A-Fa-f]*/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?[0-9]+/ });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });

export const Comparison = createToken({ name: 'Comparison', pattern: Lexer.NA });
export const NotEqual = createToken({ name: 'NotEqual', pattern: '<>', categories: Comparison });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=', categories: Comparison });
export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=', categories: Comparison });
export const Equal = createToken({ name: 'Equal', pattern: '=', categories: Comparison });
export const Greater = createToken({ name: 'Greater', pattern: '>', categories: Comparison });
export const Less = createToken({ name: 'Less', pattern: '<', categories: Comparison });

export const allTokens: TokenType[] = [
  Space,
  WhiteSpace,
  StringLiteral,
  UnterminatedString,
  Attribute,
  UnterminatedAttribute,
  HexNumber,
  NumberLiteral,
  Identifier,
  LParen,
  RParen,
  Comma,
  Comparison,
  NotEqual,
  GreaterEqual,
  LessEqual,
  Equal,
  Greater,
  Less,
];

export const expressionLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  skipValidations: true,
});

export interface LexResult {
  tokens: IToken[];
  errors: ILexingError[];
}

export function lexExpression(text: string): LexResult {
  const result = expressionLexer.tokenize(text);
  return { tokens: result.tokens, errors: result.errors };
}
