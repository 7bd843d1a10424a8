// Splits a .NET custom date/time format string the way DateTime.ToString does, for the formatter
// and for hover/diagnostics. Positions are UTF-16 offsets into the format string.

/** Characters that are specifiers in .NET custom date/time formats. */
export const SPECIFIER_CHARS = 'ghHmsfFtdMyzK:/';

export type FormatToken =
  | { kind: 'specifier'; char: string; count: number; offset: number; length: number }
  | { kind: 'literal'; text: string; offset: number; length: number; form: 'quoted' | 'escaped' | 'plain' };

export interface FormatProblem {
  offset: number;
  length: number;
  message: string;
}

export interface TokenizedFormat {
  tokens: FormatToken[];
  /** The first problem that makes .NET throw FormatException, if any (tokens stop there). */
  error?: FormatProblem;
}

function repeatCount(format: string, pos: number): number {
  const ch = format[pos];
  let end = pos + 1;
  while (end < format.length && format[end] === ch) end++;
  return end - pos;
}

/**
 * Reads a quoted literal starting at `pos` (a ' or " character). Backslash escapes the next character
 * inside quotes, as in .NET. Returns the literal text and the length including both quotes.
 */
export function readQuoted(format: string, pos: number): { text: string; length: number } | FormatProblem {
  const quoteChar = format[pos]!;
  let i = pos + 1;
  let text = '';
  while (i < format.length) {
    const ch = format[i++]!;
    if (ch === quoteChar) return { text, length: i - pos };
    if (ch === '\\') {
      if (i >= format.length) {
        return { offset: i - 1, length: 1, message: 'A backslash at the end of the format string has nothing to escape.' };
      }
      text += format[i++];
    } else {
      text += ch;
    }
  }
  return {
    offset: pos,
    length: format.length - pos,
    message: `The quoted literal starting with ${quoteChar} is never closed.`,
  };
}

/** Tokenizes a custom format (callers expand one-character standard formats first). */
export function tokenizeCustomFormat(format: string): TokenizedFormat {
  const tokens: FormatToken[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (ch === "'" || ch === '"') {
      const q = readQuoted(format, i);
      if ('message' in q) return { tokens, error: q };
      tokens.push({ kind: 'literal', text: q.text, offset: i, length: q.length, form: 'quoted' });
      i += q.length;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 >= format.length) {
        return { tokens, error: { offset: i, length: 1, message: 'A backslash at the end of the format string has nothing to escape.' } };
      }
      tokens.push({ kind: 'literal', text: format[i + 1]!, offset: i, length: 2, form: 'escaped' });
      i += 2;
      continue;
    }
    if (ch === '%') {
      const next = format[i + 1];
      if (next === undefined || next === '%') {
        return {
          tokens,
          error: {
            offset: i,
            length: next === undefined ? 1 : 2,
            message: next === undefined ? '"%" at the end of the format string has no specifier after it.' : '"%%" is not allowed in a format string.',
          },
        };
      }
      // .NET formats the single following character as a format of its own.
      if (next === "'" || next === '"') {
        return { tokens, error: { offset: i, length: 2, message: `"%${next}" opens a quoted literal that is never closed.` } };
      }
      if (next === '\\') {
        return { tokens, error: { offset: i, length: 2, message: '"%\\" has nothing to escape.' } };
      }
      if (SPECIFIER_CHARS.includes(next)) {
        tokens.push({ kind: 'specifier', char: next, count: 1, offset: i, length: 2 });
      } else {
        tokens.push({ kind: 'literal', text: next, offset: i, length: 2, form: 'plain' });
      }
      i += 2;
      continue;
    }
    if (SPECIFIER_CHARS.includes(ch)) {
      const count = ch === 'K' || ch === ':' || ch === '/' ? 1 : repeatCount(format, i);
      if ((ch === 'f' || ch === 'F') && count > 7) {
        return {
          tokens,
          error: { offset: i, length: count, message: `"${ch.repeat(count)}" asks for ${count} fraction digits; .NET allows at most 7.` },
        };
      }
      tokens.push({ kind: 'specifier', char: ch, count, offset: i, length: count });
      i += count;
      continue;
    }
    // Any other character is copied as it is; merge runs of them.
    const last = tokens[tokens.length - 1];
    if (last && last.kind === 'literal' && last.form === 'plain' && last.length === last.text.length && last.offset + last.length === i) {
      tokens[tokens.length - 1] = { ...last, text: last.text + ch, length: last.length + 1 };
    } else {
      tokens.push({ kind: 'literal', text: ch, offset: i, length: 1, form: 'plain' });
    }
    i += 1;
  }
  return { tokens };
}
