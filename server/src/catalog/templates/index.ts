// Mapping-file templates of the seed apps (`entramap new --template NAME`), with the app facts
// (data/apps.json) each one is written from.
import { appFacts, AppFacts } from './apps';
import { genesys } from './genesys';
import { mypolicies } from './mypolicies';
import { personify } from './personify';
import { scim } from './scim';

export interface MappingTemplate {
  /** The template name, also the `template` of the file's `app` line. */
  id: string;
  /** What `entramap new --list` shows. */
  summary: string;
  /** The .entramap text. */
  text: string;
  facts: AppFacts;
}

const TEXTS: Array<[string, string, string]> = [
  ['personify', 'Personify Inc (gallery): users', personify],
  ['mypolicies', 'myPolicies (gallery): users; no hard deletes', mypolicies],
  ['genesys', 'Genesys Cloud for Azure (gallery): users, and updates of existing groups', genesys],
  ['scim', 'any SCIM 2.0 app (non-gallery) with Entra default mappings: users and groups', scim],
];

const templates: MappingTemplate[] = TEXTS.map(([id, summary, text]) => {
  const facts = appFacts(id);
  if (!facts) throw new Error(`template ${id} has no entry in apps.json`);
  return { id, summary, text, facts };
});

/** Template names, in the order `entramap new --list` shows them. */
export function templateNames(): string[] {
  return templates.map((t) => t.id);
}

/** A template by name (case-insensitive). */
export function getTemplate(name: string): MappingTemplate | undefined {
  const key = name.toLowerCase();
  return templates.find((t) => t.id === key);
}

export function allTemplates(): readonly MappingTemplate[] {
  return templates;
}

export { allAppFacts, appAttribute, appFacts, appIds, checkTenantUrl } from './apps';
export type { AppAttribute, AppCapabilities, AppFacts, TenantUrlCheck } from './apps';
