// Markdown describing functions, parameters, attributes and values, shared by hover, completion
// and signature help. Every fact comes from the catalogues.
import {
  allFunctions,
  ExampleValue,
  FunctionExample,
  FunctionInfo,
  ParameterBinding,
  ParameterInfo,
  parameterLabel,
  signatureOf,
} from '../../catalog/functions';
import { attributeTypeText, ExpressionAttribute } from './attributes';
import type { EvaluationOutcome, PreviewValue } from './context';
import { ordinal } from '../../evaluate/convert';
import { codeBlock, escapeMarkdown, inlineCode, quoteString } from './markdown';

/** `"text"`, `null`, `["a", "b"]` as the expression language would write the value. */
export function exampleValueText(v: ExampleValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((s) => quoteString(s)).join(', ')}]`;
  return quoteString(v);
}

function exampleMarkdown(ex: FunctionExample): string {
  const parts: string[] = [];
  parts.push(ex.description ? `*Example:* ${ex.description}` : '*Example:*');
  parts.push(codeBlock(ex.expression));
  const inputs = ex.inputs ? Object.entries(ex.inputs) : [];
  const given = inputs.map(([name, value]) => `${inlineCode(`[${name}]`)} = ${inlineCode(exampleValueText(value))}`).join(', ');
  let result = '';
  if (ex.output !== undefined) {
    result = ex.output === null ? 'no value' : inlineCode(exampleValueText(ex.output));
  } else if (ex.outputPattern !== undefined) {
    result = `a value matching ${inlineCode(ex.outputPattern)}`;
  }
  if (result) parts.push(given ? `With ${given}: → ${result}` : `→ ${result}`);
  else if (given) parts.push(`With ${given}.`);
  if (ex.note) parts.push(`*${ex.note.replace(/\*/g, '\\*')}*`);
  return parts.join('\n\n');
}

export interface FunctionDocOptions {
  /** Start with the signature in a code block (hover); completion shows it as `detail`. */
  signature?: boolean;
  /** How many examples (default 1). */
  examples?: number;
  restrictions?: boolean;
}

/** Signature, description, example with its result, restrictions and the documentation link. */
export function functionMarkdown(fn: FunctionInfo, options: FunctionDocOptions = {}): string {
  const parts: string[] = [];
  if (options.signature !== false) parts.push(codeBlock(signatureOf(fn)));
  parts.push(fn.description);
  if (fn.documentedIn !== 'reference') {
    parts.push('*Not in the function reference: documented in the attribute-mapping tutorial.*');
  }
  if (fn.returns.description) parts.push(`*Returns* ${fn.returns.description}`);
  for (const ex of fn.examples.slice(0, options.examples ?? 1)) parts.push(exampleMarkdown(ex));
  if (options.restrictions !== false && fn.restrictions.length) {
    const items = fn.restrictions.map((r) => `- ${r.description}${r.basis === 'inferred' ? ' *(inferred)*' : ''}`);
    parts.push(`*Restrictions:*\n${items.join('\n')}`);
  }
  if (fn.nonDeterministic) parts.push('*Produces a new value on every evaluation.*');
  parts.push(`[Documentation](${fn.docsUrl})`);
  return parts.join('\n\n');
}

/** The parameter's type as signatures show it (`string`, `vbTextCompare | vbBinaryCompare`). */
export function parameterTypeText(p: ParameterInfo): string {
  const label = parameterLabel(p);
  const inner = label.startsWith('[') ? label.slice(1, -1) : label;
  return inner.slice(inner.indexOf(':') + 2);
}

/** Constraints of a parameter in words: accepted values, range, optional. */
export function parameterFacts(p: ParameterInfo): string[] {
  const facts: string[] = [];
  if (p.enumValues?.length) {
    facts.push(`Written as a bare word: ${p.enumValues.map((v) => `${inlineCode(v.value)} (${stripDot(v.description)})`).join(', ')}.`);
  }
  if (p.allowedValues?.length) {
    facts.push(`One of ${p.allowedValues.map((v) => `${inlineCode(quoteString(v.value))} ${v.description}`).join(', ')}.`);
  }
  if (p.type === 'boolean') facts.push(`The string ${inlineCode('"True"')} or ${inlineCode('"False"')}.`);
  if (p.attributeName) facts.push(`Always ${inlineCode(`[${p.attributeName}]`)}.`);
  if (p.minimum !== undefined && p.maximum !== undefined) facts.push(`From ${p.minimum} to ${p.maximum}.`);
  else if (p.minimum !== undefined) facts.push(`At least ${p.minimum}.`);
  else if (p.maximum !== undefined) facts.push(`At most ${p.maximum}.`);
  if (!p.required) facts.push('Optional: leave the slot empty to omit it.');
  return facts;
}

/** `a`, `a or b`, `a, b or c`. */
export function listText(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function stripDot(s: string): string {
  return s.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
}

/** `(parameter) interval: string` heading plus where it sits and what it means. */
export function parameterMarkdown(fn: FunctionInfo, binding: ParameterBinding, slot: number): string {
  const p = binding.parameter;
  const parts = [codeBlock(`(parameter) ${binding.label}: ${parameterTypeText(p)}`)];
  parts.push(`${fn.name}'s ${ordinal(slot + 1)} argument. ${p.description}`);
  const facts = parameterFacts(p);
  if (facts.length) parts.push(facts.join(' '));
  return parts.join('\n\n');
}

