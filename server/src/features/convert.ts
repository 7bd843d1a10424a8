// Plain analysis data (UTF-16 offsets, severity names) → LSP types. The only place positions are
// converted: always with the TextDocument of exactly the version that was analysed.
import {
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  Location,
  Position,
  Range,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../model/positions';
import { codeHref, Severity } from '../diagnostics/codes';
import type { AnalysisDiagnostic } from './analysis/analyzer';

/** `source` of every diagnostic entramap publishes. */
export const DIAGNOSTIC_SOURCE = 'entramap';

/** From this many characters on, positions come from `LineIndex` (see `positionAt`). */
const LARGE_TEXT = 128 * 1024;
const lineIndexes = new WeakMap<TextDocument, { text: string; index: LineIndex | undefined }>();

/**
 * `doc.positionAt(offset)`. For a large text with LF line ends only, from a `LineIndex` of the
 * text, which gives the same positions for such a text and is many times faster to make:
 * TextDocument's line offsets are a loop over every character, about 100 ms for a 5 MB file,
 * which the first diagnostic of a large file would spend on the server's thread.
 */
function positionAt(doc: TextDocument, offset: number): Position {
  const text = doc.getText();
  if (text.length < LARGE_TEXT) return doc.positionAt(offset);
  let known = lineIndexes.get(doc);
  if (!known || known.text !== text) {
    known = { text, index: text.indexOf('\r') < 0 ? new LineIndex(text) : undefined };
    lineIndexes.set(doc, known);
  }
  return known.index ? known.index.positionAt(offset) : doc.positionAt(offset);
}

export function toRange(doc: TextDocument, start: number, end: number): Range {
  const s = Math.max(0, Math.min(start, end));
  return { start: positionAt(doc, s), end: positionAt(doc, Math.max(s, end)) };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity] ?? DiagnosticSeverity.Error;
}

export function toDiagnostic(doc: TextDocument, d: AnalysisDiagnostic): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(doc, d.start, d.end),
    severity: toSeverity(d.severity),
    code: d.code,
    codeDescription: { href: codeHref(d.code) },
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.data !== undefined) diagnostic.data = toData(doc, d.data);
  if (d.related?.length) {
    diagnostic.relatedInformation = d.related.map((r) =>
      DiagnosticRelatedInformation.create(Location.create(doc.uri, toRange(doc, r.start, r.end)), r.message),
    );
  }
  return diagnostic;
}

/**
 * A diagnostic's `data` as the client gets it: the checker's `edits` hold offsets
 * (`{ start, end, newText }`), which become LSP ranges (`{ range, newText }`), as
 * `entramap check` reports them. Everything else passes through; code actions read it back.
 */
function toData(doc: TextDocument, data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const { edits, ...rest } = data as Record<string, unknown>;
  if (!Array.isArray(edits)) return data;
  return {
    ...rest,
    edits: edits.map((e) => {
      const x = e as { start?: unknown; end?: unknown; newText?: unknown };
      return typeof x?.start === 'number' && typeof x.end === 'number' ? { range: toRange(doc, x.start, x.end), newText: x.newText } : e;
    }),
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * At most `max` diagnostics, most severe first when some must go, returned in text order.
 * `dropped` counts what did not fit.
 */
export function capDiagnostics(list: readonly AnalysisDiagnostic[], max: number): { kept: AnalysisDiagnostic[]; dropped: number } {
  const byPosition = (a: AnalysisDiagnostic, b: AnalysisDiagnostic) => a.start - b.start || a.end - b.end;
  if (list.length <= max) return { kept: list.slice().sort(byPosition), dropped: 0 };
  const kept = list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (RANK[a.d.severity] ?? 0) - (RANK[b.d.severity] ?? 0) || a.i - b.i)
    .slice(0, max)
    .map((x) => x.d)
    .sort(byPosition);
  return { kept, dropped: list.length - max };
}
