// What each .entramap keyword means, in the words of docs/mapping-format.md: completion
// documentation and hover for keywords, and the snippets statement completion inserts.
import { OPERATORS } from '../../scoping/model';
import type { BlockKind } from './statements';

export interface KeywordInfo {
  /** The keyword as inserted (`input filter` is two words). */
  label: string;
  /** One-line summary. */
  summary: string;
  /** Markdown (what the statement stands for in Graph). */
  details?: string;
  /** Snippet inserted at the start of a statement (LSP snippet syntax; `\t` indents one level). */
  snippet?: string;
  /** Plain text inserted when the client has no snippets. */
  plain?: string;
}

export const KEYWORDS: Record<string, KeywordInfo> = {
  app: {
    label: 'app',
    summary: "The app's display name, its gallery template and the target schema the file is written against. At most one per file.",
    details: 'Written into Graph JSON as the `@entramap.app` instance annotation of the schema object.',
    snippet: 'app "${1:App name}" template ${2|personify,mypolicies,genesys,scim|}',
    plain: 'app ',
  },
  template: {
    label: 'template',
    summary: "The app's gallery template id (`scim`, `customappsso`, `personify`, ...): entramap checks against what its tutorial documents.",
  },
  schema: {
    label: 'schema',
    summary: 'The target schema: a catalogue name (`scim-core`, an app id) or a JSON file of SCIM schema definitions relative to this file.',
  },
  rule: {
    label: 'rule',
    summary: 'One Graph `synchronizationRule`: its object mappings, directories and metadata.',
    details: 'A schema fetched from Graph has rules with ids; `mapping` blocks at the top level form one rule of their own.',
    snippet: 'rule "${1:name}" {\n\t$0\n}',
    plain: 'rule ',
  },
  mapping: {
    label: 'mapping',
    summary: 'One Graph `objectMapping`: source and target object, target object actions, scoping filters and attribute mappings.',
    snippet: 'mapping "${1:Synchronize Microsoft Entra users to App}" {\n\tsource ${2|User,Group|}\n\ttarget ${3:User}\n\tactions create update delete\n\n\t$0\n}',
    plain: 'mapping ',
  },
  source: {
    label: 'source',
    summary: 'In a mapping: the source object (`User`, `Group`). In a rule: the source directory (`sourceDirectoryName`).',
    snippet: 'source ${1|User,Group|}',
    plain: 'source ',
  },
  target: {
    label: 'target',
    summary: 'In a mapping: the target object (`User`, `Group`). In a rule: the target directory (`targetDirectoryName`).',
    snippet: 'target ${1:User}',
    plain: 'target ',
  },
  enabled: {
    label: 'enabled',
    summary: 'Whether the object mapping is enabled (`true` by default).',
    snippet: 'enabled ${1|false,true|}',
    plain: 'enabled ',
  },
  actions: {
    label: 'actions',
    summary: "The portal's *target object actions*: any of `create`, `update`, `delete` (Graph `flowTypes`). `actions` alone means none.",
    snippet: 'actions ${1:create update delete}',
    plain: 'actions ',
  },
  scope: {
    label: 'scope',
    summary: 'The scoping filters: an object is in scope when any filter matches, and a filter matches when all its clauses are true.',
    details: 'No `scope` block means no attribute filter (Graph `scope: null`).',
    snippet: 'scope {\n\tfilter "${1:name}" {\n\t\t$0\n\t}\n}',
    plain: 'scope ',
  },
  filter: {
    label: 'filter',
    summary: 'One scoping filter (Graph `filterGroup`, the portal\'s *scoping filter title*): its clauses are ANDed.',
    snippet: 'filter "${1:name}" {\n\t$0\n}',
    plain: 'filter ',
  },
  input: {
    label: 'input filter',
    summary: 'An experimental input filter group (Graph `inputFilterGroups`): objects that fail it are dropped when read and are never deprovisioned.',
    snippet: 'input filter "${1:name}" {\n\t$0\n}',
    plain: 'input filter ',
  },
  category: {
    label: 'category filter',
    summary: 'An experimental category filter group (Graph `categoryFilterGroups`): decides whether an object belongs to this object mapping.',
    snippet: 'category filter "${1:name}" {\n\t$0\n}',
    plain: 'category filter ',
  },
  metadata: {
    label: 'metadata',
    summary: 'One metadata entry (`metadata KEY "value"`), kept in order. The portal\'s entries such as `Disposition` are meant to stay untouched.',
    snippet: 'metadata ${1:key} "${2:value}"',
    plain: 'metadata ',
  },
  id: {
    label: 'id',
    summary: "The rule's id, as Graph returns it.",
    snippet: 'id "${1}"',
    plain: 'id ',
  },
  priority: {
    label: 'priority',
    summary: "The rule's priority (an integer).",
    snippet: 'priority ${1:1}',
    plain: 'priority ',
  },
  editable: {
    label: 'editable',
    summary: 'Whether the rule can be edited (Graph `editable`).',
    snippet: 'editable ${1|true,false|}',
    plain: 'editable ',
  },
  none: {
    label: 'none',
    summary: 'No source: the target attribute gets the default value only (Graph `source: null`).',
  },
  default: {
    label: 'default',
    summary: '*Default value if null*: written when the source gives no value (Graph `defaultValue`).',
    snippet: 'default "${1}"',
    plain: 'default ',
  },
  match: {
    label: 'match',
    summary: '*Match objects using this attribute*, with its *matching precedence*: 1 is tried first (Graph `matchingPriority`).',
    plain: 'match ',
  },
  on: {
    label: 'on create',
    summary: '*Apply this mapping: Only during object creation* (Graph `flowType` `ObjectAddOnly`).',
    plain: 'on create',
  },
  apply: {
    label: 'apply',
    summary: 'The other flow types: `MultiValueAddOnly`, `ValueAddOnly`, `AttributeAddOnly` (`Always` is the default).',
    snippet: 'apply ${1|MultiValueAddOnly,ValueAddOnly,AttributeAddOnly|}',
    plain: 'apply ',
  },
  flow: {
    label: 'flow always',
    summary: 'Export the value even when it did not change (Graph `flowBehavior` `FlowAlways`).',
    plain: 'flow always',
  },
  '@graph': {
    label: '@graph',
    summary: "A patch merged into the Graph JSON of the element it belongs to (the line it ends, or the block it is in): properties entramap does not model.",
    details: '`"name": value` sets a property, `"$omit": [...]` removes generated ones, `"$$name"` writes a property whose name starts with `$`. The text wins over the patch.',
    snippet: '@graph {$0}',
    plain: '@graph ',
  },
  '@raw': {
    label: '@raw',
    summary: 'An element kept whole as Graph JSON because it has no statement form.',
    details: 'Inside a `mapping` it is an attribute mapping, inside a `filter` a clause, inside a `scope` a filter, inside a `rule` an object mapping, at the top level a rule.',
    snippet: '@raw {$0}',
    plain: '@raw ',
  },
};

