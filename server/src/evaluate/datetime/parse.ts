// An emulation of .NET DateTime.Parse(text, CultureInfo.InvariantCulture) (DateTimeStyles.None), the
// lenient parser behind CDate and the date arguments of DateAdd/DateDiff/NumFromDate.
//
// .NET's parser is a lexer feeding a state machine over token classes (number followed by a space,
// number followed by a date separator, month name, year-like number, ...). The observable behaviour
// reproduced here, for the invariant culture:
//   * date orders: M/d/y (short date), "MMMM dd" (month/day), "yyyy MMMM" (year/month); a number of 3+
//     digits is a year; two-digit years map 00-49 → 2000-2049, 50-99 → 1950-1999;
//   * month and day names, full or three-letter, any letter case; AM/PM; era A.D./AD; "GMT" and "Z";
//     ',' and '.' are ignorable; '#…#' around the whole text (VB date literals);
//   * "-" after a complete date starts an offset, so "2012-03-16-07:00" is midnight at UTC-07:00;
//   * an ISO 8601 'T' after y-M-d switches to a strict hh:mm[:ss[.fffffff]][Z|±hh[:mm]] tail;
//   * missing year = current year, missing month/day = 1, no date at all = today (the `now` option);
//   * an offset or Z converts the result to the service's local zone, UTC.
// CJK date suffixes (年 月 日 時 分 秒 and the Korean 년 월 일) are part of the invariant token table
// and are handled too.

import {
  ParseFailure, ParsedFields, adjustTimeZone, fail, fillDefaults, fractionTicks, newFields, onlyNulsFrom, validHashes,
} from './common';
import {
  AM_DESIGNATOR, DAY_ABBREVIATIONS, DAY_NAMES, ERA_ABBREVIATION, ERA_NAME, MONTH_ABBREVIATIONS, MONTH_NAMES,
  PM_DESIGNATOR, toFourDigitYear,
} from './culture';
import {
  DateTimeKind, TICKS_PER_MINUTE, isAsciiDigit, isLetter, isValidDate, isWhiteSpace, quote, ticksFromParts, toParts,
} from './value';

// ---- lexical classes -----------------------------------------------------------------------

type WordType =
  | 'month' | 'dayOfWeek' | 'am' | 'pm' | 'era' | 'timeZone' | 'ignorable'
  | 'sepTime' | 'sepDate' | 'sepDateOrOffset' | 'sepAm' | 'sepPm' | 'sepLocalTimeMark'
  | 'sepYearSuffix' | 'sepMonthSuffix' | 'sepDaySuffix' | 'sepHourSuffix' | 'sepMinuteSuffix' | 'sepSecondSuffix';

interface Word {
  text: string;
  type: WordType;
  value: number;
}

/** Words .NET recognises where a date part may start (its "regular" tokens). */
const REGULAR_WORDS: Word[] = [
  ...MONTH_NAMES.map((text, i) => ({ text, type: 'month' as const, value: i + 1 })),
  ...MONTH_ABBREVIATIONS.map((text, i) => ({ text, type: 'month' as const, value: i + 1 })),
  ...DAY_NAMES.map((text, i) => ({ text, type: 'dayOfWeek' as const, value: i })),
  ...DAY_ABBREVIATIONS.map((text, i) => ({ text, type: 'dayOfWeek' as const, value: i })),
  { text: AM_DESIGNATOR, type: 'am', value: 0 },
  { text: PM_DESIGNATOR, type: 'pm', value: 1 },
  { text: ERA_NAME, type: 'era', value: 1 },
  { text: ERA_ABBREVIATION, type: 'era', value: 1 },
  { text: 'GMT', type: 'timeZone', value: 0 },
  { text: 'Z', type: 'timeZone', value: 0 },
  { text: ',', type: 'ignorable', value: 0 },
  { text: '.', type: 'ignorable', value: 0 },
];

/** Words .NET recognises right after a number (its "separator" tokens). */
const SEPARATOR_WORDS: Word[] = [
  { text: ':', type: 'sepTime', value: 0 },
  { text: '/', type: 'sepDate', value: 0 },
  { text: '-', type: 'sepDateOrOffset', value: 0 },
  { text: AM_DESIGNATOR, type: 'sepAm', value: 0 },
  { text: PM_DESIGNATOR, type: 'sepPm', value: 1 },
  { text: 'T', type: 'sepLocalTimeMark', value: 0 },
  { text: '\u5e74', type: 'sepYearSuffix', value: 0 }, // 年
  { text: '\ub144', type: 'sepYearSuffix', value: 0 }, // 년
  { text: '\u6708', type: 'sepMonthSuffix', value: 0 }, // 月
  { text: '\uc6d4', type: 'sepMonthSuffix', value: 0 }, // 월
  { text: '\u65e5', type: 'sepDaySuffix', value: 0 }, // 日
  { text: '\uc77c', type: 'sepDaySuffix', value: 0 }, // 일
  { text: '\u6642', type: 'sepHourSuffix', value: 0 }, // 時
  { text: '\u65f6', type: 'sepHourSuffix', value: 0 }, // 时
  { text: '\u5206', type: 'sepMinuteSuffix', value: 0 }, // 分
  { text: '\u79d2', type: 'sepSecondSuffix', value: 0 }, // 秒
];

