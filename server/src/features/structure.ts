// The document's structure: textDocument/documentSymbol (app → rules → mappings → scope,
// filters, clauses, attribute mappings), foldingRange (blocks, comment runs, long expressions)
// and selectionRange (token → expression parts → statement → block).
import type { DocumentSymbol, FoldingRange, SelectionRange } from 'vscode-languageserver/node';
import { documentSymbols, foldingRanges, selectionRanges } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export class StructureFeature implements Feature {
  readonly id = 'structure';

  capabilities() {
    return { documentSymbolProvider: true, foldingRangeProvider: true, selectionRangeProvider: true };
  }

  register(ctx: FeatureContext): void {
    const { connection } = ctx;
    connection.onDocumentSymbol((params) => answer<DocumentSymbol[]>(ctx, 'documentSymbols', params.textDocument.uri, [], ({ parsed }) => documentSymbols(parsed)));
    connection.onFoldingRanges((params) => answer<FoldingRange[]>(ctx, 'foldingRanges', params.textDocument.uri, [], ({ parsed }) => foldingRanges(parsed)));
    connection.onSelectionRanges((params) =>
      answer<SelectionRange[]>(ctx, 'selectionRanges', params.textDocument.uri, [], ({ parsed }) => selectionRanges(parsed, params.positions)),
    );
  }
}
