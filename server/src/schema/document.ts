// One entry point for "a configuration document", whichever format it is in.
import { parseMappingDocument, ParseMappingOptions } from '../language/mapping/build';
import type { DocumentKind, MappingModel, ModelDiagnostic } from '../model/types';
import { parseGraphSchema } from './read';

/**
 * The format of a document: by extension (`.entramap`, `.json`, `.jsonc`), else by content (a
 * document whose first non-blank character is `{` or `[` is JSON).
 */
export function detectDocumentKind(fileName: string | undefined, text: string): DocumentKind {
  const name = (fileName ?? '').toLowerCase();
  if (name.endsWith('.entramap')) return 'entramap';
  if (name.endsWith('.json') || name.endsWith('.jsonc')) return 'graph-json';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'graph-json' : 'entramap';
}

export interface ConfigurationParse {
  kind: DocumentKind;
  model: MappingModel;
  diagnostics: ModelDiagnostic[];
}

export function parseConfigurationDocument(text: string, kind: DocumentKind, options: ParseMappingOptions = {}): ConfigurationParse {
  if (kind === 'entramap') return { kind, ...parseMappingDocument(text, options) };
  const r = parseGraphSchema(text);
  return { kind, model: r.model, diagnostics: r.diagnostics };
}