/** The longest word of `words` at s[pos], compared ignoring case; a word starting with a letter must end at a non-letter. */
function matchWord(s: string, pos: number, words: Word[]): Word | null {
  let best: Word | null = null;
  for (const w of words) {
    const end = pos + w.text.length;
    if (end > s.length) continue;
    if (isLetter(w.text[0]) && end < s.length && isLetter(s[end])) continue;
    if (s.slice(pos, end).toLowerCase() !== w.text.toLowerCase()) continue;
    if (best === null || w.text.length > best.text.length) best = w;
  }
  return best;
}

// ---- the state machine ---------------------------------------------------------------------

/** Token classes fed to the state machine. */
type Tok =
  | 'End' | 'NumEnd' | 'NumAmPm' | 'NumSpace' | 'NumDateSep' | 'NumTimeSep' | 'MonthEnd' | 'MonthSpace'
  | 'MonthDateSep' | 'NumDateSuffix' | 'NumTimeSuffix' | 'DayOfWeek' | 'YearSpace' | 'YearDateSep' | 'YearEnd'
  | 'TimeZone' | 'Era';

/**
 * States: BEGIN; N/NN = one/two numbers of unknown role; D_* = inside a date (N number, M month name,
 * Y year, d "followed by a date separator", S date suffix); T_* = inside a time (t "followed by ':'").
 * Terminal states (DX_* a complete date, TX_* a complete time) fill in the result and restart at BEGIN.
 */
type State =
  | 'BEGIN' | 'N' | 'NN' | 'D_Nd' | 'D_NN' | 'D_NNd' | 'D_M' | 'D_MN' | 'D_NM' | 'D_MNd' | 'D_NDS' | 'D_Y' | 'D_YN'
  | 'D_YNd' | 'D_YM' | 'D_YMd' | 'D_S' | 'T_S' | 'T_Nt' | 'T_NNt'
  | 'DX_NN' | 'DX_NNN' | 'DX_MN' | 'DX_NM' | 'DX_MNN' | 'DX_DS' | 'DX_DSN' | 'DX_NDS' | 'DX_NNDS' | 'DX_YNN'
  | 'DX_YMN' | 'DX_YN' | 'DX_YM' | 'TX_N' | 'TX_NN' | 'TX_NNN' | 'TX_TS' | 'DX_NNY';

type NonTerminal = Exclude<State, `DX_${string}` | `TX_${string}`>;

