// Chevrotain parser for the expression language (spec section 2.11), building the AST of ast.ts
// directly (embedded actions: no CST allocation on the hot path). One parser instance per process.
//
// Error tolerance: the grammar itself accepts every token sequence the lexer can produce (missing
// terms, missing commas, missing `)`, stray `)`/`,`, trailing terms, AND/OR words), reporting each
// problem with an exact range and continuing, so one pass finds every syntax error and always
// yields a tree. Chevrotain's own recovery stays enabled as a safety net.
import { EmbeddedActionsParser, IOrAlt, IToken, tokenMatcher, TokenType } from 'chevrotain';
import {
  allTokens,
  Attribute,
  Comma,
  Comparison,
  HexNumber,
  Identifier,
  lexExpression,
  LParen,
  NumberLiteral,
  RParen,
  StringLiteral,
  UnterminatedAttribute,
  UnterminatedString,
  Equal,
  NotEqual,
  Greater,
  GreaterEqual,
  Less,
  LessEqual,
} from './lexer';
import type {
  Arg,
  AttributeExpr,
  CallExpr,
  ComparisonExpr,
  ComparisonOperator,
  Expr,
  MissingExpr,
  ParseResult,
  StringExpr,
  SyntaxDiagnostic,
  Token,
  TokenKind,
} from './ast';

/** Longest expression Entra accepts (known issues page). */
export const MAX_EXPRESSION_LENGTH = 10_000;

/**
 * Deepest function nesting we parse. Entra documents no limit besides the 10,000 characters;
 * real expressions nest a handful of levels. Deeper input is reported (EPX016) and its
 * over-deep part skipped, so the recursive-descent parser never runs out of stack.
 */
export const MAX_NESTING = 200;

const ENUM_WORDS = new Set(['vbtextcompare', 'vbbinarycompare']);
const LOGICAL_WORDS = new Set(['and', 'or', 'andalso', 'orelse', 'not', 'xor']);

const tokenEnd = (t: IToken) => t.startOffset + t.image.length;

function comparisonOp(t: IToken): ComparisonOperator {
  const type = t.tokenType;
  if (type === NotEqual) return '<>';
  if (type === GreaterEqual) return '>=';
  if (type === LessEqual) return '<=';
  if (type === Greater) return '>';
  if (type === Less) return '<';
  return '=';
}

/** Describes a token for messages: `')'`, `"[mail]"`, `end of expression`. */
function describe(t: IToken | undefined): string {
  if (!t || t.tokenType.name === 'EOF') return 'the end of the expression';
  const image = t.image.length > 40 ? `${t.image.slice(0, 37)}...` : t.image;
  return `'${image}'`;
}

class ExpressionParser extends EmbeddedActionsParser {
  diagnostics: SyntaxDiagnostic[] = [];
  trailing: Expr[] = [];
  private text = '';

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  begin(text: string, tokens: IToken[]): void {
    this.text = text;
    this.diagnostics = [];
    this.trailing = [];
    this.input = tokens;
  }

  private report(code: string, message: string, start: number, end: number): void {
    this.diagnostics.push({ code, message, start, end });
  }

