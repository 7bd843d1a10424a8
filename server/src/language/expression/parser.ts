// Chevrotain parser for the expression language (spec section 2.11), building the AST of ast.ts
// directly (embedded actions: no CST allocation on the hot path). One parser instance per process.
//
// Error tolerance: the grammar itself accepts every token sequence the lexer can produce (missing
// terms, missing commas, missing `)`, stray `)`/`,`, trailing terms, AND/OR words), reporting each
// problem with an exact range and continuing, so one pass finds every syntax error and always
// yields a tree. Chevrotain's own recovery stays enabled: it handles a `(` that follows no name
// (see ExpressionParser).
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

/** The argument list of the call being parsed (the innermost one). */
interface ArgumentList {
  lparen: IToken;
  rparen: IToken | undefined;
  args: Arg[];
  commas: number[];
  /** Where the current slot starts (after `(` or the last `,`). */
  slotStart: number;
  /** The current slot's value, once parsed. */
  value: Expr | null;
}

/** What rules return while Chevrotain records the grammar (never seen by callers). */
const RECORDING = { kind: 'missing', start: -1, end: -1 } as MissingExpr;

/*
 * Speed (issue 2: parse within 8x JSON.parse). Rules run once per term, so:
 * - Everything the rules hand to Chevrotain (OR alternatives, OPTION and MANY bodies) is created
 *   once per parser, not per call; its state lives in fields saved and restored around recursion
 *   or in an ArgumentList. Semantic code runs directly, guarded by RECORDING_PHASE, not in ACTION
 *   closures.
 * - Few rule invocations per term: `condition` has the terms as its own alternatives and parses
 *   calls inline (`callOrWord` and `argumentList` are not rules); `conditionTail` runs only when
 *   a comparison or a word follows.
 *
 * Error recovery stays on, and none of this changes what it does: Chevrotain can only recover in
 * `top` (its repetition is the only one followed by a token, EOF; the end of `top` reports
 * redundant input). In the other rules every CONSUME and OR is guarded by its lookahead, and what
 * follows each repetition in its rule is no token (an OPTION, another repetition, the rule's
 * end), where Chevrotain's in-repetition recovery gives up at once. Keep it so: a repetition
 * followed by a CONSUME would let Chevrotain recover there. A `(` that no rule accepts (one not
 * after a name) ends every rule up to `top`, whose recovery then reports and skips it.
 */
class ExpressionParser extends EmbeddedActionsParser {
  diagnostics: SyntaxDiagnostic[] = [];
  trailing: Expr[] = [];
  private text = '';
  /** Innermost argument list, the left side of the innermost comparison chain, the operand after AND/OR. */
  private list: ArgumentList | undefined;
  private tailValue: Expr = RECORDING;
  private wordValue: Expr = RECORDING;

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  begin(text: string, tokens: IToken[]): void {
    this.text = text;
    this.diagnostics = [];
    this.trailing = [];
    this.unclosed = undefined;
    this.list = undefined;
    this.input = tokens;
  }

  private report(code: string, message: string, start: number, end: number): void {
    this.diagnostics.push({ code, message, start, end });
  }

  /** Unclosed calls (`name`) or parentheses (undefined), by where their `)` is missing. */
  unclosed: Map<number, (string | undefined)[]> | undefined;

