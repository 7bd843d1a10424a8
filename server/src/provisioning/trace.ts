// The provisioning trace: one JSON model for everything that shows a provision-on-demand run —
// `entramap provision --json`, the CLI's text output (formatTrace) and the VS Code trace view.
// It follows the portal's steps (provisioning-engine.md section 7.1): import, scope, match,
// compute, action; plus every HTTP request with its response (redacted, URLs absolute).
import type { JsonValue } from '../model/json';
import type { ScimExchange } from './client';

export const TRACE_VERSION = 1;

export type TraceAction = 'create' | 'update' | 'disable' | 'delete' | 'skip' | 'none';
export type StepName = 'import' | 'scope' | 'match' | 'compute' | 'action';
export type StepStatus = 'success' | 'skipped' | 'failed';

/** Why a step failed, in the Test Connection categories where they apply. */
export interface TraceError {
  /** credentials | url | network | tls | timeout | protocol | target | input | mapping | cancelled */
  category: string;
  message: string;
  hint?: string;
  /** An Entra provisioning-log code where one fits (DuplicateTargetEntries, ImportSkipped, ...). */
  code?: string;
}

export interface TraceStep {
  name: StepName;
  status: StepStatus;
  /** One line for a person. */
  summary: string;
  details: Record<string, unknown>;
  error?: TraceError;
}

/** One HTTP request of the run (also those of a dry run, marked not sent). */
export interface TraceRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** The JSON body sent (redacted), or null. */
  body: JsonValue | null;
  /** HTTP status; null when nothing came back or the request was not sent. */
  status: number | null;
  /** The response body (redacted): JSON, a text excerpt, or null. */
  response: JsonValue | null;
  /** False when the request was only shown (dry run). */
  sent: boolean;
  /** The step that sent it. */
  step: StepName;
  /** What it was for: match, create, reference, member check, ... */
  purpose?: string;
  durationMs: number;
  attempt: number;
  note?: string;
  error?: { category: string; message: string };
}

/** One attribute change of an update (or value of a create), for the action step. */
export interface AttributeChange {
  attribute: string;
  /** The target's value before (undefined for a create or an absent value). */
  old?: JsonValue;
  new: JsonValue;
}

export interface ProvisionTrace {
  version: typeof TRACE_VERSION;
  /** What was provisioned: the source object. */
  object: { type: 'User' | 'Group'; id: string; displayName?: string; reportableIdentifier?: string };
  action: TraceAction;
  /** True when the trace ran to its end (skip and none included); false when a step failed. */
  completed: boolean;
  dryRun: boolean;
  /** The Entra-style result code: RedundantExport, ImportSkipped, DuplicateTargetEntries, ... */
  reason?: string;
  steps: TraceStep[];
  requests: TraceRequest[];
  /** The target object's id, when known (matched or created). */
  targetId?: string;
  /** Group runs: the member users' own traces, in order. */
  members?: ProvisionTrace[];
  warnings: string[];
  startedAt: string;
  durationMs: number;
}

