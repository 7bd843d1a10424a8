// Checks scoping filters: structure, operators, values and source attributes. Takes the Graph
// `filter` value (parsed JSON of any shape) and returns located diagnostics (ESF0xx).
import { orList, suggest } from '../catalog/suggest';
import { scopingRule, sourceCatalog, SourceAttribute, SourceAttributeCatalog, SourceObjectName } from '../catalog/source-attributes';
import { diag, ScopeDiagnostic, ScopeLocation } from './diagnostics';
import { FilterClause, FilterSection, OperatorInfo, operatorInfo, OPERATORS } from './model';
import type { ScopeRegexEngine } from './regex';
import { readScopeFilter } from './read';
import { parseInteger } from './values';

export interface CheckScopeOptions {
  /** The source object the filter applies to (default `User`). */
  object?: SourceObjectName;
  /** The source schema (a tenant's, or the built-in one extended); default the built-in catalogue. */
  catalog?: SourceAttributeCatalog;
  /**
   * The operators a tenant's `filterOperators` returned. When given, it is authoritative: an
   * operator it lacks is unknown, and undocumented operators it lists are not flagged.
   */
  operators?: ReadonlyArray<{ name: string }>;
  /** The regex engine used to validate REGEX MATCH patterns (default: the .NET emulation). */
  regex?: ScopeRegexEngine;
  /**
   * Leave out the structural problems (ESF013) when the caller has already validated the JSON
   * shape itself (the Graph schema reader does); malformed clauses are skipped either way.
   */
  skipStructure?: boolean;
}

type At = Omit<ScopeLocation, 'pointer'>;

/** Checks a scoping filter (`null` is fine: no filter). */
export function checkScope(filter: unknown, options: CheckScopeOptions = {}): ScopeDiagnostic[] {
  const read = readScopeFilter(filter);
  const out = options.skipStructure ? [] : [...read.diagnostics];
  const object = options.object ?? 'User';
  const catalog = options.catalog ?? sourceCatalog(object);
  let regex = options.regex;
  const engine = (): ScopeRegexEngine => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (regex ??= (require('./dotnet-regex') as typeof import('./dotnet-regex')).dotnetRegexEngine as ScopeRegexEngine);
  };

  for (const g of read.groups) {
    if (g.clauseCount === 0) {
      out.push(
        diag(
          'ESF014',
          g.section === 'groups'
            ? `The scoping filter${g.name ? ` "${g.name}"` : ''} has no clauses, so it is always true: every ${object.toLowerCase()} is in scope.`
            : `The filter group${g.name ? ` "${g.name}"` : ''} has no clauses, so it is always true.`,
          { section: g.section, group: g.index },
        ),
      );
    }
  }
  const experimental = new Set(read.groups.filter((g) => g.section !== 'groups').map((g) => g.section));
  for (const section of experimental) {
    out.push(
      diag(
        'ESF019',
        section === 'inputFilterGroups'
          ? '"inputFilterGroups" is experimental: objects that fail it are dropped when read and are never deprovisioned when they stop matching.'
          : '"categoryFilterGroups" is experimental: it decides whether an object belongs to this object mapping at all.',
        { section },
      ),
    );
  }
  for (const c of read.clauses) {
    checkClause(c.clause, { section: c.section, group: c.group, clause: c.index }, { catalog, object, options, engine, out });
  }
  return out;
}

interface Ctx {
  catalog: SourceAttributeCatalog;
  object: SourceObjectName;
  options: CheckScopeOptions;
  engine: () => ScopeRegexEngine;
  out: ScopeDiagnostic[];
}