  /** expression: the first condition; anything after it is reported and kept in `trailing`. */
  public top = this.RULE('top', (): Expr | null => {
    let first: Expr | null = null;
    let haveFirst = false;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const e = this.SUBRULE(this.condition);
            this.ACTION(() => {
              const node = e ?? this.missingAt(this.text.length);
              if (!haveFirst) {
                first = node;
                haveFirst = true;
              } else {
                this.trailing.push(node);
                this.report(
                  'EPX006',
                  'Unexpected text after the expression: an expression is a single term. Combine values with a function such as Join(...) or Append(...).',
                  node.start,
                  node.end,
                );
              }
            });
          },
        },
        {
          ALT: () => {
            const t = this.OR2([{ ALT: () => this.CONSUME(RParen) }, { ALT: () => this.CONSUME(Comma) }]);
            this.ACTION(() => {
              const what = t.image === ')' ? "')' without a matching '('" : "',' outside a function's argument list";
              this.report('EPX006', `Unexpected ${what}.`, t.startOffset, tokenEnd(t));
            });
          },
        },
      ]);
    });
    return first;
  });

  // Alternatives arrays are built once and reused (their closures use only `this`): allocating
  // them on every call is the main cost of a Chevrotain OR.
  private conditionAlts: IOrAlt<Expr>[] | undefined;
  private operandAlts: IOrAlt<Expr>[] | undefined;

  /** A comparison operator, or an AND/OR word (not a call), follows. */
  private readonly tailAhead = (): boolean => {
    const t = this.LA(1);
    if (!tokenMatcher(t, Identifier)) return true;
    return LOGICAL_WORDS.has(t.image.toLowerCase()) && !tokenMatcher(this.LA(2), LParen);
  };

  /**
   * condition: operand [cmp operand] (+ reported extras: comparison chains, AND/OR words).
   * A plain argument costs one OR and one gated OPTION; the tail rule runs only when needed.
   */
  private condition = this.RULE('condition', (): Expr => {
    const left = this.OR(
      (this.conditionAlts ??= [
        { ALT: () => this.SUBRULE(this.operand) },
        {
          // comparison with no left operand: `= "x"`
          ALT: () => {
            const op = this.LA(1);
            const missing = this.ACTION(() => {
              this.report('EPX005', `Expected a value before '${op.image}'.`, op.startOffset, tokenEnd(op));
              return this.missingAt(op.startOffset);
            });
            return this.SUBRULE(this.comparisonTail, { ARGS: [missing] });
          },
        },
      ]),
    );
    const result = this.SUBRULE(this.conditionTail, { ARGS: [left] });
    return result;
  });

  /** { cmp operand } { AND|OR operand { cmp operand } } after a condition's first operand. */
  private conditionTail = this.RULE('conditionTail', (left: Expr): Expr => {
    let result = left;
    this.MANY(() => {
      result = this.SUBRULE(this.comparisonTail, { ARGS: [result] });
    });
    this.MANY2({
      GATE: this.tailAhead,
      DEF: () => {
        const word = this.CONSUME(Identifier);
        let right: Expr | undefined;
        this.OPTION(() => {
          right = this.SUBRULE(this.operand);
          this.MANY3(() => {
            right = this.SUBRULE2(this.comparisonTail, { ARGS: [right as Expr] });
          });
        });
        this.ACTION(() => {
          this.report(
            'EPX014',
            `'${word.image}' is not an operator in Entra expressions: there is no AND/OR/NOT. Nest IIF instead, e.g. IIF(cond1, IIF(cond2, "True", "False"), "False") for AND.`,
            word.startOffset,
            tokenEnd(word),
          );
          if (right) this.trailing.push(right);
        });
      },
    });
    return result;
  });

  /** `cmp operand`, appended to the left operand it receives. */
  private comparisonTail = this.RULE('comparisonTail', (left: Expr): Expr => {
    const op = this.CONSUME(Comparison);
    let right: Expr | undefined;
    this.OPTION(() => {
      right = this.SUBRULE(this.operand);
    });
    return this.ACTION(() => {
      const opEnd = tokenEnd(op);
      if (!right) {
        right = this.missingAt(opEnd);
        this.report('EPX005', `Expected a value after '${op.image}', found ${describe(this.LA(1))}.`, op.startOffset, opEnd);
      }
      if (left.kind === 'comparison') {
        this.report(
          'EPX011',
          'Only one comparison is allowed in a condition; nest IIF for more than one test.',
          op.startOffset,
          opEnd,
        );
      }
      const node: ComparisonExpr = {
        kind: 'comparison',
        op: comparisonOp(op),
        opSpan: { start: op.startOffset, end: opEnd },
        left,
        right,
        start: Math.min(left.start, op.startOffset),
        end: Math.max(right.end, opEnd),
      };
      return node;
    });
  });

  private operand = this.RULE('operand', (): Expr => {
    return this.OR((this.operandAlts ??= [
      { ALT: () => this.SUBRULE(this.callOrWord) },
      { ALT: () => this.attribute(this.CONSUME(Attribute), true) },
      { ALT: () => this.attribute(this.CONSUME(UnterminatedAttribute), false) },
      { ALT: () => this.string(this.CONSUME(StringLiteral), true) },
      { ALT: () => this.string(this.CONSUME(UnterminatedString), false) },
      {
        ALT: () => {
          const t = this.CONSUME(NumberLiteral);
          return { kind: 'number', text: t.image, start: t.startOffset, end: tokenEnd(t) } as Expr;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(HexNumber);
          return this.ACTION(() => this.hex(t));
        },
      },
    ]));
  });

  private callOrWord = this.RULE('callOrWord', (): Expr => {
    const id = this.CONSUME(Identifier);
    let call: CallExpr | undefined;
    this.OPTION(() => {
      const lp = this.CONSUME(LParen);
      const args: Arg[] = [];
      const commas: number[] = [];
      let slotStart = tokenEnd(lp);
      let value: Expr | null = null;
      this.OPTION2(() => {
        value = this.SUBRULE(this.condition);
      });
      this.MANY(() => {
        this.OR([
          {
            ALT: () => {
              const c = this.CONSUME(Comma);
              this.ACTION(() => {
                args.push(this.slot(value, slotStart, c.startOffset));
                commas.push(c.startOffset);
                slotStart = tokenEnd(c);
                value = null;
              });
              this.OPTION3(() => {
                value = this.SUBRULE2(this.condition);
              });
            },
          },
          {
            // a term where `,` or `)` belongs: report the missing comma and keep parsing
            ALT: () => {
              const next = this.LA(1);
              this.ACTION(() => {
                this.report('EPX015', `Expected ',' or ')' before ${describe(next)}.`, next.startOffset, tokenEnd(next));
                args.push(this.slot(value, slotStart, next.startOffset));
                slotStart = next.startOffset;
              });
              value = this.SUBRULE3(this.condition);
            },
          },
        ]);
      });
      let rp: IToken | undefined;
      this.OPTION4(() => {
        rp = this.CONSUME(RParen);
      });
      this.ACTION(() => {
        const v = value as Expr | null;
        let end: number;
        if (rp) {
          end = tokenEnd(rp);
          if (args.length > 0 || v) args.push(this.slot(v, slotStart, rp.startOffset));
        } else {
          const last = this.lastConsumedEnd(tokenEnd(lp));
          end = last;
          if (args.length > 0 || v) args.push(this.slot(v, slotStart, last));
          this.report('EPX004', `Missing ')' to close the call to ${id.image}.`, last, last);
        }
        call = {
          kind: 'call',
          name: id.image,
          nameSpan: { start: id.startOffset, end: tokenEnd(id) },
          lparen: lp.startOffset,
          rparen: rp ? rp.startOffset : undefined,
          commas,
          args,
          start: id.startOffset,
          end,
        };
      });
    });
    return this.ACTION(() => {
      if (call) return call;
      const start = id.startOffset;
      const end = tokenEnd(id);
      const lower = id.image.toLowerCase();
      if (!ENUM_WORDS.has(lower)) {
        if (lower === 'true' || lower === 'false') {
          const fixed = lower === 'true' ? 'True' : 'False';
          this.report(
            'EPX010',
            `'${id.image}' is not a value: Entra has no boolean literals. Write the string "${fixed}".`,
            start,
            end,
          );
        } else if (lower === 'null' || lower === 'nothing' || lower === 'empty') {
          this.report(
            'EPX010',
            `'${id.image}' is not a value: Entra expressions have no null literal. Test with IsNull()/IsNullOrEmpty(), or use "" for an empty string.`,
            start,
            end,
          );
        } else {
          this.report(
            'EPX010',
            `'${id.image}' is not a value. Attribute references need brackets ([${id.image}]), text needs quotes ("${id.image}"), and a function call needs parentheses.`,
            start,
            end,
          );
        }
      }
      return { kind: 'identifier', name: id.image, start, end };
    });
  });

  // ---- node builders (only called inside ACTION or with real tokens) ------------------------

  private slot(value: Expr | null, gapStart: number, gapEnd: number): Arg {
    if (value) return { value, start: value.start, end: value.end };
    return { value: null, start: gapStart, end: Math.max(gapStart, gapEnd) };
  }

  private missingAt(offset: number): MissingExpr {
    return { kind: 'missing', start: offset, end: offset };
  }

  private lastConsumedEnd(fallback: number): number {
    const prev = this.LA(0);
    return prev && prev.image !== undefined && !Number.isNaN(prev.startOffset) ? tokenEnd(prev) : fallback;
  }

  private attribute(t: IToken, closed: boolean): Expr {
    return this.ACTION(() => {
      const start = t.startOffset;
      const end = tokenEnd(t);
      const nameEnd = closed ? end - 1 : end;
      const name = t.image.slice(1, closed ? -1 : undefined);
      const node: AttributeExpr = { kind: 'attribute', name, nameSpan: { start: start + 1, end: nameEnd }, closed, start, end };
      if (!closed) {
        this.report('EPX003', `Missing ']' to close the attribute reference [${name}.`, start, end);
      } else if (name.trim() === '') {
        this.report('EPX013', 'Empty attribute name: write the source attribute between the brackets, e.g. [mail].', start, end);
      } else if (name !== name.trim()) {
        this.report(
          'EPX012',
          `Spaces inside the brackets are part of the name: did you mean [${name.trim()}]?`,
          start,
          end,
        );
      }
      return node;
    });
  }

  private string(t: IToken, closed: boolean): Expr {
    return this.ACTION(() => {
      const start = t.startOffset;
      const raw = t.image;
      const bodyEnd = closed ? raw.length - 1 : raw.length;
      let value = '';
      const unknownEscapes: { start: number; end: number }[] = [];
      let i = 1;
      let chunk = 1;
      while (i < bodyEnd) {
        if (raw.charCodeAt(i) === 92 /* \ */ && i + 1 < bodyEnd) {
          const next = raw[i + 1];
          if (next === '"' || next === '\\') {
            value += raw.slice(chunk, i) + next;
          } else {
            // kept verbatim, both characters (spec 2.5)
            value += raw.slice(chunk, i + 2);
            unknownEscapes.push({ start: start + i, end: start + i + 2 });
            this.report(
              'EPX009',
              `Unknown escape '\\${next}': only \\" and \\\\ are escapes; the backslash is kept as text. Write '\\\\${next}' if you mean a backslash (for example in a regular expression).`,
              start + i,
              start + i + 2,
            );
          }
          i += 2;
          chunk = i;
        } else {
          i++;
        }
      }
      value += raw.slice(chunk, bodyEnd);
      if (!closed) {
        this.report('EPX002', 'Unterminated string constant: add the closing double quote.', start, start + raw.length);
      }
      const node: StringExpr = { kind: 'string', value, closed, unknownEscapes, start, end: start + raw.length };
      return node;
    });
  }

  private hex(t: IToken): Expr {
    const digits = t.image.slice(2);
    if (digits.length === 0) {
      this.report('EPX001', "A hex constant needs digits after '&H', e.g. &HFF.", t.startOffset, tokenEnd(t));
    }
    return {
      kind: 'hex',
      text: t.image,
      value: digits.length ? BigInt(`0x${digits}`) : 0n,
      start: t.startOffset,
      end: tokenEnd(t),
    };
  }
}

