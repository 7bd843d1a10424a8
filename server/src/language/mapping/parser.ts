// Chevrotain parser of .entramap statements. A file is a sequence of logical lines (an
// expression or a JSON value may span several physical lines but is one token); each line is one
// statement, parsed on its own by the rule its first tokens select, so a mistake never spreads
// beyond its line. Block structure (`{` ... `}`) is handled by build.ts. One parser instance per
// process, error recovery on.
import { EmbeddedActionsParser, EOF, IToken, TokenType } from 'chevrotain';
import type { Range } from '../../model/positions';
import {
  Actions,
  allTokens,
  App,
  Apply,
  Arrow,
  BareValue,
  Category,
  Default,
  Editable,
  Enabled,
  Expression,
  Filter,
  Flow,
  GraphAt,
  Id,
  Input,
  JsonValue,
  LBrace,
  Mapping,
  Match,
  Metadata,
  Name,
  None,
  On,
  Priority,
  RawAt,
  RBrace,
  Rule,
  Schema,
  ScopeKw,
  ScopeOperator,
  Source,
  StringLit,
  Target,
  Template,
  UnterminatedString,
} from './lexer';
import { decodeString } from './scan';

export interface ValueTok {
  /** Decoded text (strings unquoted and unescaped). */
  text: string;
  range: Range;
  kind: 'string' | 'name' | 'bare';
  /** False for an unterminated string. */
  closed: boolean;
}

export interface JsonTok {
  text: string;
  range: Range;
}

export type BlockKind = 'rule' | 'mapping' | 'scope' | 'filter';

export interface OpenStmt {
  kind: 'open';
  block: BlockKind;
  /** For filters: which Graph list (`input filter`, `category filter`). */
  list?: 'groups' | 'inputFilterGroups' | 'categoryFilterGroups';
  keyword: Range;
  name?: ValueTok;
  /** `{` on the line; `{ }` opens and closes at once. */
  brace: 'none' | 'open' | 'openClose';
  braceRange?: Range;
}

export type PropertyKey = 'source' | 'target' | 'id' | 'priority' | 'editable' | 'enabled' | 'actions' | 'metadata';

export interface OptionTok {
  kind: 'default' | 'match' | 'on' | 'apply' | 'flow';
  range: Range;
  keyword: Range;
  value?: ValueTok;
}

export type Stmt =
  | { kind: 'app'; keyword: Range; name?: ValueTok; options: { kind: 'template' | 'schema'; keyword: Range; value?: ValueTok }[] }
  | OpenStmt
  | { kind: 'close'; range: Range }
  | { kind: 'lbrace'; range: Range; closed: boolean }
  | { kind: 'annotation'; raw: boolean; keyword: Range; json?: JsonTok }
  | { kind: 'property'; key: PropertyKey; keyword: Range; values: ValueTok[] }
  | {
      kind: 'attribute';
      target?: ValueTok;
      arrow?: Range;
      source?: { kind: 'none'; range: Range } | { kind: 'expression'; text: string; range: Range };
      options: OptionTok[];
      annotation?: { keyword: Range; json?: JsonTok };
    }
  | {
      kind: 'clause';
      attribute?: ValueTok;
      operator?: { text: string; range: Range; quoted: boolean };
      values: ValueTok[];
      annotation?: { keyword: Range; json?: JsonTok };
    };

export interface LineParse {
  stmt: Stmt | undefined;
  errors: { message: string; range: Range }[];
}

// Rules run once with placeholder tokens while Chevrotain records the grammar; these helpers
// tolerate them (the results of that run are discarded).
const end = (t: IToken) => t.startOffset + (t.image ?? '').length;
const rangeOf = (t: IToken): Range => ({ start: t.startOffset, end: end(t) });
const real = (t: IToken | undefined): t is IToken =>
  !!t && typeof t.image === 'string' && !t.isInsertedInRecovery && t.tokenType !== EOF && !Number.isNaN(t.startOffset);
const typeOf = (t: IToken | undefined): TokenType | undefined => t?.tokenType;
const keyOf = (t: IToken | undefined): string => (typeOf(t)?.name ?? '').slice(3);