/** Allowed transitions; a (state, token) pair not listed is a parse error. */
const NEXT: Record<NonTerminal, Partial<Record<Tok, State>>> = {
  BEGIN: {
    End: 'BEGIN', NumAmPm: 'TX_N', NumSpace: 'N', NumDateSep: 'D_Nd', NumTimeSep: 'T_Nt', MonthSpace: 'D_M',
    MonthDateSep: 'D_M', NumDateSuffix: 'D_S', NumTimeSuffix: 'T_S', DayOfWeek: 'BEGIN', YearSpace: 'D_Y',
    YearDateSep: 'D_Y', TimeZone: 'BEGIN', Era: 'BEGIN',
  },
  N: {
    NumEnd: 'DX_NN', NumAmPm: 'TX_NN', NumSpace: 'NN', NumDateSep: 'D_NNd', MonthEnd: 'DX_NM', MonthSpace: 'D_NM',
    MonthDateSep: 'D_MNd', NumDateSuffix: 'D_NDS', DayOfWeek: 'N', YearSpace: 'D_YN', YearDateSep: 'D_YNd',
    YearEnd: 'DX_YN', TimeZone: 'N', Era: 'N',
  },
  NN: {
    End: 'DX_NN', NumEnd: 'DX_NNN', NumAmPm: 'TX_NNN', NumSpace: 'DX_NNN', NumTimeSep: 'T_Nt', MonthEnd: 'DX_MNN',
    MonthSpace: 'DX_MNN', NumTimeSuffix: 'T_S', DayOfWeek: 'NN', YearSpace: 'DX_NNY', YearEnd: 'DX_NNY',
    TimeZone: 'NN', Era: 'NN',
  },
  D_Nd: {
    NumEnd: 'DX_NN', NumSpace: 'D_NN', NumDateSep: 'D_NNd', MonthEnd: 'DX_NM', MonthSpace: 'D_MN',
    MonthDateSep: 'D_MNd', DayOfWeek: 'D_Nd', YearSpace: 'D_YN', YearDateSep: 'D_YNd', YearEnd: 'DX_YN', Era: 'D_Nd',
  },
  D_NN: {
    End: 'DX_NN', NumEnd: 'DX_NNN', NumAmPm: 'TX_N', NumSpace: 'DX_NNN', NumTimeSep: 'T_Nt', MonthEnd: 'DX_MNN',
    MonthSpace: 'DX_MNN', NumDateSuffix: 'DX_DS', NumTimeSuffix: 'T_S', DayOfWeek: 'D_NN', YearSpace: 'DX_NNY',
    YearEnd: 'DX_NNY', Era: 'D_NN',
  },
  D_NNd: {
    NumEnd: 'DX_NNN', NumAmPm: 'DX_NNN', NumSpace: 'DX_NNN', MonthEnd: 'DX_MNN', MonthSpace: 'DX_MNN',
    NumDateSuffix: 'DX_DS', DayOfWeek: 'D_NNd', YearSpace: 'DX_NNY', YearEnd: 'DX_NNY', Era: 'D_NNd',
  },
  D_M: {
    NumEnd: 'DX_MN', NumSpace: 'D_MN', NumDateSep: 'D_MNd', DayOfWeek: 'D_M', YearSpace: 'D_YM', YearDateSep: 'D_YMd',
    YearEnd: 'DX_YM', Era: 'D_M',
  },
  D_MN: {
    End: 'DX_MN', NumEnd: 'DX_MNN', NumAmPm: 'DX_MNN', NumSpace: 'DX_MNN', NumTimeSep: 'T_Nt', NumDateSuffix: 'DX_DS',
    NumTimeSuffix: 'T_S', DayOfWeek: 'D_MN', YearSpace: 'DX_YMN', YearEnd: 'DX_YMN', Era: 'D_MN',
  },
  D_NM: {
    End: 'DX_NM', NumEnd: 'DX_MNN', NumAmPm: 'DX_MNN', NumSpace: 'DX_MNN', NumTimeSep: 'T_Nt', NumDateSuffix: 'DX_DS',
    NumTimeSuffix: 'T_S', DayOfWeek: 'D_NM', YearSpace: 'DX_YMN', YearEnd: 'DX_YMN', Era: 'D_NM',
  },
  D_MNd: { NumEnd: 'DX_MNN', NumSpace: 'DX_MNN', DayOfWeek: 'D_MNd', YearSpace: 'DX_YMN', YearEnd: 'DX_YMN', Era: 'D_MNd' },
  D_NDS: {
    End: 'DX_NDS', NumEnd: 'DX_NNDS', NumAmPm: 'DX_NNDS', NumSpace: 'DX_NNDS', NumTimeSep: 'T_Nt',
    NumDateSuffix: 'D_NDS', NumTimeSuffix: 'T_S', DayOfWeek: 'D_NDS', Era: 'D_NDS',
  },
  D_Y: {
    NumEnd: 'DX_YN', NumSpace: 'D_YN', NumDateSep: 'D_YNd', MonthEnd: 'DX_YM', MonthSpace: 'D_YM', MonthDateSep: 'D_YMd',
    NumDateSuffix: 'D_YM', DayOfWeek: 'D_Y', Era: 'D_Y',
  },
  D_YN: {
    End: 'DX_YN', NumEnd: 'DX_YNN', NumAmPm: 'DX_YNN', NumSpace: 'DX_YNN', MonthEnd: 'DX_YMN', MonthSpace: 'DX_YMN',
    DayOfWeek: 'D_YN', Era: 'D_YN',
  },
  D_YNd: {
    NumEnd: 'DX_YNN', NumAmPm: 'DX_YNN', NumSpace: 'DX_YNN', MonthEnd: 'DX_YMN', MonthSpace: 'DX_YMN',
    DayOfWeek: 'D_YN', Era: 'D_YN',
  },
  D_YM: { End: 'DX_YM', NumEnd: 'DX_YMN', NumAmPm: 'DX_YMN', NumSpace: 'DX_YMN', DayOfWeek: 'D_YM', Era: 'D_YM' },
  D_YMd: { NumEnd: 'DX_YMN', NumAmPm: 'DX_YMN', NumSpace: 'DX_YMN', DayOfWeek: 'D_YM', Era: 'D_YM' },
  D_S: {
    End: 'DX_DS', NumEnd: 'DX_DSN', NumAmPm: 'TX_N', NumSpace: 'T_Nt', NumTimeSep: 'T_Nt', NumDateSuffix: 'D_S',
    NumTimeSuffix: 'T_S', DayOfWeek: 'D_S', Era: 'D_S',
  },
  T_S: {
    End: 'TX_TS', NumEnd: 'TX_TS', NumAmPm: 'TX_TS', NumSpace: 'T_Nt', NumDateSep: 'D_Nd', NumDateSuffix: 'D_S',
    NumTimeSuffix: 'T_S', DayOfWeek: 'T_S', TimeZone: 'T_S', Era: 'T_S',
  },
  T_Nt: {
    NumEnd: 'TX_NN', NumAmPm: 'TX_NN', NumSpace: 'TX_NN', NumTimeSep: 'T_NNt', MonthEnd: 'DX_NM', MonthSpace: 'D_NM',
    NumTimeSuffix: 'T_S', TimeZone: 'T_Nt', Era: 'T_Nt',
  },
  T_NNt: {
    NumEnd: 'TX_NNN', NumAmPm: 'TX_NNN', NumSpace: 'TX_NNN', NumTimeSuffix: 'T_S', DayOfWeek: 'T_NNt',
    TimeZone: 'T_NNt', Era: 'T_NNt',
  },
};

