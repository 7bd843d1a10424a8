// DateTime.ToString(format, CultureInfo.InvariantCulture) and the engine's own text form.

import {
  AM_DESIGNATOR, DAY_ABBREVIATIONS, DAY_NAMES, ERA_NAME, MONTH_ABBREVIATIONS, MONTH_NAMES, PM_DESIGNATOR, STANDARD_PATTERNS,
} from './culture';
import { tokenizeCustomFormat } from './tokens';
import { DateTimeError, DateTimeValue, makeValue, quote, toParts } from './value';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Offset text of a DateTime value: the service's local zone is UTC, so every kind formats as +00:00. */
function offsetText(count: number): string {
  if (count <= 1) return '+0';
  if (count === 2) return '+00';
  return '+00:00';
}

function formatCustom(value: DateTimeValue, format: string): string {
  const { tokens, error } = tokenizeCustomFormat(format);
  if (error) {
    throw new DateTimeError(`Invalid date/time format ${quote(format)}: ${error.message}`, format);
  }
  const p = toParts(value.ticks);
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    const n = token.count;
    switch (token.char) {
      case 'g':
        out += ERA_NAME;
        break;
      case 'h': {
        const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
        out += pad(h12, Math.min(n, 2));
        break;
      }
      case 'H':
        out += pad(p.hour, Math.min(n, 2));
        break;
      case 'm':
        out += pad(p.minute, Math.min(n, 2));
        break;
      case 's':
        out += pad(p.second, Math.min(n, 2));
        break;
      case 'f':
        out += pad(Math.floor(p.fraction / 10 ** (7 - n)), n);
        break;
      case 'F': {
        const digits = pad(Math.floor(p.fraction / 10 ** (7 - n)), n).replace(/0+$/, '');
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't': {
        const designator = p.hour < 12 ? AM_DESIGNATOR : PM_DESIGNATOR;
        out += n === 1 ? designator[0] : designator;
        break;
      }
      case 'd':
        if (n <= 2) out += pad(p.day, n);
        else out += n === 3 ? DAY_ABBREVIATIONS[p.dayOfWeek] : DAY_NAMES[p.dayOfWeek];
        break;
      case 'M':
        if (n <= 2) out += pad(p.month, n);
        else out += n === 3 ? MONTH_ABBREVIATIONS[p.month - 1] : MONTH_NAMES[p.month - 1];
        break;
      case 'y':
        out += n <= 2 ? pad(p.year % 100, n) : pad(p.year, n);
        break;
      case 'z':
        out += offsetText(n);
        break;
      case 'K':
        if (value.kind === 'Utc') out += 'Z';
        else if (value.kind === 'Local') out += '+00:00';
        break;
      case ':':
        out += ':';
        break;
      case '/':
        out += '/';
        break;
    }
  }
  return out;
}

/**
 * .NET DateTime.ToString(format, CultureInfo.InvariantCulture). A one-character format is a standard
 * format (d D f F g G m M o O r R s t T u U y Y; anything else throws, use "%c" for a lone custom
 * specifier); longer formats are custom. An empty format gives the invariant general form
 * "MM/dd/yyyy HH:mm:ss". Throws DateTimeError on an invalid format.
 */
export function format(value: DateTimeValue, format: string): string {
  if (typeof format !== 'string') throw new DateTimeError(`The output format must be text, got ${typeof format}.`);
  if (format.length === 0) return formatCustom(value, STANDARD_PATTERNS['G']!);
  if (format.length === 1) {
    if (format === 'U') {
      // Universal full: converted to UTC first (a no-op on the UTC service, but the kind becomes Utc).
      return formatCustom(makeValue(value.ticks, 'Utc'), STANDARD_PATTERNS['U']!);
    }
    const pattern = STANDARD_PATTERNS[format];
    if (pattern === undefined) {
      throw new DateTimeError(
        `Invalid date/time format ${quote(format)}: a one-character format must be a standard format ` +
          `(d, D, f, F, g, G, m, M, o, O, r, R, s, t, T, u, U, y, Y). For a single custom specifier write "%${format}".`,
        format,
      );
    }
    return formatCustom(value, pattern);
  }
  return formatCustom(value, format);
}

/** The engine's text form of a DateTime: `M/d/yyyy h:mm:ss tt` in UTC, e.g. "3/16/2020 7:00:00 AM". */
export function toEntraString(value: DateTimeValue): string {
  return formatCustom(value, 'M/d/yyyy h:mm:ss tt');
}
