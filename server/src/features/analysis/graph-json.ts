// Graph synchronizationSchema JSON documents: read by the schema reader (schema/read.ts) into the
// same model as an .entramap file, JSON and structure problems and the syntax errors inside
// `expression` strings positioned through JSON escapes; checked like `entramap check` does
// (document-analyzer.ts).
import type { ParsedDocument } from '../document';
import type { Analyzer } from './analyzer';
import { documentAnalyzer, DocumentAnalyzerOptions } from './document-analyzer';

export function createGraphJsonAnalyzer(options: DocumentAnalyzerOptions = {}): Analyzer<ParsedDocument> {
  return documentAnalyzer('graph-json', options);
}

/** The analyser with its own parse (the worker thread, tools). */
export const graphJsonAnalyzer = createGraphJsonAnalyzer();
