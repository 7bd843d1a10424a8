// Chevrotain lexer of .entramap files. One Lexer instance per process.
//
// The format embeds three sub-languages whose extent the lexer decides with context-aware custom
// matchers (scan.ts holds the character rules): the expression after `<-` (one Expression token,
// handed to the expression parser with its offset), the JSON value after `@graph` / `@raw` (one
// JsonValue token, handed to jsonc-parser), and the scoping operator of a clause line (one
// ScopeOperator token even for `IS NOT NULL`, followed by bare values such as `.*\@contoso\.com`).
import { createToken, IToken, Lexer, TokenType, tokenMatcher } from 'chevrotain';
import { OPERATORS } from '../../scoping/model';
import {
  isBlank,
  isLineBreak,
  lineIndentAt,
  scanExpression,
  scanJson,
  scanName,
  scanQuoted,
  startsTerminator,
  startsWord,
} from './scan';

function match(text: string, offset: number, end: number): [string] {
  return [text.slice(offset, end)];
}

const last = (tokens: IToken[], back = 1): IToken | undefined => tokens[tokens.length - back];

/**
 * Indentation of the statement being lexed: that of the line holding its first token (an
 * `@graph` after a multi-line expression continues relative to the statement, not to the
 * expression's last line).
 */
function statementIndent(text: string, tokens: IToken[], offset: number): number {
  let first: IToken | undefined;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].tokenType === Newline) break;
    first = tokens[i];
  }
  return lineIndentAt(text, first ? first.startOffset : offset);
}