function next(state: State, tok: Tok): State | null {
  return (NEXT as Partial<Record<State, Partial<Record<Tok, State>>>>)[state]?.[tok] ?? null;
}

function isTerminal(state: State): boolean {
  return state.startsWith('DX_') || state.startsWith('TX_');
}

// ---- parser --------------------------------------------------------------------------------

type Suffix = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

interface Raw {
  nums: number[];
  year: number;
  month: number;
  dayOfWeek: number;
  timeMark: 'AM' | 'PM' | null;
  fraction: number;
}

interface Lexeme {
  tok: Tok | null; // null: nothing for the state machine (ignorable, AM/PM word, offset, …)
  num: number;
  suffix: Suffix | null;
  localTimeMark: boolean;
}

class LenientParser {
  private pos = 0;
  private readonly raw: Raw = { nums: [], year: -1, month: -1, dayOfWeek: -1, timeMark: null, fraction: -1 };
  private readonly f: ParsedFields = newFields();
  private haveDate = false;
  private haveTime = false;
  private readonly have = { year: false, month: false, day: false, hour: false, minute: false, second: false };

  constructor(private readonly s: string, private readonly nowTicks: () => bigint) {}

  parse(): { ticks: bigint; kind: DateTimeKind } {
    const s = this.s;
    if (s.length === 0) fail('the text is empty');
    let state: State = 'BEGIN';
    let reachedTerminal = false;
    let lex: Lexeme;
    do {
      lex = this.lex(state);
      if (lex.tok === null) continue;
      if (lex.suffix !== null) this.applySuffix(lex.suffix, lex.num);
      if (lex.localTimeMark) {
        if (state === 'D_YNd' || state === 'D_YN') return this.parseIsoTime();
        fail('"T" can only follow a year-month-day date');
      }
      const to = next(state, lex.tok);
      if (to === null) fail(this.unexpected(lex));
      if (isTerminal(to)) {
        this.terminal(to);
        reachedTerminal = true;
        state = 'BEGIN';
      } else {
        state = to;
      }
    } while (lex.tok !== 'End' && lex.tok !== 'NumEnd' && lex.tok !== 'MonthEnd');

    if (!reachedTerminal) fail('no complete date or time was found');
    const f = this.f;
    if (this.raw.timeMark !== null) {
      if (this.raw.timeMark === 'AM') {
        if (f.hour > 12) fail(`hour ${f.hour} cannot be followed by AM`);
        if (f.hour === 12) f.hour = 0;
      } else {
        if (f.hour > 23) fail(`hour ${f.hour} is out of range`);
        if (f.hour >= 0 && f.hour < 12) f.hour += 12;
        if (f.hour === -1) f.hour = 12; // .NET's hour starts at 0 here: a lone "PM" means 12:00
      }
    }
    return this.finish();
  }

  private finish(): { ticks: bigint; kind: DateTimeKind } {
    const f = this.f;
    fillDefaults(f, 0, this.nowTicks);
    let ticks = ticksFromParts(f.year, f.month, f.day, f.hour, f.minute, f.second);
    if (ticks === null) fail(this.invalidDateMessage());
    if (this.raw.fraction > 0) ticks += fractionTicks(this.raw.fraction);
    if (this.raw.dayOfWeek !== -1 && toParts(ticks).dayOfWeek !== this.raw.dayOfWeek) {
      fail(`${DAY_NAMES[this.raw.dayOfWeek]} does not match the date ${f.year}-${f.month}-${f.day}`);
    }
    return adjustTimeZone(ticks, f, 0);
  }

  private invalidDateMessage(): string {
    const f = this.f;
    if (!isValidDate(f.year, f.month, f.day)) return `${f.year}-${f.month}-${f.day} (year-month-day) is not a valid date`;
    return `${f.hour}:${f.minute}:${f.second} is not a valid time of day`;
  }

  private unexpected(lex: Lexeme): string {
    return lex.tok === 'End' || lex.tok === 'NumEnd' || lex.tok === 'MonthEnd' || lex.tok === 'YearEnd'
      ? 'the text ends before the date or time is complete'
      : `unexpected ${this.pos < this.s.length ? `text at position ${this.pos + 1}` : 'end of text'}`;
  }

