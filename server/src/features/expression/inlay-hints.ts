// Parameter-name inlay hints: `Replace([mail], oldValue: "@contoso.com", , , replacementValue: "", , )`
// makes positional constants readable, above all in Replace, Switch and FormatDateTime.
import { InlayHintKind } from 'vscode-languageserver/node';
import { getFunction, parameterAt } from '../../catalog/functions';
import { parseExpression } from '../../language/expression/parser';
import { visitAll } from './cursor';
import type { OffsetRange } from './types';

export interface ExpressionInlayHint {
  /** Where the hint sits: the start of the argument (the end of an empty slot's gap). */
  offset: number;
  label: string;
  kind: InlayHintKind;
  paddingRight: boolean;
  /** The parameter's description, for the hint's tooltip. */
  tooltip?: string;
}

export interface InlayHintOptions {
  /**
   * 'literals' (default): string, number and hex constants and bare words only;
   * 'all': every argument except an attribute named like its parameter.
   */
  arguments?: 'literals' | 'all';
  /** Also mark empty slots with the parameter they leave out (default false). */
  emptySlots?: boolean;
}

/** Parameter-name hints for the arguments inside `range` (default: the whole text). Never throws. */
export function inlayHints(text: string, range?: OffsetRange, options: InlayHintOptions = {}): ExpressionInlayHint[] {
  const parse = parseExpression(text);
  const from = range?.start ?? 0;
  const to = range?.end ?? text.length;
  const all = options.arguments === 'all';
  const hints: ExpressionInlayHint[] = [];
  visitAll(parse, (node) => {
    if (node.kind !== 'call') return;
    if (node.end < from || node.start > to) return false;
    const fn = getFunction(node.name);
    if (!fn) return;
    // A single obvious argument needs no name.
    if (fn.maxArgs <= 1 || node.args.length <= 1) return;
    node.args.forEach((arg, i) => {
      const binding = parameterAt(fn, i);
      if (!binding || arg.start < from || arg.start > to) return;
      const v = arg.value;
      let show: boolean;
      if (!v) show = options.emptySlots === true;
      else if (v.kind === 'missing') show = false;
      else if (v.kind === 'string' || v.kind === 'number' || v.kind === 'hex' || v.kind === 'identifier') show = true;
      else if (v.kind === 'attribute') show = all && v.name.toLowerCase() !== binding.parameter.name.toLowerCase();
      else show = all;
      if (!show) return;
      hints.push({
        // an empty slot's hint sits just before the comma that ends it
        offset: v ? v.start : arg.end,
        label: `${binding.label}:`,
        kind: InlayHintKind.Parameter,
        paddingRight: !!v,
        tooltip: binding.parameter.description,
      });
    });
  });
  return hints.sort((a, b) => a.offset - b.offset);
}
