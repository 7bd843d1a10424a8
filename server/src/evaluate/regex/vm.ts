// The backtracking matcher: runs a Program (program.ts) against an input string.
//
// State lives in typed arrays that are reused between calls (no allocation per step):
// - the backtrack stack holds entries of a few ints with a type tag on top; register changes are
//   trailed on it so that backtracking restores loop counters and group starts;
// - captures are an undo log of (group, start, end, previous top) records; each group's live
//   capture is the head of a linked list through that log, so balancing groups can pop captures
//   and backtracking can undo both pushes and pops by truncating the log.
//
// Every executed instruction, consumed character and backtrack counts as a step; past the
// budget the VM throws RegexBudgetError, which bounds the work of catastrophic patterns.

import { RegexBudgetError } from './errors';
import * as P from './program';
import type { Program } from './program';

// Local copies: module imports compile to property reads, which would sit in the hot loop.
const {
  INF,
  LOOP_BODY,
  LOOP_COUNT,
  LOOP_EXIT,
  LOOP_GREEDY,
  LOOP_MARK,
  LOOP_MAX,
  LOOP_MIN,
  LOOP_STRIDE,
  OP_ATOMIC_BEGIN,
  OP_ATOMIC_END,
  OP_BACKREF,
  OP_BACKREF_R,
  OP_BEGIN,
  OP_BOL,
  OP_BOUNDARY,
  OP_CAP_CLOSE,
  OP_CAP_OPEN,
  OP_CHAR,
  OP_CHAR_R,
  OP_COND_BEGIN,
  OP_COND_END,
  OP_COND_REF,
  OP_END,
  OP_ENDZ,
  OP_EOL,
  OP_FAIL,
  OP_JMP,
  OP_LOOK_BEGIN,
  OP_LOOK_END,
  OP_LOOP_END,
  OP_LOOP_INIT,
  OP_MATCH,
  OP_NLOOK_BEGIN,
  OP_NLOOK_END,
  OP_NONBOUNDARY,
  OP_REP_G,
  OP_REP_G_R,
  OP_REP_L,
  OP_REP_L_R,
  OP_SET,
  OP_SET_R,
  OP_SPLIT,
  OP_START,
  OP_STR,
  OP_STR_R,
} = P;

// backtrack entry tags (the last int of each entry)
const T_REG = 1; // reg oldValue
const T_CHOICE = 2; // pc pos capLen
const T_REP_G = 3; // nextPc limit cur capLen
const T_REP_G_R = 4; // nextPc limit cur capLen
const T_REP_L = 5; // nextPc cur limit set capLen
const T_REP_L_R = 6; // nextPc cur limit set capLen
const T_LAZY_LOOP = 7; // loop pos capLen

/** Work allowance shared by all the searches of one public call. */
export interface Budget {
  left: number;
  readonly total: number;
}

/** Reusable matcher memory; one per concurrent search. */
export class VmState {
  bt: Int32Array = new Int32Array(256);
  capLog: Int32Array = new Int32Array(64);
  readonly regs: Int32Array;
  readonly groupTop: Int32Array;

  constructor(prog: Program) {
    this.regs = new Int32Array(prog.regCount);
    this.groupTop = new Int32Array(prog.groupCount);
  }
}

