// Hover for whole documents: target attribute paths (type, multi-valued, required, matching,
// mutability, description, the app's facts and the template's note, and what the mapping
// produces for the sample user), source attributes in clauses (type, reference, scoping use,
// the sample's value), scoping operators (exact semantics; `&` / `!&` marked uncertain), filters
// and the scope (is the sample user in scope, clause by clause), keywords, template names, and
// inside expressions the expression services' hover with the sample's evaluation.
import { IToken } from 'chevrotain';
import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { getTemplate } from '../../catalog/templates';
import { resolveTargetPath } from '../../catalog/scim-schemas';
import type { SourceAttribute } from '../../catalog/source-attributes';
import {
  Actions,
  App,
  Arrow,
  BareValue,
  GraphAt,
  None,
  RawAt,
  ScopeOperator,
  Source,
  StringLit,
  Target,
  Template,
} from '../../language/mapping/lexer';
import { contains } from '../../model/positions';
import type { AttributeMapping, FilterClause, FilterGroup, ObjectMapping } from '../../model/types';
import type { ClauseVerdict, GroupVerdict, ScopeVerdict } from '../../scoping/model';
import { hoverExpression } from '../expression';
import { attributeMarkdown, evaluationMarkdown, previewText } from '../expression/docs';
import { escapeMarkdown, inlineCode } from '../expression/markdown';
import { jsonPathAt, modelPathAt, siteAt, siteRange, toOffset, toRange } from './common';
import type { ParsedDocument } from './document';
import {
  actualText,
  clauseText,
  evaluateMapping,
  expressionContextFor,
  groupVerdict,
  MappingOutcome,
  SampleOptions,
  sampleNameOf,
  sampleValueOf,
  scopeVerdict,
} from './evaluation';
import { ACTION_WORDS, APPLY_VALUES, KEYWORDS, operatorMarkdown } from './keywords';
import { commentAt, Statement, statementAt, tokEnd } from './statements';
import { describeResolved } from './targets';
import { templateDocument, templateTargetEntry } from './templates';
import { reportServiceError } from './errors';

export type HoverOptions = SampleOptions;

/** Hover at `position`; null where there is nothing to say. Never throws. */
export function hover(doc: ParsedDocument, position: Position, options: HoverOptions = {}): Hover | null {
  try {
    const offset = toOffset(doc, position);
    return doc.kind === 'entramap' ? entramapHover(doc, offset, options) : jsonHover(doc, offset, options);
  } catch (e) {
    reportServiceError(e, 'hover');
    return null;
  }
}

function result(doc: ParsedDocument, parts: (string | undefined)[], start: number, end: number): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: parts.filter((p) => p !== undefined && p !== '').join('\n\n') }, range: toRange(doc, start, end) };
}

// ---- pieces ---------------------------------------------------------------------------------------

function sampleLabel(options: SampleOptions): string {
  const name = sampleNameOf(options);
  return name ? `*${escapeMarkdown(name)}*` : '*the sample*';
}

