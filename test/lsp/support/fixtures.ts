// Fixture helpers: cursor markers, positions, readable diagnostics, generated inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-protocol';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replace(/\r\n/g, '\n');
}

/** Line/character of a UTF-16 offset (LF, CR and CRLF end lines, as LSP says). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10 && i + 1 < offset) continue;
    if (c === 10 || c === 13) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - lineStart };
}

export interface Marked {
  /** The text with every marker removed. */
  text: string;
  /** Offsets (in `text`) where the markers were, in order. */
  offsets: number[];
  positions: Position[];
}

/**
 * Removes cursor markers: `Join(".", |[givenName])` → text without `|`, and its offset and
 * position. Pass another marker (e.g. `$0`, `<|>`) when the fixture needs a literal `|`.
 */
export function markers(source: string, marker = '|'): Marked {
  const offsets: number[] = [];
  let text = '';
  let from = 0;
  for (;;) {
    const at = source.indexOf(marker, from);
    if (at < 0) break;
    text += source.slice(from, at);
    offsets.push(text.length);
    from = at + marker.length;
  }
  text += source.slice(from);
  return { text, offsets, positions: offsets.map((o) => positionAt(text, o)) };
}

/** Exactly one marker: the text and its cursor. */
export function cursor(source: string, marker = '|'): { text: string; offset: number; position: Position } {
  const m = markers(source, marker);
  if (m.offsets.length !== 1) throw new Error(`expected one "${marker}" marker in ${JSON.stringify(source)}, found ${m.offsets.length}`);
  return { text: m.text, offset: m.offsets[0], position: m.positions[0] };
}

const SEVERITY = ['', 'Error', 'Warning', 'Information', 'Hint'];

export function formatRange(r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/**
 * One readable line per diagnostic, so assertion failures show a diff of the whole list:
 * `Error EPX101 [3:9-3:19] Unknown function "Frobnicate".` (1-based lines and columns).
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${SEVERITY[d.severity ?? 1]} ${d.code ?? '-'} [${formatRange(d.range)}] ${d.message}`);
}

/** The document text a range covers. */
export function textOf(text: string, r: Range): string {
  const offset = (p: Position) => {
    let line = 0;
    let i = 0;
    while (line < p.line && i < text.length) {
      if (text[i] === '\n') line++;
      i++;
    }
    return i + p.character;
  };
  return text.slice(offset(r.start), offset(r.end));
}

/** Deterministic pseudo-random numbers (mulberry32), for generated inputs that reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `lines` lines of garbage: random printable ASCII weighted towards the expression language's
 * own punctuation (brackets, quotes, parens, commas, backslashes), some lines long, some with
 * unbalanced nesting. Deterministic for a seed.
 */
export function garbage(lines: number, seed = 1): string {
  const next = random(seed);
  const alphabet = 'abcXYZ019 _,()[]"\\&<>=-#{}:;.\'`~!@$%^*+?/|\t';
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const len = next() < 0.01 ? 2000 + Math.floor(next() * 6000) : Math.floor(next() * 120);
    let line = '';
    for (let j = 0; j < len; j++) line += alphabet[Math.floor(next() * alphabet.length)];
    out.push(next() < 0.002 ? '('.repeat(300) + line : line);
  }
  return out.join('\n');
}
