// Date and time: CDate, DateAdd, DateDiff, DateFromNum, NumFromDate, FormatDateTime, Now — all
// through the .NET/VB emulation in ../datetime. The service runs in UTC: results are UTC and their
// text form is "M/d/yyyy h:mm:ss tt" (e.g. "3/16/2020 7:00:00 AM").
//
// [undocumented] Null or empty date text gives null rather than an error, so the documented
// workaround FormatDateTime(IIF(<looks like a date>, [x], ""), ...) works: the eagerly evaluated
// FormatDateTime gets "" and yields nothing. Text that is not a date is an error (EVL008).

import {
  DateTimeError, DateTimeValue, dateAdd, dateDiff, format, fromFileTime, parseExact, parseInterval, parseLenientOrThrow,
  parseStyles, toFileTime,
} from '../datetime';
import { argLabel, evInt, evInt64, evText, evValue, missingValue, wrongKind } from '../convert';
import { EvalError } from '../errors';
import type { Binder, CallSite, CNode, EvalState } from '../state';
import { isDateTime, normalizeInteger, textOf } from '../values';

function dateError(e: unknown, at: { start: number; end: number }): EvalError {
  if (e instanceof DateTimeError) return new EvalError('EVL008', e.message, at.start, at.end);
  throw e;
}

/** A date argument: a date/time value, or text read as CDate reads it; null for null or "". */
function evDate(st: EvalState, node: CNode | null, site: CallSite): DateTimeValue | null {
  if (node === null) return null;
  const v = evValue(st, node);
  if (v === null || v === '') return null;
  if (isDateTime(v)) return v;
  if (typeof v !== 'string') throw wrongKind(v, site, node, 'a date/time (use CDate on text, or Now())');
  try {
    return parseLenientOrThrow(v, { now: st.now(node) });
  } catch (e) {
    throw dateError(e, node);
  }
}

/** An interval code (yyyy m d ww h n s, any case), checked at compile time when constant. */
function intervalOf(st: EvalState, node: CNode | null, site: CallSite, fn: 'DateAdd' | 'DateDiff', constant: string | undefined): string {
  if (constant !== undefined) return constant;
  const t = evText(st, node, site);
  if (t === null) throw missingValue(site, node, `${fn} needs an interval: yyyy, m, d, ww, h, n or s`);
  try {
    return parseInterval(t, fn);
  } catch (e) {
    const at = node ?? site.call;
    if (e instanceof DateTimeError) throw new EvalError('EVL018', e.message, at.start, at.end);
    throw e;
  }
}

function constantInterval(site: CallSite, node: CNode | null, fn: 'DateAdd' | 'DateDiff'): string | undefined {
  if (!node || !node.constant) return undefined;
  const t = textOf(node.value!);
  if (t === undefined) return undefined;
  try {
    return parseInterval(t, fn);
  } catch (e) {
    if (e instanceof DateTimeError) site.fail('EVL018', e.message, node);
    throw e;
  }
}

/** CDate(expression): text to a UTC date/time (.NET DateTime.Parse, invariant); dates pass through. */
export const CDate: Binder = (site) => {
  const arg = site.arg('expression');
  return (st) => evDate(st, arg, site);
};

/**
 * DateAdd(interval, value, dateTime): the date plus `value` intervals (VB DateAdd: months and years
 * clamp to the month's end). A text dateTime is read as CDate reads it. Null date gives null.
 */
export const DateAdd: Binder = (site) => {
  const intervalNode = site.arg('interval');
  const valueNode = site.arg('value');
  const dateNode = site.arg('dateTime');
  const constant = constantInterval(site, intervalNode, 'DateAdd');
  return (st) => {
    const interval = intervalOf(st, intervalNode, site, 'DateAdd', constant);
    const n = evInt(st, valueNode, site);
    const d = evDate(st, dateNode, site);
    if (n === null) throw missingValue(site, valueNode, 'DateAdd needs the number of intervals to add');
    if (d === null) return null;
    try {
      return dateAdd(interval, n, d);
    } catch (e) {
      throw dateError(e, site.call);
    }
  };
};

/**
 * DateDiff(interval, date1, date2): date2 - date1 in whole intervals (VB DateDiff: d/h/n/s truncate
 * elapsed time; ww counts Sunday boundaries; m and yyyy count calendar boundaries). Null in either
 * date gives null.
 */