  // -- lexer --

  private skipWhite(): void {
    while (this.pos < this.s.length && isWhiteSpace(this.s[this.pos])) this.pos++;
  }

  /** GetSeparatorToken: what follows a number or a month name. */
  private separator(): { type: WordType | 'end' | 'space'; before: number } {
    const before = this.pos;
    const s = this.s;
    while (this.pos < s.length && (isWhiteSpace(s[this.pos]) || s[this.pos] === '\u200f')) this.pos++;
    if (this.pos >= s.length) return { type: 'end', before };
    if (isAsciiDigit(s[this.pos])) return { type: 'space', before };
    const w = matchWord(s, this.pos, SEPARATOR_WORDS);
    if (w === null) return { type: 'space', before };
    this.pos += w.text.length;
    return { type: w.type, before };
  }

  /** ParseTimeZone: "+8", "+08", "+8:00", "+08:00", "+800", "+0800" at this.pos. */
  private parseOffset(): bigint | null {
    const s = this.s;
    const sign = s[this.pos];
    if (sign !== '+' && sign !== '-') return null;
    let p = this.pos + 1;
    const digitsAt = (at: number) => {
      let e = at;
      while (e < s.length && isAsciiDigit(s[e])) e++;
      return e - at;
    };
    const n = digitsAt(p);
    let hours: number;
    let minutes = 0;
    if (n === 1 || n === 2) {
      hours = Number(s.slice(p, p + n));
      p += n;
      if (s[p] === ':') {
        const m = digitsAt(p + 1);
        if (m < 1 || m > 2) return null;
        minutes = Number(s.slice(p + 1, p + 1 + m));
        p += 1 + m;
      }
    } else if (n === 3 || n === 4) {
      const v = Number(s.slice(p, p + n));
      hours = Math.floor(v / 100);
      minutes = v % 100;
      p += n;
    } else {
      return null;
    }
    if (minutes >= 60) return null;
    this.pos = p;
    const total = BigInt(hours * 60 + minutes) * TICKS_PER_MINUTE;
    return sign === '-' ? -total : total;
  }

  /** HandleTimeZone: an offset right after a time ("12:01-08:00", "12:01 +08"). */
  private offsetAfterTime(): void {
    const s = this.s;
    if (this.pos >= s.length - 1) return;
    let k = 0;
    let ch = s[this.pos];
    while (isWhiteSpace(ch) && this.pos + k < s.length - 1) {
      k++;
      ch = s[this.pos + k];
    }
    if (ch !== '+' && ch !== '-') return;
    this.pos += k;
    if (this.f.tzUsed) fail('the text has two time-zone offsets');
    this.f.tzUsed = true;
    const offset = this.parseOffset();
    if (offset === null) fail(`the offset at position ${this.pos + 1} is not of the form ±hh, ±hh:mm or ±hhmm`);
    this.f.offset = offset;
  }

  private rollbackDateOrOffset(state: State, asDateSep: Tok, asSpace: Tok, before: number): Tok {
    const sepNext = next(state, asDateSep);
    const spaceNext = next(state, asSpace);
    // Only when the '-' cannot continue the date but the date is complete without it.
    if (sepNext === null && spaceNext !== null && isTerminal(spaceNext)) {
      this.pos = before; // the '-' starts an offset: leave it for the next token
      return asSpace;
    }
    return asDateSep;
  }

