// textDocument/hover: target attributes (SCIM facts, the app's notes), source attributes,
// operators, keywords and expressions (signatures, function docs), each with what the mapping
// produces for the selected sample user (features/document `hover`).
import type { Hover } from 'vscode-languageserver/node';
import { hover } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export class HoverFeature implements Feature {
  readonly id = 'hover';

  capabilities() {
    return { hoverProvider: true };
  }

  register(ctx: FeatureContext): void {
    ctx.connection.onHover((params) =>
      answer<Hover | null>(ctx, this.id, params.textDocument.uri, null, ({ parsed }) => hover(parsed, params.position, ctx.sample.options)),
    );
  }
}