export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, label: 'end of line' });
export const Blank = createToken({ name: 'Blank', pattern: /[ \t\u000b\u000c\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

export const Arrow = createToken({ name: 'Arrow', pattern: '<-', label: "'<-'" });
export const GraphAt = createToken({ name: 'GraphAt', pattern: /@graph(?![A-Za-z0-9_])/, label: "'@graph'" });
export const RawAt = createToken({ name: 'RawAt', pattern: /@raw(?![A-Za-z0-9_])/, label: "'@raw'" });
export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'" });

export const Expression = createToken({
  name: 'Expression',
  label: 'an expression',
  line_breaks: true,
  pattern: {
    exec: (text, offset, tokens) => {
      const prev = last(tokens);
      if (!prev || prev.tokenType !== Arrow) return null;
      const c = text.charCodeAt(offset);
      if (Number.isNaN(c) || isLineBreak(c) || startsTerminator(text, offset) || startsWord(text, offset, 'none')) return null;
      const end = scanExpression(text, offset, statementIndent(text, tokens, offset));
      return end > offset ? match(text, offset, end) : null;
    },
  },
});

export const JsonValue = createToken({
  name: 'JsonValue',
  label: 'a JSON value',
  line_breaks: true,
  pattern: {
    exec: (text, offset, tokens) => {
      const prev = last(tokens);
      if (!prev || (prev.tokenType !== GraphAt && prev.tokenType !== RawAt)) return null;
      const c = text.charCodeAt(offset);
      if (Number.isNaN(c) || isLineBreak(c)) return null;
      const end = scanJson(text, offset, statementIndent(text, tokens, offset));
      return end > offset ? match(text, offset, end) : null;
    },
  },
});

export const StringLit = createToken({
  name: 'StringLit',
  label: 'a string',
  pattern: {
    exec: (text, offset) => {
      if (text.charCodeAt(offset) !== 34) return null;
      const q = scanQuoted(text, offset);
      return q.closed ? match(text, offset, q.end) : null;
    },
  },
});

export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  label: 'a string',
  pattern: {
    exec: (text, offset) => (text.charCodeAt(offset) === 34 ? match(text, offset, scanQuoted(text, offset).end) : null),
  },
});

export const Name = createToken({
  name: 'Name',
  label: 'a name',
  pattern: {
    exec: (text, offset) => {
      const end = scanName(text, offset);
      return end > offset ? match(text, offset, end) : null;
    },
  },
});

function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_$.:\\-/+\\[])`),
    longer_alt: Name,
    categories: [Name],
    label: `'${word}'`,
  });
}

export const App = keyword('app');
export const Template = keyword('template');
export const Schema = keyword('schema');
export const Rule = keyword('rule');
export const Mapping = keyword('mapping');
export const Source = keyword('source');
export const Target = keyword('target');
export const Enabled = keyword('enabled');
export const Actions = keyword('actions');
export const ScopeKw = keyword('scope');
export const Filter = keyword('filter');
export const Input = keyword('input');
export const Category = keyword('category');
export const Metadata = keyword('metadata');
export const Id = keyword('id');
export const Priority = keyword('priority');
export const Editable = keyword('editable');
export const None = keyword('none');
export const Default = keyword('default');
export const Match = keyword('match');
export const On = keyword('on');
export const Apply = keyword('apply');
export const Flow = keyword('flow');

const KEYWORDS = [
  App, Template, Schema, Rule, Mapping, Source, Target, Enabled, Actions, ScopeKw, Filter, Input, Category,
  Metadata, Id, Priority, Editable, None, Default, Match, On, Apply, Flow,
];

export const KEYWORD_WORDS = new Set(KEYWORDS.map((k) => k.name.slice(3)));

// Scoping operators: matched case-insensitively, any blanks between the words of multi-word
// operators, only as the second token of a line whose first token is a name or string.
const OPERATOR_PATTERNS = [...OPERATORS]
  .map((o) => o.name)
  .sort((a, b) => b.length - a.length)
  .map((name) => new RegExp(name.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\&!]/g, '\\$&')).join('[ \\t]+'), 'iy'));

function operatorEndsAt(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return Number.isNaN(c) || isBlank(c) || isLineBreak(c) || c === 34 || c === 35;
}

export const ScopeOperator = createToken({
  name: 'ScopeOperator',
  label: 'a scoping operator',
  pattern: {
    exec: (text, offset, tokens) => {
      const first = last(tokens);
      const before = last(tokens, 2);
      if (!first || (before && before.tokenType !== Newline)) return null;
      if (!tokenMatcher(first, Name) && first.tokenType !== StringLit) return null;
      for (const re of OPERATOR_PATTERNS) {
        re.lastIndex = offset;
        const m = re.exec(text);
        if (m && operatorEndsAt(text, offset + m[0].length)) return match(text, offset, offset + m[0].length);
      }
      return null;
    },
  },
});

/** Values of a clause after its operator: any run of characters up to a blank or a quote. */
export const BareValue = createToken({
  name: 'BareValue',
  label: 'a value',
  pattern: {
    exec: (text, offset, tokens) => {
      const c = text.charCodeAt(offset);
      if (Number.isNaN(c) || c === 34 || c === 35 || isBlank(c) || isLineBreak(c) || startsWord(text, offset, '@graph')) return null;
      let afterOperator = false;
      for (let i = tokens.length - 1; i >= 0; i--) {
        const t = tokens[i].tokenType;
        if (t === ScopeOperator) {
          afterOperator = true;
          break;
        }
        if (t !== BareValue && t !== StringLit && t !== UnterminatedString) break;
      }
      if (!afterOperator) return null;
      let i = offset;
      while (i < text.length) {
        const ch = text.charCodeAt(i);
        if (ch === 34 || isBlank(ch) || isLineBreak(ch)) break;
        i++;
      }
      return match(text, offset, i);
    },
  },
});

export const allTokens: TokenType[] = [
  Newline,
  Blank,
  Comment,
  Expression,
  JsonValue,
  ScopeOperator,
  BareValue,
  Arrow,
  GraphAt,
  RawAt,
  LBrace,
  RBrace,
  StringLit,
  UnterminatedString,
  ...KEYWORDS,
  Name,
];

export const mappingLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  // The custom matchers accept almost any first character, which rules out Chevrotain's
  // first-character optimisation; validations run once, at construction.
  ensureOptimizations: false,
});

export interface MappingLexResult {
  tokens: IToken[];
  comments: IToken[];
  errors: { offset: number; length: number }[];
}

export function lexMapping(text: string): MappingLexResult {
  const r = mappingLexer.tokenize(text);
  return {
    tokens: r.tokens,
    comments: r.groups.comments ?? [],
    errors: r.errors.map((e) => ({ offset: e.offset, length: e.length })),
  };
}
