// SCIM error responses (RFC 7644 §3.12). Every failure the target reports goes through ScimError,
// so a client always receives `urn:ietf:params:scim:api:messages:2.0:Error` JSON, never a stack.
import SCIMMY from 'scimmy';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The `scimType` keywords of RFC 7644 §3.12 (only meaningful with status 400 and 409). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

const SCIM_TYPES: ReadonlySet<string> = new Set<ScimType>([
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
]);

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
    /** Extra response headers (e.g. `WWW-Authenticate` on 401, `Allow` on 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  get detail(): string {
    return this.message;
  }
}

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function errorBody(err: ScimError): ScimErrorBody {
  const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(err.status), detail: err.detail };
  if (err.scimType) body.scimType = err.scimType;
  return body;
}

export const badRequest = (scimType: ScimType, detail: string): ScimError => new ScimError(400, scimType, detail);
export const notFound = (detail: string): ScimError => new ScimError(404, undefined, detail);

/**
 * Converts an error thrown by scimmy into a ScimError. scimmy reports protocol problems as
 * `SCIMMY.Types.Error` and schema-coercion problems as `TypeError`; both are the client's fault.
 * Anything else is returned as undefined so the caller can treat it as an internal error.
 */
export function fromScimmy(err: unknown): ScimError | undefined {
  if (err instanceof ScimError) return err;
  if (err instanceof SCIMMY.Types.Error) {
    const status = Number(err.status) || 400;
    const scimType = err.scimType && SCIM_TYPES.has(err.scimType) ? (err.scimType as ScimType) : undefined;
    return new ScimError(status, scimType, err.message);
  }
  if (err instanceof TypeError) return new ScimError(400, 'invalidValue', err.message);
  return undefined;
}
