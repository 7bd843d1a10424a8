// textDocument/formatting and rangeFormatting: the canonical .entramap layout (refused, with no
// edits, when the document has syntax errors or the result would not mean the same), and the
// expressions of Graph JSON on one line each.
//
// Registration: for .entramap only when the client can register dynamically (VS Code), so the
// extension never becomes a second formatter of every JSON file (VS Code would then ask which
// formatter to use, even for package.json). Graph JSON documents get their expressions formatted
// through the `source.formatDocument` code action. Clients without dynamic registration get a
// static provider for every document the server handles.
import {
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  ServerCapabilities,
  TextEdit,
} from 'vscode-languageserver/node';
import type { ClientCapabilities } from 'vscode-languageserver/node';
import { ENTRAMAP_LANGUAGE_ID } from '../protocol';
import { formatDocument, formatRange } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export const FORMATTING_SELECTOR = [
  { scheme: 'file', language: ENTRAMAP_LANGUAGE_ID },
  { scheme: 'untitled', language: ENTRAMAP_LANGUAGE_ID },
];

function dynamic(client: ClientCapabilities): { document: boolean; range: boolean } {
  return {
    document: client.textDocument?.formatting?.dynamicRegistration === true,
    range: client.textDocument?.rangeFormatting?.dynamicRegistration === true,
  };
}

export class FormattingFeature implements Feature {
  readonly id = 'formatting';
  private ctx!: FeatureContext;

  capabilities(client: ClientCapabilities): ServerCapabilities {
    const d = dynamic(client);
    const out: ServerCapabilities = {};
    if (!d.document) out.documentFormattingProvider = true;
    if (!d.range) out.documentRangeFormattingProvider = true;
    return out;
  }

  register(ctx: FeatureContext): void {
    this.ctx = ctx;
    const { connection } = ctx;
    connection.onDocumentFormatting((params) =>
      answer<TextEdit[] | null>(ctx, 'formatting', params.textDocument.uri, null, ({ parsed }) => formatDocument(parsed)),
    );
    connection.onDocumentRangeFormatting((params) =>
      answer<TextEdit[] | null>(ctx, 'rangeFormatting', params.textDocument.uri, null, ({ parsed }) => formatRange(parsed, params.range)),
    );
  }

  initialized(): void {
    const d = dynamic(this.ctx.client);
    const client = this.ctx.connection.client;
    const failed = (what: string) => (err: unknown) => this.ctx.log.warn(`registering ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (d.document) void client.register(DocumentFormattingRequest.type, { documentSelector: FORMATTING_SELECTOR }).catch(failed('formatting'));
    if (d.range) void client.register(DocumentRangeFormattingRequest.type, { documentSelector: FORMATTING_SELECTOR }).catch(failed('range formatting'));
  }
}