const parser = new ExpressionParser();

/** Hints for characters people paste or type from other languages. */
function unexpectedCharacterMessage(text: string): string {
  const ch = text[0];
  const shown = JSON.stringify(text.length > 20 ? `${text.slice(0, 17)}...` : text);
  switch (ch) {
    case '!':
      return `Unexpected character ${shown}: write <> for "not equal".`;
    case '&':
    case '|':
      return `Unexpected character ${shown}: there are no AND/OR operators; nest IIF, and use Join(...) to concatenate text.`;
    case '+':
      return `Unexpected character ${shown}: use Join("", a, b) or Append(a, b) to concatenate text.`;
    case "'":
      return `Unexpected character ${shown}: string constants use double quotes.`;
    case '\u201c':
    case '\u201d':
    case '\u2018':
    case '\u2019':
      return `Unexpected typographic quote ${shown}: replace it with a plain double quote (").`;
    case '\u00a0':
      return 'Unexpected non-breaking space: replace it with a plain space.';
    default:
      return `Unexpected character ${shown}.`;
  }
}

/** Drops the tokens nested deeper than MAX_NESTING (reporting each skipped region once). */
function limitNesting(tokens: IToken[], diagnostics: SyntaxDiagnostic[]): IToken[] {
  let depth = 0;
  let max = 0;
  for (const t of tokens) {
    if (t.tokenType === LParen) max = Math.max(max, ++depth);
    else if (t.tokenType === RParen && depth > 0) depth--;
  }
  if (max <= MAX_NESTING) return tokens;
  const kept: IToken[] = [];
  depth = 0;
  let skipFrom = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (skipFrom >= 0) {
      if (t.tokenType === LParen) depth++;
      else if (t.tokenType === RParen) depth--;
      if (depth === MAX_NESTING || i === tokens.length - 1) {
        diagnostics.push({
          code: 'EPX016',
          message: `Functions are nested more than ${MAX_NESTING} levels deep; this part was not analysed.`,
          start: tokens[skipFrom].startOffset,
          end: tokenEnd(t),
        });
        skipFrom = -1;
      }
      continue;
    }
    if (t.tokenType === LParen && depth === MAX_NESTING) {
      // skip from the function name owning this parenthesis
      const ownerIsName = kept.length > 0 && kept[kept.length - 1].tokenType === Identifier;
      skipFrom = ownerIsName ? i - 1 : i;
      if (ownerIsName) kept.pop();
      depth++;
      if (i === tokens.length - 1) {
        diagnostics.push({
          code: 'EPX016',
          message: `Functions are nested more than ${MAX_NESTING} levels deep; this part was not analysed.`,
          start: tokens[skipFrom].startOffset,
          end: tokenEnd(t),
        });
      }
      continue;
    }
    if (t.tokenType === LParen) depth++;
    else if (t.tokenType === RParen && depth > 0) depth--;
    kept.push(t);
  }
  return kept;
}

