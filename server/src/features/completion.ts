// textDocument/completion for .entramap and Graph schema JSON: keywords, target paths, scoping
// attributes, operators and values, template names, and the expression services inside
// expressions (features/document `completion`). Items carry their documentation already, so
// there is no completionItem/resolve.
//
// Triggers: the document and expression services' characters (`[`, `"`, blank) and the
// signature characters `(` and `,`. A blank answers only where a statement expects its next word
// (the service decides; in Graph JSON never); `(` and `,` answer only where the argument slot takes known values
// (DateAdd's interval, InStr's compare type, "True"/"False", ...), so typing a call does not
// open the full list of functions and attributes at every comma.
import { CompletionItemKind, CompletionList } from 'vscode-languageserver/node';
import { completion, DOCUMENT_COMPLETION_TRIGGERS } from './document';
import { EXPRESSION_COMPLETION_TRIGGERS, SIGNATURE_HELP_TRIGGERS } from './expression';
import type { Feature, FeatureContext } from './feature';
import { answer } from './requests';

export const COMPLETION_TRIGGERS: readonly string[] = [
  ...new Set([...DOCUMENT_COMPLETION_TRIGGERS, ...EXPRESSION_COMPLETION_TRIGGERS, ...SIGNATURE_HELP_TRIGGERS]),
];

const SLOT_TRIGGERS = new Set(SIGNATURE_HELP_TRIGGERS);
const VALUE_KINDS = new Set<CompletionItemKind>([CompletionItemKind.Value, CompletionItemKind.EnumMember, CompletionItemKind.Constant]);
const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export class CompletionFeature implements Feature {
  readonly id = 'completion';

  capabilities() {
    return { completionProvider: { triggerCharacters: [...COMPLETION_TRIGGERS], resolveProvider: false } };
  }

  register(ctx: FeatureContext): void {
    const snippets = ctx.client.textDocument?.completion?.completionItem?.snippetSupport === true;
    ctx.connection.onCompletion((params) =>
      answer(ctx, this.id, params.textDocument.uri, EMPTY, ({ parsed, kind }) => {
        const trigger = params.context?.triggerCharacter;
        // Graph JSON has no statements: a blank is only ever white space in a value
        if (trigger === ' ' && kind === 'graph-json') return EMPTY;
        const list = completion(parsed, params.position, { ...ctx.sample.options, snippets, triggerCharacter: trigger });
        if (trigger && SLOT_TRIGGERS.has(trigger) && !list.items.some((i) => i.kind !== undefined && VALUE_KINDS.has(i.kind))) return EMPTY;
        return list;
      }),
    );
  }
}