  private lex(state: State): Lexeme {
    const s = this.s;
    const raw = this.raw;
    const result: Lexeme = { tok: null, num: 0, suffix: null, localTimeMark: false };
    this.skipWhite();
    if (this.pos >= s.length) {
      result.tok = 'End';
      return result;
    }
    const ch = s[this.pos]!;
    if (isAsciiDigit(ch)) {
      const start = this.pos;
      while (this.pos < s.length && isAsciiDigit(s[this.pos])) this.pos++;
      const length = this.pos - start;
      if (length > 8) fail(`the number at position ${start + 1} has too many digits`);
      if (raw.nums.length === 3) fail('the text has too many numbers for a date and a time');
      const value = Number(s.slice(start, this.pos));
      if (state === 'T_NNt' && this.pos < s.length - 1 && s[this.pos] === '.') this.fraction();
      if ((state === 'T_NNt' || state === 'T_Nt') && this.pos < s.length - 1) this.offsetAfterTime();
      result.num = value;
      if (length >= 3) {
        // A number of three or more digits is a year.
        if (raw.year !== -1) fail(`the text has two year numbers (${raw.year} and ${value})`);
        raw.year = value;
        const sep = this.separator();
        switch (sep.type) {
          case 'end': result.tok = 'YearEnd'; break;
          case 'sepAm': case 'sepPm':
            if (raw.timeMark !== null) fail('the text has two AM/PM designators');
            raw.timeMark = sep.type === 'sepAm' ? 'AM' : 'PM';
            result.tok = 'YearSpace';
            break;
          case 'space': result.tok = 'YearSpace'; break;
          case 'sepDate': result.tok = 'YearDateSep'; break;
          case 'sepDateOrOffset': result.tok = this.rollbackDateOrOffset(state, 'YearDateSep', 'YearSpace', sep.before); break;
          case 'sepYearSuffix': case 'sepMonthSuffix': case 'sepDaySuffix':
            result.tok = 'NumDateSuffix';
            result.suffix = suffixOf(sep.type);
            break;
          case 'sepHourSuffix': case 'sepMinuteSuffix': case 'sepSecondSuffix':
            result.tok = 'NumTimeSuffix';
            result.suffix = suffixOf(sep.type);
            break;
          default:
            fail(`the year ${value} is followed by an unexpected separator`);
        }
        return result;
      }
      const sep = this.separator();
      switch (sep.type) {
        case 'end': result.tok = 'NumEnd'; raw.nums.push(value); break;
        case 'sepAm': case 'sepPm':
          if (raw.timeMark !== null) fail('the text has two AM/PM designators');
          raw.timeMark = sep.type === 'sepAm' ? 'AM' : 'PM';
          result.tok = 'NumAmPm';
          if (state === 'D_NN') this.terminal('DX_NN'); // "1/10 5 AM": the two numbers before are a date
          raw.nums.push(value);
          if (state === 'T_NNt' || state === 'T_Nt') this.offsetAfterTime();
          break;
        case 'space': result.tok = 'NumSpace'; raw.nums.push(value); break;
        case 'sepDate': result.tok = 'NumDateSep'; raw.nums.push(value); break;
        case 'sepDateOrOffset':
          result.tok = this.rollbackDateOrOffset(state, 'NumDateSep', 'NumSpace', sep.before);
          raw.nums.push(value);
          break;
        case 'sepTime': result.tok = 'NumTimeSep'; raw.nums.push(value); break;
        case 'sepYearSuffix':
          result.num = toFourDigitYear(value);
          result.tok = 'NumDateSuffix';
          result.suffix = 'year';
          break;
        case 'sepMonthSuffix': case 'sepDaySuffix':
          result.tok = 'NumDateSuffix';
          result.suffix = suffixOf(sep.type);
          break;
        case 'sepHourSuffix': case 'sepMinuteSuffix': case 'sepSecondSuffix':
          result.tok = 'NumTimeSuffix';
          result.suffix = suffixOf(sep.type);
          break;
        case 'sepLocalTimeMark':
          result.tok = 'NumSpace'; // only its "T" role matters; see localTimeMark
          result.localTimeMark = true;
          raw.nums.push(value);
          break;
        default:
          fail(`the number ${value} is followed by an unexpected separator`);
      }
      return result;
    }

    const word = matchWord(s, this.pos, REGULAR_WORDS);
    if (word !== null) {
      this.pos += word.text.length;
      switch (word.type) {
        case 'dayOfWeek':
          if (raw.dayOfWeek !== -1) fail('the text names two days of the week');
          raw.dayOfWeek = word.value;
          result.tok = 'DayOfWeek';
          return result;
        case 'month': {
          if (raw.month !== -1) fail('the text names two months');
          const sep = this.separator();
          switch (sep.type) {
            case 'end': result.tok = 'MonthEnd'; break;
            case 'space': result.tok = 'MonthSpace'; break;
            case 'sepDate': result.tok = 'MonthDateSep'; break;
            case 'sepDateOrOffset': result.tok = this.rollbackDateOrOffset(state, 'MonthDateSep', 'MonthSpace', sep.before); break;
            default: fail(`the month name ${word.text} is followed by an unexpected separator`);
          }
          raw.month = word.value;
          return result;
        }
        case 'era':
          result.tok = 'Era';
          return result;
        case 'timeZone':
          if (this.f.tzUsed) fail('the text has two time-zone designators');
          this.f.tzUsed = true;
          this.f.tzUtc = true;
          this.f.offset = 0n;
          result.tok = 'TimeZone';
          return result;
        case 'am': case 'pm':
          if (raw.timeMark !== null) fail('the text has two AM/PM designators');
          raw.timeMark = word.type === 'am' ? 'AM' : 'PM';
          return result;
        default: // ignorable ',' and '.'
          return result;
      }
    }
    if (isLetter(ch)) {
      let end = this.pos;
      while (end < s.length && isLetter(s[end])) end++;
      fail(`"${s.slice(this.pos, end)}" is not a month, day, AM/PM or time-zone word`);
    }
    if ((ch === '+' || ch === '-') && !this.f.tzUsed) {
      const offset = this.parseOffset();
      if (offset !== null) {
        this.f.tzUsed = true;
        this.f.offset = offset;
        return result;
      }
    }
    if (ch === '#' && validHashes(s)) {
      this.pos++;
      return result;
    }
    if (ch === '\0' && onlyNulsFrom(s, this.pos)) {
      this.pos = s.length;
      return result;
    }
    fail(`unexpected character ${JSON.stringify(ch)} at position ${this.pos + 1}`);
  }

