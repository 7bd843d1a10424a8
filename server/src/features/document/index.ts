// Language services for whole configuration documents (.entramap files and Graph
// synchronizationSchema JSON): pure functions from a parsed document and an LSP position or range
// to plain LSP data. The server parses each document version once (`parseDocument`, or
// `new ParsedDocument(text, kind, { model, diagnostics })` to reuse the analysis pipeline's model)
// and passes the same object to every request of that version. See README.md.
//
//   completion          keywords, target paths, scoping attributes/operators/values, expressions
//   hover               targets, sources, operators, keywords, expressions + sample evaluation
//   inlayHints          the value each mapping produces for the sample; scope verdicts
//   documentSymbols     app → rules → mappings → scope/filters/clauses, attribute mappings
//   foldingRanges, selectionRanges
//   semanticTokens      whole document or range; DOCUMENT_SEMANTIC_TOKENS_LEGEND
//   formatDocument      canonical layout (refused on syntax errors), formatRange
//   codeActions         quick fixes (expressions, checker data, syntax), "Format document"
//   definition, references, documentHighlights
//   signatureHelp

export { DocumentCaches, ParsedDocument, parseDocument } from './document';
export type { ParsedDocumentInit, ParsedDocumentOptions, MappingLocation } from './document';
export type { SampleOptions, MappingOutcome } from './evaluation';
export { evaluateMapping, scopeVerdict, outcomeLabel, scopeLabel, groupLabel, sampleNameOf } from './evaluation';

export { completion, DOCUMENT_COMPLETION_TRIGGERS } from './completion';
export type { CompletionOptions } from './completion';
export { hover } from './hover';
export type { HoverOptions } from './hover';
export { inlayHints } from './inlay-hints';
export type { DocumentInlayHintOptions } from './inlay-hints';
export { documentSymbols, foldingRanges, selectionRanges } from './structure';
export { semanticTokens, semanticTokensRange, documentTokens, DOCUMENT_SEMANTIC_TOKENS_LEGEND } from './semantic-tokens';
export { formatDocument, formatRange, formattedText, sameMeaning, keepsComments } from './formatting';
export type { DocumentFormattingOptions } from './formatting';
export { codeActions, FORMAT_DOCUMENT_KIND } from './code-actions';
export type { CodeActionContextLike, DocumentCodeActionOptions } from './code-actions';
export { definition, references, documentHighlights } from './navigation';
export type { NavigationOptions } from './navigation';
export { signatureHelp } from './signature-help';
export { TEMPLATE_SCHEME, templateUri, templateIdOf, templateDocumentContent } from './templates';
export type { TargetPathInfo } from './targets';
export { setServiceErrorHandler } from './errors';
export type { ServiceErrorHandler } from './errors';