  /** EPX004, merged per position in parseExpression (nested unclosed calls end at one place). */
  private reportUnclosed(name: string | undefined, at: number): void {
    this.unclosed ??= new Map();
    const names = this.unclosed.get(at) ?? [];
    names.push(name);
    this.unclosed.set(at, names);
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

  /**
   * condition: term [cmp term] (+ reported extras: comparison chains, AND/OR words), or a
   * comparison with no left term.
   */
  private condition = this.RULE('condition', (): Expr => {
    const left = this.OR(this.conditionAlts);
    if (!this.RECORDING_PHASE) {
      const next = this.LA(1);
      // conditionTail would match nothing: its repetitions would end at once
      if (next.tokenType !== Identifier && !tokenMatcher(next, Comparison)) return left;
    }
    return this.SUBRULE(this.conditionTail, { ARGS: [left] });
  });

  /** A term: a call or a bare word, an attribute, a string, a number, a hex constant. */
  private readonly termAlts: IOrAlt<Expr>[] = [
    { ALT: () => this.callOrWord() },
    { ALT: () => this.parenthesised() },
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
        return this.RECORDING_PHASE ? RECORDING : this.hex(t);
      },
    },
  ];

  private readonly conditionAlts: IOrAlt<Expr>[] = [
    ...this.termAlts,
    {
      // comparison with no left operand: `= "x"`
      ALT: () => {
        let missing = RECORDING;
        if (!this.RECORDING_PHASE) {
          const op = this.LA(1);
          this.report('EPX005', `Expected a value before '${op.image}'.`, op.startOffset, tokenEnd(op));
          missing = this.missingAt(op.startOffset);
        }
        return this.SUBRULE(this.comparisonTail, { ARGS: [missing] });
      },
    },
  ];

  /** { cmp operand } { AND|OR operand { cmp operand } } after a condition's first term. */
  private conditionTail = this.RULE('conditionTail', (left: Expr): Expr => {
    const outer = this.tailValue;
    this.tailValue = left;
    this.MANY(this.comparisons);
    const result = this.tailValue;
    this.tailValue = outer;
    // no word follows: the repetition would match nothing
    if (this.RECORDING_PHASE || this.LA(1).tokenType === Identifier) this.MANY2(this.logicalWords);
    return result;
  });

  private readonly comparisons = (): void => {
    this.tailValue = this.SUBRULE(this.comparisonTail, { ARGS: [this.tailValue] });
  };

  /** A comparison operator, or an AND/OR word (not a call), follows. */
  private readonly tailAhead = (): boolean => {
    const t = this.LA(1);
    if (!tokenMatcher(t, Identifier)) return true;
    return LOGICAL_WORDS.has(t.image.toLowerCase()) && !tokenMatcher(this.LA(2), LParen);
  };

  private readonly logicalWords = {
    GATE: this.tailAhead,
    DEF: (): void => {
      const word = this.CONSUME(Identifier);
      const right = this.OPTION(this.wordOperand);
      if (this.RECORDING_PHASE) return;
      this.report(
        'EPX014',
        `'${word.image}' is not an operator in Entra expressions: there is no AND/OR/NOT. Nest IIF instead, e.g. IIF(cond1, IIF(cond2, "True", "False"), "False") for AND.`,
        word.startOffset,
        tokenEnd(word),
      );
      if (right) this.trailing.push(right);
    },
  };

  /** The operand after an AND/OR word, with its own comparisons. */
  private readonly wordOperand = (): Expr => {
    const outer = this.wordValue;
    this.wordValue = this.SUBRULE(this.operand);
    this.MANY3(this.wordComparisons);
    const right = this.wordValue;
    this.wordValue = outer;
    return right;
  };

  private readonly wordComparisons = (): void => {
    this.wordValue = this.SUBRULE2(this.comparisonTail, { ARGS: [this.wordValue] });
  };

  /** `cmp operand`, appended to the left operand it receives. */
  private comparisonTail = this.RULE('comparisonTail', (left: Expr): Expr => {
    const op = this.CONSUME(Comparison);
    let right = this.OPTION(this.operandOption);
    if (this.RECORDING_PHASE) return RECORDING;
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

  private readonly operandOption = (): Expr => this.SUBRULE(this.operand);

  /** A term, after a comparison operator or an AND/OR word. */
  private operand = this.RULE('operand', (): Expr => this.OR(this.termAlts));

  /**
   * `name [argumentList]`: a call, or a bare word (an error unless vbTextCompare/vbBinaryCompare).
   * Not a rule: its grammar is part of each rule using it (condition, operand).
   */
  private callOrWord(): Expr {
    const id = this.CONSUME(Identifier);
    const list = this.OPTION(this.argumentList);
    if (this.RECORDING_PHASE) return RECORDING;
    const start = id.startOffset;
    if (list) {
      const { lparen, rparen, args, commas } = list;
      const v = list.value;
      let end: number;
      if (rparen) {
        end = tokenEnd(rparen);
        if (args.length > 0 || v) args.push(this.slot(v, list.slotStart, rparen.startOffset));
      } else {
        const last = this.lastConsumedEnd(tokenEnd(lparen));
        end = last;
        if (args.length > 0 || v) args.push(this.slot(v, list.slotStart, last));
        this.reportUnclosed(id.image, last);
      }
      const call: CallExpr = {
        kind: 'call',
        name: id.image,
        nameSpan: { start, end: tokenEnd(id) },
        lparen: lparen.startOffset,
        rparen: rparen ? rparen.startOffset : undefined,
        commas,
        args,
        start,
        end,
      };
      return call;
    }
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
  }

  /**
   * `( condition )` with no function name before it: Entra expressions have no grouping
   * parentheses. Reported (EPX017), and the content is kept as the term so the rest of the
   * expression still parses and editor features see it. Not a rule (see callOrWord); its DSL
   * indices (CONSUME2, OPTION5/6, SUBRULE4) differ from argumentList's.
   */
  private parenthesised(): Expr {
    const lparen = this.CONSUME2(LParen);
    const inner = this.OPTION5(this.groupedCondition);
    const rparen = this.OPTION6(this.closeGroup);
    if (this.RECORDING_PHASE) return RECORDING;
    const end = rparen ? tokenEnd(rparen) : inner ? inner.end : tokenEnd(lparen);
    this.report(
      'EPX017',
      inner
        ? "Parentheses must follow a function name: Entra expressions do not group terms with '(' ')'. Remove them."
        : "Parentheses must follow a function name: write the function's name before '('.",
      lparen.startOffset,
      end,
    );
    if (inner && !rparen) {
      this.reportUnclosed(undefined, inner.end);
    }
    return inner ?? this.missingAt(tokenEnd(lparen));
  }

  private readonly groupedCondition = (): Expr => this.SUBRULE4(this.condition);

  private readonly closeGroup = (): IToken => this.CONSUME2(RParen);

  /** `( [condition] { , [condition] | condition } [)]`: a call's argument list. */
  private readonly argumentList = (): ArgumentList => {
    const lparen = this.CONSUME(LParen);
    const list: ArgumentList = { lparen, rparen: undefined, args: [], commas: [], slotStart: tokenEnd(lparen), value: null };
    const outer = this.list;
    this.list = list;
    try {
      this.OPTION2(this.firstArgument);
      this.MANY(this.nextArgument);
      list.rparen = this.OPTION4(this.closeParen);
    } finally {
      this.list = outer;
    }
    return list;
  };

  private readonly firstArgument = (): void => {
    (this.list as ArgumentList).value = this.SUBRULE(this.condition);
  };

  // OR2: the rules using argumentList (condition, operand) have an OR of their own
  private readonly nextArgument = (): void => {
    this.OR2(this.argumentAlts);
  };

  private readonly argumentAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const c = this.CONSUME(Comma);
        if (!this.RECORDING_PHASE) {
          const list = this.list as ArgumentList;
          list.args.push(this.slot(list.value, list.slotStart, c.startOffset));
          list.commas.push(c.startOffset);
          list.slotStart = tokenEnd(c);
          list.value = null;
        }
        this.OPTION3(this.commaArgument);
      },
    },
    {
      // a term where `,` or `)` belongs: report the missing comma and keep parsing
      ALT: () => {
        const list = this.list as ArgumentList;
        if (!this.RECORDING_PHASE) {
          const next = this.LA(1);
          this.report('EPX015', `Expected ',' or ')' before ${describe(next)}.`, next.startOffset, tokenEnd(next));
          list.args.push(this.slot(list.value, list.slotStart, next.startOffset));
          list.slotStart = next.startOffset;
        }
        list.value = this.SUBRULE3(this.condition);
      },
    },
  ];

  private readonly commaArgument = (): void => {
    (this.list as ArgumentList).value = this.SUBRULE2(this.condition);
  };

  private readonly closeParen = (): IToken => this.CONSUME(RParen);

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
    if (this.RECORDING_PHASE) return RECORDING;
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
  }

  private string(t: IToken, closed: boolean): Expr {
    if (this.RECORDING_PHASE) return RECORDING;
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
  let tooDeep = false;
  for (let i = 0; i < tokens.length && !tooDeep; i++) {
    const type = tokens[i].tokenType;
    if (type === LParen) tooDeep = ++depth > MAX_NESTING;
    else if (type === RParen && depth > 0) depth--;
  }
  if (!tooDeep) return tokens;
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

/** Token kinds by Chevrotain token type index (tokenTypeIdx). */
const TOKEN_KINDS: TokenKind[] = [];
for (const [type, kind] of [
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
] as [TokenType, TokenKind][]) {
  TOKEN_KINDS[type.tokenTypeIdx as number] = kind;
}

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
  diagnostics.push(...parser.diagnostics);
  // Unclosed calls nested in each other all end at the same place: one diagnostic says it.
  for (const [at, names] of parser.unclosed ?? []) {
    const what = (n: string | undefined) => (n === undefined ? "the parenthesis '('" : `the call to ${n}`);
    const message =
      names.length === 1
        ? `Missing ')' to close ${what(names[0])}.`
        : `Missing ${names.length} ')' to close ${names.includes(undefined) ? '' : 'the calls to '}${names
            .reverse()
            .map((n) => (n === undefined ? "'('" : n))
            .join(', ')}.`;
    diagnostics.push({ code: 'EPX004', message, start: at, end: at });
  }
  for (const e of parser.errors) {
    // Chevrotain's recovery (only for a `(` no rule accepts, see ExpressionParser): still an exact range.
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

  if (diagnostics.length > 1) diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);

  const result = resultOf(text, expr, diagnostics, lexed.tokens, invalid);
  if (parser.trailing.length) result.trailing = parser.trailing.slice();
  return result;
}