  /** ParseFraction after "hh:mm:ss": this.pos is at the '.'. */
  private fraction(): void {
    const s = this.s;
    this.pos++;
    let value = 0;
    let base = 0.1;
    while (this.pos < s.length && isAsciiDigit(s[this.pos])) {
      value += (s.charCodeAt(this.pos) - 48) * base;
      base *= 0.1;
      this.pos++;
    }
    this.raw.fraction = value;
  }

  // -- terminal states --

  private setDate(year: number, month: number, day: number): boolean {
    if (!isValidDate(year, month, day)) return false;
    this.f.year = year;
    this.f.month = month;
    this.f.day = day;
    return true;
  }

  private noSecondDate(): void {
    if (this.haveDate) fail('the text has two dates');
  }

  private currentYear(): number {
    return toParts(this.nowTicks()).year;
  }

  private badDate(): never {
    const n = this.raw.nums;
    const parts = [...n.slice(0, 3)];
    fail(`the numbers ${parts.join(', ')} do not form a valid date (order month/day/year)`);
  }

  private terminal(state: State): void {
    const raw = this.raw;
    const n = raw.nums;
    const f = this.f;
    switch (state) {
      case 'DX_NN': // month day, current year
        this.noSecondDate();
        if (!this.setDate(this.currentYear(), n[0]!, n[1]!)) this.badDate();
        this.haveDate = true;
        break;
      case 'DX_NNN': // month day year
        this.noSecondDate();
        if (!this.setDate(toFourDigitYear(n[2]!), n[0]!, n[1]!)) this.badDate();
        this.haveDate = true;
        break;
      case 'DX_MN': // "June 15": month day, current year
        this.noSecondDate();
        if (!this.setDate(this.currentYear(), raw.month, n[0]!)) fail(`${MONTH_NAMES[raw.month - 1]} ${n[0]} is not a valid date`);
        break;
      case 'DX_NM': // "2009 June" reads the number as a year (year/month pattern "yyyy MMMM")
        this.noSecondDate();
        if (!this.setDate(toFourDigitYear(n[0]!), raw.month, 1)) fail(`${n[0]} ${MONTH_NAMES[raw.month - 1]} is not a valid date`);
        break;
      case 'DX_MNN': // month name with day and year in either order
        this.noSecondDate();
        if (this.setDate(toFourDigitYear(n[1]!), raw.month, n[0]!) || this.setDate(toFourDigitYear(n[0]!), raw.month, n[1]!)) {
          this.haveDate = true;
        } else {
          fail(`${MONTH_NAMES[raw.month - 1]} with ${n[0]} and ${n[1]} is not a valid date`);
        }
        break;
      case 'DX_YNN':
      case 'DX_NNY': // year with month and day
        this.noSecondDate();
        if (!this.setDate(raw.year, n[0]!, n[1]!)) fail(`${raw.year}-${n[0]}-${n[1]} (year-month-day) is not a valid date`);
        this.haveDate = true;
        break;
      case 'DX_YMN':
        this.noSecondDate();
        if (!this.setDate(raw.year, raw.month, n[0]!)) fail(`${raw.year} ${MONTH_NAMES[raw.month - 1]} ${n[0]} is not a valid date`);
        this.haveDate = true;
        break;
      case 'DX_YN':
        this.noSecondDate();
        if (!this.setDate(raw.year, n[0]!, 1)) fail(`${raw.year}-${n[0]} (year-month) is not a valid month`);
        this.haveDate = true;
        break;
      case 'DX_YM':
        this.noSecondDate();
        if (!this.setDate(raw.year, raw.month, 1)) fail(`${raw.year} ${MONTH_NAMES[raw.month - 1]} is not a valid month`);
        this.haveDate = true;
        break;
      case 'TX_N':
        if (this.haveTime) fail('the text has two times');
        if (raw.timeMark === null) fail(`the lone number ${n[0]} needs AM or PM to be an hour`);
        f.hour = n[0]!;
        this.haveTime = true;
        break;
      case 'TX_NN':
        if (this.haveTime) fail('the text has two times');
        f.hour = n[0]!;
        f.minute = n[1]!;
        this.haveTime = true;
        break;
      case 'TX_NNN':
        if (this.haveTime) fail('the text has two times');
        f.hour = n[0]!;
        f.minute = n[1]!;
        f.second = n[2]!;
        this.haveTime = true;
        break;
      case 'DX_DSN':
        if (n.length !== 1 || f.day !== -1) fail('the date suffixes do not form a date');
        f.day = n[0]!;
        break;
      case 'DX_NDS':
        if (f.month === -1 || f.year !== -1) fail('the date suffixes do not form a date');
        f.year = toFourDigitYear(n[0]!);
        f.day = 1;
        break;
      case 'DX_NNDS':
        if (this.have.year && !this.have.month && !this.have.day) {
          if (this.setDate(toFourDigitYear(raw.year), n[0]!, n[1]!)) break;
        } else if (this.have.month && !this.have.year && !this.have.day) {
          if (this.setDate(toFourDigitYear(n[1]!), f.month, n[0]!)) break;
        }
        fail('the date suffixes do not form a date');
        break;
      default: // DX_DS, TX_TS: the suffixes already placed every number
        break;
    }
    raw.nums = [];
  }

