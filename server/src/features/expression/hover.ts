// Hover inside one expression: functions, parameters, attributes (with the sample evaluation),
// enum words, hex constants, DateAdd/DateDiff intervals, FormatDateTime format strings and
// styles, Replace's regular expressions and group names.
import { MarkupKind } from 'vscode-languageserver/node';
import type { MarkupContent } from 'vscode-languageserver/node';
import { allFunctions, getFunction, getNotBuiltIn, parameterIndex, signatureOf, suggestFunctionNames } from '../../catalog/functions';
import type { FunctionInfo } from '../../catalog/functions';
import { regexGroupNames, stringValueOffsets } from '../../check/expression';
import {
  DEFAULT_FORMAT_DATETIME_STYLES,
  describeFormat,
  describeStyles,
  parseStyles,
} from '../../evaluate/datetime/index';
import type { ComparisonOperator, Expr, ParseResult, StringExpr, Token } from '../../language/expression/ast';
import { parseExpression } from '../../language/expression/parser';
import { catalogueAttributes, resolveAttribute } from './attributes';
import type { ExpressionContext } from './context';
import { CallSite, callNamedAt, callSiteAt, nodeStartingAt, tokenTouching } from './cursor';
import {
  attributeMarkdown,
  evaluationMarkdown,
  functionMarkdown,
  listText,
  parameterMarkdown,
  sampleValueMarkdown,
} from './docs';
import { codeBlock, escapeMarkdown, inlineCode, quoteString } from './markdown';
import type { OffsetRange } from './types';

export interface ExpressionHover {
  contents: MarkupContent;
  /** The hovered part of the expression. */
  range: OffsetRange;
}

const OPERATORS: Record<ComparisonOperator, string> = {
  '=': 'equal to',
  '<>': 'not equal to',
  '>': 'greater than',
  '>=': 'greater than or equal to',
  '<': 'less than',
  '<=': 'less than or equal to',
};

/** Hover at `offset` of the expression `text`; null where there is nothing to say. Never throws. */
export function hoverExpression(text: string, offset: number, context: ExpressionContext = {}): ExpressionHover | null {
  const at = Math.max(0, Math.min(offset, text.length));
  const parse = parseExpression(text);
  return new Hoverer(parse, at, context).run();
}

class Hoverer {
  constructor(
    private readonly parse: ParseResult,
    private readonly offset: number,
    private readonly context: ExpressionContext,
  ) {}

