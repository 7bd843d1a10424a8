// textDocument/definition, references and documentHighlight. Definitions of catalogue attributes
// point into the app template (`entramap-template:/<id>.entramap`, served by
// entraProvisioning/templateContent); without the client's linkSupport they are plain Locations.
import type { DocumentHighlight, Location, LocationLink } from 'vscode-languageserver/node';
import { definition, documentHighlights, references } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export class NavigationFeature implements Feature {
  readonly id = 'navigation';

  capabilities() {
    return { definitionProvider: true, referencesProvider: true, documentHighlightProvider: true };
  }

  register(ctx: FeatureContext): void {
    const { connection } = ctx;
    const links = ctx.client.textDocument?.definition?.linkSupport === true;
    connection.onDefinition((params) =>
      answer<LocationLink[] | Location[] | null>(ctx, 'definition', params.textDocument.uri, null, ({ parsed }) => {
        const found = definition(parsed, params.position, { uri: params.textDocument.uri });
        if (!found || links) return found;
        return found.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
      }),
    );
    connection.onReferences((params) =>
      answer<Location[]>(ctx, 'references', params.textDocument.uri, [], ({ parsed }) =>
        references(parsed, params.position, { uri: params.textDocument.uri, includeDeclaration: params.context?.includeDeclaration !== false }),
      ),
    );
    connection.onDocumentHighlight((params) =>
      answer<DocumentHighlight[]>(ctx, 'documentHighlights', params.textDocument.uri, [], ({ parsed }) => documentHighlights(parsed, params.position)),
    );
  }
}
