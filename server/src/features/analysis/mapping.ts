// .entramap documents: parsed by the mapping reader (language/mapping/) into a ParsedDocument and
// checked like `entramap check` does (document-analyzer.ts).
import type { ParsedDocument } from '../document';
import type { Analyzer } from './analyzer';
import { documentAnalyzer, DocumentAnalyzerOptions } from './document-analyzer';

export function createMappingAnalyzer(options: DocumentAnalyzerOptions = {}): Analyzer<ParsedDocument> {
  return documentAnalyzer('entramap', options);
}

/** The analyser with its own parse (the worker thread, tools). */
export const mappingAnalyzer = createMappingAnalyzer();
