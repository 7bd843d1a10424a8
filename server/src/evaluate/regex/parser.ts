// Parser for .NET regular expression syntax (System.Text.RegularExpressions, default options
// plus the inline-settable ones). It follows .NET's own scanning rules so that the same patterns
// are accepted and rejected, groups get the same numbers and quirks are reproduced:
//
// - a pre-scan assigns group numbers first: unnamed groups 1, 2, ... left to right, then named
//   groups take the following free numbers in order of first appearance (`(?<3>..)` names a
//   number explicitly); backreferences may point forward;
// - `\1`..`\9` must name an existing group; `\10` and above fall back to octal when no such group;
// - an unknown escape of a word character (`\q`, `\_`) is an error; `\<name>` is a backreference;
// - `{` is literal unless it starts `{n}`, `{n,}` or `{n,m}`;
// - inline options `(?imnsx-imnsx)` last until the enclosing group closes;
// - in `(?(expr)yes|no)` the group after a lookaround condition does not capture (a .NET quirk).
//
// Errors are RegexSyntaxError with the offset and length of the offending text.

import type { AnchorKind, Node, SeqNode } from './ast';
import {
  ANY_SET,
  CharSet,
  complement,
  fromChars,
  fromInclusivePairs,
  singleChar,
  subtract,
  union,
  unionAll,
} from './charset';
import { RegexSyntaxError } from './errors';
import {
  addCaseEquivalents,
  blockSet,
  caseEquivalents,
  categorySet,
  digitSet,
  isBoundaryWordChar,
  spaceSet,
  touchesTurkishI,
  wordSet,
} from './unicode';

export const OPT_IGNORE_CASE = 1;
export const OPT_MULTILINE = 2;
export const OPT_EXPLICIT_CAPTURE = 4;
export const OPT_SINGLELINE = 8;
export const OPT_IGNORE_WHITESPACE = 16;

const INT_MAX = 0x7fffffff;
const MAX_NESTING = 500;

export interface ParseNote {
  message: string;
  start: number;
  end: number;
}

export interface ParsedRegex {
  pattern: string;
  root: Node;
  /** Every group number, ascending (0 first). */
  groupNumbers: number[];
  /** Name of each group in `groupNumbers` order: its name, or its number as a string. */
  groupNames: string[];
  /** Group number by name; numbered groups are also listed under their decimal string. */
  nameToNumber: Map<string, number>;
  /** Group numbers that were given a name in the pattern (`(?<name>…)`), by name. */
  explicitNames: Map<string, number>;
  /** Things that behave surprisingly or that the emulation cannot reproduce exactly. */
  notes: ParseNote[];
}

const enum GroupCtx {
  Normal,
  /** Directly inside `(?(expr)…)`: .NET does not scan inline options here. */
  CondExpr,
}

const QUANT = 4;
const STOP = 3;
const HASH = 2;
const WS = 1;
/** .NET's classification of ASCII pattern characters. */
const CATEGORY = new Uint8Array(128);
for (const c of '\t\n\f\r ') CATEGORY[c.charCodeAt(0)] = WS;
CATEGORY['#'.charCodeAt(0)] = HASH;
for (const c of '$().[\\^|') CATEGORY[c.charCodeAt(0)] = STOP;
for (const c of '*+?{') CATEGORY[c.charCodeAt(0)] = QUANT;

