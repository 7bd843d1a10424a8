// Compiles a parsed pattern into the bytecode run by vm.ts.
//
// Instructions are laid out in an Int32Array as an opcode followed by its operands. Lookbehind
// bodies are compiled right-to-left (the `_R` opcodes read the character before the position and
// move left), as .NET evaluates them. Quantified single characters become REP_* instructions
// that consume greedily or lazily and backtrack one character at a time from a single stack
// entry; other quantified expressions become LOOP_INIT/LOOP_END pairs with .NET's loop rules
// (an iteration that matches empty ends the loop once the minimum is reached).

import type { AnchorKind, Node } from './ast';
import { CharSet, EMPTY_SET, isAnySet, singleMember, union, unionAll } from './charset';
import type { ParsedRegex } from './parser';
import { boundaryWordSet, caseCanonicalTable } from './unicode';

// ---- opcodes ------------------------------------------------------------------------------------
export const OP_CHAR = 1; // c
export const OP_CHAR_R = 2; // c
export const OP_STR = 3; // stringIndex
export const OP_STR_R = 4; // stringIndex
export const OP_SET = 5; // setIndex
export const OP_SET_R = 6; // setIndex
export const OP_REP_G = 7; // setIndex min max
export const OP_REP_L = 8; // setIndex min max
export const OP_REP_G_R = 9; // setIndex min max
export const OP_REP_L_R = 10; // setIndex min max
export const OP_BEGIN = 11;
export const OP_BOL = 12;
export const OP_ENDZ = 13;
export const OP_EOL = 14;
export const OP_END = 15;
export const OP_START = 16;
export const OP_BOUNDARY = 17;
export const OP_NONBOUNDARY = 18;
export const OP_SPLIT = 19; // target
export const OP_JMP = 20; // target
export const OP_CAP_OPEN = 21; // reg
export const OP_CAP_CLOSE = 22; // group uncaptureGroup reg
export const OP_LOOK_BEGIN = 23; // reg (uses reg, reg+1)
export const OP_LOOK_END = 24; // reg
export const OP_NLOOK_BEGIN = 25; // reg target
export const OP_NLOOK_END = 26; // reg
export const OP_ATOMIC_BEGIN = 27; // reg
export const OP_ATOMIC_END = 28; // reg
export const OP_LOOP_INIT = 29; // loop
export const OP_LOOP_END = 30; // loop
export const OP_BACKREF = 31; // group ignoreCase
export const OP_BACKREF_R = 32; // group ignoreCase
export const OP_COND_REF = 33; // group target
export const OP_COND_BEGIN = 34; // reg target
export const OP_COND_END = 35; // reg
export const OP_MATCH = 36;
export const OP_FAIL = 37;

/** Fields of one entry of Program.loops. */
export const LOOP_MIN = 0;
export const LOOP_MAX = 1;
export const LOOP_GREEDY = 2;
export const LOOP_BODY = 3;
export const LOOP_EXIT = 4;
export const LOOP_MARK = 5;
export const LOOP_COUNT = 6;
export const LOOP_STRIDE = 7;

/** Stand-in for an unbounded maximum. */
export const INF = 0x7fffffff;

export interface Program {
  pattern: string;
  code: Int32Array;
  strings: string[];
  /** 128-bit ASCII bitmap of every set, 4 words per set. */
  setAscii: Uint32Array;
  /** Non-ASCII part of every set: 0 none, 1 all of U+0080..U+FFFF, 2 search `setHigh`. */
  setHighMode: Uint8Array;
  setHigh: (Int32Array | null)[];
  loops: Int32Array;
  regCount: number;
  /** Number of groups (dense slots, in .NET group-number order; slot 0 is the whole match). */
  groupCount: number;
  /** Set used by \b and \B. */
  boundarySet: number;
  /** Case-equivalence representative of every character (for case-insensitive backreferences). */
  canon: Uint16Array | null;
  /** The pattern can only match at the start of the input (\A, or ^ without Multiline). */
  anchorBegin: boolean;
  /** The pattern can only match where the search starts (\G). */
  anchorStart: boolean;
  /** Index of a set every match must start with, or -1 when a match may be empty or start anywhere. */
  firstSet: number;
}

class Compiler {
  readonly code: number[] = [];
  readonly strings: string[] = [];
  readonly sets: CharSet[] = [];
  private readonly setIds = new Map<string, number>();
  readonly loops: number[] = [];
  regs = 0;
  usesCaseInsensitiveBackref = false;
  boundarySet = -1;

  constructor(private readonly groupIndex: Map<number, number>) {}