/** What a mapping produces for the sample, as one Markdown line. */
export function outcomeMarkdown(o: MappingOutcome, options: SampleOptions): string {
  const who = sampleLabel(options);
  switch (o.kind) {
    case 'error':
      return `${who} → fails: ${escapeMarkdown(o.message)}${o.code ? ` (${o.code})` : ''}`;
    case 'noflow':
      return `${who} → no flow: the attribute is left out${o.reason ? ` (${escapeMarkdown(o.reason)})` : ''}${o.redacted ? '; redacted in the logs' : ''}`;
    case 'value': {
      const notes: string[] = [];
      if (o.defaulted) notes.push('the default value');
      if (o.redacted) notes.push('the provisioning logs show `[Redact]`');
      if (o.nonDeterministic) notes.push('a new value on every run');
      if (o.value === null) return `${who} → no value (null): the target attribute is not set`;
      return `${who} → ${inlineCode(previewText(o.value))}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    }
  }
}

function mappingSummary(m: AttributeMapping): string {
  const lines: string[] = [];
  const src = m.source;
  switch (m.mappingType) {
    case 'direct':
      lines.push(`Direct mapping from ${inlineCode(src?.expression.text ?? '')}`);
      break;
    case 'constant':
      lines.push(`Constant ${inlineCode(src?.expression.text ?? '')}`);
      break;
    case 'expression':
      lines.push('Expression mapping');
      break;
    case 'none':
      lines.push('No source: only the default value');
      break;
    default:
      break;
  }
  if (m.defaultValue !== null) lines.push(`default ${inlineCode(m.defaultValue)} when the source gives no value`);
  if (m.matchingPriority > 0) lines.push(`matching attribute, precedence ${m.matchingPriority}${m.matchingPriority === 1 ? ' (tried first)' : ''}`);
  if (m.flowType === 'ObjectAddOnly') lines.push('applied only when the object is created');
  else if (m.flowType !== 'Always') lines.push(`flow type ${inlineCode(m.flowType)}`);
  if (m.flowBehavior === 'FlowAlways') lines.push('exported even when unchanged');
  return lines.join(' · ');
}

/** Markdown for a target attribute path of `om`, with the mapping and sample result when given. */
export function targetMarkdown(doc: ParsedDocument, om: ObjectMapping, path: string, mapping: AttributeMapping | undefined, options: SampleOptions): string {
  const ctx = doc.contextFor(om);
  const lookup = ctx.target.lookup(path);
  const facts = lookup.facts;
  const object = ctx.target.scimObject;
  const parts: string[] = [];
  parts.push(`**${escapeMarkdown(facts?.canonical ?? path)}** · target attribute${om.targetObjectName ? ` of ${escapeMarkdown(om.targetObjectName)}` : ''}`);
  const resolved = object ? resolveTargetPath(path, { resourceType: object, extensions: doc.facts.extensions }) : undefined;
  const def = ctx.targetDefinition?.attributes.find((a) => a.name === (facts?.canonical ?? path)) ?? ctx.targetDefinition?.attributes.find((a) => a.name?.toLowerCase() === path.toLowerCase());
  const line: string[] = [];
  const type = facts?.type ?? def?.type ?? (resolved?.ok ? resolved.path.leaf.type : undefined);
  if (type) line.push(type);
  const multi = def ? def.multivalued : resolved?.ok ? resolved.path.attribute.multiValued && !resolved.path.filter : false;
  if (multi) line.push('multi-valued');
  const required = ctx.target.checkable && ctx.target.requiredAttributes().some((r) => r.key === lookup.key);
  if (required) line.push('**required**');
  const filterable = ctx.target.isFilterable(facts?.canonical ?? path);
  if (filterable) line.push('matching: the target can filter on it');
  else if (filterable === false && mapping && mapping.matchingPriority > 0) line.push('⚠ not known to be filterable, so matching on it may fail');
  if (facts?.reference && type !== 'Reference') line.push('reference');
  if (line.length) parts.push(line.join(' · '));
  if (resolved?.ok) {
    const leaf = resolved.path.leaf;
    const more: string[] = [];
    if (leaf.mutability && leaf.mutability !== 'readWrite') more.push(`mutability ${inlineCode(leaf.mutability)}`);
    if (leaf.caseExact) more.push('case-exact');
    if (leaf.uniqueness && leaf.uniqueness !== 'none') more.push(`uniqueness ${inlineCode(leaf.uniqueness)}`);
    if (more.length) parts.push(more.join(' · '));
    const d = describeResolved(resolved.path);
    if (d) parts.push(escapeMarkdown(d));
    if (resolved.path.synthesized) parts.push('*Custom extension attribute: its definition comes from the app.*');
  } else if (resolved && !resolved.ok && !def) {
    parts.push(`*${escapeMarkdown(resolved.error.message)}*`);
  }
  if (def) {
    const d: string[] = [`Defined by the target directory${ctx.targetDirectory?.name ? ` "${escapeMarkdown(ctx.targetDirectory.name)}"` : ''}: ${def.type}`];
    if (def.required) d.push('required');
    if (def.anchor) d.push('anchor');
    if (def.mutability) d.push(`mutability ${def.mutability}`);
    parts.push(d.join(', ') + '.');
  }
  const app = ctx.app;
  if (app && object) {
    const entry = app.objects[object]?.find((a) => {
      const r = resolveTargetPath(a.path, { resourceType: object, extensions: app.extensionSchemas });
      return (r.ok ? r.path.key : a.path.toLowerCase()) === lookup.key;
    });
    if (entry) {
      const f: string[] = [];
      if (entry.required) f.push('required');
      if (entry.filterable) f.push('supported for filtering (matching)');
      parts.push(`${escapeMarkdown(app.displayName)}: listed${f.length ? `, ${f.join(', ')}` : ''}${entry.tutorialSpelling ? ` (the tutorial writes ${inlineCode(entry.tutorialSpelling)})` : ''}.`);
    } else if (app.kind === 'gallery' && app.objects[object]?.length) {
      parts.push(`*Not in ${escapeMarkdown(app.displayName)}'s attribute list.*`);
    }
  }
  const template = doc.facts.template;
  if (template) {
    const entry = templateTargetEntry(templateDocument(template), om.targetObjectName, path);
    const note = entry?.trivia?.trailing?.text.replace(/^#\s*/, '');
    if (entry) parts.push(`Template ${inlineCode(template.id)}: ${inlineCode(templateDocument(template).doc.text.slice(entry.range.start, entry.range.end))}${note ? ` — ${escapeMarkdown(note)}` : ''}`);
  }
  if (mapping) {
    const s = mappingSummary(mapping);
    if (s) parts.push(s);
    const o = evaluateMapping(doc, mapping, options);
    if (o) parts.push(outcomeMarkdown(o, options));
  }
  return parts.join('\n\n');
}

/** Markdown for a source attribute used in scoping. */
function scopingAttributeMarkdown(doc: ParsedDocument, om: ObjectMapping, name: string, options: SampleOptions): string {
  const ctx = doc.contextFor(om);
  const a: SourceAttribute | undefined = ctx.sourceAttribute(name);
  const parts: string[] = [];
  if (a) {
    parts.push(attributeMarkdown(a));
    parts.push(a.scoping.allowed ? 'Usable in scoping filters.' : `**Not usable in scoping filters**: ${escapeMarkdown(a.scoping.detail ?? 'the service does not support it')}`);
  } else {
    parts.push(`**${escapeMarkdown(name)}** · source attribute${ctx.source.checkable ? ' (not known)' : ''}`);
  }
  const v = sampleValueOf(options, name);
  if (v !== undefined) parts.push(v === null ? `${sampleLabel(options)}: not set` : `${sampleLabel(options)}: ${inlineCode(previewText(v))}`);
  return parts.join('\n\n');
}

function clauseVerdictMarkdown(c: ClauseVerdict, options: SampleOptions): string {
  return `${sampleLabel(options)}: ${inlineCode(clauseText(c))} is **${c.result}** (the value is ${escapeMarkdown(actualText(c))})${c.note ? ` — ${escapeMarkdown(c.note)}` : ''}`;
}

function groupVerdictMarkdown(g: GroupVerdict, options: SampleOptions): string {
  const head = `${sampleLabel(options)} ${g.result ? '**matches** this filter' : '**does not match** this filter'}:`;
  const rows = g.clauses.map((c) => `- ${c.result ? '✓' : '✗'} ${inlineCode(clauseText(c))} (${escapeMarkdown(actualText(c))})${c.note ? ` — ${escapeMarkdown(c.note)}` : ''}`);
  return [head, ...rows].join('\n');
}

function scopeVerdictMarkdown(v: ScopeVerdict, options: SampleOptions): string {
  const lines = [`${sampleLabel(options)} is **${v.inScope ? 'in scope' : 'out of scope'}**.`];
  const list = (title: string, groups: GroupVerdict[] | undefined) => {
    if (!groups?.length) return;
    lines.push('', title);
    for (const g of groups) lines.push(`- ${g.result ? '✓' : '✗'} ${g.name ? inlineCode(g.name) : '(unnamed filter)'}`);
  };
  list('Filters (any may match):', v.groups);
  list('Input filters:', v.inputFilterGroups);
  list('Category filters:', v.categoryFilterGroups);
  return lines.join('\n');
}

function clauseVerdictOf(doc: ParsedDocument, om: ObjectMapping, g: FilterGroup, c: FilterClause, options: SampleOptions): ClauseVerdict | undefined {
  const v = groupVerdict(doc, om, g, options);
  const i = g.clauses.indexOf(c);
  return v && i >= 0 ? v.clauses[i] : undefined;
}

/**
 * The expression services' hover, with what the whole mapping produces for the sample when the
 * hover does not already say it (the services evaluate on attribute hovers).
 */
function expressionHover(doc: ParsedDocument, hit: NonNullable<ReturnType<typeof siteAt>>, options: HoverOptions): Hover | null {
  const ctx = expressionContextFor(doc, hit.objectMapping, hit.mapping, options);
  const h = hoverExpression(hit.site.text, hit.offset, ctx);
  if (!h) return null;
  let value = h.contents.value;
  const outcome = ctx.evaluate?.(hit.site.text);
  if (outcome && !value.includes('*Evaluates for') && !value.includes('*Fails for')) value += `\n\n---\n\n${evaluationMarkdown(outcome)}`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: siteRange(doc, hit.site, h.range.start, h.range.end) };
}