const TOKEN_KINDS = new Map<TokenType, TokenKind>([
  [Identifier, 'identifier'],
  [Attribute, 'attribute'],
  [UnterminatedAttribute, 'attribute'],
  [StringLiteral, 'string'],
  [UnterminatedString, 'string'],
  [NumberLiteral, 'number'],
  [HexNumber, 'hex'],
  [LParen, 'lparen'],
  [RParen, 'rparen'],
  [Comma, 'comma'],
  [Equal, 'operator'],
  [NotEqual, 'operator'],
  [Greater, 'operator'],
  [GreaterEqual, 'operator'],
  [Less, 'operator'],
  [LessEqual, 'operator'],
]);

/**
 * Parses one expression. Never throws: every syntax problem is a diagnostic with an exact range,
 * and the tree is as complete as the input allows.
 */
export function parseExpression(text: string): ParseResult {
  const lexed = lexExpression(text);
  const diagnostics: SyntaxDiagnostic[] = [];
  const invalid: Token[] = [];
  for (const e of lexed.errors) {
    // Chevrotain reports one error per run of unlexable characters.
    const start = e.offset;
    const end = e.offset + e.length;
    diagnostics.push({ code: 'EPX001', message: unexpectedCharacterMessage(text.slice(start, end)), start, end });
    invalid.push({ kind: 'invalid', start, end });
  }

  parser.begin(text, limitNesting(lexed.tokens, diagnostics));
  let expr: Expr | null = null;
  try {
    expr = parser.top() ?? null;
  } catch (err) {
    // The grammar accepts every token sequence; this is a defect, but the user still gets a result.
    diagnostics.push({ code: 'EPX001', message: `Could not parse the expression (${String(err)}).`, start: 0, end: text.length });
  }
  // Unclosed calls nested in each other all end at the same place: one diagnostic says it.
  const missingParens = new Map<number, string[]>();
  for (const d of parser.diagnostics) {
    if (d.code !== 'EPX004') {
      diagnostics.push(d);
      continue;
    }
    const names = missingParens.get(d.start) ?? [];
    names.push(d.message.slice(d.message.lastIndexOf(' ') + 1, -1));
    missingParens.set(d.start, names);
  }
  for (const [at, names] of missingParens) {
    const message =
      names.length === 1
        ? `Missing ')' to close the call to ${names[0]}.`
        : `Missing ${names.length} ')' to close the calls to ${names.reverse().join(', ')}.`;
    diagnostics.push({ code: 'EPX004', message, start: at, end: at });
  }
  for (const e of parser.errors) {
    // Chevrotain recovery (should not happen with this grammar): still an exact range.
    const t = e.token;
    const start = Number.isNaN(t.startOffset) ? text.length : t.startOffset;
    const end = Number.isNaN(t.startOffset) ? text.length : tokenEnd(t);
    diagnostics.push({ code: 'EPX005', message: e.message, start, end });
  }

  if (text.trim() === '') {
    const trimmedStart = text.length - text.trimStart().length;
    diagnostics.push({
      code: 'EPX007',
      message: 'Empty expression: write an attribute reference, a string constant or a function call.',
      start: Math.min(trimmedStart, text.length),
      end: text.length,
    });
  }
  if (text.length > MAX_EXPRESSION_LENGTH) {
    diagnostics.push({
      code: 'EPX008',
      message: `The expression is ${text.length.toLocaleString('en-US')} characters long; Entra accepts at most 10,000.`,
      start: MAX_EXPRESSION_LENGTH,
      end: text.length,
    });
  }

  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);

  const lexedTokens = lexed.tokens;
  let tokens: Token[] | undefined;
  const result: ParseResult = {
    text,
    expr,
    errors: diagnostics,
    // Built on first use: most callers (evaluation, checks) never look at tokens.
    get tokens(): Token[] {
      return (tokens ??= classifyTokens(lexedTokens, invalid));
    },
  };
  if (parser.trailing.length) result.trailing = parser.trailing.slice();
  return result;
}

function classifyTokens(lt: IToken[], invalid: Token[]): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < lt.length; i++) {
    const t = lt[i];
    let kind = TOKEN_KINDS.get(t.tokenType) ?? 'invalid';
    if (kind === 'identifier' && i + 1 < lt.length && lt[i + 1].tokenType === LParen) kind = 'function';
    tokens.push({ kind, start: t.startOffset, end: tokenEnd(t) });
  }
  if (invalid.length) {
    tokens.push(...invalid);
    tokens.sort((a, b) => a.start - b.start);
  }
  return tokens;
}