function grown(a: Int32Array, need: number): Int32Array {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function inSet(prog: Program, s: number, c: number): boolean {
  if (c < 128) return ((prog.setAscii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0;
  return inSetHigh(prog, s, c);
}

/** Membership of a non-ASCII character. */
function inSetHigh(prog: Program, s: number, c: number): boolean {
  const mode = prog.setHighMode[s];
  if (mode !== 2) return mode === 1;
  const r = prog.setHigh[s]!;
  let lo = 0;
  let hi = r.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c < r[mid << 1]) hi = mid;
    else if (c >= r[(mid << 1) + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function isWordAt(prog: Program, input: string, i: number): boolean {
  return i >= 0 && i < input.length && inSet(prog, prog.boundarySet, input.charCodeAt(i));
}

/**
 * Tries to match at exactly `start`. Returns the end of the match or -1. On success the
 * captures are left in `st` (read them with readGroups).
 */
export function execute(
  prog: Program,
  st: VmState,
  input: string,
  start: number,
  scanStart: number,
  budget: Budget,
): number {
  const code = prog.code;
  const loops = prog.loops;
  const strings = prog.strings;
  const ascii = prog.setAscii;
  const len = input.length;
  const regs = st.regs;
  const groupTop = st.groupTop;
  groupTop.fill(-1);
  let bt = st.bt;
  let btTop = 0;
  let capLog = st.capLog;
  let capLen = 0;
  let steps = budget.left;
  let pc = 0;
  let pos = start;
  let c = 0; // scratch: the character under test

  for (;;) {
    // ---- forward execution; `break` out of the switch means failure ----
    if (--steps < 0) {
      budget.left = 0;
      throw new RegexBudgetError(prog.pattern, budget.total);
    }
    if (btTop + 16 > bt.length) st.bt = bt = grown(bt, btTop + 16);
    switch (code[pc]) {
      case OP_CHAR:
        if (pos < len && input.charCodeAt(pos) === code[pc + 1]) {
          pos++;
          pc += 2;
          continue;
        }
        break;
      case OP_CHAR_R:
        if (pos > 0 && input.charCodeAt(pos - 1) === code[pc + 1]) {
          pos--;
          pc += 2;
          continue;
        }
        break;
      case OP_STR: {
        const s = strings[code[pc + 1]];
        if (pos + s.length <= len && input.startsWith(s, pos)) {
          pos += s.length;
          steps -= s.length;
          pc += 2;
          continue;
        }
        break;
      }
      case OP_STR_R: {
        const s = strings[code[pc + 1]];
        if (pos - s.length >= 0 && input.startsWith(s, pos - s.length)) {
          pos -= s.length;
          steps -= s.length;
          pc += 2;
          continue;
        }
        break;
      }
      case OP_SET:
        if (
          pos < len &&
          ((c = input.charCodeAt(pos)) < 128
            ? ((ascii[(code[pc + 1] << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
            : inSetHigh(prog, code[pc + 1], c))
        ) {
          pos++;
          pc += 2;
          continue;
        }
        break;
      case OP_SET_R:
        if (
          pos > 0 &&
          ((c = input.charCodeAt(pos - 1)) < 128
            ? ((ascii[(code[pc + 1] << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
            : inSetHigh(prog, code[pc + 1], c))
        ) {
          pos--;
          pc += 2;
          continue;
        }
        break;
      case OP_REP_G: {
        const s = code[pc + 1];
        const min = code[pc + 2];
        const max = code[pc + 3];
        const minEnd = pos + min;
        if (minEnd > len) break;
        let i = pos;
        while (
          i < minEnd &&
          ((c = input.charCodeAt(i)) < 128 ? ((ascii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0 : inSetHigh(prog, s, c))
        )
          i++;
        if (i < minEnd) {
          steps -= i - pos;
          break;
        }
        const maxEnd = max === INF || max >= len - pos ? len : pos + max;
        while (
          i < maxEnd &&
          ((c = input.charCodeAt(i)) < 128 ? ((ascii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0 : inSetHigh(prog, s, c))
        )
          i++;
        steps -= i - pos;
        if (i > minEnd) {
          bt[btTop++] = pc + 4;
          bt[btTop++] = minEnd;
          bt[btTop++] = i;
          bt[btTop++] = capLen;
          bt[btTop++] = T_REP_G;
        }
        pos = i;
        pc += 4;
        continue;
      }
      case OP_REP_G_R: {
        const s = code[pc + 1];
        const min = code[pc + 2];
        const max = code[pc + 3];
        const minEnd = pos - min;
        if (minEnd < 0) break;
        let i = pos;
        while (
          i > minEnd &&
          ((c = input.charCodeAt(i - 1)) < 128
            ? ((ascii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
            : inSetHigh(prog, s, c))
        )
          i--;
        if (i > minEnd) {
          steps -= pos - i;
          break;
        }
        const maxEnd = max === INF || max >= pos ? 0 : pos - max;
        while (
          i > maxEnd &&
          ((c = input.charCodeAt(i - 1)) < 128
            ? ((ascii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
            : inSetHigh(prog, s, c))
        )
          i--;
        steps -= pos - i;
        if (i < minEnd) {
          bt[btTop++] = pc + 4;
          bt[btTop++] = minEnd;
          bt[btTop++] = i;
          bt[btTop++] = capLen;
          bt[btTop++] = T_REP_G_R;
        }
        pos = i;
        pc += 4;
        continue;
      }
      case OP_REP_L: {
        const s = code[pc + 1];
        const min = code[pc + 2];
        const max = code[pc + 3];
        const minEnd = pos + min;
        if (minEnd > len) break;
        let i = pos;
        while (
          i < minEnd &&
          ((c = input.charCodeAt(i)) < 128 ? ((ascii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0 : inSetHigh(prog, s, c))
        )
          i++;
        steps -= i - pos;
        if (i < minEnd) break;
        const maxEnd = max === INF || max >= len - pos ? len : pos + max;
        if (i < maxEnd) {
          bt[btTop++] = pc + 4;
          bt[btTop++] = i;
          bt[btTop++] = maxEnd;
          bt[btTop++] = s;
          bt[btTop++] = capLen;
          bt[btTop++] = T_REP_L;
        }
        pos = i;
        pc += 4;
        continue;
      }
      case OP_REP_L_R: {
        const s = code[pc + 1];
        const min = code[pc + 2];
        const max = code[pc + 3];
        const minEnd = pos - min;
        if (minEnd < 0) break;
        let i = pos;
        while (
          i > minEnd &&
          ((c = input.charCodeAt(i - 1)) < 128
            ? ((ascii[(s << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
            : inSetHigh(prog, s, c))
        )
          i--;
        steps -= pos - i;
        if (i > minEnd) break;
        const maxEnd = max === INF || max >= pos ? 0 : pos - max;
        if (i > maxEnd) {
          bt[btTop++] = pc + 4;
          bt[btTop++] = i;
          bt[btTop++] = maxEnd;
          bt[btTop++] = s;
          bt[btTop++] = capLen;
          bt[btTop++] = T_REP_L_R;
        }
        pos = i;
        pc += 4;
        continue;
      }
      case OP_BEGIN:
        if (pos === 0) {
          pc++;
          continue;
        }
        break;
      case OP_BOL:
        if (pos === 0 || input.charCodeAt(pos - 1) === 10) {
          pc++;
          continue;
        }
        break;
      case OP_ENDZ:
        if (pos === len || (pos === len - 1 && input.charCodeAt(pos) === 10)) {
          pc++;
          continue;
        }
        break;
      case OP_EOL:
        if (pos === len || input.charCodeAt(pos) === 10) {
          pc++;
          continue;
        }
        break;
      case OP_END:
        if (pos === len) {
          pc++;
          continue;
        }
        break;
      case OP_START:
        if (pos === scanStart) {
          pc++;
          continue;
        }
        break;
      case OP_BOUNDARY:
        if (isWordAt(prog, input, pos - 1) !== isWordAt(prog, input, pos)) {
          pc++;
          continue;
        }
        break;
      case OP_NONBOUNDARY:
        if (isWordAt(prog, input, pos - 1) === isWordAt(prog, input, pos)) {
          pc++;
          continue;
        }
        break;
      case OP_SPLIT:
        bt[btTop++] = code[pc + 1];
        bt[btTop++] = pos;
        bt[btTop++] = capLen;
        bt[btTop++] = T_CHOICE;
        pc += 2;
        continue;
      case OP_JMP:
        pc = code[pc + 1];
        continue;
      case OP_CAP_OPEN: {
        const r = code[pc + 1];
        if (regs[r] !== pos) {
          bt[btTop++] = r;
          bt[btTop++] = regs[r];
          bt[btTop++] = T_REG;
          regs[r] = pos;
        }
        pc += 2;
        continue;
      }
      case OP_CAP_CLOSE: {
        const g = code[pc + 1];
        const u = code[pc + 2];
        let s = regs[code[pc + 3]];
        let e = pos;
        if (capLen + 8 > capLog.length) st.capLog = capLog = grown(capLog, capLen + 8);
        if (u >= 0) {
          // balancing group: pop u's latest capture; g (if any) captures what lies between
          const top = groupTop[u];
          if (top < 0) break;
          if (e < s) {
            const t = e;
            e = s;
            s = t;
          }
          const s2 = capLog[top + 1];
          const e2 = capLog[top + 2];
          if (s >= e2) {
            e = s;
            s = e2;
          } else if (e <= s2) {
            s = s2;
          } else {
            if (e > e2) e = e2;
            if (s2 > s) s = s2;
          }
          capLog[capLen] = ~u;
          capLog[capLen + 1] = 0;
          capLog[capLen + 2] = 0;
          capLog[capLen + 3] = top;
          groupTop[u] = capLog[top + 3];
          capLen += 4;
        }
        if (g >= 0) {
          if (e < s) {
            const t = e;
            e = s;
            s = t;
          }
          capLog[capLen] = g;
          capLog[capLen + 1] = s;
          capLog[capLen + 2] = e;
          capLog[capLen + 3] = groupTop[g];
          groupTop[g] = capLen;
          capLen += 4;
        }
        pc += 4;
        continue;
      }
      case OP_LOOK_BEGIN: {
        const r = code[pc + 1];
        regs[r] = btTop;
        regs[r + 1] = pos;
        pc += 2;
        continue;
      }
      case OP_LOOK_END: {
        const r = code[pc + 1];
        btTop = regs[r];
        pos = regs[r + 1];
        pc += 2;
        continue;
      }
      case OP_NLOOK_BEGIN:
      case OP_COND_BEGIN:
        regs[code[pc + 1]] = btTop;
        bt[btTop++] = code[pc + 2];
        bt[btTop++] = pos;
        bt[btTop++] = capLen;
        bt[btTop++] = T_CHOICE;
        pc += 3;
        continue;
      case OP_NLOOK_END: {
        // the body matched, so the negative lookaround fails: drop its frame and captures
        const base = regs[code[pc + 1]];
        const to = bt[base + 2];
        btTop = base;
        while (capLen > to) {
          capLen -= 4;
          const g = capLog[capLen];
          groupTop[g < 0 ? ~g : g] = capLog[capLen + 3];
        }
        break;
      }
      case OP_COND_END: {
        const base = regs[code[pc + 1]];
        pos = bt[base + 1];
        btTop = base;
        pc += 2;
        continue;
      }
      case OP_ATOMIC_BEGIN:
        regs[code[pc + 1]] = btTop;
        pc += 2;
        continue;
      case OP_ATOMIC_END:
        btTop = regs[code[pc + 1]];
        pc += 2;
        continue;
      case OP_LOOP_INIT: {
        const l = code[pc + 1] * LOOP_STRIDE;
        const mr = loops[l + LOOP_MARK];
        const cr = loops[l + LOOP_COUNT];
        if (regs[cr] !== 0) {
          bt[btTop++] = cr;
          bt[btTop++] = regs[cr];
          bt[btTop++] = T_REG;
          regs[cr] = 0;
        }
        if (loops[l + LOOP_MIN] === 0) {
          if (loops[l + LOOP_GREEDY]) {
            bt[btTop++] = loops[l + LOOP_EXIT];
            bt[btTop++] = pos;
            bt[btTop++] = capLen;
            bt[btTop++] = T_CHOICE;
          } else {
            bt[btTop++] = code[pc + 1];
            bt[btTop++] = pos;
            bt[btTop++] = capLen;
            bt[btTop++] = T_LAZY_LOOP;
            pc = loops[l + LOOP_EXIT];
            continue;
          }
        }
        if (regs[mr] !== pos) {
          bt[btTop++] = mr;
          bt[btTop++] = regs[mr];
          bt[btTop++] = T_REG;
          regs[mr] = pos;
        }
        pc = loops[l + LOOP_BODY];
        continue;
      }
      case OP_LOOP_END: {
        const l = code[pc + 1] * LOOP_STRIDE;
        const mr = loops[l + LOOP_MARK];
        const cr = loops[l + LOOP_COUNT];
        const min = loops[l + LOOP_MIN];
        const max = loops[l + LOOP_MAX];
        const n = regs[cr] + 1;
        const empty = pos === regs[mr];
        if (loops[l + LOOP_GREEDY]) {
          if (n >= max || (empty && n >= min)) {
            pc = loops[l + LOOP_EXIT];
            continue;
          }
          bt[btTop++] = cr;
          bt[btTop++] = regs[cr];
          bt[btTop++] = T_REG;
          regs[cr] = n;
          if (n >= min) {
            bt[btTop++] = loops[l + LOOP_EXIT];
            bt[btTop++] = pos;
            bt[btTop++] = capLen;
            bt[btTop++] = T_CHOICE;
          }
          if (regs[mr] !== pos) {
            bt[btTop++] = mr;
            bt[btTop++] = regs[mr];
            bt[btTop++] = T_REG;
            regs[mr] = pos;
          }
          pc = loops[l + LOOP_BODY];
          continue;
        }
        if (n < min) {
          bt[btTop++] = cr;
          bt[btTop++] = regs[cr];
          bt[btTop++] = T_REG;
          regs[cr] = n;
          if (regs[mr] !== pos) {
            bt[btTop++] = mr;
            bt[btTop++] = regs[mr];
            bt[btTop++] = T_REG;
            regs[mr] = pos;
          }
          pc = loops[l + LOOP_BODY];
          continue;
        }
        if (n < max && !empty) {
          bt[btTop++] = cr;
          bt[btTop++] = regs[cr];
          bt[btTop++] = T_REG;
          regs[cr] = n;
          bt[btTop++] = code[pc + 1];
          bt[btTop++] = pos;
          bt[btTop++] = capLen;
          bt[btTop++] = T_LAZY_LOOP;
        }
        pc = loops[l + LOOP_EXIT];
        continue;
      }
      case OP_BACKREF:
      case OP_BACKREF_R: {
        const e = groupTop[code[pc + 1]];
        if (e < 0) break;
        const s = capLog[e + 1];
        const n = capLog[e + 2] - s;
        const rtl = code[pc] === OP_BACKREF_R;
        const at = rtl ? pos - n : pos;
        if (at < 0 || at + n > len) break;
        let k = 0;
        if (code[pc + 2] === 0) {
          while (k < n && input.charCodeAt(s + k) === input.charCodeAt(at + k)) k++;
        } else {
          const canon = prog.canon!;
          while (k < n && canon[input.charCodeAt(s + k)] === canon[input.charCodeAt(at + k)]) k++;
        }
        steps -= k;
        if (k < n) break;
        pos = rtl ? at : at + n;
        pc += 3;
        continue;
      }
      case OP_COND_REF:
        pc = groupTop[code[pc + 1]] >= 0 ? pc + 3 : code[pc + 2];
        continue;
      case OP_MATCH:
        budget.left = steps;
        return pos;
      case OP_FAIL:
        break;
      default:
        throw new Error(`internal: bad opcode ${code[pc]} at ${pc}`);
    }

    // ---- backtrack: pop entries until one resumes forward execution ----
    backtrack: for (;;) {
      if (btTop === 0) {
        budget.left = steps;
        return -1;
      }
      if (--steps < 0) {
        budget.left = 0;
        throw new RegexBudgetError(prog.pattern, budget.total);
      }
      let capTo: number;
      switch (bt[btTop - 1]) {
        case T_REG:
          regs[bt[btTop - 3]] = bt[btTop - 2];
          btTop -= 3;
          continue;
        case T_CHOICE:
          pc = bt[btTop - 4];
          pos = bt[btTop - 3];
          capTo = bt[btTop - 2];
          btTop -= 4;
          break;
        case T_REP_G: {
          const nextPc = bt[btTop - 5];
          const limit = bt[btTop - 4];
          let cur = bt[btTop - 3] - 1;
          capTo = bt[btTop - 2];
          if (code[nextPc] === OP_CHAR) {
            // skip positions where the next literal cannot match
            const lit = code[nextPc + 1];
            while (cur > limit && input.charCodeAt(cur) !== lit) {
              cur--;
              steps--;
            }
            if (input.charCodeAt(cur) !== lit) {
              btTop -= 5;
              continue;
            }
          }
          if (cur <= limit) btTop -= 5;
          else bt[btTop - 3] = cur;
          pc = nextPc;
          pos = cur;
          break;
        }
        case T_REP_G_R: {
          const nextPc = bt[btTop - 5];
          const limit = bt[btTop - 4];
          const cur = bt[btTop - 3] + 1;
          capTo = bt[btTop - 2];
          if (cur >= limit) btTop -= 5;
          else bt[btTop - 3] = cur;
          pc = nextPc;
          pos = cur;
          break;
        }
        case T_REP_L: {
          const cur = bt[btTop - 5];
          const limit = bt[btTop - 4];
          if (
            !((c = input.charCodeAt(cur)) < 128
              ? ((ascii[(bt[btTop - 3] << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
              : inSetHigh(prog, bt[btTop - 3], c))
          ) {
            btTop -= 6;
            continue;
          }
          pc = bt[btTop - 6];
          capTo = bt[btTop - 2];
          pos = cur + 1;
          if (pos >= limit) btTop -= 6;
          else bt[btTop - 5] = pos;
          break;
        }
        case T_REP_L_R: {
          const cur = bt[btTop - 5];
          const limit = bt[btTop - 4];
          if (
            !((c = input.charCodeAt(cur - 1)) < 128
              ? ((ascii[(bt[btTop - 3] << 2) | (c >> 5)] >>> (c & 31)) & 1) !== 0
              : inSetHigh(prog, bt[btTop - 3], c))
          ) {
            btTop -= 6;
            continue;
          }
          pc = bt[btTop - 6];
          capTo = bt[btTop - 2];
          pos = cur - 1;
          if (pos <= limit) btTop -= 6;
          else bt[btTop - 5] = pos;
          break;
        }
        case T_LAZY_LOOP: {
          const l = bt[btTop - 4] * LOOP_STRIDE;
          pos = bt[btTop - 3];
          capTo = bt[btTop - 2];
          btTop -= 4;
          const mr = loops[l + LOOP_MARK];
          if (regs[mr] !== pos) {
            bt[btTop++] = mr;
            bt[btTop++] = regs[mr];
            bt[btTop++] = T_REG;
            regs[mr] = pos;
          }
          pc = loops[l + LOOP_BODY];
          break;
        }
        default:
          throw new Error(`internal: bad backtrack entry ${bt[btTop - 1]}`);
      }
      while (capLen > capTo) {
        capLen -= 4;
        const g = capLog[capLen];
        groupTop[g < 0 ? ~g : g] = capLog[capLen + 3];
      }
      break backtrack;
    }
  }
}

/** Copies the live capture of every group into `out` as [start, end] pairs (-1, -1 when none). */
export function readGroups(st: VmState, out: Int32Array): void {
  const groupTop = st.groupTop;
  const capLog = st.capLog;
  for (let g = 0; g < groupTop.length; g++) {
    const e = groupTop[g];
    if (e < 0) {
      out[g * 2] = -1;
      out[g * 2 + 1] = -1;
    } else {
      out[g * 2] = capLog[e + 1];
      out[g * 2 + 1] = capLog[e + 2];
    }
  }
}

/**
 * Finds the first match starting at or after `from`. `scanStart` is where `\G` matches.
 * Returns true and fills `out` (see readGroups) when found.
 */
export function search(
  prog: Program,
  st: VmState,
  input: string,
  from: number,
  scanStart: number,
  budget: Budget,
  out: Int32Array,
): boolean {
  const len = input.length;
  let s = from;
  if (prog.anchorBegin && s > 0) return false;
  if (prog.anchorStart && s > scanStart) return false;
  const first = prog.firstSet;
  for (; s <= len; s++) {
    if (first >= 0) {
      while (s < len && !inSet(prog, first, input.charCodeAt(s))) s++;
      if (s >= len) return false;
    }
    if (--budget.left < 0) {
      budget.left = 0;
      throw new RegexBudgetError(prog.pattern, budget.total);
    }
    if (execute(prog, st, input, s, scanStart, budget) >= 0) {
      readGroups(st, out);
      return true;
    }
    if (prog.anchorBegin || prog.anchorStart) return false;
  }
  return false;
}