function valueOf(t: IToken): ValueTok {
  if (t.tokenType === StringLit) {
    return { text: decodeString(t.image.slice(1, -1)), range: rangeOf(t), kind: 'string', closed: true };
  }
  if (t.tokenType === UnterminatedString) {
    return { text: decodeString(t.image.slice(1)), range: rangeOf(t), kind: 'string', closed: false };
  }
  return { text: t.image, range: rangeOf(t), kind: t.tokenType === BareValue ? 'bare' : 'name', closed: true };
}

const LABELS = new Map<TokenType, string>(allTokens.map((t) => [t, t.LABEL ?? t.name]));
function describeType(t: TokenType): string {
  if (t === EOF) return 'the end of the line';
  return LABELS.get(t) ?? t.name;
}
function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF) return 'the end of the line';
  const image = t.image.length > 30 ? `${t.image.slice(0, 27)}...` : t.image;
  return `'${image.replace(/\r?\n[\s\S]*/, '...')}'`;
}

class MappingParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: {
        buildMismatchTokenMessage: ({ expected, actual }) => `Expected ${describeType(expected)}, found ${describeToken(actual)}.`,
        buildNotAllInputParsedMessage: ({ firstRedundant }) => `Unexpected ${describeToken(firstRedundant)}.`,
        buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) => {
          const first = new Set<string>();
          for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) first.add(describeType(path[0]));
          return `Expected ${[...first].join(' or ')}, found ${describeToken(actual[0])}.`;
        },
        buildEarlyExitMessage: ({ expectedIterationPaths, actual }) => {
          const first = new Set<string>();
          for (const path of expectedIterationPaths) if (path[0]) first.add(describeType(path[0]));
          return `Expected ${[...first].join(' or ')}, found ${describeToken(actual[0])}.`;
        },
      },
    });
    this.performSelfAnalysis();
  }

  private value = this.RULE('value', (): ValueTok | undefined => {
    const t = this.OR([
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(UnterminatedString) },
      { ALT: () => this.CONSUME(Name) },
    ]);
    return real(t) ? valueOf(t) : undefined;
  });

  private clauseValue = this.RULE('clauseValue', (): ValueTok | undefined => {
    const t = this.OR([
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(UnterminatedString) },
      { ALT: () => this.CONSUME(BareValue) },
      { ALT: () => this.CONSUME(Name) },
    ]);
    return real(t) ? valueOf(t) : undefined;
  });

  private trailingAnnotation = this.RULE('trailingAnnotation', () => {
    const kw = this.CONSUME(GraphAt);
    let json: JsonTok | undefined;
    this.OPTION(() => {
      const j = this.CONSUME(JsonValue);
      if (real(j)) json = { text: j.image, range: rangeOf(j) };
    });
    return { keyword: rangeOf(kw), json };
  });

  appLine = this.RULE('appLine', (): Stmt => {
    const kw = this.CONSUME(App);
    const name = this.OPTION(() => this.SUBRULE(this.value));
    const options: { kind: 'template' | 'schema'; keyword: Range; value?: ValueTok }[] = [];
    this.MANY(() => {
      const k = this.OR([{ ALT: () => this.CONSUME(Template) }, { ALT: () => this.CONSUME(Schema) }]);
      const v = this.SUBRULE2(this.value);
      if (real(k)) options.push({ kind: typeOf(k) === Template ? 'template' : 'schema', keyword: rangeOf(k), value: v });
    });
    return { kind: 'app', keyword: rangeOf(kw), name: name ?? undefined, options };
  });

  private braces = this.RULE('braces', () => {
    let brace: OpenStmt['brace'] = 'none';
    let braceRange: Range | undefined;
    this.OPTION(() => {
      const l = this.CONSUME(LBrace);
      brace = 'open';
      braceRange = real(l) ? rangeOf(l) : undefined;
      this.OPTION2(() => {
        this.CONSUME(RBrace);
        brace = 'openClose';
      });
    });
    return { brace, braceRange };
  });

  blockLine = this.RULE('blockLine', (): Stmt => {
    const kw = this.OR([
      { ALT: () => this.CONSUME(Rule) },
      { ALT: () => this.CONSUME(Mapping) },
      { ALT: () => this.CONSUME(ScopeKw) },
    ]);
    const block: BlockKind = typeOf(kw) === Rule ? 'rule' : typeOf(kw) === Mapping ? 'mapping' : 'scope';
    let name: ValueTok | undefined;
    this.OPTION({ GATE: () => block !== 'scope', DEF: () => (name = this.SUBRULE(this.value)) });
    const b = this.SUBRULE(this.braces);
    return { kind: 'open', block, keyword: rangeOf(kw), name, brace: b?.brace ?? 'none', braceRange: b?.braceRange };
  });

  filterLine = this.RULE('filterLine', (): Stmt => {
    let list: OpenStmt['list'] = 'groups';
    let start: IToken | undefined;
    this.OPTION(() => {
      const t = this.OR([{ ALT: () => this.CONSUME(Input) }, { ALT: () => this.CONSUME(Category) }]);
      start = t;
      list = typeOf(t) === Input ? 'inputFilterGroups' : 'categoryFilterGroups';
    });
    const kw = this.CONSUME(Filter);
    let name: ValueTok | undefined;
    this.OPTION2(() => (name = this.SUBRULE(this.value)));
    const b = this.SUBRULE(this.braces);
    const k = real(start) ? { start: start.startOffset, end: end(kw) } : rangeOf(kw);
    return { kind: 'open', block: 'filter', list, keyword: k, name, brace: b?.brace ?? 'none', braceRange: b?.braceRange };
  });

  closeLine = this.RULE('closeLine', (): Stmt => {
    const t = this.CONSUME(RBrace);
    return { kind: 'close', range: rangeOf(t) };
  });

  lbraceLine = this.RULE('lbraceLine', (): Stmt => {
    const t = this.CONSUME(LBrace);
    let closed = false;
    this.OPTION(() => {
      this.CONSUME(RBrace);
      closed = true;
    });
    return { kind: 'lbrace', range: rangeOf(t), closed };
  });

  annotationLine = this.RULE('annotationLine', (): Stmt => {
    const kw = this.OR([{ ALT: () => this.CONSUME(GraphAt) }, { ALT: () => this.CONSUME(RawAt) }]);
    let json: JsonTok | undefined;
    const j = this.CONSUME(JsonValue);
    if (real(j)) json = { text: j.image, range: rangeOf(j) };
    return { kind: 'annotation', raw: typeOf(kw) === RawAt, keyword: rangeOf(kw), json };
  });

  propertyLine = this.RULE('propertyLine', (): Stmt => {
    const kw = this.OR([
      { ALT: () => this.CONSUME(Source) },
      { ALT: () => this.CONSUME(Target) },
      { ALT: () => this.CONSUME(Id) },
      { ALT: () => this.CONSUME(Priority) },
      { ALT: () => this.CONSUME(Editable) },
      { ALT: () => this.CONSUME(Enabled) },
      { ALT: () => this.CONSUME(Actions) },
      { ALT: () => this.CONSUME(Metadata) },
    ]);
    const key = keyOf(kw) as PropertyKey;
    const values: ValueTok[] = [];
    this.MANY({
      GATE: () => key === 'actions',
      DEF: () => {
        const v = this.SUBRULE(this.value);
        if (v) values.push(v);
      },
    });
    this.OPTION({
      GATE: () => key === 'metadata',
      DEF: () => {
        const k = this.SUBRULE2(this.value);
        if (k) values.push(k);
        this.OPTION2(() => {
          const v = this.SUBRULE3(this.value);
          if (v) values.push(v);
        });
      },
    });
    this.OPTION3({
      GATE: () => key !== 'actions' && key !== 'metadata',
      DEF: () => {
        const v = this.SUBRULE4(this.value);
        if (v) values.push(v);
      },
    });
    return { kind: 'property', key, keyword: rangeOf(kw), values };
  });

  private lineOption = this.RULE('lineOption', (): OptionTok | undefined => {
    const kw = this.OR([
      { ALT: () => this.CONSUME(Default) },
      { ALT: () => this.CONSUME(Match) },
      { ALT: () => this.CONSUME(On) },
      { ALT: () => this.CONSUME(Apply) },
      { ALT: () => this.CONSUME(Flow) },
    ]);
    const v = this.SUBRULE(this.value);
    if (!real(kw)) return undefined;
    const kind = keyOf(kw) as OptionTok['kind'];
    return { kind, keyword: rangeOf(kw), range: { start: kw.startOffset, end: v ? v.range.end : end(kw) }, value: v };
  });

  attributeLine = this.RULE('attributeLine', (): Stmt => {
    const target = this.SUBRULE(this.value);
    const arrow = this.CONSUME(Arrow);
    let source: Extract<Stmt, { kind: 'attribute' }>['source'];
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const e = this.CONSUME(Expression);
            if (real(e)) source = { kind: 'expression', text: e.image, range: rangeOf(e) };
          },
        },
        {
          ALT: () => {
            const n = this.CONSUME(None);
            if (real(n)) source = { kind: 'none', range: rangeOf(n) };
          },
        },
      ]);
    });
    const options: OptionTok[] = [];
    this.MANY(() => {
      const o = this.SUBRULE(this.lineOption);
      if (o) options.push(o);
    });
    let annotation: { keyword: Range; json?: JsonTok } | undefined;
    this.OPTION2(() => (annotation = this.SUBRULE(this.trailingAnnotation)));
    return { kind: 'attribute', target, arrow: real(arrow) ? rangeOf(arrow) : undefined, source, options, annotation };
  });

  clauseLine = this.RULE('clauseLine', (): Stmt => {
    const attribute = this.SUBRULE(this.value);
    let operator: { text: string; range: Range; quoted: boolean } | undefined;
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(ScopeOperator);
          if (real(t)) operator = { text: t.image.trim().split(/[ \t]+/).join(' '), range: rangeOf(t), quoted: false };
        },
      },
      {
        ALT: () => {
          const v = this.SUBRULE2(this.value);
          if (v) operator = { text: v.text, range: v.range, quoted: v.kind === 'string' };
        },
      },
    ]);
    const values: ValueTok[] = [];
    this.MANY(() => {
      const v = this.SUBRULE(this.clauseValue);
      if (v) values.push(v);
    });
    let annotation: { keyword: Range; json?: JsonTok } | undefined;
    this.OPTION(() => (annotation = this.SUBRULE(this.trailingAnnotation)));
    return { kind: 'clause', attribute, operator, values, annotation };
  });
}