// ---- .entramap ------------------------------------------------------------------------------------

function entramapHover(doc: ParsedDocument, offset: number, options: HoverOptions): Hover | null {
  const hit = siteAt(doc, offset);
  if (hit) {
    return expressionHover(doc, hit, options);
  }
  const idx = doc.statements;
  if (commentAt(idx, offset)) return null;
  const st = statementAt(idx, offset);
  if (!st) return null;
  const tok = st.tokens.find((t) => t.startOffset <= offset && offset < tokEnd(t)) ?? st.tokens.find((t) => tokEnd(t) === offset);
  if (!tok) return null;
  const start = tok.startOffset;
  const end = tokEnd(tok);
  const el = modelPathAt(doc.model, offset);
  const i = st.tokens.indexOf(tok);

  if (st.kind === 'attribute') {
    const m = el.mapping;
    if (i === 0 && el.objectMapping && m?.targetAttributeName !== undefined && m.ranges.target && contains(m.ranges.target, offset)) {
      return result(doc, [targetMarkdown(doc, el.objectMapping, m.targetAttributeName, m, options)], m.ranges.target.start, m.ranges.target.end);
    }
    if (tok.tokenType === Arrow && m) {
      const o = evaluateMapping(doc, m, options);
      return result(doc, ['`<-` maps the source on its right to the target attribute on its left.', mappingSummary(m), o ? outcomeMarkdown(o, options) : undefined], start, end);
    }
    if (tok.tokenType === None) return result(doc, [KEYWORDS.none.summary, m ? (() => { const o = evaluateMapping(doc, m, options); return o ? outcomeMarkdown(o, options) : undefined; })() : undefined], start, end);
    return keywordOrOption(doc, st, tok, i, start, end);
  }

  if (st.kind === 'clause') {
    const om = el.objectMapping;
    const g = el.group;
    const c = el.clause;
    if (!om) return null;
    if (i === 0) {
      const name = tok.tokenType === StringLit ? tok.image.slice(1, -1) : tok.image;
      const v = g && c ? clauseVerdictOf(doc, om, g, c, options) : undefined;
      return result(doc, [scopingAttributeMarkdown(doc, om, name, options), v ? clauseVerdictMarkdown(v, options) : undefined], start, end);
    }
    if (i === 1 || tok.tokenType === ScopeOperator) {
      const name = tok.tokenType === StringLit ? tok.image.slice(1, -1) : tok.image.replace(/[ \t]+/g, ' ');
      const md = operatorMarkdown(name) ?? `**${escapeMarkdown(name)}** · operator entramap does not know: the service evaluates it only if the tenant lists it in \`filterOperators\`.`;
      const v = g && c ? clauseVerdictOf(doc, om, g, c, options) : undefined;
      return result(doc, [md, v ? clauseVerdictMarkdown(v, options) : undefined], start, end);
    }
    if (tok.tokenType === GraphAt) return result(doc, [KEYWORDS['@graph'].summary], start, end);
    if (tok.tokenType === StringLit || tok.tokenType === BareValue || i >= 2) {
      const v = g && c ? clauseVerdictOf(doc, om, g, c, options) : undefined;
      return v ? result(doc, [clauseVerdictMarkdown(v, options)], start, end) : null;
    }
    return null;
  }

  if (st.kind === 'open') {
    const om = el.objectMapping;
    if (st.blockKind === 'filter' && om && el.group && el.scope) {
      const v = groupVerdict(doc, om, el.group, options);
      const kw = KEYWORDS[st.tokens[0].image === 'input' ? 'input' : st.tokens[0].image === 'category' ? 'category' : 'filter'];
      const n = el.group.clauses.length;
      return result(doc, [`**${kw.label}**${el.group.name ? ` ${inlineCode(el.group.name)}` : ''} · ${n} clause${n === 1 ? '' : 's'}, all must be true`, kw.summary, v ? groupVerdictMarkdown(v, options) : undefined], start, end);
    }
    if (st.blockKind === 'scope' && om && om.scope) {
      const v = scopeVerdict(doc, om, options);
      return result(doc, [`**scope** · ${KEYWORDS.scope.summary}`, v ? scopeVerdictMarkdown(v, options) : undefined], start, end);
    }
    if (st.blockKind === 'mapping' && om) {
      const v = scopeVerdict(doc, om, options);
      const summary = `**mapping**${om.name ? ` ${inlineCode(om.name)}` : ''} · ${escapeMarkdown(om.sourceObjectName ?? '?')} → ${escapeMarkdown(om.targetObjectName ?? '?')} · actions: ${
        (['create', 'update', 'delete'] as const).filter((a) => om.actions[a]).join(', ') || 'none'
      }${om.enabled ? '' : ' · **disabled**'} · ${om.attributeMappings.length} attribute mapping${om.attributeMappings.length === 1 ? '' : 's'}`;
      return result(doc, [summary, KEYWORDS.mapping.summary, v ? scopeVerdictMarkdown(v, options) : undefined], start, end);
    }
    return keywordOrOption(doc, st, tok, i, start, end);
  }

  if (st.kind === 'app' && (tok.tokenType !== Template && tok.tokenType !== App) && i > 0 && st.tokens[i - 1]?.tokenType === Template) {
    return templateHover(doc, tok, start, end);
  }
  if (st.kind === 'property' && i > 0) {
    const kw = st.tokens[0];
    if (kw.tokenType === Actions) {
      const word = ACTION_WORDS.find((a) => a.value === tok.image.toLowerCase() || (a.value === 'create' && tok.image.toLowerCase() === 'add'));
      return word ? result(doc, [`**${word.value}** · target object action`, word.summary], start, end) : null;
    }
    if ((kw.tokenType === Source || kw.tokenType === Target) && st.block.kind === 'mapping') {
      const om = el.objectMapping;
      const side = kw.tokenType === Source ? 'source' : 'target';
      const name = tok.tokenType === StringLit ? tok.image.slice(1, -1) : tok.image;
      const lines = [`**${escapeMarkdown(name)}** · ${side} object`];
      if (om) {
        const ctx = doc.contextFor(om);
        if (side === 'source') lines.push(ctx.entraObject ? `Entra ID ${ctx.entraObject.toLowerCase()}s: ${ctx.attributes().length} source attributes.` : ctx.sourceDefinition ? `Defined by the source directory: ${ctx.sourceDefinition.attributes.length} attributes.` : 'Not an Entra ID object entramap knows.');
        else lines.push(ctx.target.scimObject ? `SCIM ${ctx.target.scimObject} resources: ${ctx.targetPaths().length} target paths.` : ctx.targetDefinition ? `Defined by the target directory: ${ctx.targetDefinition.attributes.length} attributes.` : 'Not a target object entramap knows.');
      }
      return result(doc, lines, start, end);
    }
  }
  return keywordOrOption(doc, st, tok, i, start, end);
}

