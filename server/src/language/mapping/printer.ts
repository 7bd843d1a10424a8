// Model → canonical .entramap text. Works from each element's Graph JSON (so a model read from
// Graph JSON and one read from .entramap print alike) and keeps the comments of a model read from
// .entramap. Every element is written in the most readable form that parses back to exactly its
// JSON: statements for what the format can say, an `@graph` patch for the rest, `@raw` for an
// element that has no statement form. The round-trip tests check that claim on every fixture.
import {
  diffJson,
  hasKey,
  isJsonObject,
  jsonEqual,
  JsonObject,
  JsonValue,
  setKey,
} from '../../model/json';
import type {
  BlockTrivia,
  Comment,
  FilterClause,
  FilterGroup,
  FilterGroupList,
  MappingModel,
  ObjectMapping,
  Scope,
  SyncRule,
  AttributeMapping,
  Trivia,
} from '../../model/types';
import {
  APP_ANNOTATION,
  AppForm,
  AttributeLineForm,
  formatFlowTypes,
  generateAttributeMapping,
  generateClause,
  generateGroup,
  generateObjectMapping,
  generateRule,
  generateScope,
  generateSchema,
  MetadataForm,
  parseFlowTypes,
} from '../../schema/elements';
import { expressionOfSourceTree, ParameterKeyProvider, rebuildExpression, sourceTreeFromExpression, squeezeExpression } from '../../schema/source-tree';
import { OPERATORS } from '../../scoping/model';
import { KEYWORD_WORDS } from './lexer';
import { isSingleLine, quoteString, scanExpression, scanName, startsTerminator, startsWord } from './scan';

export interface PrintOptions {
  /** Spaces per block level (default 2). */
  indent?: number;
  /** Graph parameter keys for generated source trees (must match the parser's). */
  parameterKey?: ParameterKeyProvider;
}

type Line = string;

const OPERATOR_WORDS = new Set(OPERATORS.flatMap((o) => o.name.toLowerCase().split(' ')));
const OPERATOR_NAMES = new Set(OPERATORS.map((o) => o.name.toLowerCase()));
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value as a bare name when it lexes back as one plain name, otherwise quoted. */
function value(v: string): string {
  if (
    v.length > 0 &&
    scanName(v, 0) === v.length &&
    !KEYWORD_WORDS.has(v) &&
    !OPERATOR_WORDS.has(v.toLowerCase()) &&
    v !== 'true' &&
    v !== 'false'
  ) {
    return v;
  }
  return quoteString(v);
}

/** An attribute name at the start of a line (target of a mapping, operand of a clause). */
function lineName(v: string): string {
  return v.length > 0 && scanName(v, 0) === v.length && !OPERATOR_WORDS.has(v.toLowerCase()) ? v : quoteString(v);
}

const single = (v: JsonValue | undefined): v is string => typeof v === 'string' && isSingleLine(v);

function metadataForm(list: JsonValue | undefined): MetadataForm[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: MetadataForm[] = [];
  for (const e of list) {
    if (!isJsonObject(e) || Object.keys(e).length !== 2 || !single(e.key) || !single(e.value)) return undefined;
    out.push({ key: e.key, value: e.value });
  }
  return out;
}

class Printer {
  readonly out: Line[] = [];
  readonly unit: number;

  constructor(
    readonly options: PrintOptions,
    /** True when printing an .entramap model (formatting): expression layout may be normalised. */
    readonly reformat: boolean,
  ) {
    this.unit = options.indent ?? 2;
  }

  pad(level: number): string {
    return ' '.repeat(level * this.unit);
  }

  blank(): void {
    if (this.out.length && this.out[this.out.length - 1] !== '') this.out.push('');
  }

  comments(list: Comment[] | undefined, level: number): void {
    for (const c of list ?? []) this.out.push(this.pad(level) + c.text);
  }

