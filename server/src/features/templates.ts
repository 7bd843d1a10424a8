// entraProvisioning/templateContent: the text of an app template document
// (`entramap-template:/personify.entramap`), for the client's TextDocumentContentProvider, so go
// to definition into a template opens it.
import { TEMPLATE_SCHEME as PROTOCOL_SCHEME, TemplateContentRequest } from '../protocol';
import { TEMPLATE_SCHEME, templateDocumentContent } from './document';
import type { Feature, FeatureContext } from './feature';

if (TEMPLATE_SCHEME !== PROTOCOL_SCHEME) throw new Error(`template scheme mismatch: ${TEMPLATE_SCHEME} vs ${PROTOCOL_SCHEME}`);

export class TemplatesFeature implements Feature {
  readonly id = 'templates';

  register(ctx: FeatureContext): void {
    ctx.connection.onRequest(TemplateContentRequest.type, (params) => {
      const uri = typeof params?.uri === 'string' ? params.uri : '';
      return templateDocumentContent(uri) ?? null;
    });
  }
}
