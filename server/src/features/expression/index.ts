// Language services for one expression of the Entra attribute-mapping language, as pure
// functions: text + offset in, plain data out. Positions are UTF-16 offsets into the expression
// text; the caller (an .entramap line, a Graph schema JSON `expression` string) maps them to its
// document and converts to LSP ranges. Nothing here talks to a connection.
//
//   completeExpression   functions (snippets), attributes in [...], accepted values
//   hoverExpression      functions, parameters, attributes (+ sample evaluation), constants
//   signatureHelp        innermost call, active parameter by slot
//   semanticTokens       absolute token ranges + legend + LSP delta encoder
//   formatExpression     canonical layout (whole text) / formatExpressionEdits (minimal edits)
//   codeActionsFor       quick fixes for the checker's diagnostics
//   documentHighlights   matching parentheses, same attribute / function
//   selectionRange       expand-selection chain
//   inlayHints           parameter names before positional constants

export type { OffsetEdit, OffsetRange } from './types';
export { applyEdits } from './types';
export type { ExpressionContext, EvaluationOutcome, PreviewValue } from './context';
export type { ExpressionAttribute, AttributeResolution } from './attributes';
export { attributesFor, catalogueAttributes, resolveAttribute, attributeTypeText } from './attributes';

export type { ExpressionCompletionItem, ExpressionCompletionList } from './completion';
export { completeExpression, EXPRESSION_COMPLETION_TRIGGERS, BOOLEAN_STRINGS, functionSnippet } from './completion';

export type { ExpressionHover } from './hover';
export { hoverExpression } from './hover';

export type { ExpressionSignature } from './signature-help';
export { signatureHelp, expandedSignature, SIGNATURE_HELP_TRIGGERS, SIGNATURE_HELP_RETRIGGERS } from './signature-help';

export type {
  ExpressionSemanticToken,
  DocumentSemanticToken,
  SemanticTokenTypeName,
  SemanticTokenModifierName,
  SemanticTokenOptions,
} from './semantic-tokens';
export {
  semanticTokens,
  encodeSemanticTokens,
  toDocumentTokens,
  SEMANTIC_TOKENS_LEGEND,
  SEMANTIC_TOKEN_TYPES,
  SEMANTIC_TOKEN_MODIFIERS,
} from './semantic-tokens';

export type { FormatOptions } from './format';
export { formatExpression, formatExpressionEdits, formatParsed, sameTree } from './format';

export type { ExpressionCodeAction, FixableDiagnostic } from './code-actions';
export { codeActionsFor } from './code-actions';

export type { ExpressionHighlight, ExpressionSelectionRange } from './highlights';
export { documentHighlights, selectionRange } from './highlights';

export type { ExpressionInlayHint, InlayHintOptions } from './inlay-hints';
export { inlayHints } from './inlay-hints';

export { EXPRESSION_CODE_LANGUAGE } from './markdown';
