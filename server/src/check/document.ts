// One entry point for checking a configuration document, whichever format it is in: an .entramap
// file or Graph synchronizationSchema JSON. Returns every problem with a file range:
//
// - what the readers report (EMF syntax and structure, EGJ JSON structure, EPX0xx expression
//   syntax), with quick-fix data added to expression syntax errors;
// - the expression checks (EPX1xx) of every attribute mapping, with the mapping's facts;
// - the scoping checks (ESF) of every scoping filter;
// - the mapping checks (EMP): source and target attributes, duplicates, required attributes,
//   matching, constants, references, what the app supports.
//
// Never throws: a malformed document is diagnostics, and an internal failure of a check is one
// diagnostic (EMP099) rather than a crash.
import { codeInfo, Severity } from '../diagnostics/codes';
import { parseMappingDocument } from '../language/mapping/build';
import { LineIndex, Position } from '../model/positions';
import type { DocumentKind, MappingModel, ModelDiagnostic } from '../model/types';
import { parseGraphSchema } from '../schema/read';
import type { JNode } from '../schema/json-tree';
import { syntaxDiagnostics } from './expression';
import { CheckModelOptions, Finding, FindingData, ModelChecker } from './mapping';

export type { DocumentKind } from '../model/types';
export type { Finding, FindingData, OffsetEdit, TargetSchemaLoad } from './mapping';

export type CheckDocumentOptions = Omit<CheckModelOptions, 'jsonRoot'>;

/** A range in line/character positions (0-based, UTF-16 characters, end exclusive), as in LSP. */
export interface DocumentRange {
  start: Position;
  end: Position;
}

export interface CheckDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: DocumentRange;
  /**
   * What a quick fix needs: `replacement` / `suggestions` (text for the diagnostic's range),
   * `edits` (`{ range, newText }` elsewhere), and per-code facts such as `attribute`,
   * `mappingLine` (a proposed .entramap line), `mappingJson` (the same as Graph JSON).
   */
  data?: Record<string, unknown>;
  related?: { message: string; range: DocumentRange }[];
}

export interface CheckDocumentResult {
  kind: DocumentKind;
  model: MappingModel;
  diagnostics: CheckDiagnostic[];
}

export interface CheckOffsetsResult {
  kind: DocumentKind;
  model: MappingModel;
  /** Every finding, in document order, with UTF-16 offsets. */
  findings: Finding[];
}

function fromModel(d: ModelDiagnostic): Finding {
  return { code: d.code, severity: d.severity, message: d.message, start: d.range.start, end: Math.max(d.range.start, d.range.end) };
}

/** Quick-fix data of expression syntax errors (the readers report them without it). */
function syntaxData(model: MappingModel): Map<string, FindingData> {
  const out = new Map<string, FindingData>();
  const json = model.documentKind === 'graph-json';
  const encode = (s: string) => (json ? JSON.stringify(s).slice(1, -1) : s);
  for (const rule of model.rules) {
    for (const om of rule.objectMappings) {
      for (const am of om.attributeMappings) {
        const site = am.source?.expression;
        if (!site?.exact || !site.parse.errors.length) continue;
        for (const d of syntaxDiagnostics(site.parse)) {
          if (!d.data) continue;
          const start = site.toDocumentOffset(d.start);
          const end = Math.max(start, site.toDocumentOffset(d.end));
          const data: FindingData = {};
          if (d.data.replacement !== undefined) data.replacement = encode(d.data.replacement);
          if (d.data.suggestions) data.suggestions = d.data.suggestions.map(encode);
          out.set(`${d.code}:${start}:${end}`, data);
        }
      }
    }
  }
  return out;
}

function compare(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * The checks of a document its caller has already parsed (the language server keeps the model
 * for its other features): the parser's diagnostics with quick-fix data added, plus every check,
 * in document order, with offsets. `jsonRoot` is the Graph JSON tree (for insertion edits).
 */
export function checkParsedDocument(
  text: string,
  model: MappingModel,
  parserDiagnostics: readonly ModelDiagnostic[],
  options: CheckDocumentOptions & { jsonRoot?: JNode } = {},
): Finding[] {
  const steps = checkParsedDocumentSteps(text, model, parserDiagnostics, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `checkParsedDocument` in steps: the generator pauses between object mappings and every few
 * hundred attribute mappings (the language server yields to its event loop there), and returns
 * the findings.
 */
export function* checkParsedDocumentSteps(
  text: string,
  model: MappingModel,
  parserDiagnostics: readonly ModelDiagnostic[],
  options: CheckDocumentOptions & { jsonRoot?: JNode } = {},
): Generator<void, Finding[]> {
  const findings: Finding[] = parserDiagnostics.map(fromModel);
  try {
    const fixes = syntaxData(model);
    if (fixes.size) {
      for (const f of findings) {
        const data = fixes.get(`${f.code}:${f.start}:${f.end}`);
        if (data && Object.keys(data).length) f.data = data;
      }
    }
    const checked = yield* new ModelChecker(model, text, options).steps();
    for (const f of checked) findings.push(f);
  } catch (e) {
    findings.push({
      code: 'EMP099',
      severity: codeInfo('EMP099')!.severity,
      message: `entramap could not finish checking this document (${e instanceof Error ? e.message : String(e)}); the problems above are reported, later ones may be missing. Please report this with the document.`,
      start: 0,
      end: 0,
    });
  }
  return findings.sort(compare);
}

/** Checks a document and returns findings with offsets (for the language server). */
export function checkDocumentOffsets(text: string, kind: DocumentKind, options: CheckDocumentOptions = {}): CheckOffsetsResult {
  if (kind === 'entramap') {
    const r = parseMappingDocument(text);
    return { kind, model: r.model, findings: checkParsedDocument(text, r.model, r.diagnostics, options) };
  }
  const r = parseGraphSchema(text);
  return { kind, model: r.model, findings: checkParsedDocument(text, r.model, r.diagnostics, { ...options, jsonRoot: r.root }) };
}

/**
 * Checks a whole .entramap or Graph schema JSON document: every diagnostic, with line/character
 * ranges. Never throws.
 */
export function checkDocument(text: string, kind: DocumentKind, options: CheckDocumentOptions = {}): CheckDocumentResult {
  const { model, findings } = checkDocumentOffsets(text, kind, options);
  const positionAt = positions(text);
  const range = (start: number, end: number): DocumentRange => ({ start: positionAt(start), end: positionAt(end) });
  const diagnostics = findings.map((f): CheckDiagnostic => {
    const d: CheckDiagnostic = { code: f.code, severity: f.severity, message: f.message, range: range(f.start, f.end) };
    if (f.data) {
      const { edits, ...rest } = f.data;
      const data: Record<string, unknown> = { ...rest };
      if (edits) data.edits = edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText }));
      d.data = data;
    }
    if (f.related) d.related = f.related.map((r) => ({ message: r.message, range: range(r.start, r.end) }));
    return d;
  });
  return { kind, model, diagnostics };
}

/**
 * Offset → line/character for a text (CR, LF and CRLF end lines, as LineIndex does). Texts
 * without CR are indexed with indexOf into a typed array, several times faster than a character
 * loop (or pushing onto an array) on large files.
 */
function positions(text: string): (offset: number) => Position {
  if (text.indexOf('\r') >= 0) {
    const index = new LineIndex(text);
    return (o) => index.positionAt(o);
  }
  let starts = new Int32Array(1024);
  let count = 1; // starts[0] = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (count === starts.length) {
      const grown = new Int32Array(count * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[count++] = i + 1;
  }
  return (offset) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  };
}
