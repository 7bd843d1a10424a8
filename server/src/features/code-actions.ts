// textDocument/codeAction: quick fixes for the diagnostics the client sends back (their `data`
// as published: did-you-mean names, casing, the missing required or matching mapping, syntax
// repairs, ...) and the `source.formatDocument` source action (also for Graph JSON, whose
// expressions it puts on one line each).
import { CodeAction, CodeActionKind, ServerCapabilities } from 'vscode-languageserver/node';
import type { ClientCapabilities } from 'vscode-languageserver/node';
import { codeActions, FORMAT_DOCUMENT_KIND } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export class CodeActionsFeature implements Feature {
  readonly id = 'codeActions';

  capabilities(client: ClientCapabilities): ServerCapabilities {
    const literals = client.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
    return { codeActionProvider: literals ? { codeActionKinds: [CodeActionKind.QuickFix, FORMAT_DOCUMENT_KIND] } : true };
  }

  register(ctx: FeatureContext): void {
    ctx.connection.onCodeAction((params) =>
      answer<CodeAction[]>(ctx, this.id, params.textDocument.uri, [], ({ parsed }) =>
        codeActions(parsed, params.range, { diagnostics: params.context.diagnostics ?? [], only: params.context.only }, { uri: params.textDocument.uri }),
      ),
    );
  }
}