function templateHover(doc: ParsedDocument, tok: IToken, start: number, end: number): Hover | null {
  const name = tok.tokenType === StringLit ? tok.image.slice(1, -1) : tok.image;
  const t = getTemplate(name) ?? (name.toLowerCase() === 'customappsso' ? getTemplate('scim') : undefined);
  if (!t) return result(doc, [`**${escapeMarkdown(name)}** · app template entramap has no facts about`], start, end);
  const f = t.facts;
  const caps = f.capabilities;
  const yes = (v: boolean | null) => (v === null ? 'not documented' : v ? 'yes' : 'no');
  return result(
    doc,
    [
      `**${escapeMarkdown(f.displayName)}** · ${f.kind === 'gallery' ? 'gallery app' : 'non-gallery app'} · template ${inlineCode(t.id)}`,
      escapeMarkdown(t.summary),
      `Users: create ${yes(caps.users.create)}, update ${yes(caps.users.update)}, disable ${yes(caps.users.disable)}, hard delete ${yes(caps.users.hardDelete)}. Groups: ${caps.groups.provisioned ? 'provisioned' : 'not provisioned'}.`,
      f.notes.map((n) => `- ${escapeMarkdown(n)}`).join('\n'),
      `Tenant URL: ${escapeMarkdown(f.tenantUrl.shape)}`,
    ],
    start,
    end,
  );
}