  private applySuffix(suffix: Suffix, value: number): void {
    if (this.have[suffix]) fail(`the text has two ${suffix} suffixes`);
    this.have[suffix] = true;
    const f = this.f;
    switch (suffix) {
      case 'year': f.year = this.raw.year = value; break;
      case 'month': f.month = this.raw.month = value; break;
      case 'day': f.day = value; break;
      case 'hour': f.hour = value; break;
      case 'minute': f.minute = value; break;
      case 'second': f.second = value; break;
    }
  }

  /** The strict ISO 8601 time after "yyyy-MM-ddT": hh:mm[:ss[.fff…]] [Z | ±hh[:mm]]. */
  private parseIsoTime(): { ticks: bigint; kind: DateTimeKind } {
    const s = this.s;
    const expectDigits2 = (what: string): number => {
      if (!(isAsciiDigit(s[this.pos]) && isAsciiDigit(s[this.pos + 1]))) {
        fail(`after "T" the ${what} must be two digits (position ${this.pos + 1})`);
      }
      const v = Number(s.slice(this.pos, this.pos + 2));
      this.pos += 2;
      return v;
    };
    this.skipWhite();
    const hour = expectDigits2('hour');
    this.skipWhite();
    if (s[this.pos] !== ':') fail(`after "T" the hour must be followed by ":" (position ${this.pos + 1})`);
    this.pos++;
    this.skipWhite();
    const minute = expectDigits2('minute');
    this.skipWhite();
    let second = 0;
    let fraction = 0;
    if (s[this.pos] === ':') {
      this.pos++;
      this.skipWhite();
      second = expectDigits2('second');
      if (s[this.pos] === '.') {
        this.fraction();
        fraction = this.raw.fraction;
        if (!isAsciiDigit(s[this.pos - 1])) fail('the "." after the seconds must be followed by digits');
      }
      this.skipWhite();
    }
    if (this.pos < s.length) {
      const ch = s[this.pos];
      if (ch === '+' || ch === '-') {
        this.f.tzUsed = true;
        const offset = this.parseOffset();
        if (offset === null) fail(`the offset at position ${this.pos + 1} is not of the form ±hh, ±hh:mm or ±hhmm`);
        this.f.offset = offset;
      } else if (ch === 'Z' || ch === 'z') {
        this.f.tzUsed = true;
        this.f.tzUtc = true;
        this.f.offset = 0n;
        this.pos++;
      }
      this.skipWhite();
      if (s[this.pos] === '#') {
        if (!validHashes(s)) fail('unbalanced "#" around the date');
        this.pos++;
        this.skipWhite();
      }
      if (s[this.pos] === '\0') {
        if (!onlyNulsFrom(s, this.pos)) fail('unexpected NUL character');
        this.pos = s.length;
      }
      if (this.pos < s.length) fail(`unexpected text ${quote(s.slice(this.pos))} after the ISO 8601 time`);
    }
    const n = this.raw.nums;
    let ticks = ticksFromParts(this.raw.year, n[0]!, n[1]!, hour, minute, second);
    if (ticks === null) {
      if (!isValidDate(this.raw.year, n[0]!, n[1]!)) fail(`${this.raw.year}-${n[0]}-${n[1]} (year-month-day) is not a valid date`);
      fail(`${hour}:${minute}:${second} is not a valid time of day`);
    }
    ticks += fractionTicks(fraction);
    return adjustTimeZone(ticks, this.f, 0);
  }
}

function suffixOf(type: WordType): Suffix {
  switch (type) {
    case 'sepYearSuffix': return 'year';
    case 'sepMonthSuffix': return 'month';
    case 'sepDaySuffix': return 'day';
    case 'sepHourSuffix': return 'hour';
    case 'sepMinuteSuffix': return 'minute';
    default: return 'second';
  }
}

/**
 * .NET DateTime.Parse(text, InvariantCulture) with DateTimeStyles.None. Returns the .NET ticks and
 * kind (Unspecified without an offset, Local = UTC on the service with one), or the reason it failed.
 */
export function dotnetParse(
  text: string, nowTicks: () => bigint,
): { ok: true; ticks: bigint; kind: DateTimeKind } | { ok: false; reason: string } {
  try {
    const r = new LenientParser(text, nowTicks).parse();
    return { ok: true, ...r };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, reason: e.reason };
    throw e;
  }
}
