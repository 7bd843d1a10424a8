// Graph's parsed form of an expression (attributeMappingSource: expression / name / parameters /
// type) generated from the expression text, and the reverse: an expression text rebuilt from a
// tree that has no `expression` string. Parameter keys come from the function catalogue
// (`graphKey(parameterAt(fn, slot))`); omitted argument slots are absent, as in Graph's samples.
import { getFunction, graphKey, parameterAt } from '../catalog/functions';
import type { Expr } from '../language/expression/ast';
import { parseExpression } from '../language/expression/parser';
import { isJsonObject, JsonObject, JsonValue } from '../model/json';

/** Supplies the Graph parameter key of argument slot `index` of function `fn`. */
export type ParameterKeyProvider = (fn: string, index: number) => string | undefined;

export const catalogueParameterKey: ParameterKeyProvider = (fn, index) => {
  const info = getFunction(fn);
  if (!info) return undefined;
  const binding = parameterAt(info, index);
  return binding ? graphKey(binding.parameter) : undefined;
};

export interface SourceTreeOptions {
  parameterKey?: ParameterKeyProvider;
}

/** Quotes a value as an expression-language string constant (`\` and `"` escaped). */
export function quoteExpressionString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function leaf(expression: string, name: string, type: string): JsonObject {
  return { expression, name, parameters: [], type };
}

function node(expr: Expr, text: string, top: boolean, key: ParameterKeyProvider): JsonObject | undefined {
  const slice = top ? text : text.slice(expr.start, expr.end);
  switch (expr.kind) {
    case 'attribute':
      return leaf(slice, expr.name, 'Attribute');
    case 'string':
      return leaf(slice, expr.value, 'Constant');
    case 'number':
      // Graph turns `1` into a Constant named "1" whose expression is the quoted form.
      return leaf(top ? slice : `"${expr.text}"`, expr.text, 'Constant');
    case 'hex':
    case 'identifier': {
      // [inferred] Graph's form of hex constants and enum words is undocumented; they are
      // constants whose name is the word as written.
      const word = expr.kind === 'hex' ? expr.text : expr.name;
      return leaf(top ? slice : `"${word}"`, word, 'Constant');
    }
    case 'comparison': {
      // [inferred] undocumented: a Function named after the operator with `left` and `right`.
      const parameters: JsonValue[] = [];
      const l = node(expr.left, text, false, key);
      const r = node(expr.right, text, false, key);
      if (l) parameters.push({ key: 'left', value: l });
      if (r) parameters.push({ key: 'right', value: r });
      return { expression: slice, name: expr.op, parameters, type: 'Function' };
    }
    case 'call': {
      const parameters: JsonValue[] = [];
      expr.args.forEach((arg, i) => {
        if (!arg.value) return;
        const value = node(arg.value, text, false, key);
        if (!value) return;
        parameters.push({ key: key(expr.name, i) ?? `parameter${i + 1}`, value });
      });
      return { expression: slice, name: expr.name, parameters, type: 'Function' };
    }
    case 'missing':
      return undefined;
  }
}

/**
 * The attributeMappingSource Graph stores for an expression: `expression` is the text exactly,
 * nested nodes carry their own slice (constants their quoted value). Syntax errors still yield a
 * tree of what could be parsed (the caller reports the errors).
 */
export function sourceTreeFromExpression(text: string, options: SourceTreeOptions = {}): JsonObject {
  const key = options.parameterKey ?? catalogueParameterKey;
  const parsed = parseExpression(text);
  const tree = parsed.expr ? node(parsed.expr, text, true, key) : undefined;
  if (!tree) return { expression: text, name: '', parameters: [], type: 'Function' };
  tree.expression = text;
  return tree;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An expression text for a source tree: its `expression` when it is a string, otherwise rebuilt
 * from `type` / `name` / `parameters` (nested `expression` strings are used when present).
 * Undefined when the tree is not a usable source.
 */
export function expressionOfSourceTree(tree: JsonValue | undefined, depth = 0): string | undefined {
  if (!isJsonObject(tree) || depth > 200) return undefined;
  if (typeof tree.expression === 'string') return tree.expression;
  return rebuildExpression(tree, depth);
}

/** Rebuilds the text from `type` / `name` / `parameters`, ignoring the node's own `expression`. */
export function rebuildExpression(tree: JsonObject, depth = 0): string | undefined {
  const { type, name } = tree;
  if (typeof name !== 'string') return undefined;
  if (type === 'Attribute') return name.includes(']') ? undefined : `[${name}]`;
  if (type === 'Constant') return quoteExpressionString(name);
  if (type === 'Function') {
    if (!IDENT.test(name)) return undefined;
    const params = tree.parameters;
    if (params === undefined || params === null) return `${name}()`;
    if (!Array.isArray(params)) return undefined;
    const args: string[] = [];
    for (const p of params) {
      if (!isJsonObject(p)) return undefined;
      const value = expressionOfSourceTree(p.value, depth + 1);
      if (value === undefined) return undefined;
      args.push(value);
    }
    return `${name}(${args.join(', ')})`;
  }
  return undefined;
}

/**
 * The expression with all whitespace outside string constants and attribute brackets removed:
 * two texts that squeeze alike differ only in layout.
 */
export function squeezeExpression(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '"') break;
      }
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '[') {
      const j = text.indexOf(']', i);
      const end = j < 0 ? text.length : j + 1;
      out += text.slice(i, end);
      i = end - 1;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}