function keywordOrOption(doc: ParsedDocument, st: Statement, tok: IToken, i: number, start: number, end: number): Hover | null {
  const word = tok.image;
  const prevTok = st.tokens[i - 1];
  if (prevTok && prevTok.image === 'apply' && st.kind === 'attribute') {
    const v = APPLY_VALUES.find((a) => a.value === word || a.value === tok.image.slice(1, -1));
    if (v) return result(doc, [`**${v.value}** · flow type`, v.summary], start, end);
  }
  if (prevTok && prevTok.image === 'match' && st.kind === 'attribute' && /^-?\d+$/.test(word)) {
    return result(doc, [`**Matching precedence ${word}**`, `${KEYWORDS.match.summary}${word === '1' ? ' This attribute is tried first.' : ''}`], start, end);
  }
  if (tok.tokenType === GraphAt) return result(doc, [`**@graph** · ${KEYWORDS['@graph'].summary}`, KEYWORDS['@graph'].details], start, end);
  if (tok.tokenType === RawAt) return result(doc, [`**@raw** · ${KEYWORDS['@raw'].summary}`, KEYWORDS['@raw'].details], start, end);
  // A keyword only where it is one: the first word of its statement, or an option of a line.
  const keywordHere =
    (i === 0 && st.kind !== 'attribute' && st.kind !== 'clause') ||
    (st.kind === 'attribute' && i > 1 && ['default', 'match', 'on', 'apply', 'flow'].includes(word)) ||
    (st.kind === 'app' && (word === 'template' || word === 'schema')) ||
    (st.kind === 'open' && i === 1 && word === 'filter');
  if (!keywordHere) return null;
  const key = word === 'on' ? 'on' : word;
  const info = KEYWORDS[key];
  if (!info) return null;
  return result(doc, [`**${info.label}** · keyword`, info.summary, info.details], start, end);
}