  private result(markdown: string, range: OffsetRange): ExpressionHover {
    return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: { start: range.start, end: range.end } };
  }

  run(): ExpressionHover | null {
    const token = tokenTouching(this.parse.tokens, this.offset);
    if (!token || token.kind === 'comma' || token.kind === 'lparen' || token.kind === 'rparen' || token.kind === 'invalid') {
      return this.emptySlot();
    }
    switch (token.kind) {
      case 'function':
        return this.functionName(token);
      case 'attribute':
        return this.attribute(token);
      case 'string':
        return this.string(token);
      case 'number':
        return this.parameterOnly(token);
      case 'hex':
        return this.hex(token);
      case 'identifier':
        return this.identifier(token);
      case 'operator':
        return this.operator(token);
      default:
        return null;
    }
  }

  /** The site of the argument that starts at `start` (the cursor may be past a token's end). */
  private siteOf(token: Token): CallSite | undefined {
    return callSiteAt(this.parse, token.start + (token.end > token.start ? 1 : 0));
  }

  private parameterSection(site: CallSite | undefined): string | undefined {
    if (!site?.fn || !site.binding || site.comparison) return undefined;
    return parameterMarkdown(site.fn, site.binding, site.slot);
  }

  // ---- functions ----

  private functionName(token: Token): ExpressionHover | null {
    const call = callNamedAt(this.parse, token.start);
    const name = call?.name ?? this.parse.text.slice(token.start, token.end);
    const fn = getFunction(name);
    if (fn) {
      const parts = [codeBlock(signatureOf(fn))];
      if (fn.name !== name) parts.push(`Written ${inlineCode(name)} here; the documented name is ${inlineCode(fn.name)}.`);
      parts.push(functionMarkdown(fn, { signature: false }));
      return this.result(parts.join('\n\n'), token);
    }
    const nb = getNotBuiltIn(name);
    if (nb) return this.result(`${codeBlock(`${name}(...)`)}\n\n${nb.message}`, token);
    const suggestions = suggestFunctionNames(name);
    const hint = suggestions.length ? ` Did you mean ${listText(suggestions.map(inlineCode))}?` : '';
    return this.result(`${codeBlock(`${name}(...)`)}\n\nNot a provisioning function.${hint}`, token);
  }

  // ---- attributes ----

  private attribute(token: Token): ExpressionHover | null {
    const node = nodeStartingAt(this.parse, token.start, 'attribute');
    const text = this.parse.text;
    const name = node ? node.name : text.slice(token.start + 1, text[token.end - 1] === ']' ? token.end - 1 : token.end);
    const attributes = this.context.attributes ?? catalogueAttributes('User');
    const r = resolveAttribute(name, attributes);
    const parts: string[] = [];
    if (r.kind === 'unknown') {
      parts.push(codeBlock(`(attribute) [${name}]`));
      parts.push(name.trim() === '' ? 'Empty attribute name.' : 'Not a known source attribute. Names are case-sensitive; attributes added to the source schema are listed once the caller knows them.');
    } else {
      const note =
        r.kind === 'casing'
          ? `Written ${inlineCode(`[${name}]`)} here; names are case-sensitive: write ${inlineCode(`[${r.attribute.name}]`)}.`
          : r.kind === 'extension'
            ? '*A directory extension.*'
            : undefined;
      parts.push(attributeMarkdown(r.attribute, note));
    }
    const param = this.parameterSection(this.siteOf(token));
    if (param) parts.push(`---\n\n${param}`);
    const sample = this.context.sampleValue ? sampleValueMarkdown(safe(() => this.context.sampleValue!(r.kind === 'unknown' ? name : r.attribute.name))) : undefined;
    const evaluation = this.context.evaluate ? safe(() => this.context.evaluate!(this.parse.text)) : undefined;
    if (sample || evaluation) {
      parts.push('---');
      if (sample) parts.push(sample);
      if (evaluation) parts.push(evaluationMarkdown(evaluation));
    }
    return this.result(parts.join('\n\n'), token);
  }

  // ---- constants ----

  private parameterOnly(token: Token): ExpressionHover | null {
    const section = this.parameterSection(this.siteOf(token));
    return section ? this.result(section, token) : null;
  }

  private hex(token: Token): ExpressionHover | null {
    const node = nodeStartingAt(this.parse, token.start, 'hex');
    const digits = this.parse.text.slice(token.start + 2, token.end);
    const parts: string[] = [];
    if (node && digits.length) parts.push(`${codeBlock(`${node.text} = ${node.value.toString()}`)}\n\nHex constant: ${node.value.toString()} in decimal.`);
    else parts.push('A hex constant needs digits after `&H`, e.g. `&HFF` (255).');
    const param = this.parameterSection(this.siteOf(token));
    if (param) parts.push(`---\n\n${param}`);
    return this.result(parts.join('\n\n'), token);
  }

  private identifier(token: Token): ExpressionHover | null {
    const word = this.parse.text.slice(token.start, token.end);
    const site = this.siteOf(token);
    const p = site?.binding?.parameter;
    const own = p?.enumValues?.find((v) => v.value.toLowerCase() === word.toLowerCase());
    if (own && site?.fn) {
      const parts = [codeBlock(own.value), `${own.description} ${inlineCode(site.fn.name)}'s ${inlineCode(p!.name)}.`];
      if (own.value !== word) parts.push(`Written ${inlineCode(word)} here; the documented spelling is ${inlineCode(own.value)}.`);
      const param = this.parameterSection(site);
      if (param) parts.push(`---\n\n${param}`);
      return this.result(parts.join('\n\n'), token);
    }
    // An enum word elsewhere: say where it belongs.
    for (const fn of allEnumOwners()) {
      const idx = fn.parameters.findIndex((q) => q.enumValues?.some((v) => v.value.toLowerCase() === word.toLowerCase()));
      if (idx < 0) continue;
      const q = fn.parameters[idx];
      const v = q.enumValues!.find((x) => x.value.toLowerCase() === word.toLowerCase())!;
      return this.result(`${codeBlock(v.value)}\n\n${v.description} Only valid as ${inlineCode(fn.name)}'s ${inlineCode(q.name)}.`, token);
    }
    return null;
  }

  private operator(token: Token): ExpressionHover | null {
    const op = this.parse.text.slice(token.start, token.end) as ComparisonOperator;
    const meaning = OPERATORS[op];
    if (!meaning) return null;
    return this.result(
      `${codeBlock(`left ${op} right`)}\n\nComparison: ${meaning}. Only the condition of IIF or CBool evaluates a comparison, and a condition holds one comparison (nest IIF for more).`,
      token,
    );
  }

  /** Whitespace of an empty argument slot: which parameter is omitted there. */
  private emptySlot(): ExpressionHover | null {
    const site = callSiteAt(this.parse, this.offset);
    if (!site?.fn || !site.binding) return null;
    const arg = site.call.args[site.slot];
    if (!arg || arg.value) return null;
    const text = this.parse.text;
    if (text.slice(arg.start, arg.end).trim() !== '' || this.offset < arg.start || this.offset > arg.end) return null;
    if (arg.end === arg.start) return null;
    return this.result(`*Empty slot: not supplied.*\n\n${parameterMarkdown(site.fn, site.binding, site.slot)}`, arg);
  }

  // ---- strings ----

  private string(token: Token): ExpressionHover | null {
    const node = nodeStartingAt(this.parse, token.start, 'string');
    const site = this.siteOf(token);
    if (!node || !site?.fn || !site.binding || site.comparison) return null;
    const fn = site.fn;
    const p = site.binding.parameter;
    const param = parameterMarkdown(fn, site.binding, site.slot);
    const parts: string[] = [];
    let range: OffsetRange = token;

    if (p.allowedValues?.length) {
      const hit = p.allowedValues.find((v) => v.value === node.value) ?? p.allowedValues.find((v) => v.value.toLowerCase() === node.value.toLowerCase());
      if (hit) {
        parts.push(`${codeBlock(quoteString(hit.value))}\n\n${inlineCode(quoteString(hit.value))}: ${hit.description}.`);
        if (hit.value !== node.value) parts.push(`Written ${inlineCode(quoteString(node.value))} here; documented as ${inlineCode(quoteString(hit.value))}.`);
      } else {
        parts.push(`${inlineCode(quoteString(node.value))} is not one of the accepted values.`);
      }
    } else if (isParameter(fn, p.name, 'FormatDateTime', 'inputFormat') || isParameter(fn, p.name, 'FormatDateTime', 'outputFormat')) {
      const usage = p.name === 'inputFormat' ? 'parse' : 'format';
      const formatted = this.formatString(node, usage);
      parts.push(formatted.markdown);
      if (formatted.range) range = formatted.range;
    } else if (isParameter(fn, p.name, 'FormatDateTime', 'dateTimeStyles')) {
      parts.push(stylesMarkdown(node.value));
    } else if (isParameter(fn, p.name, 'Replace', 'regexPattern')) {
      parts.push(patternMarkdown(node.value));
    } else if (isParameter(fn, p.name, 'Replace', 'regexGroupName')) {
      const pattern = stringArg(site, 'regexPattern');
      if (pattern !== undefined) {
        const names = [...regexGroupNames(pattern)];
        parts.push(
          names.includes(node.value)
            ? `Group ${inlineCode(node.value)} of the pattern: its capture is replaced.`
            : `The pattern has no group ${inlineCode(node.value)}${names.length ? `; its groups are ${listText(names.map(inlineCode), 'and')}` : ''}.`,
        );
      }
    }
    parts.push(parts.length ? `---\n\n${param}` : param);
    return this.result(parts.join('\n\n'), range);
  }

  /** The specifier under the cursor and the whole format, with warnings. */
  private formatString(node: StringExpr, usage: 'parse' | 'format'): { markdown: string; range?: OffsetRange } {
    const description = describeFormat(node.value, usage);
    const map = stringValueOffsets(node, this.parse.text);
    const toText = (offset: number, length: number): OffsetRange => {
      const clamp = (k: number) => Math.max(0, Math.min(map.length - 1, k));
      return { start: map[clamp(offset)], end: map[clamp(offset + length)] };
    };
    const parts: string[] = [];
    let range: OffsetRange | undefined;
    const under = description.tokens.find((t) => {
      const r = toText(t.offset, t.length);
      return r.start <= this.offset && this.offset < r.end;
    });
    if (under) {
      range = toText(under.offset, under.length);
      parts.push(`${inlineCode(under.specifier)}: ${under.description}`);
    }
    if (description.tokens.length) {
      const rows = description.tokens.map((t) => `| ${inlineCode(t.specifier).replace(/\|/g, '\\|')} | ${t.description.replace(/\|/g, '\\|')} |`);
      parts.push(`| ${usage === 'parse' ? 'Reads' : 'Writes'} | Meaning |\n|---|---|\n${rows.join('\n')}`);
    }
    for (const w of description.warnings) parts.push(`${w.severity === 'error' ? '**Error:**' : '**Warning:**'} ${escapeMarkdown(w.message)}`);
    return { markdown: parts.join('\n\n'), range };
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Catalogue functions with a bare-word (enum) parameter. */
function allEnumOwners(): FunctionInfo[] {
  return allFunctions().filter((fn) => fn.parameters.some((p) => p.enumValues?.length));
}

/** `p` is the parameter `param` of the catalogue function `fnName`. */
function isParameter(fn: FunctionInfo, p: string, fnName: string, param: string): boolean {
  return fn === getFunction(fnName) && p === param && parameterIndex(fn, param) >= 0;
}

/** The decoded value of the string constant in the named slot of the call, if it is one. */
function stringArg(site: CallSite, param: string): string | undefined {
  if (!site.fn) return undefined;
  const i = parameterIndex(site.fn, param);
  const v: Expr | null | undefined = i >= 0 ? site.call.args[i]?.value : undefined;
  return v?.kind === 'string' ? v.value : undefined;
}

function stylesMarkdown(value: string): string {
  if (value.trim() === '') {
    return `Empty: the default styles ${inlineCode(describeStyles(DEFAULT_FORMAT_DATETIME_STYLES))}.`;
  }
  try {
    return `DateTimeStyles ${inlineCode(describeStyles(parseStyles(value)))}.`;
  } catch (err) {
    return `**Error:** ${escapeMarkdown(err instanceof Error ? err.message : String(err))}`;
  }
}

/** Number of numbered capturing groups `( … )` (not `(?…)` constructs) in a .NET pattern. */
function numberedGroupCount(pattern: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] !== '?') n++;
  }
  return n;
}

function patternMarkdown(pattern: string): string {
  const parts = [`.NET regular expression, as the service reads it (after the string's \`\\\\\` escapes):`, codeBlock(pattern, 'regexp')];
  const names = [...regexGroupNames(pattern)];
  const numbered = numberedGroupCount(pattern);
  const groups: string[] = [];
  if (names.length) groups.push(`named ${listText(names.map((n) => `${inlineCode(n)} (${inlineCode(`\${${n}}`)})`), 'and')}`);
  if (numbered) groups.push(`${numbered} numbered (${inlineCode('$1')}${numbered > 1 ? ` … ${inlineCode(`$${numbered}`)}` : ''})`);
  parts.push(groups.length ? `Groups: ${groups.join('; ')}.` : 'No capturing groups.');
  return parts.join('\n\n');
}
