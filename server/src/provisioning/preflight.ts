// The check before provisioning sends anything: a mapping document with errors stops the run
// (`entramap provision`, and the editor's Provision on Demand and Check Scope). One function for
// both, so that they refuse the same documents, for the reasons `entramap check` (and the
// editor's Problems panel) gives: the same checks (check/document.ts), error severity only.
//
//   preflight(text, kind, { resolveTargetSchema }) → { kind, model, errors }
//
// Errors are the readers' (EMF/EGJ structure, EPX0xx expression syntax) and the checks' (EPX1xx
// expression semantics, ESF scoping filters, EMP mapping checks). Warnings and hints never block.
// EMP099 (the checker itself failed) is not a problem of the document and does not block either.
import { checkDocumentOffsets, CheckDocumentOptions } from '../check/document';
import { LineIndex } from '../model/positions';
import type { DocumentKind, MappingModel } from '../model/types';

/** An error that stops provisioning; offsets are UTF-16 document offsets, line and character 0-based. */
export interface PreflightError {
  code: string;
  message: string;
  start: number;
  end: number;
  line: number;
  character: number;
}

export interface PreflightResult {
  kind: DocumentKind;
  model: MappingModel;
  /** In document order; empty when provisioning may go ahead. */
  errors: PreflightError[];
}

export interface PreflightOptions {
  /**
   * Reads `app ... schema FILE` (relative to the document) as `entramap check` does. Without it,
   * target attributes are checked against the catalogue's schemas only.
   */
  resolveTargetSchema?: CheckDocumentOptions['resolveTargetSchema'];
}

/** Codes of error severity that say nothing about the document (the checker failed). */
const NOT_A_DOCUMENT_ERROR = new Set(['EMP099']);

/** Parses and checks a mapping document (.entramap or Graph synchronizationSchema JSON). Never throws. */
export function preflight(text: string, kind: DocumentKind, options: PreflightOptions = {}): PreflightResult {
  const checked = checkDocumentOffsets(text, kind, { resolveTargetSchema: options.resolveTargetSchema });
  const blocking = checked.findings.filter((f) => f.severity === 'error' && !NOT_A_DOCUMENT_ERROR.has(f.code));
  let index: LineIndex | undefined;
  const errors = blocking.map((f): PreflightError => {
    const p = (index ??= new LineIndex(text)).positionAt(f.start);
    return { code: f.code, message: f.message, start: f.start, end: f.end, line: p.line, character: p.character };
  });
  return { kind: checked.kind, model: checked.model, errors };
}