function isSpace(c: number): boolean {
  return c < 128 && CATEGORY[c] === WS;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

class ClassBuilder {
  /** Inclusive [lo, hi] pairs: literal characters, ranges and named blocks (case-foldable). */
  ranges: number[] = [];
  /** Category-based parts (\d \w \s \p{Lu}): never case-folded. */
  cats: CharSet[] = [];
  negate = false;
  subtraction: CharSet | null = null;

  build(ignoreCase: boolean): CharSet {
    let set = fromInclusivePairs(this.ranges);
    if (ignoreCase) set = addCaseEquivalents(set);
    if (this.cats.length > 0) set = union(set, unionAll(this.cats));
    if (this.negate) set = complement(set);
    if (this.subtraction) set = subtract(set, this.subtraction);
    return set;
  }
}

class Parser {
  private readonly p: string;
  private readonly len: number;
  private pos = 0;
  private opts: number;
  private readonly initialOpts: number;
  private ignoreNextParen = false;
  /** Where the condition paren of the last `(?(expr)…)` starts (for the capture quirk note). */
  private conditionParen = -1;
  private depth = 0;
  private turkishNoted = false;

  /** Group number -> offset of its first definition. */
  private readonly caps = new Map<number, number>();
  private capnames: Map<string, number> | null = null;
  private capnamelist: string[] = [];
  private autocap = 1;

  readonly notes: ParseNote[] = [];

  constructor(pattern: string, options: number) {
    this.p = pattern;
    this.len = pattern.length;
    this.opts = options;
    this.initialOpts = options;
  }

  // ---- errors ------------------------------------------------------------------------------

  private fail(message: string, offset: number, length = 1): never {
    throw new RegexSyntaxError(message, this.p, offset, length);
  }

  private code(i: number): number {
    return this.p.charCodeAt(i);
  }

  // ---- entry -------------------------------------------------------------------------------

  parse(): ParsedRegex {
    this.countCaptures();
    this.pos = 0;
    this.opts = this.initialOpts;
    this.autocap = 1;
    this.ignoreNextParen = false;

    const body = this.parseBranches(GroupCtx.Normal, -1, 0);
    if (this.pos < this.len) {
      // parseBranches stops only at the end or at a ')' with no group to close.
      this.fail("Too many ')': no group is open here", this.pos, 1);
    }
    const root: Node = { type: 'capture', group: 0, uncapture: -1, body, start: 0, end: this.len };

    const groupNumbers = [...this.caps.keys()].sort((a, b) => a - b);
    const byNumber = new Map<number, string>();
    const explicitNames = new Map<string, number>();
    if (this.capnames) {
      for (const [name, num] of this.capnames) {
        byNumber.set(num, name);
        explicitNames.set(name, num);
      }
    }
    const groupNames = groupNumbers.map((n) => byNumber.get(n) ?? String(n));
    const nameToNumber = new Map<string, number>();
    groupNumbers.forEach((n, i) => nameToNumber.set(groupNames[i], n));
    for (const n of groupNumbers) if (!nameToNumber.has(String(n))) nameToNumber.set(String(n), n);
    return { pattern: this.p, root, groupNumbers, groupNames, nameToNumber, explicitNames, notes: this.notes };
  }

  // ---- pre-scan: group numbers (mirrors .NET's CountCaptures) -------------------------------

  private noteCaptureSlot(i: number, pos: number): void {
    if (!this.caps.has(i)) this.caps.set(i, pos);
  }

  private noteCaptureName(name: string, pos: number): void {
    if (!this.capnames) this.capnames = new Map();
    if (!this.capnames.has(name)) {
      this.capnames.set(name, pos);
      this.capnamelist.push(name);
    }
  }

  private isCaptureSlot(i: number): boolean {
    return this.caps.has(i);
  }

  private countCaptures(): void {
    this.noteCaptureSlot(0, 0);
    this.autocap = 1;
    const optStack: number[] = [];
    while (this.pos < this.len) {
      const start = this.pos;
      const ch = this.code(this.pos++);
      switch (ch) {
        case 0x5c: // \
          if (this.pos < this.len) this.scanBackslash(true);
          break;
        case 0x23: // #
          if (this.opts & OPT_IGNORE_WHITESPACE) {
            this.pos--;
            this.scanBlank();
          }
          break;
        case 0x5b: // [
          this.scanCharClass(false, true, start);
          break;
        case 0x29: // )
          if (optStack.length > 0) this.opts = optStack.pop()!;
          break;
        case 0x28: {
          // (
          if (this.pos + 1 < this.len && this.code(this.pos + 1) === 0x23 && this.code(this.pos) === 0x3f) {
            this.pos--;
            this.scanBlank();
            break;
          }
          optStack.push(this.opts);
          let keepIgnore = false;
          if (this.pos < this.len && this.code(this.pos) === 0x3f) {
            this.pos++;
            if (this.pos + 1 < this.len && (this.code(this.pos) === 0x3c || this.code(this.pos) === 0x27)) {
              this.pos++;
              const c = this.code(this.pos);
              if (c !== 0x30 && isBoundaryWordChar(c)) {
                if (c >= 0x31 && c <= 0x39) this.noteCaptureSlot(this.scanDecimal(), start);
                else this.noteCaptureName(this.scanCapname(), start);
              }
            } else {
              this.scanOptions();
              if (this.pos < this.len) {
                if (this.code(this.pos) === 0x29) {
                  this.pos++;
                  optStack.pop();
                } else if (this.code(this.pos) === 0x28) {
                  this.ignoreNextParen = true;
                  keepIgnore = true;
                }
              }
            }
          } else if ((this.opts & OPT_EXPLICIT_CAPTURE) === 0 && !this.ignoreNextParen) {
            this.noteCaptureSlot(this.autocap++, start);
          }
          if (!keepIgnore) this.ignoreNextParen = false;
          break;
        }
        default:
          break;
      }
    }
    this.assignNameSlots();
  }

  private assignNameSlots(): void {
    if (!this.capnames) return;
    for (const name of this.capnamelist) {
      while (this.isCaptureSlot(this.autocap)) this.autocap++;
      const pos = this.capnames.get(name)!;
      this.capnames.set(name, this.autocap);
      this.noteCaptureSlot(this.autocap, pos);
      this.autocap++;
    }
  }

  // ---- main parse ----------------------------------------------------------------------------

  /**
   * Parses alternatives until the end of the pattern or a ')' (not consumed). For conditional
   * groups at most two alternatives are allowed.
   */
  private parseBranches(ctx: GroupCtx, maxBranches: number, start: number): Node {
    const branches: Node[] = [];
    let items: Node[] = [];
    let branchStart = this.pos;
    let prevWasQuantifier = false;
    for (;;) {
      this.scanBlank();
      if (this.pos >= this.len) break;
      const ch = this.code(this.pos);
      if (ch === 0x7c) {
        // |
        branches.push(this.makeSeq(items, branchStart, this.pos));
        if (maxBranches > 0 && branches.length >= maxBranches) {
          this.fail('A conditional group (?(…)yes|no) can have at most two alternatives', this.pos, 1);
        }
        this.pos++;
        items = [];
        branchStart = this.pos;
        prevWasQuantifier = false;
        continue;
      }
      if (ch === 0x29) break;

      if (ch < 128 && CATEGORY[ch] === QUANT && (ch !== 0x7b || this.isTrueQuantifier())) {
        const qEnd = this.quantifierEnd();
        const text = this.p.slice(this.pos, qEnd);
        if (prevWasQuantifier) {
          this.fail(
            `Nested quantifier '${text}': a quantifier cannot directly follow another (wrap the first in a group)`,
            this.pos,
            qEnd - this.pos,
          );
        }
        this.fail(`Quantifier '${text}' follows nothing`, this.pos, qEnd - this.pos);
      }

      const atom = this.parseAtom(ctx);
      prevWasQuantifier = false;
      if (atom === null) continue; // (?imnsx) changed the options; nothing to quantify
      this.scanBlank();
      if (this.pos < this.len && this.isTrueQuantifier()) {
        items.push(this.parseQuantifier(atom));
        prevWasQuantifier = true;
      } else {
        items.push(atom);
      }
    }
    branches.push(this.makeSeq(items, branchStart, this.pos));
    if (branches.length === 1) return branches[0];
    return { type: 'alt', branches, start, end: this.pos };
  }

  private makeSeq(items: Node[], start: number, end: number): Node {
    if (items.length === 1) return items[0];
    if (items.length === 0) return { type: 'empty', start, end };
    const seq: SeqNode = { type: 'seq', items, start, end };
    return seq;
  }

  /** Index just past the quantifier text at `pos` (including a lazy '?'), for error spans. */
  private quantifierEnd(): number {
    let i = this.pos;
    if (this.code(i) === 0x7b) i = this.p.indexOf('}', i) + 1;
    else i++;
    if (i < this.len && this.code(i) === 0x3f) i++;
    return i;
  }

  private parseQuantifier(atom: Node): Node {
    const qStart = this.pos;
    const ch = this.code(this.pos++);
    let min = 0;
    let max = 0;
    if (ch === 0x2a) max = INT_MAX;
    else if (ch === 0x3f) max = 1;
    else if (ch === 0x2b) {
      min = 1;
      max = INT_MAX;
    } else {
      // isTrueQuantifier guaranteed the shape {n}, {n,} or {n,m}
      min = max = this.scanDecimal();
      if (this.pos < this.len && this.code(this.pos) === 0x2c) {
        this.pos++;
        max = this.pos === this.len || this.code(this.pos) === 0x7d ? INT_MAX : this.scanDecimal();
      }
      this.pos++; // }
    }
    const qTextEnd = this.pos;
    this.scanBlank();
    let lazy = false;
    if (this.pos < this.len && this.code(this.pos) === 0x3f) {
      this.pos++;
      lazy = true;
    }
    if (min > max) {
      this.fail(`Quantifier ${this.p.slice(qStart, qTextEnd)} has min > max`, qStart, qTextEnd - qStart);
    }
    if (min === 0 && max === 0) return { type: 'empty', start: atom.start, end: this.pos };
    if (min === 1 && max === 1) return atom;
    return {
      type: 'repeat',
      min,
      max: max === INT_MAX ? Infinity : max,
      lazy,
      body: atom,
      start: atom.start,
      end: this.pos,
    };
  }

  private parseAtom(ctx: GroupCtx): Node | null {
    const start = this.pos;
    const ch = this.code(this.pos);
    switch (ch) {
      case 0x28: // (
        return this.parseGroup(ctx);
      case 0x5b: {
        // [
        this.pos++;
        const set = this.scanCharClass((this.opts & OPT_IGNORE_CASE) !== 0, false, start)!;
        return { type: 'set', set, start, end: this.pos };
      }
      case 0x5c: // \
        if (this.pos + 1 >= this.len) this.fail('Illegal \\ at end of pattern', this.pos, 1);
        this.pos++;
        return this.scanBackslash(false)!;
      case 0x5e: // ^
        this.pos++;
        return this.anchor(this.opts & OPT_MULTILINE ? 'bol' : 'begin', start);
      case 0x24: // $
        this.pos++;
        return this.anchor(this.opts & OPT_MULTILINE ? 'eol' : 'endz', start);
      case 0x2e: // .
        this.pos++;
        return {
          type: 'set',
          set: this.opts & OPT_SINGLELINE ? ANY_SET : complement(singleChar(10)),
          start,
          end: this.pos,
        };
      default:
        this.pos++;
        return this.literal(ch, start);
    }
  }

  private anchor(kind: AnchorKind, start: number): Node {
    return { type: 'anchor', kind, start, end: this.pos };
  }

  /** A literal character, as a set of its case equivalents when IgnoreCase is on. */
  private literal(code: number, start: number): Node {
    if (this.opts & OPT_IGNORE_CASE) {
      const eq = caseEquivalents(code);
      if (code === 0x49 || code === 0x69 || code === 0x130 || code === 0x131) this.noteTurkishI(start, this.pos);
      if (eq) return { type: 'set', set: fromChars(eq), start, end: this.pos };
    }
    return { type: 'char', code, start, end: this.pos };
  }

  private noteTurkishI(start: number, end: number): void {
    if (this.turkishNoted) return; // once per pattern is enough
    this.turkishNoted = true;
    this.notes.push({
      message:
        "Case-insensitive matching of 'i'/'I' depends on the service's culture (Turkish and Azeri pair them " +
        "with 'İ'/'ı'); it is emulated with the invariant culture",
      start,
      end,
    });
  }

  // ---- groups --------------------------------------------------------------------------------

  private parseGroup(parentCtx: GroupCtx): Node | null {
    const open = this.pos;
    this.pos++; // (
    const savedOpts = this.opts;
    if (++this.depth > MAX_NESTING) this.fail(`Groups are nested more than ${MAX_NESTING} levels deep`, open, 1);

    const finish = (build: (body: Node) => Node, ctx = GroupCtx.Normal, maxBranches = -1): Node => {
      const bodyStart = this.pos;
      const body = this.parseBranches(ctx, maxBranches, bodyStart);
      if (this.pos >= this.len) this.fail("Unterminated group: missing ')'", open, 1);
      this.pos++; // )
      this.opts = savedOpts;
      this.depth--;
      const node = build(body);
      node.start = open;
      node.end = this.pos;
      return node;
    };

    // "(" not followed by "?", or "(?)": a plain group
    if (
      this.pos >= this.len ||
      this.code(this.pos) !== 0x3f ||
      (this.pos + 1 < this.len && this.code(this.pos + 1) === 0x29)
    ) {
      if ((this.opts & OPT_EXPLICIT_CAPTURE) !== 0 || this.ignoreNextParen) {
        if (this.ignoreNextParen && this.conditionParen >= 0 && this.conditionParen !== open) {
          this.notes.push({
            message:
              'In .NET this group does not capture: the lookaround used as the condition of the preceding ' +
              '(?(…)…) group leaves it uncaptured, and later unnamed groups are renumbered',
            start: open,
            end: open + 1,
          });
        }
        this.ignoreNextParen = false;
        return finish((body) => body);
      }
      const group = this.autocap++;
      return finish((body) => ({ type: 'capture', group, uncapture: -1, body, start: 0, end: 0 }));
    }

    this.pos++; // ?
    if (this.pos >= this.len) this.unrecognizedGroup(open);
    const ch = this.code(this.pos++);
    switch (ch) {
      case 0x3a: // :
        return finish((body) => body);
      case 0x3d: // =
        return finish((body) => ({ type: 'look', behind: false, negate: false, body, start: 0, end: 0 }));
      case 0x21: // !
        return finish((body) => ({ type: 'look', behind: false, negate: true, body, start: 0, end: 0 }));
      case 0x3e: // >
        return finish((body) => ({ type: 'atomic', body, start: 0, end: 0 }));
      case 0x27: // '
      case 0x3c: {
        // <
        const close = ch === 0x27 ? 0x27 : 0x3e;
        if (this.pos >= this.len) this.unrecognizedGroup(open);
        const c = this.code(this.pos++);
        if (c === 0x3d && close === 0x3e) {
          return finish((body) => ({ type: 'look', behind: true, negate: false, body, start: 0, end: 0 }));
        }
        if (c === 0x21 && close === 0x3e) {
          return finish((body) => ({ type: 'look', behind: true, negate: true, body, start: 0, end: 0 }));
        }
        this.pos--;
        const [group, uncapture] = this.scanGroupName(open, close);
        return finish((body) => ({ type: 'capture', group, uncapture, body, start: 0, end: 0 }));
      }
      case 0x28: // ( : conditional
        return this.parseConditional(open, savedOpts);
      default: {
        this.pos--;
        if (parentCtx !== GroupCtx.CondExpr) this.scanOptions();
        if (this.pos >= this.len) this.unrecognizedGroup(open);
        const c = this.code(this.pos++);
        if (c === 0x29) {
          // (?imnsx-imnsx): options last until the enclosing group closes
          this.depth--;
          return null;
        }
        if (c !== 0x3a) this.unrecognizedGroup(open, this.pos - 1);
        return finish((body) => body);
      }
    }
  }

  private unrecognizedGroup(open: number, at = this.pos): never {
    const end = Math.min(this.len, Math.max(at + 1, open + 2));
    this.fail(`Unrecognized grouping construct '${this.p.slice(open, end)}'`, open, end - open);
  }

  /** After `(?<` or `(?'`: a name, number or balancing pair; consumes the closing `>`/`'`. */
  private scanGroupName(open: number, close: number): [number, number] {
    const nameStart = this.pos;
    let capnum = -1;
    let uncapnum = -1;
    let proceed = false;
    const ch = this.code(this.pos);
    const invalidName = (): never =>
      this.fail(
        'Invalid group name: group names must begin with a word character and contain only word characters',
        nameStart,
        Math.max(1, this.pos - nameStart + 1),
      );
    if (isDigit(ch)) {
      const numStart = this.pos;
      capnum = this.scanDecimal();
      if (!this.isCaptureSlot(capnum)) capnum = -1;
      if (this.pos < this.len && !(this.code(this.pos) === close || this.code(this.pos) === 0x2d)) invalidName();
      if (capnum === 0) this.fail('Capture group number 0 is reserved for the whole match', numStart, this.pos - numStart);
    } else if (isBoundaryWordChar(ch)) {
      const name = this.scanCapname();
      capnum = this.capnames?.get(name) ?? -1;
      if (this.pos < this.len && !(this.code(this.pos) === close || this.code(this.pos) === 0x2d)) invalidName();
    } else if (ch === 0x2d) {
      proceed = true;
    } else {
      invalidName();
    }

    if ((capnum !== -1 || proceed) && this.pos + 1 < this.len && this.code(this.pos) === 0x2d) {
      this.pos++;
      const refStart = this.pos;
      const c = this.code(this.pos);
      if (isDigit(c)) {
        uncapnum = this.scanDecimal();
        if (!this.isCaptureSlot(uncapnum)) {
          this.fail(`Reference to undefined group number ${uncapnum}`, refStart, this.pos - refStart);
        }
        if (this.pos < this.len && this.code(this.pos) !== close) invalidName();
      } else if (isBoundaryWordChar(c)) {
        const name = this.scanCapname();
        const n = this.capnames?.get(name);
        if (n === undefined) this.fail(`Reference to undefined group name '${name}'`, refStart, this.pos - refStart);
        uncapnum = n;
        if (this.pos < this.len && this.code(this.pos) !== close) invalidName();
      } else {
        invalidName();
      }
    }

    if ((capnum !== -1 || uncapnum !== -1) && this.pos < this.len && this.code(this.pos) === close) {
      this.pos++;
      return [capnum, uncapnum];
    }
    if (this.pos >= this.len) {
      this.fail(`Unterminated group name: missing '${String.fromCharCode(close)}'`, open, this.len - open);
    }
    return this.unrecognizedGroup(open, this.pos);
  }

  private parseConditional(open: number, savedOpts: number): Node {
    const parenPos = this.pos; // just after "(?("
    const finish = (build: (branches: Node[]) => Node, ctx: GroupCtx): Node => {
      const body = this.parseBranches(ctx, 2, this.pos);
      if (this.pos >= this.len) this.fail("Unterminated group: missing ')'", open, 1);
      this.pos++;
      this.opts = savedOpts;
      this.depth--;
      const branches = body.type === 'alt' ? body.branches : [body];
      const node = build(branches);
      node.start = open;
      node.end = this.pos;
      return node;
    };
    const empty = (at: number): Node => ({ type: 'empty', start: at, end: at });
    const condref =
      (group: number) =>
      (b: Node[]): Node => ({ type: 'condref', group, yes: b[0], no: b[1] ?? empty(this.pos), start: 0, end: 0 });

    if (this.pos < this.len) {
      const ch = this.code(this.pos);
      if (isDigit(ch)) {
        const numStart = this.pos;
        const num = this.scanDecimal();
        if (this.pos < this.len && this.code(this.pos++) === 0x29) {
          if (!this.isCaptureSlot(num)) {
            this.fail(`Reference to undefined group number ${num} in a conditional`, numStart, this.pos - 1 - numStart);
          }
          return finish(condref(num), GroupCtx.Normal);
        }
        this.fail(`Malformed conditional (?(${num}): expected ')' after the group number`, open, this.pos - open);
      } else if (isBoundaryWordChar(ch)) {
        const name = this.scanCapname();
        const num = this.capnames?.get(name);
        if (num !== undefined && this.pos < this.len && this.code(this.pos++) === 0x29) {
          return finish(condref(num), GroupCtx.Normal);
        }
      }
    }

    // (?(expr)yes|no): the condition is the group that starts at parenPos - 1, used as a lookahead
    this.pos = parenPos - 1;
    this.ignoreNextParen = true;
    this.conditionParen = this.pos;
    if (this.pos + 2 < this.len && this.code(this.pos + 1) === 0x3f) {
      const c2 = this.code(this.pos + 2);
      if (c2 === 0x23) this.fail('A conditional group cannot use a comment (?#…) as its condition', this.pos, 3);
      if (
        c2 === 0x27 ||
        (this.pos + 3 < this.len && c2 === 0x3c && this.code(this.pos + 3) !== 0x21 && this.code(this.pos + 3) !== 0x3d)
      ) {
        this.fail('The condition of a conditional group cannot capture or be named', this.pos, 3);
      }
    }
    const cond = this.parseGroup(GroupCtx.CondExpr);
    if (cond === null) this.fail('Malformed condition in conditional group', parenPos - 1, 1);
    return finish(
      (b) => ({ type: 'condexpr', cond, yes: b[0], no: b[1] ?? empty(this.pos), start: 0, end: 0 }),
      GroupCtx.CondExpr,
    );
  }

  // ---- scanning helpers ------------------------------------------------------------------------

  /** Skips x-mode whitespace and `#` comments, and `(?#…)` comments in any mode. */
  private scanBlank(): void {
    for (;;) {
      if (this.opts & OPT_IGNORE_WHITESPACE) {
        while (this.pos < this.len && isSpace(this.code(this.pos))) this.pos++;
      }
      if (this.opts & OPT_IGNORE_WHITESPACE && this.pos < this.len && this.code(this.pos) === 0x23) {
        const nl = this.p.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.len : nl;
      } else if (
        this.pos + 2 < this.len &&
        this.code(this.pos + 2) === 0x23 &&
        this.code(this.pos + 1) === 0x3f &&
        this.code(this.pos) === 0x28
      ) {
        const close = this.p.indexOf(')', this.pos);
        if (close < 0) this.fail("Unterminated (?#…) comment: missing ')'", this.pos, this.len - this.pos);
        this.pos = close + 1;
      } else {
        break;
      }
    }
  }

  private isTrueQuantifier(): boolean {
    const start = this.pos;
    let ch = this.code(start);
    if (ch !== 0x7b) return ch < 128 && CATEGORY[ch] >= QUANT;
    let pos = start;
    let n = this.len - start;
    while (--n > 0 && isDigit((ch = this.code(++pos))));
    if (n === 0 || pos - start === 1) return false;
    if (ch === 0x7d) return true;
    if (ch !== 0x2c) return false;
    while (--n > 0 && isDigit((ch = this.code(++pos))));
    return n > 0 && ch === 0x7d;
  }

  private scanDecimal(): number {
    const start = this.pos;
    let i = 0;
    while (this.pos < this.len && isDigit(this.code(this.pos))) {
      const d = this.code(this.pos) - 48;
      this.pos++;
      if (i > (INT_MAX - d) / 10) {
        while (this.pos < this.len && isDigit(this.code(this.pos))) this.pos++;
        this.fail('Number too large: quantifiers and group numbers must be at most 2147483647', start, this.pos - start);
      }
      i = i * 10 + d;
    }
    return i;
  }

  private scanCapname(): string {
    const start = this.pos;
    while (this.pos < this.len && isBoundaryWordChar(this.code(this.pos))) this.pos++;
    return this.p.slice(start, this.pos);
  }

  private scanOptions(): void {
    let off = false;
    for (; this.pos < this.len; this.pos++) {
      const ch = this.code(this.pos);
      if (ch === 0x2d) off = true;
      else if (ch === 0x2b) off = false;
      else {
        let opt = 0;
        switch (ch | 0x20) {
          case 0x69:
            opt = OPT_IGNORE_CASE;
            break;
          case 0x6d:
            opt = OPT_MULTILINE;
            break;
          case 0x6e:
            opt = OPT_EXPLICIT_CAPTURE;
            break;
          case 0x73:
            opt = OPT_SINGLELINE;
            break;
          case 0x78:
            opt = OPT_IGNORE_WHITESPACE;
            break;
        }
        if (opt === 0) return;
        if (off) this.opts &= ~opt;
        else this.opts |= opt;
      }
    }
  }

  /** After a backslash (pos at the escaped character). */
  private scanBackslash(scanOnly: boolean): Node | null {
    const escStart = this.pos - 1;
    const ch = this.code(this.pos);
    const ignoreCase = (this.opts & OPT_IGNORE_CASE) !== 0;
    const setNode = (set: CharSet): Node => ({ type: 'set', set, start: escStart, end: this.pos });
    switch (ch) {
      case 0x62: // b
      case 0x42: // B
      case 0x41: // A
      case 0x47: // G
      case 0x5a: // Z
      case 0x7a: {
        // z
        this.pos++;
        if (scanOnly) return null;
        const kinds: Record<number, AnchorKind> = { 0x62: 'boundary', 0x42: 'nonboundary', 0x41: 'begin', 0x47: 'start', 0x5a: 'endz' };
        const kind = kinds[ch] ?? 'end';
        return { type: 'anchor', kind, start: escStart, end: this.pos };
      }
      case 0x77: // w
        this.pos++;
        return scanOnly ? null : setNode(wordSet());
      case 0x57: // W
        this.pos++;
        return scanOnly ? null : setNode(complement(wordSet()));
      case 0x73: // s
        this.pos++;
        return scanOnly ? null : setNode(spaceSet());
      case 0x53: // S
        this.pos++;
        return scanOnly ? null : setNode(complement(spaceSet()));
      case 0x64: // d
        this.pos++;
        return scanOnly ? null : setNode(digitSet());
      case 0x44: // D
        this.pos++;
        return scanOnly ? null : setNode(complement(digitSet()));
      case 0x70: // p
      case 0x50: {
        // P
        this.pos++;
        if (scanOnly) return null;
        const name = this.parseProperty(escStart);
        const prop = this.propertySet(name, ch === 0x50, ignoreCase, escStart);
        let set = prop.ranges ?? prop.cat!;
        if (prop.ranges && ignoreCase) {
          if (touchesTurkishI(set)) this.noteTurkishI(escStart, this.pos);
          set = addCaseEquivalents(set);
        }
        return setNode(set);
      }
      default:
        return this.scanBasicBackslash(scanOnly, escStart);
    }
  }

  private scanBasicBackslash(scanOnly: boolean, escStart: number): Node | null {
    const backpos = this.pos;
    let close = 0;
    let angled = false;
    let ch = this.code(this.pos);

    if (ch === 0x6b) {
      // \k
      if (this.pos + 1 < this.len) {
        this.pos++;
        ch = this.code(this.pos++);
        if (ch === 0x3c || ch === 0x27) {
          angled = true;
          close = ch === 0x27 ? 0x27 : 0x3e;
        }
      }
      if (!angled || this.pos === this.len) {
        const length = Math.max(2, this.pos - escStart);
        this.fail("Malformed \\k<...> named back reference: expected \\k<name> or \\k'name'", escStart, length);
      }
      ch = this.code(this.pos);
    } else if ((ch === 0x3c || ch === 0x27) && this.pos + 1 < this.len) {
      angled = true;
      close = ch === 0x27 ? 0x27 : 0x3e;
      this.pos++;
      ch = this.code(this.pos);
    }

    if (angled && isDigit(ch)) {
      const capnum = this.scanDecimal();
      if (this.pos < this.len && this.code(this.pos++) === close) {
        if (scanOnly) return null;
        if (!this.isCaptureSlot(capnum)) {
          this.fail(`Reference to undefined group number ${capnum}`, escStart, this.pos - escStart);
        }
        return this.backref(capnum, escStart);
      }
    } else if (!angled && ch >= 0x31 && ch <= 0x39) {
      const capnum = this.scanDecimal();
      if (scanOnly) return null;
      if (this.isCaptureSlot(capnum)) return this.backref(capnum, escStart);
      if (capnum <= 9) this.fail(`Reference to undefined group number ${capnum}`, escStart, this.pos - escStart);
    } else if (angled && isBoundaryWordChar(ch)) {
      const name = this.scanCapname();
      if (this.pos < this.len && this.code(this.pos++) === close) {
        if (scanOnly) return null;
        const num = this.capnames?.get(name);
        if (num === undefined) this.fail(`Reference to undefined group name '${name}'`, escStart, this.pos - escStart);
        return this.backref(num, escStart);
      }
    }

    // not a backreference: a character escape
    this.pos = backpos;
    const code = this.scanCharEscape(escStart);
    return scanOnly ? null : this.literal(code, escStart);
  }

  private backref(group: number, start: number): Node {
    const ignoreCase = (this.opts & OPT_IGNORE_CASE) !== 0;
    return { type: 'backref', group, ignoreCase, start, end: this.pos };
  }

  /** A single-character escape; pos is at the character after the backslash. */
  private scanCharEscape(escStart: number): number {
    const ch = this.code(this.pos++);
    if (ch >= 0x30 && ch <= 0x37) {
      this.pos--;
      return this.scanOctal();
    }
    switch (ch) {
      case 0x78: // x
        return this.scanHex(2, escStart);
      case 0x75: // u
        return this.scanHex(4, escStart);
      case 0x61: // a
        return 0x07;
      case 0x62: // b
        return 0x08;
      case 0x65: // e
        return 0x1b;
      case 0x66: // f
        return 0x0c;
      case 0x6e: // n
        return 0x0a;
      case 0x72: // r
        return 0x0d;
      case 0x74: // t
        return 0x09;
      case 0x76: // v
        return 0x0b;
      case 0x63: // c
        return this.scanControl(escStart);
      default:
        if (isBoundaryWordChar(ch)) {
          this.fail(`Unknown escape \\${String.fromCharCode(ch)}`, escStart, this.pos - escStart);
        }
        return ch;
    }
  }

  private scanOctal(): number {
    let c = Math.min(3, this.len - this.pos);
    let i = 0;
    for (; c > 0; c--) {
      const d = this.code(this.pos) - 48;
      if (d < 0 || d > 7) break;
      this.pos++;
      i = i * 8 + d;
    }
    return i & 0xff;
  }

  private scanHex(digits: number, escStart: number): number {
    let i = 0;
    let c = digits;
    if (this.pos + c <= this.len) {
      for (; c > 0; c--) {
        const h = hexValue(this.code(this.pos++));
        if (h < 0) break;
        i = i * 16 + h;
      }
    }
    if (c > 0) {
      const shown = this.p.slice(escStart, Math.min(this.len, escStart + 2 + digits));
      this.fail(`Escape ${shown} needs exactly ${digits} hexadecimal digits`, escStart, shown.length);
    }
    return i;
  }

  private scanControl(escStart: number): number {
    if (this.pos === this.len) this.fail('Missing control character after \\c', escStart, 2);
    let ch = this.code(this.pos++);
    if (ch >= 0x61 && ch <= 0x7a) ch -= 0x20;
    const v = ch - 0x40;
    if (v >= 0 && v < 0x20) return v;
    this.fail(`Unrecognized control character \\c${String.fromCharCode(ch)}`, escStart, 3);
  }

  /** After `\p` or `\P`: scans `{Name}` and returns Name. */
  private parseProperty(escStart: number): string {
    if (this.pos + 2 >= this.len) this.fail('Incomplete \\p{X} character escape', escStart, this.len - escStart);
    if (this.code(this.pos++) !== 0x7b) {
      this.fail('Malformed \\p{X} character escape: expected {', escStart, this.pos - escStart);
    }
    const start = this.pos;
    while (this.pos < this.len) {
      const c = this.code(this.pos);
      if (!(isBoundaryWordChar(c) || c === 0x2d)) break;
      this.pos++;
    }
    const name = this.p.slice(start, this.pos);
    if (this.pos === this.len || this.code(this.pos++) !== 0x7d) {
      this.fail('Incomplete \\p{X} character escape: missing }', escStart, this.pos - escStart);
    }
    return name;
  }

  private propertySet(
    name: string,
    invert: boolean,
    ignoreCase: boolean,
    escStart: number,
  ): { cat?: CharSet; ranges?: CharSet } {
    const cat = categorySet(name);
    if (cat) {
      // with IgnoreCase .NET widens Lu, Ll and Lt to all three
      const cased = ignoreCase && (name === 'Lu' || name === 'Ll' || name === 'Lt');
      const set = cased ? unionAll([categorySet('Lu')!, categorySet('Ll')!, categorySet('Lt')!]) : cat;
      return { cat: invert ? complement(set) : set };
    }
    const block = blockSet(name);
    if (block) return { ranges: invert ? complement(block) : block };
    const hint = /^Is/.test(name)
      ? ' (named blocks are case-sensitive and limited to .NET\'s list, e.g. IsGreek, IsBasicLatin, IsCyrillic)'
      : ' (general categories are case-sensitive, e.g. L, Lu, Nd, P, Sc)';
    this.fail(`Unknown Unicode property '${name}'${hint}`, escStart, this.pos - escStart);
  }

  /** After `[` (pos past it). Returns the set, or null when only scanning. */
  private scanCharClass(ignoreCase: boolean, scanOnly: boolean, classStart: number): CharSet | null {
    if (++this.depth > MAX_NESTING) this.fail(`Character classes are nested more than ${MAX_NESTING} levels deep`, classStart, 1);
    const cc = scanOnly ? null : new ClassBuilder();
    let chPrev = 0;
    let prevStart = 0;
    let inRange = false;
    let firstChar = true;
    let closed = false;
    let turkish = false;

    if (this.pos < this.len && this.code(this.pos) === 0x5e) {
      this.pos++;
      if (cc) cc.negate = true;
    }

    for (; this.pos < this.len; firstChar = false) {
      let translated = false;
      const itemStart = this.pos;
      let ch = this.code(this.pos++);
      if (ch === 0x5d) {
        // ]
        if (!firstChar) {
          closed = true;
          break;
        }
      } else if (ch === 0x5c && this.pos < this.len) {
        ch = this.code(this.pos++);
        switch (ch) {
          case 0x64: // d
          case 0x44: // D
          case 0x73: // s
          case 0x53: // S
          case 0x77: // w
          case 0x57: // W
            if (cc) {
              if (inRange) this.shorthandInRange(ch, prevStart, itemStart);
              const base = ch === 0x64 || ch === 0x44 ? digitSet() : ch === 0x73 || ch === 0x53 ? spaceSet() : wordSet();
              cc.cats.push(ch === 0x44 || ch === 0x53 || ch === 0x57 ? complement(base) : base);
            }
            continue;
          case 0x70: // p
          case 0x50: // P
            if (cc) {
              if (inRange) this.shorthandInRange(ch, prevStart, itemStart);
              const name = this.parseProperty(itemStart);
              const prop = this.propertySet(name, ch === 0x50, ignoreCase, itemStart);
              if (prop.cat) cc.cats.push(prop.cat);
              else {
                const r = prop.ranges!;
                if (ignoreCase && touchesTurkishI(r)) turkish = true;
                for (let i = 0; i < r.length; i += 2) cc.ranges.push(r[i], r[i + 1] - 1);
              }
            } else {
              this.parseProperty(itemStart);
            }
            continue;
          case 0x2d: // -
            if (cc) {
              if (inRange) {
                if (chPrev > ch) this.reversedRange(prevStart, this.pos);
                cc.ranges.push(chPrev, ch);
                inRange = false;
                chPrev = 0;
              } else {
                cc.ranges.push(ch, ch);
              }
            }
            continue;
          default:
            this.pos--;
            ch = this.scanCharEscape(itemStart);
            translated = true;
            break;
        }
      } else if (ch === 0x5b && this.pos < this.len && this.code(this.pos) === 0x3a && !scanOnly) {
        const m = /^\[:(\w+):\]/.exec(this.p.slice(itemStart, itemStart + 40));
        if (m) {
          this.notes.push({
            message:
              `'${m[0]}' is not a POSIX character class in .NET: it matches the characters '[', ':', ` +
              [...new Set(m[1])].map((c) => `'${c}'`).join(', '),
            start: itemStart,
            end: itemStart + m[0].length,
          });
        }
      }

      if (inRange) {
        inRange = false;
        if (cc) {
          if (ch === 0x5b && !translated && !firstChar) {
            // [a-[...]]: not a range but chPrev followed by a subtraction
            cc.ranges.push(chPrev, chPrev);
            cc.subtraction = this.scanCharClass(ignoreCase, scanOnly, itemStart);
            if (this.pos < this.len && this.code(this.pos) !== 0x5d) this.subtractionNotLast(itemStart);
          } else {
            if (chPrev > ch) this.reversedRange(prevStart, this.pos);
            cc.ranges.push(chPrev, ch);
          }
        }
      } else if (this.pos + 1 < this.len && this.code(this.pos) === 0x2d && this.code(this.pos + 1) !== 0x5d) {
        chPrev = ch;
        prevStart = itemStart;
        inRange = true;
        this.pos++;
      } else if (this.pos < this.len && ch === 0x2d && !translated && this.code(this.pos) === 0x5b && !firstChar) {
        // [a-z-[aeiou]]
        const subStart = this.pos;
        this.pos++;
        const sub = this.scanCharClass(ignoreCase, scanOnly, subStart);
        if (cc) {
          cc.subtraction = sub;
          if (this.pos < this.len && this.code(this.pos) !== 0x5d) this.subtractionNotLast(subStart);
        }
      } else if (cc) {
        cc.ranges.push(ch, ch);
      }
    }

    if (!closed) this.fail("Unterminated character class: missing ']'", classStart, 1);
    this.depth--;
    if (!cc) return null;
    if (ignoreCase && (turkish || touchesTurkishI(fromInclusivePairs(cc.ranges)))) this.noteTurkishI(classStart, this.pos);
    return cc.build(ignoreCase);
  }

  private shorthandInRange(ch: number, rangeStart: number, itemStart: number): never {
    this.fail(
      `Cannot include class \\${String.fromCharCode(ch)} in a character range`,
      rangeStart,
      Math.max(itemStart + 2, this.pos) - rangeStart,
    );
  }

  private reversedRange(start: number, end: number): never {
    this.fail(`Range ${this.p.slice(start, end)} is in reverse order`, start, end - start);
  }

  private subtractionNotLast(start: number): never {
    this.fail('A subtraction must be the last element in a character class', start, this.pos - start);
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Parses a .NET pattern with the given option bits (OPT_*). Throws RegexSyntaxError. */
export function parseRegex(pattern: string, options: number): ParsedRegex {
  return new Parser(pattern, options).parse();
}

