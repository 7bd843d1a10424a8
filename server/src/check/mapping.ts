// Semantic checks of a whole configuration model (codes EMP0xx), plus the expression checks
// (EPX1xx) and scoping checks (ESF0xx) of every element, with document offsets. Works on the
// model both readers build, so .entramap files and Graph schema JSON get the same checks.
//
// Per object mapping: source attribute names (in expressions), target attribute paths, the same
// target mapped twice, required targets, matching attributes, constants against target types,
// reference attributes, what the app supports (groups, actions, deletes), disables, scoping.
//
// Linear in the document: contexts and catalogue lookups are cached, no pass is quadratic.
import { appFacts, AppFacts, appIds } from '../catalog/templates/apps';
import type { ScimSchema } from '../catalog/scim-schemas';
import { checkExpression, CheckExpressionOptions, defaultRegexValidator, ExpressionDiagnostic, FlowType, RegexFinding } from './expression';
import { codeInfo, Severity } from '../diagnostics/codes';
import { walk } from '../language/expression/ast';
import { isJsonObject } from '../model/json';
import { LineIndex, Range } from '../model/positions';
import type {
  AttributeMapping,
  DirectoryDefinition,
  DocumentKind,
  ExpressionSite,
  MappingModel,
  ObjectDefinition,
  ObjectMapping,
  SyncRule,
} from '../model/types';
import { ATTRIBUTE_FLOW_TYPES, formatFlowTypes } from '../schema/elements';
import { JNode, nodeAtPath, stringOffsetMapper } from '../schema/json-tree';
import { checkScope } from '../scoping/check';
import { locateInScope } from '../scoping/locate';
import { orList, suggest } from '../catalog/suggest';
import { quoteString } from '../language/mapping/scan';
import { defaultMatchingTarget, defaultSourceFor, entramapValue, proposeMapping, SOFT_DELETE_EXPRESSION } from './proposals';
import { entraObject, isEntraDirectoryName, NameIssue, SourceContext } from './source-context';
import { TargetContext, TargetFacts, TargetIssue } from './target-context';

// ---- results ---------------------------------------------------------------------------------

/** A text edit in document offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** What quick fixes need. `replacement` and `suggestions` replace the diagnostic's own range. */
export interface FindingData {
  replacement?: string;
  suggestions?: string[];
  /** A complete fix made of edits elsewhere in the document (insert a line, rewrite a path). */
  edits?: OffsetEdit[];
  [key: string]: unknown;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  data?: FindingData;
  /** Other places that explain the problem (the first mapping of a duplicated target). */
  related?: { message: string; start: number; end: number }[];
}

/** A target schema named by `app ... schema REF`, loaded by the caller (the CLI reads files). */
export type TargetSchemaLoad = { schemas: ScimSchema[] } | { error: string };

export interface CheckModelOptions {
  /**
   * Resolves `app ... schema REF` when REF is not a built-in name (`scim`, `scim-core`, an app id):
   * typically a path relative to the document. Undefined result: not found.
   */
  resolveTargetSchema?: (reference: string) => TargetSchemaLoad | undefined;
  /** Scoping operators the tenant's `filterOperators` returned (authoritative when given). */
  scopingOperators?: ReadonlyArray<{ name: string }>;
  /** .NET regex validator for Replace patterns; default: the evaluator's. `null` skips. */
  validateRegex?: ((pattern: string) => RegexFinding[]) | null;
  /** Graph JSON only: the parsed tree, for insertion edits. */
  jsonRoot?: JNode;
  /**
   * Results kept from the checks of earlier versions of the same document (see CheckCache):
   * what depends on one attribute mapping line alone is reused when the line is unchanged.
   */
  cache?: CheckCache;
}

// ---- value tokens: offsets and escapes of a name as written in the document ----------------------

interface Token {
  /** Document offset of character i of the decoded value (0..length). */
  at(i: number): number;
  /** Encodes text for insertion inside the token. */
  encode(s: string): string;
  /** The token written for a whole new value (replaces `range`). */
  whole(s: string): string;
  /** The whole token, quotes included. */
  range: Range;
}

function entramapQuotedMap(text: string, range: Range): number[] {
  const map: number[] = [];
  let i = range.start + 1;
  const end = text.charCodeAt(range.end - 1) === 34 && range.end - 1 > range.start ? range.end - 1 : range.end;
  while (i < end) {
    map.push(i);
    const c = text.charCodeAt(i);
    if (c === 92 && i + 1 < end && (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 92)) i += 2;
    else i++;
  }
  map.push(end);
  return map;
}

