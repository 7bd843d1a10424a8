// Signature help inside the expressions of a document: the expression services' answer for the
// expression under the cursor (an .entramap line or a Graph JSON `expression` string).
import type { Position, SignatureHelp } from 'vscode-languageserver/node';
import { signatureHelp as expressionSignatureHelp } from '../expression';
import { siteAt, toOffset } from './common';
import type { ParsedDocument } from './document';
import { reportServiceError } from './errors';

/** Signature help at `position`; null outside a function call. Never throws. */
export function signatureHelp(doc: ParsedDocument, position: Position): SignatureHelp | null {
  try {
    const hit = siteAt(doc, toOffset(doc, position));
    return hit?.site.exact ? expressionSignatureHelp(hit.site.text, hit.offset) : null;
  } catch (e) {
    reportServiceError(e, 'signatureHelp');
    return null;
  }
}