  setId(set: CharSet): number {
    const key = set.join(',');
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.setIds.set(key, id);
    }
    return id;
  }

  private reg(n = 1): number {
    const r = this.regs;
    this.regs += n;
    return r;
  }

  private emit(...words: number[]): number {
    const at = this.code.length;
    for (const w of words) this.code.push(w);
    return at;
  }

  private here(): number {
    return this.code.length;
  }

  private group(n: number): number {
    if (n < 0) return -1;
    const i = this.groupIndex.get(n);
    if (i === undefined) throw new Error(`internal: unknown group ${n}`);
    return i;
  }

  node(n: Node, rtl: boolean): void {
    switch (n.type) {
      case 'empty':
        return;
      case 'char':
        this.emit(rtl ? OP_CHAR_R : OP_CHAR, n.code);
        return;
      case 'set': {
        const single = singleMember(n.set);
        if (single >= 0) this.emit(rtl ? OP_CHAR_R : OP_CHAR, single);
        else if (n.set.length === 0) this.emit(OP_FAIL);
        else this.emit(rtl ? OP_SET_R : OP_SET, this.setId(n.set));
        return;
      }
      case 'seq': {
        // merge runs of literal characters into strings
        const units: (Node | string)[] = [];
        let run = '';
        for (const item of n.items) {
          const c = item.type === 'char' ? item.code : item.type === 'set' ? singleMember(item.set) : -1;
          if (c >= 0) {
            run += String.fromCharCode(c);
            continue;
          }
          if (run) units.push(run);
          run = '';
          units.push(item);
        }
        if (run) units.push(run);
        if (rtl) units.reverse();
        for (const u of units) {
          if (typeof u !== 'string') this.node(u, rtl);
          else if (u.length === 1) this.emit(rtl ? OP_CHAR_R : OP_CHAR, u.charCodeAt(0));
          else {
            this.strings.push(u);
            this.emit(rtl ? OP_STR_R : OP_STR, this.strings.length - 1);
          }
        }
        return;
      }
      case 'alt': {
        const jumps: number[] = [];
        n.branches.forEach((b, i) => {
          const last = i === n.branches.length - 1;
          const split = last ? -1 : this.emit(OP_SPLIT, 0);
          this.node(b, rtl);
          if (!last) {
            jumps.push(this.emit(OP_JMP, 0));
            this.code[split + 1] = this.here();
          }
        });
        for (const j of jumps) this.code[j + 1] = this.here();
        return;
      }
      case 'capture': {
        const r = this.reg();
        this.emit(OP_CAP_OPEN, r);
        this.node(n.body, rtl);
        this.emit(OP_CAP_CLOSE, this.group(n.group), this.group(n.uncapture), r);
        return;
      }
      case 'look': {
        if (n.negate) {
          const r = this.reg();
          const at = this.emit(OP_NLOOK_BEGIN, r, 0);
          this.node(n.body, n.behind);
          this.emit(OP_NLOOK_END, r);
          this.code[at + 2] = this.here();
        } else {
          const r = this.reg(2);
          this.emit(OP_LOOK_BEGIN, r);
          this.node(n.body, n.behind);
          this.emit(OP_LOOK_END, r);
        }
        return;
      }
      case 'atomic': {
        const r = this.reg();
        this.emit(OP_ATOMIC_BEGIN, r);
        this.node(n.body, rtl);
        this.emit(OP_ATOMIC_END, r);
        return;
      }
      case 'repeat': {
        const max = n.max === Infinity ? INF : n.max;
        const body = n.body;
        if (body.type === 'char' || body.type === 'set') {
          const set = body.type === 'char' ? [body.code, body.code + 1] : body.set;
          const op = rtl ? (n.lazy ? OP_REP_L_R : OP_REP_G_R) : n.lazy ? OP_REP_L : OP_REP_G;
          this.emit(op, this.setId(set), n.min, max);
          return;
        }
        const loop = this.loops.length / LOOP_STRIDE;
        const mark = this.reg(2);
        this.loops.push(n.min, max, n.lazy ? 0 : 1, 0, 0, mark, mark + 1);
        this.emit(OP_LOOP_INIT, loop);
        this.loops[loop * LOOP_STRIDE + LOOP_BODY] = this.here();
        this.node(body, rtl);
        this.emit(OP_LOOP_END, loop);
        this.loops[loop * LOOP_STRIDE + LOOP_EXIT] = this.here();
        return;
      }
      case 'backref':
        if (n.ignoreCase) this.usesCaseInsensitiveBackref = true;
        this.emit(rtl ? OP_BACKREF_R : OP_BACKREF, this.group(n.group), n.ignoreCase ? 1 : 0);
        return;
      case 'anchor':
        if (n.kind === 'boundary' || n.kind === 'nonboundary') {
          if (this.boundarySet < 0) this.boundarySet = this.setId(boundaryWordSet());
        }
        this.emit(ANCHOR_OPS[n.kind]);
        return;
      case 'condref': {
        const at = this.emit(OP_COND_REF, this.group(n.group), 0);
        this.node(n.yes, rtl);
        const j = this.emit(OP_JMP, 0);
        this.code[at + 2] = this.here();
        this.node(n.no, rtl);
        this.code[j + 1] = this.here();
        return;
      }
      case 'condexpr': {
        const r = this.reg();
        const at = this.emit(OP_COND_BEGIN, r, 0);
        this.node(n.cond, rtl);
        this.emit(OP_COND_END, r);
        this.node(n.yes, rtl);
        const j = this.emit(OP_JMP, 0);
        this.code[at + 2] = this.here();
        this.node(n.no, rtl);
        this.code[j + 1] = this.here();
        return;
      }
    }
  }

  finish(): void {
    this.emit(OP_MATCH);
  }
}