/** Flow types `apply` takes (the default `Always` included for completeness). */
export const APPLY_VALUES: { value: string; summary: string }[] = [
  { value: 'MultiValueAddOnly', summary: 'Only add values to a multi-valued attribute; never remove them.' },
  { value: 'ValueAddOnly', summary: 'Only write the value when the target has none.' },
  { value: 'AttributeAddOnly', summary: 'Only write the attribute when the target object does not have it.' },
  { value: 'Always', summary: 'Every synchronization (the default; write no option instead).' },
];

export const ACTION_WORDS: { value: string; summary: string }[] = [
  { value: 'create', summary: 'Create objects that are in scope but not in the target (Graph `Add`).' },
  { value: 'update', summary: 'Update objects that changed (Graph `Update`).' },
  { value: 'delete', summary: 'Delete (or disable) objects that left scope (Graph `Delete`).' },
];

/** Keywords that may start a statement in each block. */
export const STATEMENT_KEYWORDS: Record<BlockKind, string[]> = {
  top: ['app', 'rule', 'mapping', '@graph', '@raw'],
  rule: ['id', 'source', 'target', 'priority', 'editable', 'metadata', 'mapping', '@graph', '@raw'],
  mapping: ['source', 'target', 'enabled', 'actions', 'metadata', 'scope', '@graph', '@raw'],
  scope: ['filter', 'input', 'category', '@graph', '@raw'],
  filter: ['@graph', '@raw'],
};

/** Keywords a block holds at most once. */
export const SINGLE_PROPERTIES = new Set(['source', 'target', 'enabled', 'actions', 'id', 'priority', 'editable']);

/** The option keywords after an attribute mapping's source. */
export const OPTION_KEYWORDS = ['default', 'match', 'on', 'apply', 'flow', '@graph'];

/** Markdown for a scoping operator: meaning, arity, status. */
export function operatorMarkdown(name: string): string | undefined {
  const op = OPERATORS.find((o) => o.name === name) ?? OPERATORS.find((o) => o.name.toLowerCase() === name.toLowerCase());
  if (!op) return undefined;
  const lines = [`**${op.name}** · scoping operator · ${op.arity === 'Unary' ? 'takes no value' : 'takes one value'}`, '', op.summary];
  if (op.status === 'uncertain') lines.push('', '⚠ *Semantics uncertain*: the documentation describes this operator only vaguely; entramap evaluates it as stated above.');
  else if (op.status === 'undocumented') lines.push('', '⚠ *Not in the current documentation*: use it only if your tenant lists it in `filterOperators`; entramap evaluates it as false.');
  else if (op.status === 'portalOnly') lines.push('', '⚠ *Seen in the portal only*: its semantics are unknown; entramap evaluates it as false.');
  if (op.attributeTypes.length) lines.push('', `For ${op.attributeTypes.join(' and ')} attributes.`);
  if (op.name !== name) lines.push('', `Operator names are case-sensitive: write \`${op.name}\`.`);
  return lines.join('\n');
}
