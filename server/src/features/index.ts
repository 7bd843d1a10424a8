// The server's features, in registration order. Add a feature here (one file per feature under
// features/) and its capabilities are merged into the initialize result automatically.
import { DiagnosticsFeature } from './diagnostics';
import type { Feature } from './feature';
import { ProvisioningFeature } from './provisioning';
import { ServerInfoFeature } from './server-info';

export function createFeatures(): Feature[] {
  return [new DiagnosticsFeature(), new ServerInfoFeature(), new ProvisioningFeature()];
}

export type { Feature, FeatureContext } from './feature';