function tokenOf(text: string, kind: DocumentKind, range: Range): Token {
  const quoted = text.charCodeAt(range.start) === 34;
  if (kind === 'graph-json') {
    const node: JNode = { type: 'string', offset: range.start, length: range.end - range.start };
    const map = quoted ? stringOffsetMapper(text, node) : (i: number) => range.start + i;
    return { at: map, encode: (s) => JSON.stringify(s).slice(1, -1), whole: (s) => JSON.stringify(s), range };
  }
  if (quoted) {
    let map: number[] | undefined;
    return {
      at: (i) => {
        map ??= entramapQuotedMap(text, range);
        return map[Math.max(0, Math.min(i, map.length - 1))];
      },
      encode: (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"'),
      whole: entramapValue,
      range,
    };
  }
  return { at: (i) => Math.min(range.start + i, range.end), encode: (s) => s, whole: entramapValue, range };
}

function siteToken(site: ExpressionSite, kind: DocumentKind): Token | undefined {
  if (!site.exact) return undefined;
  return {
    at: (i) => site.toDocumentOffset(i),
    encode: kind === 'graph-json' ? (s) => JSON.stringify(s).slice(1, -1) : (s) => s,
    whole: (s) => s,
    range: site.range,
  };
}

// ---- the checker -------------------------------------------------------------------------------

// The names and the directory resolution below are shared with the editor
// (features/document/context.ts), so that completion offers exactly what the checker accepts.

/** `schema X` names that mean SCIM core and enterprise. */
export const BUILTIN_SCHEMA_NAMES: ReadonlySet<string> = new Set(['scim', 'scim-core', 'scim2', 'scim-2.0', 'scim-enterprise', 'rfc7643']);
/** Template ids of Graph that stand for a catalogue app. */
export const TEMPLATE_ALIASES: Readonly<Record<string, string>> = { customappsso: 'scim' };
/** A target directory name that means a SCIM service. */
export const SCIM_DIRECTORY = /customappsso|scim/i;
const FLOW_TYPES = new Set<string>(ATTRIBUTE_FLOW_TYPES);
const TRUTHY = new Set(['yes', 'y', '1', 'on', 'enabled', 'active', '-1']);
const FALSY = new Set(['no', 'n', '0', 'off', 'disabled', 'inactive']);

/**
 * The directory definition a rule reads from (`source`) or writes to (`target`): the one its
 * directory name names (case-insensitively); with no name on the rule (a hand-written file, or no
 * rule), Entra ID is the source and the one other directory the target.
 */
export function directoryFor(model: MappingModel, rule: SyncRule | undefined, side: 'source' | 'target'): DirectoryDefinition | undefined {
  const dirs = model.directories;
  if (!dirs.length) return undefined;
  const name = side === 'source' ? rule?.sourceDirectoryName : rule?.targetDirectoryName;
  if (name !== undefined) {
    const l = name.toLowerCase();
    return dirs.find((d) => d.name?.toLowerCase() === l);
  }
  const entra = dirs.filter((d) => isEntraDirectoryName(d.name ?? ''));
  const others = dirs.filter((d) => !entra.includes(d));
  if (side === 'source') return entra.length === 1 ? entra[0] : undefined;
  return others.length === 1 ? others[0] : undefined;
}

/** The object definition named `name` (case-insensitively) in a directory. */
export function objectIn(d: DirectoryDefinition | undefined, name: string | undefined): ObjectDefinition | undefined {
  if (!d || !name) return undefined;
  const l = name.toLowerCase();
  return d.objects.find((o) => o.name?.toLowerCase() === l);
}

interface Contexts {
  source: SourceContext;
  target: TargetContext;
}

interface MappedTarget {
  mapping: AttributeMapping;
  facts?: TargetFacts;
}

/** What one attribute mapping line contributes on its own (given its object mapping's contexts). */
interface LineResult {
  contexts: Contexts;
  /** Offset of the mapping the findings were computed for (they move with the line). */
  base: number;
  /** The target lookup: its key (duplicates) and facts. */
  key: string | undefined;
  facts: TargetFacts | undefined;
  readsSoftDeleted: boolean;
  /** Findings in the order the checks add them: target path, source and expression, matching. */
  target: Finding[];
  source: Finding[];
  matching: Finding[];
}

/**
 * What the checks of one document keep between its versions: the per-mapping contexts, the
 * expression and regular expression caches, and each attribute mapping line's own findings,
 * keyed by the line's Graph JSON object (the .entramap parser makes it once per line content and
 * shares it with the moved copies of the element when it reuses the line). Valid
 * while the document-level facts (app, target schemas) stay the same; the checker resets it
 * otherwise. Results equal a check without the cache.
 */
export class CheckCache {
  /** The document-level facts the entries were computed with. */
  facts: readonly unknown[] | undefined;
  readonly contexts = new Map<string, Contexts>();
  readonly regex = new Map<string, RegexFinding[]>();
  readonly expressions = new Map<string, ExpressionDiagnostic[]>();
  lines = new WeakMap<object, LineResult>();
  /** Lines whose results were reused / computed by the last check (for tests and statistics). */
  reused = 0;
  computed = 0;

  reset(facts: readonly unknown[] | undefined): void {
    this.facts = facts;
    this.contexts.clear();
    this.regex.clear();
    this.expressions.clear();
    this.lines = new WeakMap();
  }
}

function sameFacts(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A finding moved by `d` characters (edits in its data move too). */
function moveFinding(f: Finding, d: number): Finding {
  const out: Finding = { ...f, start: f.start + d, end: f.end + d };
  if (f.data?.edits) out.data = { ...f.data, edits: f.data.edits.map((e) => ({ ...e, start: e.start + d, end: e.end + d })) };
  if (f.related) out.related = f.related.map((r) => ({ ...r, start: r.start + d, end: r.end + d }));
  return out;
}

export class ModelChecker {
  readonly out: Finding[] = [];
  /** Where `add` puts findings (`out`, or a line's lists while they are computed). */
  private collect: Finding[] = this.out;
  private app?: AppFacts;
  private extensions: ScimSchema[] = [];
  /** True when the document names a SCIM target schema (app template or `schema`). */
  private scimDeclared = false;
  private contexts = new Map<string, Contexts>();
  private regexCache = new Map<string, RegexFinding[]>();
  private expressionCache = new Map<string, ExpressionDiagnostic[]>();
  private readonly validateRegex: ((pattern: string) => RegexFinding[]) | null;
  private cache?: CheckCache;

  constructor(
    private readonly model: MappingModel,
    private readonly text: string,
    private readonly options: CheckModelOptions = {},
  ) {
    const v = options.validateRegex === undefined ? defaultRegexValidator() : options.validateRegex;
    this.validateRegex = v ? (p) => this.cachedRegex(p, v) : null;
  }

  /** Adopts the cache when its entries were computed with the same document-level facts. */
  private useCache(cache: CheckCache): void {
    // Directory definitions (Graph JSON, @graph) feed the contexts: compared by identity only.
    const facts = [this.kind, this.app, this.scimDeclared, this.options.validateRegex, this.options.scopingOperators, this.model.directories.length ? this.model.directories : 0, ...this.extensions];
    if (!sameFacts(cache.facts, facts)) cache.reset(facts);
    cache.reused = 0;
    cache.computed = 0;
    this.cache = cache;
    this.contexts = cache.contexts;
    this.regexCache = cache.regex;
    this.expressionCache = cache.expressions;
  }

  private get kind(): DocumentKind {
    return this.model.documentKind;
  }

  private cachedRegex(pattern: string, v: (p: string) => RegexFinding[]): RegexFinding[] {
    let r = this.regexCache.get(pattern);
    if (!r) this.regexCache.set(pattern, (r = v(pattern)));
    return r;
  }

  private add(code: string, message: string, range: Range, data?: FindingData, severity?: Severity): Finding {
    const info = codeInfo(code);
    if (!info) throw new Error(`diagnostic code ${code} is not in diagnostics/codes.ts`);
    const f: Finding = { code, severity: severity ?? info.severity, message, start: range.start, end: Math.max(range.start, range.end) };
    if (data && Object.keys(data).length) f.data = data;
    this.collect.push(f);
    return f;
  }

  run(): Finding[] {
    const steps = this.steps();
    while (!steps.next().done);
    return this.out;
  }

  /** The checks, pausing (yielding) between object mappings and every few hundred lines. */
  *steps(): Generator<void, Finding[]> {
    this.checkApp();
    if (this.options.cache) this.useCache(this.options.cache);
    const rules = this.model.rules;
    for (let ri = 0; ri < rules.length; ri++) {
      const rule = rules[ri];
      if (rule.raw) continue;
      for (let oi = 0; oi < rule.objectMappings.length; oi++) {
        const om = rule.objectMappings[oi];
        if (!om.raw) yield* this.checkObjectMapping(rule, om, ri, oi);
        yield;
      }
    }
    return this.out;
  }

  // ---- the app line -----------------------------------------------------------------------------

  private checkApp(): void {
    const app = this.model.app;
    if (!app) return;
    if (app.template !== undefined) {
      const id = TEMPLATE_ALIASES[app.template.toLowerCase()] ?? app.template;
      this.app = appFacts(id);
      if (this.app) this.scimDeclared = true;
      else if (app.ranges.template) {
        const close = suggest(app.template, appIds());
        this.add(
          'EMP007',
          `entramap has no facts about the template "${app.template}" (it knows ${appIds().join(', ')}), so the app-specific checks (required attributes, group support, deletes) are skipped.` +
            (close.length ? ` Did you mean "${close[0]}"?` : ''),
          app.ranges.template,
          close.length ? this.valueData(app.ranges.template, close) : undefined,
        );
      }
    }
    if (this.app) this.extensions.push(...this.app.extensionSchemas);
    const ref = app.targetSchema;
    if (ref !== undefined) {
      const l = ref.trim().toLowerCase();
      const named = appFacts(TEMPLATE_ALIASES[l] ?? l);
      if (BUILTIN_SCHEMA_NAMES.has(l)) {
        this.scimDeclared = true;
      } else if (named) {
        // `schema genesys`: the app's target schema (and its facts, when the template says nothing).
        this.scimDeclared = true;
        if (named !== this.app) this.extensions.push(...named.extensionSchemas);
        this.app ??= named;
      } else {
        const loaded = this.options.resolveTargetSchema?.(ref);
        const where = app.ranges.targetSchema ?? app.range;
        if (loaded && 'schemas' in loaded) {
          this.scimDeclared = true;
          this.extensions.push(...loaded.schemas);
        } else if (loaded) {
          this.add('EMP008', `The target schema "${ref}" could not be read: ${loaded.error}`, where);
        } else {
          this.add(
            'EMP008',
            `Unknown target schema "${ref}": name a catalogue schema (scim-core, or an app: ${appIds().join(', ')}) or a JSON file of SCIM schema definitions relative to this file (a /Schemas response). Target attributes are checked against SCIM core and enterprise until then.`,
            where,
          );
        }
      }
    }
  }

  private valueData(range: Range, suggestions: string[]): FindingData {
    const tok = tokenOf(this.text, this.kind, range);
    return { replacement: tok.whole(suggestions[0]), suggestions: suggestions.map((s) => tok.whole(s)) };
  }

  // ---- contexts ---------------------------------------------------------------------------------

  private contextsFor(rule: SyncRule, om: ObjectMapping): Contexts {
    const key = `${rule.sourceDirectoryName ?? ''}\u0000${rule.targetDirectoryName ?? ''}\u0000${om.sourceObjectName ?? ''}\u0000${om.targetObjectName ?? ''}`;
    let c = this.contexts.get(key);
    if (c) return c;
    const sourceDir = directoryFor(this.model, rule, 'source');
    const targetDir = directoryFor(this.model, rule, 'target');
    const sourceName = rule.sourceDirectoryName ?? sourceDir?.name;
    const source = new SourceContext(om.sourceObjectName, objectIn(sourceDir, om.sourceObjectName), isEntraDirectoryName(sourceName));
    const targetName = rule.targetDirectoryName ?? targetDir?.name;
    const scim = this.scimDeclared || targetName === undefined || SCIM_DIRECTORY.test(targetName);
    const target = new TargetContext({
      objectName: om.targetObjectName,
      definition: objectIn(targetDir, om.targetObjectName),
      directoryName: targetDir?.name,
      scim,
      app: this.app,
      extensions: this.extensions,
    });
    c = { source, target };
    this.contexts.set(key, c);
    return c;
  }

  // ---- object mappings --------------------------------------------------------------------------

  /** The range that stands for an object mapping as a whole: its name, or its first line. */
  private headerRange(om: ObjectMapping): Range {
    if (om.ranges.name) return om.ranges.name;
    const nl = this.text.indexOf('\n', om.range.start);
    const end = nl < 0 || nl > om.range.end ? om.range.end : nl;
    return { start: om.range.start, end: Math.max(om.range.start, this.text[end - 1] === '\r' ? end - 1 : end) };
  }

  private *checkObjectMapping(rule: SyncRule, om: ObjectMapping, ri: number, oi: number): Generator<void> {
    const contexts = this.contextsFor(rule, om);
    const { source, target } = contexts;
    const header = this.headerRange(om);
    this.checkAppSupport(om, header, target);

    const mapped = new Map<string, MappedTarget>();
    const priorities = new Map<number, AttributeMapping>();
    let readsSoftDeleted = false;
    const list = om.attributeMappings;
    for (let i = 0; i < list.length; i++) {
      const am = list[i];
      if ((i & 511) === 511) yield;
      if (am.raw) {
        this.checkTarget(am, target, mapped);
        continue;
      }
      // What depends on the line alone comes from the cache when the line is unchanged; the
      // checks that compare it with the lines before it (EMP020, EMP023) run every time.
      const line = this.lineResult(am, contexts);
      const d = am.range.start - line.base;
      const out = this.out;
      const take = (fs: Finding[]) => {
        for (const f of fs) out.push(d === 0 ? f : moveFinding(f, d));
      };
      if (readsSoftDeleted === false && line.readsSoftDeleted) readsSoftDeleted = true;
      if (am.targetAttributeName !== undefined) {
        take(line.target);
        this.checkDuplicate(am, line.key!, line.facts, mapped);
      }
      take(line.source);
      if (am.matchingPriority > 0) {
        this.checkPriority(am, priorities);
        take(line.matching);
      }
    }
    this.checkScoping(om, source);
    // The object-level checks need a complete object mapping; the readers report what is missing.
    const complete = om.sourceObjectName !== undefined && om.targetObjectName !== undefined && hasMappingList(om);
    if (!complete) return;
    if (!om.attributeMappings.some((a) => (a.raw ? rawPriority(a) : a.matchingPriority) > 0)) {
      this.noMatching(om, header, target, mapped, ri, oi);
    }
    this.checkRequired(om, header, target, mapped, ri, oi);
    this.checkSoftDelete(om, header, source, target, mapped, readsSoftDeleted, ri, oi);
  }

  // ---- app capabilities ---------------------------------------------------------------------

  private checkAppSupport(om: ObjectMapping, header: Range, target: TargetContext): void {
    const app = this.app;
    if (!app) return;
    const object = target.scimObject ?? entraObject(om.targetObjectName);
    if (!object) return;
    const caps = app.capabilities;
    if (object === 'Group' && !caps.groups.provisioned) {
      this.add(
        'EMP032',
        `${app.displayName} does not take groups (its tutorial documents user provisioning only), so this group mapping cannot work. Remove it, or disable it with "enabled false".`,
        om.ranges.targetObjectName ?? header,
      );
      return;
    }
    const supported =
      object === 'User'
        ? { create: caps.users.create, update: caps.users.update, delete: caps.users.hardDelete }
        : { create: caps.groups.create, update: caps.groups.update, delete: caps.groups.delete };
    const wanted = om.actions;
    const keep = {
      create: wanted.create && supported.create !== false,
      update: wanted.update && supported.update !== false,
      delete: wanted.delete && supported.delete !== false,
    };
    const where = om.ranges.flowTypes ?? header;
    const data = (): FindingData => {
      const d: FindingData = { actions: keep, flowTypes: formatFlowTypes(keep) };
      if (om.ranges.flowTypes) {
        const words = (['create', 'update', 'delete'] as const).filter((k) => keep[k]);
        d.replacement = this.kind === 'entramap' ? ['actions', ...words].join(' ') : JSON.stringify(formatFlowTypes(keep));
      }
      return d;
    };
    const plural = object === 'User' ? 'users' : 'groups';
    for (const action of ['create', 'update'] as const) {
      if (wanted[action] && supported[action] === false) {
        this.add(
          'EMP033',
          `${app.displayName} does not ${action} ${plural}${object === 'Group' && action === 'create' ? ': create each group in the app first, with the same displayName' : ''}. Remove "${action}" from the target object actions.`,
          where,
          data(),
        );
      }
    }
    if (wanted.delete && supported.delete === false) {
      if (object === 'User') {
        this.add(
          'EMP034',
          `${app.displayName} does not support hard deletes: users are disabled (active false), never deleted, and a DELETE request fails. Remove "delete" from the target object actions and keep the IsSoftDeleted mapping so that disables flow.`,
          where,
          data(),
        );
      } else {
        this.add('EMP033', `${app.displayName} does not delete groups. Remove "delete" from the target object actions.`, where, data());
      }
    }
  }

  // ---- targets ------------------------------------------------------------------------------------

  /**
   * A name issue as a finding: `replacement` and `suggestions` are for the issue's span; `fix`
   * (a corrected whole name) becomes an edit of the whole token.
   */
  private issueFinding(issue: NameIssue, tok: Token | undefined, fallback: Range, extra?: FindingData): void {
    const range = tok ? { start: tok.at(issue.start), end: tok.at(issue.end) } : fallback;
    const data: FindingData = { ...extra };
    if (tok) {
      if (issue.replacement !== undefined) data.replacement = tok.encode(issue.replacement);
      if (issue.suggestions?.length) data.suggestions = issue.suggestions.map(tok.encode);
      if (issue.fix !== undefined) data.edits = [{ start: tok.range.start, end: tok.range.end, newText: tok.whole(issue.fix) }];
    }
    this.add(issue.code, issue.message, range, data, issue.severity);
  }

  /** The target path's lookup, its issues reported (not for raw mappings). */
  private targetLookup(am: AttributeMapping, target: TargetContext, name: string) {
    const range = am.ranges.target ?? am.range;
    const result = target.checkable ? target.lookup(name) : { key: name.toLowerCase(), facts: undefined, issues: [] as TargetIssue[] };
    if (!am.raw && result.issues.length) {
      const tok = am.ranges.target ? tokenOf(this.text, this.kind, am.ranges.target) : undefined;
      for (const issue of result.issues) this.issueFinding(issue, tok, range, { attribute: name });
    }
    return result;
  }

  private checkTarget(am: AttributeMapping, target: TargetContext, mapped: Map<string, MappedTarget>): TargetFacts | undefined {
    const name = am.targetAttributeName;
    if (name === undefined) return undefined;
    const result = this.targetLookup(am, target, name);
    this.checkDuplicate(am, result.key, result.facts, mapped);
    return result.facts;
  }

  /** EMP020: the same target mapped by an earlier line of the object mapping. */
  private checkDuplicate(am: AttributeMapping, key: string, facts: TargetFacts | undefined, mapped: Map<string, MappedTarget>): void {
    const name = am.targetAttributeName!;
    const first = mapped.get(key);
    if (first) {
      if (!am.raw) {
        const f = this.add(
          'EMP020',
          `${facts?.canonical ?? name} is already mapped in this object mapping${this.lineNote(first.mapping.range.start)}; the provisioning service uses only one mapping per target attribute. Remove one, or combine the sources into one expression (for example with Coalesce or IIF).`,
          am.ranges.target ?? am.range,
          { attribute: name },
        );
        f.related = [{ message: `first mapping of ${name}`, start: (first.mapping.ranges.target ?? first.mapping.range).start, end: (first.mapping.ranges.target ?? first.mapping.range).end }];
      }
    } else {
      mapped.set(key, { mapping: am, facts });
    }
  }

  /** The findings of one (non-raw) attribute mapping line that depend on it alone: cached. */
  private lineResult(am: AttributeMapping, contexts: Contexts): LineResult {
    const root = typeof am.json === 'object' && am.json !== null ? am.json : undefined;
    const cache = root ? this.cache : undefined;
    const hit = cache?.lines.get(root!);
    if (hit && hit.contexts === contexts) {
      cache!.reused++;
      return hit;
    }
    const saved = this.collect;
    const { source, target } = contexts;
    const result: LineResult = { contexts, base: am.range.start, key: undefined, facts: undefined, readsSoftDeleted: false, target: [], source: [], matching: [] };
    try {
      result.readsSoftDeleted = !!am.source && mentions(am.source.expression, 'issoftdeleted');
      const name = am.targetAttributeName;
      if (name !== undefined) {
        this.collect = result.target;
        const lookup = this.targetLookup(am, target, name);
        result.key = lookup.key;
        result.facts = lookup.facts;
      }
      this.collect = result.source;
      this.checkSource(am, source, result.facts);
      this.collect = result.matching;
      if (am.matchingPriority > 0) this.checkMatchingFacts(am, result.facts, target);
    } finally {
      this.collect = saved;
    }
    if (cache) {
      cache.computed++;
      cache.lines.set(root!, result);
    }
    return result;
  }

  private lines?: LineIndex;

  private lineNote(offset: number): string {
    this.lines ??= new LineIndex(this.text);
    return ` (line ${this.lines.positionAt(offset).line + 1})`;
  }

  // ---- sources and expressions ------------------------------------------------------------------

  private checkSource(am: AttributeMapping, source: SourceContext, facts: TargetFacts | undefined): void {
    const site = am.source?.expression;
    const type = am.mappingType;
    const target = am.targetAttributeName ?? 'this attribute';
    if (site && (type === 'direct' || type === 'constant' || type === 'expression')) {
      const options: CheckExpressionOptions = {
        mappingType: type,
        flowType: FLOW_TYPES.has(am.flowType) ? (am.flowType as FlowType) : undefined,
        matching: am.matchingPriority > 0,
        isReferenceAttribute: (n) => source.isReference(n),
        validateRegex: this.validateRegex,
      };
      // Identical expressions (the same [mail], the same Switch([IsSoftDeleted], ...)) recur across
      // object mappings; their diagnostics depend only on the text and the mapping's facts.
      const key = `${source.id}\u0000${type}\u0000${options.flowType ?? ''}\u0000${options.matching ? 1 : 0}\u0000${site.text}`;
      let ds = this.expressionCache.get(key);
      if (!ds) this.expressionCache.set(key, (ds = checkExpression(site.parse, options)));
      this.expressionFindings(site, ds);
      if (source.checkable) this.sourceNames(site, source);
    }

    // Reference targets take a reference attribute, mapped directly.
    if (facts?.reference) {
      const srcRange = am.ranges.source ?? am.range;
      if (type === 'expression' || type === 'constant') {
        this.add(
          'EMP031',
          `${target} is a reference: the provisioning service sends the target id of the object a reference attribute points to, which works only with a Direct mapping such as [manager]. Map a reference attribute directly${type === 'expression' ? ' instead of an expression' : ' instead of a constant'}.`,
          srcRange,
          { attribute: target },
        );
      } else if (type === 'direct' && site?.parse.expr?.kind === 'attribute') {
        const ref = source.lookup(site.parse.expr.name.trim()).facts;
        if (ref && ref.typeKnown && ref.type !== 'Reference') {
          this.add(
            'EMP031',
            `${target} is a reference, but [${ref.name}] is a ${ref.type}; the provisioning service can only send the target id of a referenced object. Map a reference attribute such as [manager].`,
            srcRange,
            { attribute: target },
          );
        }
      }
      if (am.defaultValue !== null && am.ranges.defaultValue) {
        this.add(
          'EMP031',
          `${target} is a reference, and a default value cannot stand for a referenced object. Remove the default value.`,
          am.ranges.defaultValue,
          { attribute: target, replacement: '' },
        );
      }
      return;
    }

    // Constants and default values must fit the target's type.
    const t = facts?.type;
    if (t === 'Boolean' || t === 'Integer' || t === 'Decimal' || t === 'DateTime') {
      if (type === 'constant' && site?.parse.expr) {
        const e = site.parse.expr;
        const value = e.kind === 'string' ? e.value : e.kind === 'number' ? e.text : undefined;
        const where = site.exact ? { start: site.toDocumentOffset(e.start), end: site.toDocumentOffset(e.end) } : (am.ranges.source ?? am.range);
        if (value !== undefined) this.checkConstant(value, t, target, where, 'constant');
      }
      if (am.defaultValue !== null) this.checkConstant(am.defaultValue, t, target, am.ranges.defaultValue ?? am.range, 'default');
    }
  }

  private checkConstant(value: string, type: 'Boolean' | 'Integer' | 'Decimal' | 'DateTime', target: string, range: Range, what: 'constant' | 'default'): void {
    let fix: string | undefined;
    let expect: string;
    switch (type) {
      case 'Boolean': {
        if (/^(true|false)$/i.test(value.trim()) && value === value.trim()) return;
        const l = value.trim().toLowerCase();
        fix = TRUTHY.has(l) || l === 'true' ? 'True' : FALSY.has(l) || l === 'false' ? 'False' : undefined;
        expect = '"True" or "False"';
        break;
      }
      case 'Integer': {
        if (/^[+-]?\d+$/.test(value)) return;
        const cleaned = value.replace(/[\s,._'\u00a0]/g, '');
        if (/^[+-]?\d+$/.test(cleaned)) fix = cleaned;
        else if (/^[+-]?\d+\.0*$/.test(value.trim())) fix = value.trim().replace(/\.0*$/, '');
        expect = 'a whole number such as "42"';
        break;
      }
      case 'Decimal': {
        if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return;
        const cleaned = value.trim().replace(',', '.');
        if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) fix = cleaned;
        expect = 'a number such as "4.5"';
        break;
      }
      case 'DateTime': {
        if (isIsoDateTime(value)) return;
        expect = 'an ISO 8601 date-time such as "2025-01-31T00:00:00Z"';
        break;
      }
    }
    const shown = what === 'constant' ? `The constant "${value}"` : `The default value "${value}"`;
    const data: FindingData = { attribute: target, targetType: type };
    if (fix !== undefined) {
      data.value = fix;
      if (this.kind === 'entramap') data.replacement = what === 'constant' ? quoteExpr(fix) : `default ${entramapValue(fix)}`;
      else if (what === 'default') data.replacement = JSON.stringify(fix);
    }
    this.add(
      'EMP030',
      `${shown} cannot be written to ${target}, ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} attribute: the target expects ${expect}.${fix !== undefined ? ` Write "${fix}".` : ''}`,
      range,
      data,
    );
  }

  private expressionFindings(site: ExpressionSite, ds: ExpressionDiagnostic[]): void {
    const tok = siteToken(site, this.kind);
    for (const d of ds) {
      const start = tok ? tok.at(d.start) : site.range.start;
      const end = tok ? Math.max(start, tok.at(d.end)) : site.range.end;
      const data: FindingData = {};
      if (tok && d.data) {
        if (d.data.replacement !== undefined) data.replacement = tok.encode(d.data.replacement);
        if (d.data.suggestions) data.suggestions = d.data.suggestions.map(tok.encode);
      }
      this.add(d.code, d.message, { start, end }, data, d.severity);
    }
  }

  private sourceNames(site: ExpressionSite, source: SourceContext): void {
    const tok = siteToken(site, this.kind);
    walk(site.parse.expr, (node) => {
      if (node.kind !== 'attribute') return;
      const raw = node.name;
      const name = raw.trim();
      if (!name) return; // EPX013
      const lead = raw.length - raw.trimStart().length;
      const r = source.lookup(name);
      if (!r.issues.length) return;
      const base = node.nameSpan.start + lead;
      const nameTok: Token | undefined = tok && {
        at: (i) => tok.at(base + i),
        encode: tok.encode,
        whole: tok.encode,
        range: { start: tok.at(base), end: tok.at(base + name.length) },
      };
      const fallback = site.range;
      for (const issue of r.issues) this.issueFinding(issue, nameTok, fallback, { attribute: name });
    });
  }

  // ---- matching ---------------------------------------------------------------------------------

  /** EMP023: the matching precedence of an earlier line of the object mapping. */
  private checkPriority(am: AttributeMapping, priorities: Map<number, AttributeMapping>): void {
    const p = am.matchingPriority;
    const where = am.ranges.matchingPriority ?? am.range;
    const name = am.targetAttributeName ?? 'this attribute';
    const first = priorities.get(p);
    if (first) {
      const next = Math.max(...priorities.keys()) + 1;
      this.add(
        'EMP023',
        `Matching precedence ${p} is already used by ${first.targetAttributeName ?? 'another attribute'}; the provisioning service tries matching attributes in order of precedence, so each needs its own number. Use ${next}.`,
        where,
        {
          attribute: name,
          priority: next,
          replacement: this.kind === 'entramap' ? `match ${next}` : String(next),
        },
      );
    } else {
      priorities.set(p, am);
    }
  }

  /** EMP025, EMP024: what a matching line's own facts say (after EMP023, `checkPriority`). */
  private checkMatchingFacts(am: AttributeMapping, facts: TargetFacts | undefined, target: TargetContext): void {
    const where = am.ranges.matchingPriority ?? am.range;
    const name = am.targetAttributeName ?? 'this attribute';
    if (am.mappingType === 'constant' || am.mappingType === 'none') {
      this.add(
        'EMP025',
        `${name} is a matching attribute but gets the same ${am.mappingType === 'none' ? 'default value' : 'constant'} for every object, so every object matches the same target object. Match on an attribute with a unique value per object, such as userName from [userPrincipalName].`,
        where,
        { attribute: name },
      );
    }
    if (facts && am.targetAttributeName !== undefined && target.isFilterable(am.targetAttributeName) === false) {
      const examples = target.filterableExamples();
      this.add(
        'EMP024',
        `The provisioning service finds existing objects by filtering the target on each matching attribute (filter=${facts.canonical} eq "..."), and ${this.app ? this.app.displayName : 'SCIM targets'} ${this.app ? 'is' : 'are'} not known to support filtering on ${facts.canonical}. Match on an attribute the target can filter on${examples.length ? `, such as ${orList(examples)}` : ''}.`,
        where,
        { attribute: name },
      );
    }
  }


  private noMatching(om: ObjectMapping, header: Range, target: TargetContext, mapped: Map<string, MappedTarget>, ri: number, oi: number): void {
    const object = target.scimObject;
    const data: FindingData = {};
    let hint = 'Give one attribute mapping a matching precedence (match 1), on an attribute whose value is unique per object.';
    if (object) {
      const matchTarget = defaultMatchingTarget(object);
      const key = target.lookup(matchTarget).key;
      const existing = mapped.get(key)?.mapping;
      data.attribute = matchTarget;
      if (existing && existing.mappingType !== 'none' && existing.mappingType !== 'constant') {
        hint = `Add "match 1" to the mapping of ${matchTarget}.`;
        const edit = this.addMatchEdit(existing);
        if (edit) data.edits = [edit];
      } else {
        const expr = defaultSourceFor(object, key);
        if (expr) {
          const p = proposeMapping(matchTarget, expr, 1);
          data.mappingLine = p.line;
          data.mappingJson = p.json;
          const edit = this.insertEdit(om, p, ri, oi);
          if (edit) data.edits = [edit];
          hint = `Map ${matchTarget} with a matching precedence, for example: ${p.line}`;
        }
      }
    }
    this.add(
      'EMP022',
      `No attribute of "${om.name ?? 'this object mapping'}" is a matching attribute, so the provisioning service cannot find existing ${object ? object.toLowerCase() : 'object'}s in the target and creates duplicates. ${hint}`,
      header,
      data,
    );
  }

  private addMatchEdit(am: AttributeMapping): OffsetEdit | undefined {
    if (this.kind === 'entramap') {
      const src = am.ranges.source;
      return src ? { start: src.end, end: src.end, newText: ' match 1' } : undefined;
    }
    const r = am.ranges.matchingPriority;
    return r ? { start: r.start, end: r.end, newText: '1' } : undefined;
  }

  /** An edit that appends a proposed attribute mapping to an object mapping. */
  private insertEdit(om: ObjectMapping, p: { line: string; json: object }, ri: number, oi: number): OffsetEdit | undefined {
    const text = this.text;
    if (this.kind === 'entramap') {
      const close = om.range.end - 1;
      if (text[close] !== '}') return undefined;
      let lineStart = close;
      while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
      if (text.slice(lineStart, close).trim() !== '') return undefined;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const last = [...om.attributeMappings].reverse().find((a) => !a.raw);
      let indent = text.slice(lineStart, close) + '  ';
      if (last) {
        let ls = last.range.start;
        while (ls > 0 && text[ls - 1] !== '\n' && text[ls - 1] !== '\r') ls--;
        indent = text.slice(ls, last.range.start);
        if (indent.trim() !== '') indent = text.slice(lineStart, close) + '  ';
      }
      return { start: lineStart, end: lineStart, newText: `${indent}${p.line}${eol}` };
    }
    const arr = nodeAtPath(this.options.jsonRoot, ['synchronizationRules', ri, 'objectMappings', oi, 'attributeMappings']);
    const items = arr?.items;
    if (!arr || arr.type !== 'array' || !items?.length) return undefined;
    const last = items[items.length - 1];
    let ls = last.offset;
    while (ls > 0 && text[ls - 1] !== '\n') ls--;
    const indent = text.slice(ls, last.offset);
    const sep = indent.trim() === '' ? `,\n${indent}` : ', ';
    const end = last.offset + last.length;
    return { start: end, end, newText: `${sep}${JSON.stringify(p.json)}` };
  }

  // ---- required attributes ----------------------------------------------------------------------

  private checkRequired(om: ObjectMapping, header: Range, target: TargetContext, mapped: Map<string, MappedTarget>, ri: number, oi: number): void {
    if (!om.actions.create || !target.checkable) return;
    for (const req of target.requiredAttributes()) {
      if (mapped.has(req.key)) continue;
      const data: FindingData = { attribute: req.path };
      const expr = defaultSourceFor(target.scimObject, req.key);
      let example = '';
      if (expr) {
        const p = proposeMapping(req.path, expr);
        data.mappingLine = p.line;
        data.mappingJson = p.json;
        const edit = this.insertEdit(om, p, ri, oi);
        if (edit) data.edits = [edit];
        example = `, for example: ${p.line}`;
      }
      this.add(
        'EMP021',
        `${req.path} is required by ${req.source} but "${om.name ?? 'this object mapping'}" does not map it, so objects cannot be created in the target. Add a mapping to ${req.path}${example}.`,
        header,
        data,
      );
    }
  }

  // ---- disables ---------------------------------------------------------------------------------

  private checkSoftDelete(
    om: ObjectMapping,
    header: Range,
    source: SourceContext,
    target: TargetContext,
    mapped: Map<string, MappedTarget>,
    readsSoftDeleted: boolean,
    ri: number,
    oi: number,
  ): void {
    if (!om.actions.update || !source.entra || entraObject(om.sourceObjectName) !== 'User') return;
    if (!target.checkable && !this.app) return;
    const name = om.name ?? 'this object mapping';
    const data: FindingData = {};
    let message: string;
    if (target.scimObject === 'User') {
      // SCIM targets disable a user through `active`: that mapping must read IsSoftDeleted.
      const existing = mapped.get(target.lookup('active').key)?.mapping;
      if (existing?.source && !existing.raw && mentions(existing.source.expression, 'issoftdeleted')) return;
      if (existing?.raw) return;
      data.attribute = 'active';
      if (existing) {
        message = `The mapping of active in "${name}" does not read [IsSoftDeleted], so users who are unassigned, go out of scope or are disabled in Entra ID stay active in the target: disables do not flow. Map it as: active <- ${SOFT_DELETE_EXPRESSION}`;
        data.expression = SOFT_DELETE_EXPRESSION;
      } else {
        const p = proposeMapping('active', SOFT_DELETE_EXPRESSION);
        data.mappingLine = p.line;
        data.mappingJson = p.json;
        const edit = this.insertEdit(om, p, ri, oi);
        if (edit) data.edits = [edit];
        message = `"${name}" does not map active from [IsSoftDeleted], so users who are unassigned, go out of scope or are disabled in Entra ID stay active in the target: disables do not flow. Add: ${p.line}`;
      }
    } else {
      if (readsSoftDeleted) return;
      message = `No mapping of "${name}" reads [IsSoftDeleted], so users who are unassigned, go out of scope or are disabled in Entra ID stay enabled in the target: disables do not flow. Map [IsSoftDeleted] to the attribute that enables the account in the target.`;
    }
    this.add('EMP035', message, header, data);
  }

  // ---- scoping ----------------------------------------------------------------------------------

  private checkScoping(om: ObjectMapping, source: SourceContext): void {
    const scope = om.scope;
    if (!scope || scope.raw) return;
    const catalog = source.scopingCatalog();
    const ds = checkScope(scope.json, {
      object: source.catalogObject,
      catalog,
      operators: this.options.scopingOperators,
      skipStructure: true,
    });
    for (const d of ds) {
      // Without any knowledge of a non-Entra source, attribute findings would be guesses.
      if (!catalog && ATTRIBUTE_CODES.has(d.code)) continue;
      let range = locateInScope(scope, d.location);
      const data: FindingData = {};
      if (d.suggestions?.length) {
        // Suggestions replace the whole located string (without its quotes).
        const base = locateInScope(scope, { ...d.location, span: undefined });
        const inner = unquoted(this.text, base);
        const quoted = inner !== base;
        const write = (s: string): string =>
          this.kind === 'graph-json'
            ? JSON.stringify(s).slice(1, -1)
            : quoted
              ? quoteString(s).slice(1, -1)
              : /^[^\s"]+$/.test(s)
                ? s
                : quoteString(s);
        if (d.location.span) {
          data.edits = [{ start: inner.start, end: inner.end, newText: write(d.suggestions[0]) }];
        } else {
          range = inner;
          data.suggestions = d.suggestions.map(write);
          data.replacement = data.suggestions[0];
        }
      }
      this.add(d.code, d.message, range, data, d.severity);
    }
  }
}

const ATTRIBUTE_CODES = new Set(['ESF010', 'ESF011', 'ESF012', 'ESF016', 'ESF017', 'ESF018']);

function hasMappingList(om: ObjectMapping): boolean {
  return isJsonObject(om.json) && Array.isArray(om.json.attributeMappings);
}

function rawPriority(am: AttributeMapping): number {
  const v = isJsonObject(am.json) ? am.json.matchingPriority : undefined;
  return typeof v === 'number' ? v : 0;
}

/** Whether an expression reads a source attribute (name compared case-insensitively). */
function mentions(site: ExpressionSite, lowerName: string): boolean {
  let hit = false;
  walk(site.parse.expr, (n) => {
    if (hit) return false;
    if (n.kind === 'attribute' && n.name.trim().toLowerCase() === lowerName) hit = true;
    return true;
  });
  return hit;
}

/** The range inside the quotes of a quoted token; the range itself otherwise. */
function unquoted(text: string, r: Range): Range {
  if (r.end - r.start >= 2 && text.charCodeAt(r.start) === 34 && text.charCodeAt(r.end - 1) === 34) return { start: r.start + 1, end: r.end - 1 };
  return r;
}

function quoteExpr(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO 8601 dates and date-times with valid fields. */
export function isIsoDateTime(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return false;
  return true;
}

/** Checks a model: EMP (mapping semantics), EPX1xx (expressions) and ESF (scoping) findings. */
export function checkMappingModel(model: MappingModel, text: string, options: CheckModelOptions = {}): Finding[] {
  return new ModelChecker(model, text, options).run();
}
