// textDocument/signatureHelp inside expressions: the function's signature with the repeatable
// group written out as far as the call uses it, so the active parameter is the exact slot.
import type { SignatureHelp } from 'vscode-languageserver/node';
import { signatureHelp } from './document';
import { SIGNATURE_HELP_RETRIGGERS, SIGNATURE_HELP_TRIGGERS } from './expression';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export class SignatureHelpFeature implements Feature {
  readonly id = 'signatureHelp';

  capabilities() {
    return { signatureHelpProvider: { triggerCharacters: [...SIGNATURE_HELP_TRIGGERS], retriggerCharacters: [...SIGNATURE_HELP_RETRIGGERS] } };
  }

  register(ctx: FeatureContext): void {
    ctx.connection.onSignatureHelp((params) =>
      answer<SignatureHelp | null>(ctx, this.id, params.textDocument.uri, null, ({ parsed }) => signatureHelp(parsed, params.position)),
    );
  }
}