  /** Emits `text` (possibly several lines) with its trivia. */
  emit(level: number, text: string, trivia?: Trivia): void {
    this.comments(trivia?.leading, level);
    this.out.push(this.pad(level) + text + (trivia?.trailing ? `  ${trivia.trailing.text}` : ''));
  }

  /** JSON for an annotation: one line when short, else indented deeper than `level`. */
  json(v: JsonValue, level: number, width: number): string {
    const compact = JSON.stringify(v);
    if (compact.length <= width) return compact;
    return this.pretty(v, this.pad(level));
  }

  /** Indented JSON; arrays of plain values stay on one line when they fit. */
  pretty(v: JsonValue, indent: string): string {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const inner = indent + ' '.repeat(this.unit);
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      if (v.every((x) => x === null || typeof x !== 'object')) {
        const line = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
        if (line.length <= 100) return line;
      }
      return `[\n${v.map((x) => inner + this.pretty(x, inner)).join(',\n')}\n${indent}]`;
    }
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${this.pretty(v[k], inner)}`).join(',\n')}\n${indent}}`;
  }

  /** A block-level `@graph` (or `@raw`) statement. */
  annotation(keyword: '@graph' | '@raw', v: JsonValue, level: number, trivia?: Trivia): void {
    this.emit(level, `${keyword} ${this.json(v, level, 100)}`, trivia);
  }

  // ---- schema --------------------------------------------------------------------------------

  schema(model: MappingModel): string {
    const json = model.json;
    if (!isJsonObject(json)) {
      this.out.push('# This document is not a synchronizationSchema object; nothing to print.');
      return this.finish();
    }
    const props = model.trivia?.properties ?? {};
    const app = this.appForm(json[APP_ANNOTATION]);
    if (app) {
      let line = `app ${quoteString(app.name!)}`;
      if (app.template !== undefined) line += ` template ${value(app.template)}`;
      if (app.targetSchema !== undefined) line += ` schema ${value(app.targetSchema)}`;
      this.emit(0, line, props.app);
    }
    const rules = json.synchronizationRules;
    let printedRules: JsonValue[] | undefined;
    if (Array.isArray(rules)) {
      printedRules = rules;
      const nodes = model.rules.length === rules.length ? model.rules : [];
      const implicit =
        rules.length === 1 &&
        isJsonObject(rules[0]) &&
        Object.keys(rules[0]).length === 1 &&
        Array.isArray(rules[0].objectMappings) &&
        rules[0].objectMappings.length > 0 &&
        (rules[0].objectMappings as JsonValue[]).every(isJsonObject);
      if (implicit) {
        const oms = (rules[0] as JsonObject).objectMappings as JsonValue[];
        const omNodes = nodes[0]?.objectMappings.length === oms.length ? nodes[0].objectMappings : [];
        oms.forEach((om, i) => {
          this.blank();
          this.objectMapping(om as JsonObject, omNodes[i], 0);
        });
      } else {
        rules.forEach((r, i) => {
          this.blank();
          this.rule(r, nodes[i], 0);
        });
      }
    }
    const gen = generateSchema({ app, synchronizationRules: printedRules }).json;
    const patch = diffJson(gen, json);
    if (patch) {
      this.blank();
      // Comments of every schema-level @graph of the source stay with the one printed here.
      const trivia: Trivia = {};
      for (const [k, t] of Object.entries(props)) {
        if (!k.startsWith('@graph:')) continue;
        if (t.leading) trivia.leading = [...(trivia.leading ?? []), ...t.leading];
        if (t.trailing && !trivia.trailing) trivia.trailing = t.trailing;
      }
      if (!trivia.leading) {
        const keys = Object.keys(patch).filter((k) => k !== '$omit');
        trivia.leading = [{ text: `# Graph schema data kept as is: ${keys.join(', ') || '$omit'}`, range: { start: 0, end: 0 } }];
      }
      this.annotation('@graph', patch, 0, trivia);
    }
    if (model.trivia?.end) {
      this.blank();
      this.comments(model.trivia.end, 0);
    }
    return this.finish();
  }

  finish(): string {
    while (this.out.length && this.out[0] === '') this.out.shift();
    while (this.out.length && this.out[this.out.length - 1] === '') this.out.pop();
    return this.out.length ? `${this.out.join('\n')}\n` : '';
  }

  appForm(v: JsonValue | undefined): AppForm | undefined {
    if (!isJsonObject(v) || !single(v.name)) return undefined;
    const form: AppForm = { name: v.name };
    for (const k of Object.keys(v)) {
      if (k === 'name') continue;
      if (k === 'template' && single(v.template)) form.template = v.template;
      else if (k === 'targetSchema' && single(v.targetSchema)) form.targetSchema = v.targetSchema;
      else return undefined;
    }
    return form;
  }

  /** Opens a block; returns the trivia of its properties. */
  open(level: number, header: string, trivia: BlockTrivia | undefined): Record<string, Trivia> {
    this.emit(level, `${header} {`, trivia);
    return trivia?.properties ?? {};
  }

  close(level: number, trivia: BlockTrivia | undefined): void {
    this.comments(trivia?.end, level + 1);
    this.out.push(this.pad(level) + '}' + (trivia?.close ? `  ${trivia.close.text}` : ''));
  }

  metadata(list: MetadataForm[] | undefined, level: number, props: Record<string, Trivia>): void {
    list?.forEach((m, i) => this.emit(level, `metadata ${value(m.key)} ${quoteString(m.value)}`, props[`metadata:${i}`]));
  }

  // ---- rule ----------------------------------------------------------------------------------

  rule(r: JsonValue, node: SyncRule | undefined, level: number): void {
    if (!isJsonObject(r)) return this.annotation('@raw', r, level, node?.trivia);
    const pick = (k: string) => (single(r[k]) ? (r[k] as string) : undefined);
    const priority = typeof r.priority === 'number' && Number.isSafeInteger(r.priority) ? r.priority : undefined;
    const editable = typeof r.editable === 'boolean' ? r.editable : undefined;
    const metadata = metadataForm(r.metadata);
    const oms = Array.isArray(r.objectMappings) ? r.objectMappings : undefined;
    const name = pick('name');
    const gen = generateRule({
      implicit: false,
      id: pick('id'),
      name,
      sourceDirectoryName: pick('sourceDirectoryName'),
      targetDirectoryName: pick('targetDirectoryName'),
      priority,
      editable,
      metadata,
      objectMappings: oms,
    }).json;
    const patch = diffJson(gen, r);
    const props = this.open(level, name !== undefined ? `rule ${quoteString(name)}` : 'rule', node?.trivia);
    const l = level + 1;
    if (pick('id') !== undefined) this.emit(l, `id ${quoteString(pick('id')!)}`, props.id);
    if (pick('sourceDirectoryName') !== undefined) this.emit(l, `source ${value(pick('sourceDirectoryName')!)}`, props.source);
    if (pick('targetDirectoryName') !== undefined) this.emit(l, `target ${value(pick('targetDirectoryName')!)}`, props.target);
    if (priority !== undefined) this.emit(l, `priority ${priority}`, props.priority);
    if (editable !== undefined) this.emit(l, `editable ${editable}`, props.editable);
    this.metadata(metadata, l, props);
    if (patch) this.annotation('@graph', patch, l, props['@graph:0']);
    const nodes = node && oms && node.objectMappings.length === oms.length ? node.objectMappings : [];
    oms?.forEach((om, i) => {
      this.blank();
      if (isJsonObject(om)) this.objectMapping(om, nodes[i], l);
      else this.annotation('@raw', om, l, nodes[i]?.trivia);
    });
    this.close(level, node?.trivia);
  }

  // ---- object mapping ------------------------------------------------------------------------

  objectMapping(om: JsonObject, node: ObjectMapping | undefined, level: number): void {
    const name = single(om.name) ? om.name : undefined;
    const source = single(om.sourceObjectName) ? om.sourceObjectName : undefined;
    const target = single(om.targetObjectName) ? om.targetObjectName : undefined;
    const enabled = om.enabled === false ? false : undefined;
    let actions;
    if (typeof om.flowTypes === 'string') {
      const p = parseFlowTypes(om.flowTypes);
      if (!p.unknown.length && formatFlowTypes(p) === om.flowTypes) actions = { create: p.create, update: p.update, delete: p.delete };
    }
    const metadata = metadataForm(om.metadata);
    const scope = isJsonObject(om.scope) ? om.scope : undefined;
    const attrs = Array.isArray(om.attributeMappings) ? om.attributeMappings : undefined;
    const gen = generateObjectMapping({
      name,
      sourceObjectName: source,
      targetObjectName: target,
      enabled,
      actions,
      metadata,
      scope,
      attributeMappings: attrs,
    }).json;
    const patch = diffJson(gen, om);
    const props = this.open(level, name !== undefined ? `mapping ${quoteString(name)}` : 'mapping', node?.trivia);
    const l = level + 1;
    if (source !== undefined) this.emit(l, `source ${value(source)}`, props.source);
    if (target !== undefined) this.emit(l, `target ${value(target)}`, props.target);
    if (enabled === false) this.emit(l, 'enabled false', props.enabled);
    if (actions) {
      const words = [actions.create && 'create', actions.update && 'update', actions.delete && 'delete'].filter(Boolean);
      this.emit(l, ['actions', ...words].join(' '), props.actions);
    }
    this.metadata(metadata, l, props);
    if (patch) this.annotation('@graph', patch, l, props['@graph:0']);
    if (scope) {
      this.blank();
      this.scope(scope, node?.scope ?? undefined, l);
    }
    if (attrs?.length) {
      this.blank();
      const nodes = node && node.attributeMappings.length === attrs.length ? node.attributeMappings : [];
      attrs.forEach((a, i) => this.attributeMapping(a, nodes[i], l));
    }
    this.close(level, node?.trivia);
  }

  // ---- scope -----------------------------------------------------------------------------------

  scope(scope: JsonObject, node: Scope | undefined, level: number): void {
    const lists: Partial<Record<FilterGroupList, JsonValue[]>> = {};
    for (const k of ['groups', 'inputFilterGroups', 'categoryFilterGroups'] as const) {
      const v = scope[k];
      // raw elements exist only for `groups`; a malformed experimental list stays in the patch
      if (Array.isArray(v) && (k === 'groups' || v.every(isJsonObject))) lists[k] = v;
    }
    const gen = generateScope(lists).json;
    const patch = diffJson(gen, scope);
    const props = this.open(level, 'scope', node?.trivia);
    const l = level + 1;
    if (patch) this.annotation('@graph', patch, l, props['@graph:0']);
    for (const k of ['groups', 'inputFilterGroups', 'categoryFilterGroups'] as const) {
      const list = lists[k];
      if (!list) continue;
      const nodes = node && node[k].length === list.length ? node[k] : [];
      list.forEach((g, i) => {
        if (isJsonObject(g)) this.group(g, k, nodes[i], l);
        else this.annotation('@raw', g, l, nodes[i]?.trivia);
      });
    }
    this.close(level, node?.trivia);
  }

  group(g: JsonObject, list: FilterGroupList, node: FilterGroup | undefined, level: number): void {
    const name = single(g.name) ? g.name : undefined;
    const clauses = Array.isArray(g.clauses) ? g.clauses : undefined;
    const gen = generateGroup({ name, clauses: clauses?.length ? clauses : undefined }).json;
    const patch = diffJson(gen, g);
    const keyword = list === 'groups' ? 'filter' : list === 'inputFilterGroups' ? 'input filter' : 'category filter';
    const props = this.open(level, name !== undefined ? `${keyword} ${quoteString(name)}` : keyword, node?.trivia);
    const l = level + 1;
    if (patch) this.annotation('@graph', patch, l, props['@graph:0']);
    const nodes = node && clauses && node.clauses.length === clauses.length ? node.clauses : [];
    clauses?.forEach((c, i) => this.clause(c, nodes[i], l));
    this.close(level, node?.trivia);
  }

  clause(c: JsonValue, node: FilterClause | undefined, level: number): void {
    if (!isJsonObject(c) || !single(c.sourceOperandName) || !single(c.operatorName) || c.sourceOperandName === '' || c.operatorName === '') {
      return this.annotation('@raw', c, level, node?.trivia);
    }
    const operand = c.targetOperand;
    const values =
      isJsonObject(operand) && Array.isArray(operand.values) && operand.values.every(single) ? (operand.values as string[]) : [];
    const gen = generateClause({ attribute: c.sourceOperandName, operator: c.operatorName, values }).json;
    const patch = diffJson(gen, c);
    const op = c.operatorName;
    const bareOp = OPERATOR_NAMES.has(op.toLowerCase()) && /^\S+( \S+)*$/.test(op);
    let line = `${lineName(c.sourceOperandName)} ${bareOp ? op : quoteString(op)}`;
    for (const v of values) line += ` ${quoteString(v)}`;
    if (patch) line += ` @graph ${this.json(patch, level + 1, 160 - line.length)}`;
    this.emit(level, line, node?.trivia);
  }

  // ---- attribute mapping -----------------------------------------------------------------------

  /** Continuation lines of a multi-line expression, re-indented below the mapping line. */
  layoutExpression(text: string, level: number): string {
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length === 1) return text;
    const rest = lines.slice(1);
    const indents = rest.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
    const min = indents.length ? Math.min(...indents) : 0;
    const pad = this.pad(level + 2);
    return [lines[0].replace(/[ \t]+$/, ''), ...rest.map((l) => (l.trim() === '' ? '' : (pad + l.slice(min)).replace(/[ \t]+$/, '')))].join('\n');
  }

  /**
   * The expression text as the line will hold it (verbatim when its continuation lines fit where
   * the line is printed, else re-indented), or undefined when it cannot be written.
   */
  lineExpression(text: string, level: number, prefix: string): string | undefined {
    // Verbatim only when an editor would keep it as is (no CR, no blanks before a line break).
    const verbatim = /\r|[ \t]\n/.test(text) ? [] : [text];
    for (const candidate of [...verbatim, this.layoutExpression(text, level)]) {
      const printed = candidate.replace(/[ \t]+$/, '');
      if (printed.trim() === '' || /^\s/.test(printed)) return undefined;
      if (startsTerminator(printed, 0) || startsWord(printed, 0, 'none')) return undefined;
      if (this.expressionEndsAlone(printed, level, prefix, false)) return printed;
    }
    return undefined;
  }

  /**
   * Whether the lexer reads exactly `printed` as the expression of a line, also when options or
   * `@graph` follow it on the line (`followed`): an unclosed parenthesis would swallow them.
   */
  expressionEndsAlone(printed: string, level: number, prefix: string, followed: boolean): boolean {
    const head = `${this.pad(level)}${prefix}`;
    const doc = `${head}${printed}${followed ? ' default ""' : ''}\n`;
    return scanExpression(doc, head.length, level * this.unit) === head.length + printed.length;
  }

  attributeMapping(a: JsonValue, node: AttributeMapping | undefined, level: number): void {
    const line = isJsonObject(a) ? this.attributeLine(a, level) : undefined;
    if (line === undefined) return this.annotation('@raw', a, level, node?.trivia);
    this.emit(level, line, node?.trivia);
  }

  attributeLine(a: JsonObject, level: number): string | undefined {
    if (!single(a.targetAttributeName) || a.targetAttributeName === '') return undefined;
    const target = lineName(a.targetAttributeName);
    const form: AttributeLineForm = { target: a.targetAttributeName, source: { kind: 'none' } };
    const src = hasKey(a, 'source') ? a.source : undefined;
    let sourceText = 'none';
    if (src !== undefined && src !== null) {
      if (!isJsonObject(src)) return undefined;
      const text = typeof src.expression === 'string' ? src.expression : rebuildExpression(src);
      if (text === undefined) return undefined;
      const printed = this.lineExpression(text, level, `${target} <- `);
      if (printed === undefined) return undefined;
      form.source = { kind: 'expression', text: printed };
      sourceText = printed;
    }
    const options: string[] = [];
    if (single(a.defaultValue)) {
      form.defaultValue = a.defaultValue;
      options.push(`default ${quoteString(a.defaultValue)}`);
    }
    if (typeof a.matchingPriority === 'number' && Number.isSafeInteger(a.matchingPriority) && a.matchingPriority !== 0) {
      form.matchingPriority = a.matchingPriority;
      options.push(`match ${a.matchingPriority}`);
    }
    if (single(a.flowType) && a.flowType !== 'Always') {
      form.flowType = a.flowType;
      options.push(a.flowType === 'ObjectAddOnly' ? 'on create' : `apply ${IDENT.test(a.flowType) && !KEYWORD_WORDS.has(a.flowType) ? a.flowType : quoteString(a.flowType)}`);
    }
    if (single(a.flowBehavior) && a.flowBehavior !== 'FlowWhenChanged') {
      form.flowBehavior = a.flowBehavior;
      const v = a.flowBehavior;
      options.push(
        v === 'FlowAlways' ? 'flow always' : `flow ${IDENT.test(v) && v !== 'always' && !KEYWORD_WORDS.has(v) ? v : quoteString(v)}`,
      );
    }
    const gen = generateAttributeMapping(form, { parameterKey: this.options.parameterKey }).json;
    let override = false;
    if (
      this.reformat &&
      form.source.kind === 'expression' &&
      isJsonObject(src) &&
      typeof src.expression === 'string' &&
      src.expression !== form.source.text &&
      jsonEqual(src, sourceTreeFromExpression(src.expression, { parameterKey: this.options.parameterKey }))
    ) {
      // Formatting an .entramap file: the tree was generated from the line, so it follows the
      // re-laid-out text (only whitespace changes) instead of being pinned by a @graph patch.
      a = { ...a, source: gen.source };
    }
    if (form.source.kind === 'expression' && !jsonEqual(gen.source, a.source)) {
      // Keep Graph's tree verbatim; it must still belong to the expression the line shows.
      const treeText = expressionOfSourceTree(src);
      if (treeText === undefined || squeezeExpression(treeText) !== squeezeExpression(form.source.text)) return undefined;
      gen.source = src as JsonObject;
      override = true;
    }
    let patch = diffJson(gen, a);
    if (override) {
      const p: JsonObject = patch ?? {};
      setKey(p, 'source', src as JsonObject);
      patch = p;
    }
    if (form.source.kind === 'expression' && (options.length || patch) && !this.expressionEndsAlone(sourceText, level, `${target} <- `, true)) {
      return undefined;
    }
    let line = `${target} <- ${sourceText}`;
    if (options.length) line += ` ${options.join(' ')}`;
    if (patch) {
      const lastLine = line.slice(line.lastIndexOf('\n') + 1);
      line += ` @graph ${this.json(patch, level + 1, 160 - lastLine.length)}`;
    }
    return line;
  }
}

/**
 * Canonical .entramap text of a model (comments of an .entramap model are kept). Meant for
 * models without errors: a statement the parser rejected is not part of the model, so it is not
 * printed (editor formatting should refuse a document with syntax errors).
 */
export function printMapping(model: MappingModel, options: PrintOptions = {}): string {
  return new Printer(options, model.documentKind === 'entramap').schema(model);
}