/** Name, type and description of a source attribute. */
export function attributeMarkdown(a: ExpressionAttribute, note?: string): string {
  const type = attributeTypeText(a);
  const parts = [codeBlock(`(attribute) [${a.name}]${type ? `: ${type}` : ''}`)];
  if (note) parts.push(note);
  if (a.description) parts.push(escapeMarkdown(a.description));
  const facts: string[] = [];
  if (a.anchor) facts.push('Anchor of the Entra side.');
  if (a.multiValued) {
    const readers = allFunctions().filter((f) => f.parameters.some((p) => p.type === 'multivalued')).map((f) => f.name);
    facts.push(`Multi-valued${readers.length ? `: read its values with ${listText(readers)}` : ''}.`);
  }
  if (a.type === 'Reference') {
    const banned = allFunctions().filter((f) => f.restrictions.some((r) => r.rule === 'noReferenceAttributes')).map((f) => f.name);
    facts.push(`A reference: map it directly${banned.length ? `; ${listText(banned)} must not be used on it` : ''}.`);
  }
  if (a.sensitive) facts.push('Sensitive: consider Redact so the provisioning logs do not show it.');
  if (a.inDefaultSchema === false) facts.push('Not in the default source schema: add it to the source attribute list first.');
  if (a.typeKnown === false) facts.push('The type is not known from the name.');
  if (a.origin) facts.push(`From the ${escapeMarkdown(a.origin)}.`);
  if (facts.length) parts.push(facts.join(' '));
  return parts.join('\n\n');
}

/**
 * A value as text for hover, in its JSON form (evaluate/values.ts `toJson`): strings quoted, lists
 * in brackets, Booleans as true/false (a Boolean result, as `entramap eval` prints it; Not's
 * "True"/"False" is text, so it is quoted).
 */
export function previewText(value: PreviewValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${(value as readonly PreviewValue[]).map((v) => previewText(v)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: PreviewValue });
  return `{ ${entries.map(([k, v]) => `${k}: ${previewText(v)}`).join(', ')} }`;
}

function previewMarkdown(value: PreviewValue): string {
  const text = previewText(value);
  return text.length > 60 || text.includes('\n') ? `\n\n${codeBlock(text, '')}` : ` ${inlineCode(text)}`;
}

/** The evaluation of the whole expression for the selected sample. */
export function evaluationMarkdown(outcome: EvaluationOutcome): string {
  const who = outcome.sample ? ` for ${inlineCode(outcome.sample)}` : ' for the selected sample';
  const redacted = 'redacted' in outcome && outcome.redacted ? '\n\n*Redacted: the provisioning logs show `[Redact]` instead.*' : '';
  switch (outcome.kind) {
    case 'value':
      if (outcome.value === null) return `*Evaluates${who} to no value (null): the target attribute is not set.*${redacted}`;
      return `*Evaluates${who} to*${previewMarkdown(outcome.value)}${redacted}`;
    case 'noflow':
      return `*Evaluates${who} to no value: the target attribute is skipped in this flow${outcome.reason ? ` (${escapeMarkdown(outcome.reason)})` : ''}.*${redacted}`;
    case 'error':
      return `*Fails${who}:* ${escapeMarkdown(outcome.message)}${outcome.code ? ` (${outcome.code})` : ''}`;
    default:
      return '';
  }
}

/** The sample's value of one attribute. */
export function sampleValueMarkdown(value: PreviewValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '*Sample value:* not set (null)';
  return `*Sample value:*${previewMarkdown(value)}`;
}