// ---- Graph JSON -----------------------------------------------------------------------------------

function jsonHover(doc: ParsedDocument, offset: number, options: HoverOptions): Hover | null {
  const hit = siteAt(doc, offset);
  if (hit) {
    return expressionHover(doc, hit, options);
  }
  const path = jsonPathAt(doc.jsonRoot, offset);
  const last = path[path.length - 1];
  if (!last || last.node.type !== 'string' || !last.property) return null;
  const node = last.node;
  const start = node.offset;
  const end = node.offset + node.length;
  const value = typeof node.value === 'string' ? node.value : '';
  const el = modelPathAt(doc.model, offset);
  const om = el.objectMapping;
  if (!om) return null;
  switch (last.property.key) {
    case 'targetAttributeName':
      return el.mapping ? result(doc, [targetMarkdown(doc, om, value, el.mapping, options)], start, end) : null;
    case 'sourceOperandName': {
      if (!el.clause) return null;
      const v = el.group ? clauseVerdictOf(doc, om, el.group, el.clause, options) : undefined;
      return result(doc, [scopingAttributeMarkdown(doc, om, value, options), v ? clauseVerdictMarkdown(v, options) : undefined], start, end);
    }
    case 'operatorName': {
      if (!el.clause) return null;
      const v = el.group ? clauseVerdictOf(doc, om, el.group, el.clause, options) : undefined;
      return result(doc, [operatorMarkdown(value) ?? `**${escapeMarkdown(value)}** · unknown operator`, v ? clauseVerdictMarkdown(v, options) : undefined], start, end);
    }
    case 'name': {
      if (el.group && !el.clause && el.group.nameRange && contains(el.group.nameRange, offset)) {
        const v = groupVerdict(doc, om, el.group, options);
        return v ? result(doc, [groupVerdictMarkdown(v, options)], start, end) : null;
      }
      if (!el.scope && !el.mapping && om.ranges.name && contains(om.ranges.name, offset)) {
        const v = scopeVerdict(doc, om, options);
        return v ? result(doc, [scopeVerdictMarkdown(v, options)], start, end) : null;
      }
      return null;
    }
    default:
      return null;
  }
}
