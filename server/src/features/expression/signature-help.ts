// Signature help for the innermost call around the cursor. Repeatable groups are written out as
// far as the call uses them (Join's source1, source2, ...; Switch's key1, value1, key2, ...), so
// the active parameter is always the exact slot the cursor is in.
import { MarkupKind } from 'vscode-languageserver/node';
import type { ParameterInformation, SignatureHelp, SignatureInformation } from 'vscode-languageserver/node';
import { FunctionInfo, parameterAt } from '../../catalog/functions';
import { parseExpression } from '../../language/expression/parser';
import { callSiteAt } from './cursor';
import { functionMarkdown, parameterFacts, parameterTypeText } from './docs';
import { ordinal } from '../../evaluate/convert';

/** Characters worth registering as signature-help triggers (and re-triggers) for expressions. */
export const SIGNATURE_HELP_TRIGGERS: readonly string[] = ['(', ','];
export const SIGNATURE_HELP_RETRIGGERS: readonly string[] = [')'];

export interface ExpressionSignature {
  label: string;
  /** [start, end) offsets into `label`, one per argument slot shown. */
  parameters: [number, number][];
}

/**
 * The label of `fn` with its repeatable group written out `repetitions` times:
 * `Switch(source: string, [defaultValue: string], key1: string, value1: any, ...) -> any`.
 * Optional parameters are in brackets; `...` marks that the group may repeat further.
 */
export function expandedSignature(fn: FunctionInfo, repetitions: number): ExpressionSignature {
  let label = `${fn.name}(`;
  const parameters: [number, number][] = [];
  const slots = fn.fixedParameters.length + repetitions * fn.repeatedParameters.length;
  for (let i = 0; i < slots; i++) {
    const b = parameterAt(fn, i)!;
    if (i > 0) label += ', ';
    const text = `${b.label}: ${parameterTypeText(b.parameter)}`;
    const shown = b.parameter.required ? text : `[${text}]`;
    parameters.push([label.length, label.length + shown.length]);
    label += shown;
  }
  if (fn.repeatedParameters.length) label += slots > 0 ? ', ...' : '...';
  label += `) -> ${fn.returns.kind}`;
  return { label, parameters };
}

/** Signature help at `offset` of the expression `text`; null outside a known function's arguments. */
export function signatureHelp(text: string, offset: number): SignatureHelp | null {
  const at = Math.max(0, Math.min(offset, text.length));
  const parse = parseExpression(text);
  const site = callSiteAt(parse, at);
  if (!site?.fn) return null;
  const fn = site.fn;
  const slots = Math.max(site.call.args.length, site.slot + 1);
  const group = fn.repeatedParameters.length;
  let repetitions = 0;
  if (group) {
    const used = Math.max(0, slots - fn.fixedParameters.length);
    repetitions = Math.max(fn.repeat?.minimumCount ?? 0, Math.ceil(used / group));
  }
  const sig = expandedSignature(fn, repetitions);
  const parameters: ParameterInformation[] = sig.parameters.map((range, i) => {
    const b = parameterAt(fn, i)!;
    const facts = parameterFacts(b.parameter);
    return {
      label: range,
      documentation: {
        kind: MarkupKind.Markdown,
        value: [`*${b.label}* (${ordinal(i + 1)} argument): ${b.parameter.description}`, ...facts].join(' '),
      },
    };
  });
  // A slot beyond the last parameter (too many arguments) highlights none.
  const active = site.slot < parameters.length ? site.slot : parameters.length;
  const signature: SignatureInformation = {
    label: sig.label,
    documentation: { kind: MarkupKind.Markdown, value: functionMarkdown(fn, { signature: false, restrictions: false }) },
    parameters,
    activeParameter: active,
  };
  return { signatures: [signature], activeSignature: 0, activeParameter: active };
}
