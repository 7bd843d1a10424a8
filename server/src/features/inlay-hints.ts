// textDocument/inlayHint: for the selected sample user, the value each attribute mapping produces
// (`→ "alice@contoso.com"`), the scope verdicts (`✓ in scope`, per filter and clause), and the
// parameter names before positional constants of expressions. Only the requested range is
// evaluated. `entraProvisioning.inlayHints.*` turn them off (VS Code's own
// `editor.inlayHints.enabled` applies on top, in the editor). A new sample user or a settings
// change asks the client to refresh (workspace/inlayHint/refresh).
import type { InlayHint } from 'vscode-languageserver/node';
import type { ServerSettings } from '../protocol';
import { inlayHints } from './document';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export class InlayHintsFeature implements Feature {
  readonly id = 'inlayHints';

  capabilities() {
    return { inlayHintProvider: { resolveProvider: false } };
  }

  register(ctx: FeatureContext): void {
    ctx.connection.languages.inlayHint.on((params) =>
      answer<InlayHint[]>(ctx, this.id, params.textDocument.uri, [], ({ parsed }) => {
        const s = ctx.settings.current.inlayHints;
        if (!s.enabled) return [];
        return inlayHints(parsed, params.range, { ...ctx.sample.options, parameterNames: s.parameterNames, clauses: s.scopingClauses });
      }),
    );
    const canRefresh = ctx.client.workspace?.inlayHint?.refreshSupport === true;
    const refresh = () => {
      if (canRefresh) void ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
    };
    ctx.sample.onDidChange(refresh);
    ctx.settings.onDidChange((now: ServerSettings, before: ServerSettings) => {
      if (JSON.stringify(now.inlayHints) !== JSON.stringify(before.inlayHints)) refresh();
    });
  }
}