const ANCHOR_OPS: Record<AnchorKind, number> = {
  begin: OP_BEGIN,
  bol: OP_BOL,
  endz: OP_ENDZ,
  eol: OP_EOL,
  end: OP_END,
  start: OP_START,
  boundary: OP_BOUNDARY,
  nonboundary: OP_NONBOUNDARY,
};

// ---- analysis used to speed up the search ---------------------------------------------------------

interface First {
  /** Characters a match can start with; null when unknown (anything). */
  set: CharSet | null;
  /** The node can match without consuming a character. */
  nullable: boolean;
}

/** What a match of `n` can start with. Zero-width assertions only restrict, so they are ignored. */
export function firstChars(n: Node): First {
  switch (n.type) {
    case 'empty':
    case 'anchor':
    case 'look':
      return { set: EMPTY_SET, nullable: true };
    case 'char':
      return { set: [n.code, n.code + 1], nullable: false };
    case 'set':
      return { set: n.set, nullable: false };
    case 'backref':
      return { set: null, nullable: true };
    case 'capture':
    case 'atomic':
      return firstChars(n.body);
    case 'repeat': {
      const f = firstChars(n.body);
      return { set: f.set, nullable: f.nullable || n.min === 0 };
    }
    case 'seq': {
      let acc: CharSet = EMPTY_SET;
      for (const item of n.items) {
        const f = firstChars(item);
        if (f.set === null) return { set: null, nullable: true };
        acc = union(acc, f.set);
        if (!f.nullable) return { set: acc, nullable: false };
      }
      return { set: acc, nullable: true };
    }
    case 'alt':
      return combine(n.branches.map(firstChars));
    case 'condref':
    case 'condexpr':
      return combine([firstChars(n.yes), firstChars(n.no)]);
  }
}

function combine(parts: First[]): First {
  if (parts.some((p) => p.set === null)) return { set: null, nullable: true };
  return { set: unionAll(parts.map((p) => p.set!)), nullable: parts.some((p) => p.nullable) };
}

/** The anchor every match must start with, if any. */
export function leadingAnchor(n: Node): 'begin' | 'start' | null {
  switch (n.type) {
    case 'anchor':
      return n.kind === 'begin' || n.kind === 'start' ? n.kind : null;
    case 'capture':
    case 'atomic':
      return leadingAnchor(n.body);
    case 'seq':
      return n.items.length > 0 ? leadingAnchor(n.items[0]) : null;
    case 'repeat':
      return n.min >= 1 ? leadingAnchor(n.body) : null;
    case 'alt': {
      const kinds = n.branches.map(leadingAnchor);
      return kinds.every((k) => k !== null && k === kinds[0]) ? kinds[0] : null;
    }
    default:
      return null;
  }
}

function compileSets(sets: CharSet[]): Pick<Program, 'setAscii' | 'setHighMode' | 'setHigh'> {
  const setAscii = new Uint32Array(sets.length * 4);
  const setHighMode = new Uint8Array(sets.length);
  const setHigh: (Int32Array | null)[] = [];
  sets.forEach((set, s) => {
    const high: number[] = [];
    for (let i = 0; i < set.length; i += 2) {
      const lo = set[i];
      const hi = set[i + 1];
      for (let c = lo; c < Math.min(hi, 128); c++) setAscii[s * 4 + (c >> 5)] |= 1 << (c & 31);
      if (hi > 128) high.push(Math.max(lo, 128), hi);
    }
    if (high.length === 0) {
      setHighMode[s] = 0;
      setHigh.push(null);
    } else if (high.length === 2 && high[0] === 128 && high[1] === 0x10000) {
      setHighMode[s] = 1;
      setHigh.push(null);
    } else {
      setHighMode[s] = 2;
      setHigh.push(Int32Array.from(high));
    }
  });
  return { setAscii, setHighMode, setHigh };
}

/** Compiles a parsed pattern for the backtracking VM. */
export function compileProgram(parsed: ParsedRegex): Program {
  const groupIndex = new Map<number, number>();
  parsed.groupNumbers.forEach((n, i) => groupIndex.set(n, i));
  const c = new Compiler(groupIndex);
  c.node(parsed.root, false);
  c.finish();

  const anchor = leadingAnchor(parsed.root);
  const first = firstChars(parsed.root);
  let firstSet = -1;
  if (!first.nullable && first.set !== null && !isAnySet(first.set) && anchor === null) {
    firstSet = c.setId(first.set);
  }
  if (c.boundarySet < 0) c.boundarySet = c.setId(boundaryWordSet());

  return {
    pattern: parsed.pattern,
    code: Int32Array.from(c.code),
    strings: c.strings,
    ...compileSets(c.sets),
    loops: Int32Array.from(c.loops),
    regCount: Math.max(1, c.regs),
    groupCount: parsed.groupNumbers.length,
    boundarySet: c.boundarySet,
    canon: c.usesCaseInsensitiveBackref ? caseCanonicalTable() : null,
    anchorBegin: anchor === 'begin',
    anchorStart: anchor === 'start',
    firstSet,
  };
}

