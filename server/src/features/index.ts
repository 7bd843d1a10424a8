// The server's features, in registration order. Add a feature here (one file per feature under
// features/) and its capabilities are merged into the initialize result automatically.
import { CodeActionsFeature } from './code-actions';
import { CompletionFeature } from './completion';
import { DiagnosticsFeature } from './diagnostics';
import type { Feature } from './feature';
import { FormattingFeature } from './formatting';
import { HoverFeature } from './hover';
import { InlayHintsFeature } from './inlay-hints';
import { NavigationFeature } from './navigation';
import { ProvisioningFeature } from './provisioning';
import { SampleUserFeature } from './sample-user';
import { SemanticTokensFeature } from './semantic-tokens';
import { ServerInfoFeature } from './server-info';
import { SignatureHelpFeature } from './signature-help';
import { StructureFeature } from './structure';
import { TemplatesFeature } from './templates';

export function createFeatures(): Feature[] {
  return [
    new DiagnosticsFeature(),
    new ServerInfoFeature(),
    new ProvisioningFeature(),
    new SampleUserFeature(),
    new CompletionFeature(),
    new HoverFeature(),
    new SignatureHelpFeature(),
    new SemanticTokensFeature(),
    new StructureFeature(),
    new FormattingFeature(),
    new CodeActionsFeature(),
    new NavigationFeature(),
    new InlayHintsFeature(),
    new TemplatesFeature(),
  ];
}

export type { Feature, FeatureContext } from './feature';