function checkClause(clause: FilterClause, at: { section: FilterSection; group: number; clause: number }, ctx: Ctx): void {
  const { out } = ctx;
  const info = checkOperator(clause.operatorName, { ...at, field: 'operatorName' }, ctx);
  const attr = checkAttribute(clause.sourceOperandName, { ...at, field: 'sourceOperandName' }, ctx);
  if (!info) return;
  const values = clause.targetOperand.values;
  const name = info.name;

  if (info.arity === 'Unary') {
    const given = values.findIndex((v) => v !== '');
    if (given >= 0) {
      out.push(diag('ESF005', `${name} takes no value; "${values[given]}" is ignored.`, { ...at, field: 'values', valueIndex: given }));
    }
  } else if (!values.length) {
    out.push(diag('ESF004', `${name} compares with a value, but the clause has none.`, { ...at, field: 'values' }));
  } else if (values.length > 1) {
    out.push(
      diag('ESF006', `${name} compares with one value; only "${values[0]}" is used and ${values.length - 1} more ${values.length > 2 ? 'are' : 'is'} ignored.`, {
        ...at,
        field: 'values',
        valueIndex: 1,
      }),
    );
  }
  const value = values[0];

  if (info.arity === 'Binary' && value !== undefined) {
    if (info.value === 'integer' && info.status === 'documented' && parseInteger(value) === undefined) {
      const cleaned = value.replace(/[\s,._'\u00a0]/g, '');
      const fix = cleaned !== value && parseInteger(cleaned) !== undefined ? cleaned : undefined;
      out.push(
        diag(
          'ESF007',
          `${name} compares integers, and "${value}" is not one${fix ? ` (write ${fix}: no separators)` : ''}; the clause is always false.`,
          { ...at, field: 'values', valueIndex: 0 },
          { suggestions: fix ? [fix] : undefined },
        ),
      );
    }
    if (info.value === 'regex') checkRegex(value, name, { ...at, field: 'values', valueIndex: 0 }, ctx);
    if (value === '' && (name === 'EQUALS' || name === 'ENDS_WITH' || name === '&')) {
      out.push(
        diag(
          'ESF020',
          `${name} with an empty value is never true: an empty attribute makes every clause but IS NULL false. Use IS NULL to select empty attributes.`,
          { ...at, field: 'values', valueIndex: 0 },
        ),
      );
    }
  }

  if (name === 'NOT EQUALS' || name === 'NOT REGEX MATCH' || name === '!&') {
    const what = attr ? attr.name : clause.sourceOperandName;
    out.push(
      diag(
        'ESF023',
        `${name} is false when ${what} is empty, so ${ctx.object === 'User' ? 'users' : 'groups'} without a value are out of this filter too. If they should be in scope, add a filter with "${what} IS NULL".`,
        { ...at, field: 'operatorName' },
      ),
    );
  }

  if (attr && !(attr.typeKnown === false)) {
    if ((name === 'IS TRUE' || name === 'IS FALSE') && attr.type !== 'Boolean') {
      out.push(
        diag(
          'ESF016',
          `${name} tests a Boolean, but ${attr.name} is a ${attr.type} attribute; the clause is true only for the strings "true"/"false".`,
          { ...at, field: 'operatorName' },
          { severity: attr.type === 'String' ? 'information' : 'warning' },
        ),
      );
    }
    if (info.value === 'integer' && info.status === 'documented' && attr.type !== 'Integer') {
      out.push(
        diag(
          'ESF017',
          `${name} compares integers, but ${attr.name} is a ${attr.type} attribute; the clause is true only when its value is an integer.`,
          { ...at, field: 'operatorName' },
          { severity: attr.type === 'String' ? 'information' : 'warning' },
        ),
      );
    }
  }
}

function checkOperator(operator: string, at: At, ctx: Ctx): OperatorInfo | undefined {
  const { out, options } = ctx;
  const live = options.operators?.map((o) => o.name);
  const info = operatorInfo(operator);
  if (live) {
    if (!live.includes(operator)) {
      const folded = live.find((n) => n.toLowerCase() === operator.toLowerCase());
      const near = folded ? [folded] : suggest(operator, live);
      out.push(
        diag(
          'ESF001',
          folded
            ? `Operator names are case-sensitive: "${operator}" should be written "${folded}".`
            : `Your tenant does not offer the operator "${operator}"` + (near.length ? `; did you mean ${orList(near)}?` : '.'),
          at,
          { suggestions: near },
        ),
      );
      return undefined;
    }
    if (!info) return undefined; // offered by the tenant, unknown to entramap: nothing more to check
  }
  if (!info) {
    const collapsed = operator.trim().replace(/\s+/g, ' ');
    const folded = OPERATORS.find((o) => o.name.toLowerCase() === collapsed.toLowerCase());
    const near = folded ? [folded.name] : suggest(operator.replace(/\s+/g, ' '), OPERATORS.filter((o) => o.status !== 'portalOnly').map((o) => o.name));
    const offered = OPERATORS.filter((o) => o.status === 'documented').map((o) => o.name);
    out.push(
      diag(
        'ESF001',
        folded
          ? folded.name.toLowerCase() === operator.toLowerCase()
            ? `Operator names are case-sensitive: "${operator}" should be written "${folded.name}".`
            : `"${operator}" should be written "${folded.name}" (operator tokens have exactly one space between words).`
          : `"${operator}" is not a scoping operator` +
              (near.length ? `; did you mean ${orList(near)}?` : `. The operators are ${offered.join(', ')}.`),
        at,
        { suggestions: near },
      ),
    );
    return undefined;
  }
  if (info.status === 'portalOnly') {
    out.push(
      diag('ESF002', `"${operator}" appears in the portal but is not documented; its semantics are unknown, and entramap evaluates it as false.`, at),
    );
  } else if (info.status === 'undocumented' && !live) {
    out.push(
      diag(
        'ESF003',
        `"${operator}" is not a documented scoping operator; it works only if your tenant's filterOperators lists it, and entramap evaluates it as false.`,
        at,
      ),
    );
  } else if (info.status === 'uncertain') {
    out.push(
      diag(
        'ESF015',
        `The documentation of "${operator}" is unclear; entramap reads it as "the value ${operator === '&' ? 'contains' : 'does not contain'} the attribute value". Prefer EQUALS, Includes or REGEX MATCH.`,
        at,
      ),
    );
  }
  return info;
}

function checkAttribute(name: string, at: At, ctx: Ctx): SourceAttribute | undefined {
  const { out, catalog, object } = ctx;
  const found = catalog.lookup(name);
  let attr: SourceAttribute | undefined;
  switch (found.kind) {
    case 'found':
      attr = found.attribute;
      break;
    case 'casing':
      attr = found.attribute;
      out.push(diag('ESF012', found.message, at, { suggestions: [found.attribute.name] }));
      break;
    case 'extension':
      attr = found.attribute;
      for (const p of found.problems) {
        out.push(diag('ESF018', p.message, { ...at, span: { start: p.start, end: p.end } }, { severity: p.severity, suggestions: p.fix ? [p.fix] : undefined }));
      }
      break;
    case 'invalidExtension':
      for (const p of found.problems) {
        out.push(diag('ESF018', p.message, { ...at, span: { start: p.start, end: p.end } }, { severity: p.severity, suggestions: p.fix ? [p.fix] : undefined }));
      }
      return undefined;
    case 'unknown': {
      const rule = scopingRule(name, object, catalog);
      if (!rule.allowed) {
        out.push(diag('ESF010', `"${name}" cannot be used in a scoping filter: ${rule.detail}.`, at));
        return undefined;
      }
      out.push(
        diag(
          'ESF011',
          found.message + (found.suggestions.length ? '' : ' If the source schema was extended with it, ignore this warning.'),
          at,
          { suggestions: found.suggestions },
        ),
      );
      return undefined;
    }
  }
  if (attr && !attr.scoping.allowed) {
    out.push(diag('ESF010', `"${attr.name}" cannot be used in a scoping filter: ${attr.scoping.detail}.`, at));
  }
  return attr;
}

function checkRegex(pattern: string, operator: string, at: At, ctx: Ctx): void {
  const { out } = ctx;
  const problems = ctx.engine().validate(pattern);
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of problems) {
    out.push(
      diag(
        p.severity === 'error' ? 'ESF008' : 'ESF022',
        p.severity === 'error' ? `Invalid regular expression: ${p.message}` : p.message,
        { ...at, span: { start: p.start, end: p.end } },
        { severity: p.severity === 'error' ? 'error' : p.severity },
      ),
    );
  }
  if (errors.length) return;
  const start = /^(\^|\\A|\\G)/.test(pattern);
  const end = /(\$|\\z|\\Z)$/.test(pattern) && !/\\\$$/.test(pattern.replace(/\\\\/g, ''));
  if (!start || !end) {
    const missing = !start && !end ? 'at either end' : !start ? 'at the start' : 'at the end';
    out.push(
      diag(
        'ESF009',
        `${operator} is not anchored ${missing}, so the pattern may match anywhere in the value (".*@contoso.com" also matches "x@contoso.com.evil.net"). Add ${!start && !end ? '^ and $' : !start ? '^' : '$'} to match the whole value.`,
        { ...at },
        { suggestions: [`${start ? '' : '^'}${pattern}${end ? '' : '$'}`] },
      ),
    );
  }
}