const parser = new MappingParser();

export type LineContext = 'top' | 'rule' | 'mapping' | 'scope' | 'filter';

const PROPERTY_KEYWORDS = [Source, Target, Id, Priority, Editable, Enabled, Actions, Metadata];

/** Picks the statement rule for a line from its first tokens and the enclosing block. */
function pick(tokens: IToken[], context: LineContext): keyof MappingParser {
  const [a, b] = tokens;
  const t = a.tokenType;
  if (t === GraphAt || t === RawAt) return 'annotationLine';
  if (t === RBrace) return 'closeLine';
  if (t === LBrace) return 'lbraceLine';
  if (b && b.tokenType === Arrow) return 'attributeLine';
  if (b && b.tokenType === ScopeOperator) return 'clauseLine';
  if (context === 'filter') return 'clauseLine';
  if (t === App) return 'appLine';
  if (t === Rule || t === Mapping || t === ScopeKw) return 'blockLine';
  if (t === Filter || t === Input || t === Category) return 'filterLine';
  if (PROPERTY_KEYWORDS.includes(t)) return 'propertyLine';
  return 'attributeLine';
}

/** Parses the tokens of one logical line (no Newline tokens) as one statement. */
export function parseLine(tokens: IToken[], context: LineContext): LineParse {
  const rule = pick(tokens, context);
  parser.input = tokens;
  const stmt = (parser[rule] as () => Stmt)();
  const lineEnd = end(tokens[tokens.length - 1]);
  const errors = parser.errors.map((e) => {
    const t = e.token;
    const range = real(t) ? rangeOf(t) : { start: lineEnd, end: lineEnd };
    return { message: e.message, range };
  });
  return { stmt, errors };
}
