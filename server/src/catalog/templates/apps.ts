// Typed access to apps.json: what each seed app's tutorial says about its target attributes,
// Tenant URL, limits and capabilities. Checks read it through these functions.
import raw from './data/apps.json';
import { resolveTargetPath, ScimSchema } from '../scim-schemas';

export type Tri = boolean | null;

export interface AppAttribute {
  /** The target path (tutorial typos corrected). */
  path: string;
  type: 'String' | 'Boolean' | 'Reference' | 'Integer' | 'DateTime' | 'Binary';
  /** Marked required by the app. */
  required?: true;
  /** Marked "supported for filtering": usable as a matching attribute. */
  filterable?: true;
  /** The path as the tutorial misprints it, when it does. */
  tutorialSpelling?: string;
}

export interface AppCapabilities {
  users: { create: Tri; update: Tri; disable: Tri; hardDelete: Tri };
  groups: { provisioned: boolean; create: Tri; update: Tri; delete: Tri };
  scopingFilters: boolean;
}

export interface AppFacts {
  id: string;
  displayName: string;
  kind: 'gallery' | 'non-gallery';
  tutorial: string;
  tenantUrl: { shape: string; pattern: string; example: string; documented: boolean; note: string };
  credentials: string;
  capabilities: AppCapabilities;
  limits: string[];
  notes: string[];
  objects: { User: AppAttribute[]; Group?: AppAttribute[] };
  extensionSchemas: ScimSchema[];
}

const apps = (raw as unknown as { apps: AppFacts[] }).apps;

export function appIds(): string[] {
  return apps.map((a) => a.id);
}

export function appFacts(id: string): AppFacts | undefined {
  return apps.find((a) => a.id === id.toLowerCase());
}

export function allAppFacts(): readonly AppFacts[] {
  return apps;
}

/**
 * The app's entry for a target path of `object` (`User` / `Group`), compared by resolved SCIM
 * identity (casing and the core URN do not matter). Undefined when the app's tutorial does not
 * list the path.
 */
export function appAttribute(app: AppFacts, object: 'User' | 'Group', path: string): AppAttribute | undefined {
  const list = app.objects[object];
  if (!list) return undefined;
  const r = resolveTargetPath(path, { resourceType: object, extensions: app.extensionSchemas });
  if (!r.ok) return list.find((a) => a.path === path);
  return list.find((a) => {
    const x = resolveTargetPath(a.path, { resourceType: object, extensions: app.extensionSchemas });
    return x.ok && x.path.key === r.path.key;
  });
}

export type TenantUrlCheck = { ok: true } | { ok: false; message: string };

/** Checks a Tenant URL against the app's documented shape (https, host and path). */
export function checkTenantUrl(app: AppFacts, url: string): TenantUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, message: `"${url}" is not a URL; ${app.displayName} expects ${app.tenantUrl.shape}.` };
  }
  if (parsed.protocol !== 'https:') {
    return { ok: false, message: `The provisioning service connects over HTTPS only (TLS 1.2); use https:// instead of ${parsed.protocol}//.` };
  }
  // Behaviour flags (?aadOptscim062020) are part of the Tenant URL and not of its shape.
  const bare = `${parsed.origin}${parsed.pathname}`;
  if (!new RegExp(app.tenantUrl.pattern).test(bare)) {
    return {
      ok: false,
      message: `${app.displayName} Tenant URLs look like ${app.tenantUrl.shape} (for example ${app.tenantUrl.example}). ${app.tenantUrl.note}`,
    };
  }
  return { ok: true };
}
