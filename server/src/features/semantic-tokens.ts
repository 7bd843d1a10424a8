// textDocument/semanticTokens/full and /range with DOCUMENT_SEMANTIC_TOKENS_LEGEND: keywords,
// names, comments and expressions in .entramap; in Graph JSON the insides of `expression`
// strings only. The custom type `invalid` is declared in package.json (semanticTokenTypes).
import type { SemanticTokens } from 'vscode-languageserver/node';
import { DOCUMENT_SEMANTIC_TOKENS_LEGEND, semanticTokens, semanticTokensRange } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

const EMPTY: SemanticTokens = { data: [] };

export class SemanticTokensFeature implements Feature {
  readonly id = 'semanticTokens';

  capabilities() {
    return { semanticTokensProvider: { legend: DOCUMENT_SEMANTIC_TOKENS_LEGEND, full: true, range: true } };
  }

  register(ctx: FeatureContext): void {
    const tokens = ctx.connection.languages.semanticTokens;
    tokens.on((params) => answer(ctx, this.id, params.textDocument.uri, EMPTY, ({ parsed }) => semanticTokens(parsed)));
    tokens.onRange((params) => answer(ctx, `${this.id}/range`, params.textDocument.uri, EMPTY, ({ parsed }) => semanticTokensRange(parsed, params.range)));
  }
}