export const DateDiff: Binder = (site) => {
  const intervalNode = site.arg('interval');
  const d1Node = site.arg('date1');
  const d2Node = site.arg('date2');
  const constant = constantInterval(site, intervalNode, 'DateDiff');
  return (st) => {
    const interval = intervalOf(st, intervalNode, site, 'DateDiff', constant);
    const d1 = evDate(st, d1Node, site);
    const d2 = evDate(st, d2Node, site);
    if (d1 === null || d2 === null) return null;
    try {
      return dateDiff(interval, d1, d2);
    } catch (e) {
      throw dateError(e, site.call);
    }
  };
};

/** DateFromNum(value): an AD integer date (FILETIME ticks since 1601-01-01 UTC) to a date. Null gives null. */
export const DateFromNum: Binder = (site) => {
  const arg = site.arg('value');
  return (st) => {
    const n = evInt64(st, arg, site);
    if (n === null) return null;
    try {
      return fromFileTime(n);
    } catch (e) {
      throw dateError(e, arg ?? site.call);
    }
  };
};

/** NumFromDate(value): a date (text read as CDate reads it) to its AD integer (FILETIME) form. Null gives null. */
export const NumFromDate: Binder = (site) => {
  const arg = site.arg('value');
  return (st) => {
    const d = evDate(st, arg, site);
    if (d === null) return null;
    try {
      return normalizeInteger(toFileTime(d));
    } catch (e) {
      throw dateError(e, arg ?? site.call);
    }
  };
};

/**
 * FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): .NET DateTime.ParseExact with
 * inputFormat (invariant culture), then ToString(outputFormat). dateTimeStyles: empty for Entra's
 * default (RoundtripKind, AllowLeadingWhite, AllowTrailingWhite), a number ("32"), a member name or a
 * comma-separated list. Null or "" source gives null; text that does not match is EVL008.
 */
export const FormatDateTime: Binder = (site) => {
  // [undocumented] Three arguments, as Graph's functions list describes FormatDateTime, are read as
  // (source, inputFormat, outputFormat) with the default styles: the reference's four-slot
  // reading would leave the required outputFormat out. (The editor warns: EPX124.)
  const graphForm = site.args.length === 3;
  const source = site.arg('source');
  const stylesNode = graphForm ? null : site.arg('dateTimeStyles');
  const inNode = graphForm ? site.args[1] : site.arg('inputFormat');
  const outNode = graphForm ? site.args[2] : site.arg('outputFormat');
  let constStyles: number | undefined;
  if (stylesNode === null) constStyles = parseStyles(null);
  else if (stylesNode.constant) {
    const t = textOf(stylesNode.value!);
    if (t !== undefined) {
      try {
        constStyles = parseStyles(t);
      } catch (e) {
        if (e instanceof DateTimeError) site.fail('EVL018', `${argLabel(site, stylesNode)}: ${e.message}`, stylesNode);
        throw e;
      }
    }
  }
  return (st) => {
    const s = evText(st, source, site);
    let styles = constStyles;
    if (styles === undefined) {
      const t = evText(st, stylesNode, site);
      try {
        styles = parseStyles(t);
      } catch (e) {
        if (e instanceof DateTimeError) throw new EvalError('EVL018', `${argLabel(site, stylesNode)}: ${e.message}`, stylesNode!.start, stylesNode!.end);
        throw e;
      }
    }
    const inFormat = evText(st, inNode, site);
    const outFormat = evText(st, outNode, site);
    if (inFormat === null) throw missingValue(site, inNode, 'FormatDateTime needs the input format');
    if (outFormat === null) throw missingValue(site, outNode, 'FormatDateTime needs the output format');
    if (s === null || s === '') return null;
    let parsed: DateTimeValue;
    try {
      parsed = parseExact(s, inFormat, styles, { now: st.now(site.call) });
    } catch (e) {
      throw dateError(e, source ?? site.call);
    }
    try {
      return format(parsed, outFormat);
    } catch (e) {
      throw dateError(e, outNode ?? site.call);
    }
  };
};

/** Now(): the current UTC time, from the context's clock (read once per evaluation). */
export const Now: Binder = (site) => (st) => st.now(site.call);