/** Where a result keeps what its `tokens` getter needs (a symbol key, not enumerable). */
const LEXED = Symbol('lexed');

interface Lexed {
  lexed: IToken[];
  invalid: Token[];
  tokens?: Token[];
}

// `tokens` is built on first use: most callers (evaluation, checks) never look at tokens. One
// getter serves every result, reading what it needs from the result itself. A getter written in
// the result's object literal (a new closure per parse, holding the tokens) made V8 keep every
// parse's tokens and strings past young-generation collections, to be freed only by full ones:
// a quarter of the parse benchmark's time was garbage collection.
const TOKENS: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: { [LEXED]: Lexed }): Token[] {
    const l = this[LEXED];
    return (l.tokens ??= classifyTokens(l.lexed, l.invalid));
  },
};

function resultOf(text: string, expr: Expr | null, errors: SyntaxDiagnostic[], lexed: IToken[], invalid: Token[]): ParseResult {
  const result = { text, expr, errors } as ParseResult;
  Object.defineProperty(result, 'tokens', TOKENS);
  Object.defineProperty(result, LEXED, { value: { lexed, invalid } satisfies Lexed });
  return result;
}

function classifyTokens(lt: IToken[], invalid: Token[]): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < lt.length; i++) {
    const t = lt[i];
    let kind = TOKEN_KINDS[t.tokenTypeIdx] ?? 'invalid';
    if (kind === 'identifier' && i + 1 < lt.length && lt[i + 1].tokenType === LParen) kind = 'function';
    tokens.push({ kind, start: t.startOffset, end: tokenEnd(t) });
  }
  if (invalid.length) {
    tokens.push(...invalid);
    tokens.sort((a, b) => a.start - b.start);
  }
  return tokens;
}
