// The analysers the server runs, one per document kind: the one place to plug analysers in.
import type { Analyzer } from './analyzer';
import type { DocumentKind } from './document-kind';
import type { DocumentAnalyzerOptions } from './document-analyzer';
import { createGraphJsonAnalyzer } from './graph-json';
import { createMappingAnalyzer } from './mapping';

export class AnalyzerRegistry {
  private readonly byKind = new Map<DocumentKind, Analyzer>();

  constructor(analyzers: readonly Analyzer[]) {
    for (const a of analyzers) {
      if (this.byKind.has(a.kind)) throw new Error(`two analysers for ${a.kind}: ${this.byKind.get(a.kind)!.id}, ${a.id}`);
      this.byKind.set(a.kind, a);
    }
  }

  forKind(kind: DocumentKind): Analyzer | undefined {
    return this.byKind.get(kind);
  }

  list(): Analyzer[] {
    return [...this.byKind.values()];
  }
}

/**
 * The production set: .entramap files and Graph synchronizationSchema JSON. `options.parsed`
 * shares the parse with the editor features (the server's ParsedDocumentCache).
 */
export function defaultAnalyzers(options: DocumentAnalyzerOptions = {}): AnalyzerRegistry {
  return new AnalyzerRegistry([createMappingAnalyzer(options), createGraphJsonAnalyzer(options)]);
}