export function toTraceRequest(e: ScimExchange, step: StepName): TraceRequest {
  const r: TraceRequest = {
    method: e.method,
    url: e.url,
    body: e.body === undefined ? null : e.body,
    status: e.status,
    response: e.response === undefined ? null : e.response,
    sent: e.sent,
    step,
    durationMs: e.durationMs,
    attempt: e.attempt,
  };
  if (e.purpose) r.purpose = e.purpose;
  if (e.note) r.note = e.note;
  if (e.error) r.error = e.error;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Text rendering (the CLI's output; the VS Code view renders the JSON itself)
// ---------------------------------------------------------------------------------------------

const MARK: Record<StepStatus, string> = { success: '✓', failed: '✗', skipped: '–' };
const STEP_TITLE: Record<StepName, string> = {
  import: 'Import',
  scope: 'Determine scope',
  match: 'Match between source and target',
  compute: 'Compute attributes',
  action: 'Perform action',
};

export interface FormatOptions {
  /** Include response bodies of the requests (default true). */
  responses?: boolean;
  /** Largest body shown in full, in characters (longer bodies are cut). Default 4000. */
  maxBody?: number;
  /** Columns to wrap lists of attribute names in (the terminal's width). Default 100. */
  width?: number;
}

export const DEFAULT_WIDTH = 100;

/** A URL for people: the query's percent-encoding undone where that is unambiguous. */
export function readableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  try {
    return url.slice(0, q + 1) + decodeURIComponent(url.slice(q + 1));
  } catch {
    return url;
  }
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function body(value: JsonValue | null, max: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (v === null) return 'null';
  return JSON.stringify(v);
}

/** `words` joined by ", ", in lines of at most `width` columns (a longer word gets a line of its own). */
export function wrapList(words: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  words.forEach((w, i) => {
    const word = i < words.length - 1 ? `${w},` : w;
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  });
  if (line) lines.push(line);
  return lines;
}

// ---- scope: the conditions in words ----------------------------------------------------------

/** One condition of the scope step (`details.conditions`). */
export interface ScopeConditionRow {
  name: string;
  value: unknown;
  result: boolean;
}

/**
 * A scope condition's value for a person: "yes", "no (soft-deleted: in the recycle bin)",
 * "1 of 1 passed" (the JSON keeps the raw value: true, "soft-deleted", ...).
 */
export function conditionValue(c: ScopeConditionRow): string {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  switch (c.name) {
    case 'Active in source system':
      if (c.value === null || c.value === undefined) return `${yesNo(c.result)} (accountEnabled not set)`;
      return c.result ? 'yes' : 'no (blocked from sign-in: accountEnabled is false)';
    case 'Not deleted in source system':
      if (c.value === 'present') return 'yes';
      if (c.value === 'soft-deleted') return 'no (soft-deleted: in the recycle bin)';
      if (c.value === 'hard-deleted') return 'no (deleted)';
      break;
    case 'Assigned to application':
      if (c.value === 'sync all') return 'yes (the scope is "sync all")';
      return yesNo(c.result);
    case 'Scope sync all':
      if (typeof c.value === 'boolean') return c.value ? 'yes (all users and groups)' : 'no (assigned users and groups only)';
      break;
    case 'Scoping filters':
      if (c.value === 'none') return 'none (every object passes)';
      break;
  }
  if (typeof c.value === 'boolean') return yesNo(c.value);
  if (typeof c.value === 'string') return c.value;
  return show(c.value);
}

// ---- compute: what flows first, the rest grouped by why it does not ---------------------------

interface ComputeRow {
  target: string;
  expression: string | null;
  value: unknown;
  flows: boolean;
  reason?: string;
  /** The target's value before (updates and disables; null when it had none). */
  current?: unknown;
}

/** How a group of mappings that do not flow is listed. */
type GroupStyle =
  /** `target = value`: the value is what matters (unchanged). */
  | 'value'
  /** `target <- expression`: the value is null; which source it reads is what matters. */
  | 'source'
  /** the target names, wrapped: nothing about them matters here (not sent by a disable). */
  | 'names'
  /** `target <- expression = value`. */
  | 'full';

interface Category {
  heading: string;
  style: GroupStyle;
}

/**
 * Why a mapping does not flow, in the words of the JSON trace (`details.mappings[].reason`), for
 * the reasons the text groups: the engine (compute.ts decideFlow, engine.ts plan) writes these.
 */
export const FLOW_REASONS = {
  unchanged: 'the target already has this value',
  /** Appended to a resolved reference's reason. */
  unchangedReference: 'the target already has it',
  nullOnCreate: 'null: never provisioned',
  nullOnUpdate: 'null: never provisioned (a default applies only on create)',
  disable: 'a disable sends only the IsSoftDeleted mappings',
} as const;

/** The reasons the engine gives, grouped for a person. */
function categoryOf(reason: string): Category | undefined {
  if (reason === FLOW_REASONS.unchanged || reason.endsWith(`; ${FLOW_REASONS.unchangedReference}`)) {
    return { heading: 'Unchanged (the target already has these values)', style: 'value' };
  }
  if (reason === FLOW_REASONS.nullOnCreate) return { heading: 'Null in the source (never provisioned)', style: 'source' };
  if (reason === FLOW_REASONS.nullOnUpdate) return { heading: 'Null in the source (never provisioned; a default applies only on create)', style: 'source' };
  if (reason === FLOW_REASONS.disable) return { heading: `Not sent (${reason})`, style: 'names' };
  return undefined;
}

function oneLine(expression: string | null): string {
  return expression === null ? '(none)' : expression.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Names padded to a common column, so that the values line up: the column of the longest name up
 * to `limit` characters (longer names, such as extension URNs, are not padded), and no column when
 * most names are longer than that.
 */
function padder(names: string[], limit = 36): (name: string) => string {
  const short = names.filter((n) => n.length <= limit);
  if (short.length * 2 < names.length) return (name) => name;
  const width = Math.max(0, ...short.map((n) => n.length));
  return (name) => name.padEnd(width);
}

function computeLines(step: TraceStep, width: number): string[] {
  const rows = step.details.mappings as ComputeRow[];
  const lines: string[] = [];
  // Mappings that fail (a failed step names them in its error: "target: reason").
  const message = step.status === 'failed' ? step.error?.message ?? '' : '';
  const failed = (r: ComputeRow) => !r.flows && r.reason !== undefined && message.includes(`${r.target}: ${r.reason}`);
  for (const r of rows.filter(failed)) lines.push(`✗ ${r.target} <- ${oneLine(r.expression)}: ${r.reason}`);
  for (const r of rows.filter((r) => r.flows)) {
    const notes: string[] = [];
    if ('current' in r) notes.push(r.current === null ? 'was not set' : `was ${show(r.current)}`);
    if (r.reason) notes.push(r.reason);
    lines.push(`→ ${r.target} <- ${oneLine(r.expression)} = ${show(r.value)}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  // The rest, by reason: known reasons under a heading each; other reasons shared by several
  // mappings too; a reason of its own (a reference not resolved, ...) on the mapping's line.
  const groups = new Map<string, { category: Category; rows: ComputeRow[] }>();
  const single: ComputeRow[] = [];
  const rest = rows.filter((r) => !r.flows && !failed(r));
  const count = new Map<string, number>();
  for (const r of rest) if (r.reason !== undefined) count.set(r.reason, (count.get(r.reason) ?? 0) + 1);
  for (const r of rest) {
    const category = r.reason === undefined ? undefined : categoryOf(r.reason) ?? (count.get(r.reason)! > 1 ? { heading: `Not sent (${r.reason})`, style: 'full' as const } : undefined);
    if (!category) {
      single.push(r);
      continue;
    }
    const group = groups.get(category.heading) ?? { category, rows: [] };
    group.rows.push(r);
    groups.set(category.heading, group);
  }
  for (const r of single) lines.push(`· ${r.target} <- ${oneLine(r.expression)} = ${show(r.value)}${r.reason ? ` (${r.reason})` : ''}`);
  for (const { category, rows: members } of groups.values()) {
    lines.push(`${category.heading}: ${members.length}`);
    const pad = padder(members.map((r) => r.target));
    if (category.style === 'names') lines.push(...wrapList(members.map((r) => r.target), Math.max(20, width - 4)).map((l) => `    ${l}`));
    else if (category.style === 'value') lines.push(...members.map((r) => `    ${pad(r.target)} = ${show(r.value)}`));
    else if (category.style === 'source') lines.push(...members.map((r) => `    ${pad(r.target)} <- ${oneLine(r.expression)}`));
    else lines.push(...members.map((r) => `    ${r.target} <- ${oneLine(r.expression)} = ${show(r.value)}`));
  }
  return lines;
}

/**
 * A create's changes repeat the values the compute step lists as flowing: they are not listed
 * twice. True when every change is a flowing mapping with the same value.
 */
function changesShownInCompute(changes: AttributeChange[], compute: TraceStep | undefined): boolean {
  const rows = compute && Array.isArray(compute.details.mappings) ? (compute.details.mappings as ComputeRow[]).filter((r) => r.flows) : [];
  if (!changes.length || rows.length !== changes.length) return false;
  return changes.every((c) => !('old' in c) && rows.some((r) => r.target === c.attribute && JSON.stringify(r.value) === JSON.stringify(c.new)));
}

function stepLines(step: TraceStep, trace: ProvisionTrace, width: number): string[] {
  const lines = [`${MARK[step.status]} ${STEP_TITLE[step.name]}: ${step.summary}`];
  const d = step.details;
  // Detail lines are indented by 4 under the step line.
  const inner = width - 4;
  if (step.name === 'scope' && Array.isArray(d.conditions)) {
    for (const c of d.conditions as ScopeConditionRow[]) {
      lines.push(`    ${c.result ? '✓' : '✗'} ${c.name}: ${conditionValue(c)}`);
    }
    for (const g of (d.filters as Array<{ name: string; result: boolean; clauses: Array<{ attribute: string; operator: string; values: string[]; actual: unknown; result: boolean; note?: string }> }>) ?? []) {
      lines.push(`    ${g.result ? '✓' : '✗'} filter "${g.name}"`);
      for (const c of g.clauses) {
        lines.push(`        ${c.result ? '✓' : '✗'} ${c.attribute} ${c.operator}${c.values.length ? ' ' + c.values.map((v) => JSON.stringify(v)).join(', ') : ''} (value: ${show(c.actual)})${c.note ? ` — ${c.note}` : ''}`);
      }
    }
  }
  if (step.name === 'match' && Array.isArray(d.attempts)) {
    for (const a of d.attempts as Array<{ targetAttribute: string; value: unknown; found?: number; ids?: string[]; note?: string }>) {
      const found = a.found === undefined ? a.note ?? 'not queried' : a.found === 0 ? 'no match' : a.found === 1 ? `matched ${a.ids?.[0]}` : `${a.found} matches: ${(a.ids ?? []).join(', ')}`;
      lines.push(`    ${a.targetAttribute} eq ${show(a.value)} → ${found}`);
    }
  }
  if (step.name === 'compute' && Array.isArray(d.mappings)) {
    lines.push(...computeLines(step, inner).map((l) => `    ${l}`));
  }
  if (step.name === 'action' && Array.isArray(d.changes)) {
    const changes = d.changes as AttributeChange[];
    if (changesShownInCompute(changes, trace.steps.find((s) => s.name === 'compute'))) {
      lines.push(`    Attributes: the ${changes.length} marked → under ${STEP_TITLE.compute}`);
    } else {
      for (const c of changes) lines.push(`    ${c.attribute}: ${'old' in c ? `${show(c.old)} → ` : ''}${show(c.new)}`);
    }
  }
  if (step.error) {
    if (step.error.message !== step.summary) lines.push(`    ✗ ${step.error.message}`);
    if (step.error.hint) lines.push(`    Fix: ${step.error.hint}`);
  }
  return lines;
}

/**
 * The trace as text for a person: step lines with ✓/✗/– marks, then the requests, indented. The
 * compute step lists the mappings that fail and those that flow first, in full (with the target's
 * old value where known); the others under one heading per reason: unchanged (with their values),
 * null in the source (with their expressions), not sent by a disable (names only), ... The JSON
 * trace holds every mapping's value, whatever the text shows.
 */
export function formatTrace(trace: ProvisionTrace, options: FormatOptions = {}, depth = 0): string {
  const max = options.maxBody ?? 4000;
  const pad = '  '.repeat(depth);
  // Step lines are indented by 2, and the whole trace by its depth (group members).
  const width = (options.width ?? DEFAULT_WIDTH) - 2 - pad.length;
  const out: string[] = [];
  const who = trace.object.reportableIdentifier ?? trace.object.displayName ?? trace.object.id;
  const failed = trace.steps.find((s) => s.status === 'failed');
  const outcome = trace.completed
    ? `${trace.action.toUpperCase()}${trace.reason ? ` (${trace.reason})` : ''}`
    : `FAILED at ${failed ? STEP_TITLE[failed.name].toLowerCase() : 'an unknown step'}${trace.action !== 'none' ? ` (${trace.action})` : ''}`;
  out.push(`${trace.object.type} ${who}: ${outcome}${trace.dryRun ? ' [dry run: nothing was written]' : ''}`);
  for (const step of trace.steps) out.push(...stepLines(step, trace, width).map((l) => `  ${l}`));
  for (const w of trace.warnings) out.push(`  Warning: ${w}`);
  if (trace.requests.length) {
    out.push('  Requests:');
    for (const r of trace.requests) {
      const outcome = !r.sent ? 'NOT SENT (dry run)' : r.status !== null ? `${r.status}` : `no answer: ${r.error?.message ?? 'error'}`;
      out.push(`    ${r.method} ${readableUrl(r.url)} → ${outcome} (${r.durationMs} ms)${r.purpose ? ` [${r.purpose}]` : ''}${r.note ? ` — ${r.note}` : ''}`);
      if (r.body !== null) out.push(indent(body(r.body, max), '        > '));
      if (options.responses !== false && r.response !== null && r.sent) out.push(indent(body(r.response, max), '        < '));
    }
  }
  for (const m of trace.members ?? []) out.push('', formatTrace(m, options, depth + 1).trimEnd());
  return out.map((l) => (l ? indent(l, pad) : l)).join('\n') + '\n';
}
