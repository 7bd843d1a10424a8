// Editor diagnostics for .NET patterns: the syntax error (if any) plus warnings about behaviour
// the emulation cannot reproduce exactly and about patterns likely to exhaust the step budget.

import type { Node } from './ast';
import { overlaps } from './charset';
import { RegexSyntaxError } from './errors';
import { children } from './native';
import { parseRegex } from './parser';
import { firstChars } from './program';

export interface PatternDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
  /** Same position as offset / offset + length, for callers that use start/end spans. */
  start: number;
  end: number;
}

function diag(severity: 'error' | 'warning', message: string, offset: number, length: number): PatternDiagnostic {
  return { severity, message, offset, length, start: offset, end: offset + length };
}

/** A repeated expression that can match the same text in more than one way. */
function ambiguous(n: Node): boolean {
  switch (n.type) {
    case 'repeat':
      if (n.min < n.max) return true;
      return ambiguous(n.body);
    case 'alt': {
      const firsts = n.branches.map(firstChars);
      if (firsts.some((f) => f.nullable || f.set === null)) return true;
      for (let i = 0; i < firsts.length; i++) {
        for (let j = i + 1; j < firsts.length; j++) if (overlaps(firsts[i].set!, firsts[j].set!)) return true;
      }
      return n.branches.some(ambiguous);
    }
    case 'atomic':
    case 'look':
      return false; // an atomic body cannot be re-entered in another way
    default:
      return children(n).some(ambiguous);
  }
}

function backtrackingRisks(n: Node, pattern: string, out: PatternDiagnostic[]): void {
  if (n.type === 'repeat' && n.max > 1 && ambiguous(n.body)) {
    const text = pattern.slice(n.start, n.end);
    const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
    out.push(
      diag(
        'warning',
        `'${shown}' repeats an expression that can match the same text in several ways (nested quantifiers); ` +
          'on some inputs this backtracks catastrophically, and matching is abandoned once the step budget is spent',
        n.start,
        n.end - n.start,
      ),
    );
    return; // one warning for the outermost construct
  }
  for (const child of children(n)) backtrackingRisks(child, pattern, out);
}

export function validatePattern(pattern: string, optionBits: number): PatternDiagnostic[] {
  if (typeof pattern !== 'string') {
    return [diag('error', 'The pattern must be a string', 0, 0)];
  }
  try {
    const parsed = parseRegex(pattern, optionBits);
    const out: PatternDiagnostic[] = [];
    const seen = new Set<string>();
    for (const note of parsed.notes) {
      const key = `${note.start}:${note.end}:${note.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(diag('warning', note.message, note.start, note.end - note.start));
    }
    backtrackingRisks(parsed.root, pattern, out);
    return out;
  } catch (err) {
    if (err instanceof RegexSyntaxError) {
      return [diag('error', err.message, err.offset, err.length)];
    }
    const why = err instanceof Error ? err.message : String(err);
    return [diag('error', `The pattern could not be analysed: ${why}`, 0, pattern.length)];
  }
}
