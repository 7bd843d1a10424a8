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
}

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
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}

function stepLines(step: TraceStep): string[] {
  const lines = [`${MARK[step.status]} ${STEP_TITLE[step.name]}: ${step.summary}`];
  const d = step.details;
  if (step.name === 'scope' && Array.isArray(d.conditions)) {
    for (const c of d.conditions as Array<{ name: string; value: unknown; result: boolean }>) {
      lines.push(`    ${c.result ? '✓' : '✗'} ${c.name}: ${show(c.value)}`);
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
    for (const m of d.mappings as Array<{ target: string; expression: string | null; value: unknown; flows: boolean; reason?: string }>) {
      const expression = m.expression === null ? '(none)' : m.expression.replace(/\s*[\r\n]+\s*/g, ' ');
      lines.push(`    ${m.flows ? '→' : '·'} ${m.target} <- ${expression} = ${show(m.value)}${m.reason ? ` (${m.reason})` : ''}`);
    }
  }
  if (step.name === 'action' && Array.isArray(d.changes)) {
    for (const c of d.changes as AttributeChange[]) {
      lines.push(`    ${c.attribute}: ${'old' in c ? `${show(c.old)} → ` : ''}${show(c.new)}`);
    }
  }
  if (step.error) {
    if (step.error.message !== step.summary) lines.push(`    ✗ ${step.error.message}`);
    if (step.error.hint) lines.push(`    Fix: ${step.error.hint}`);
  }
  return lines;
}

/** The trace as text for a person: step lines with ✓/✗/– marks, then the requests, indented. */
export function formatTrace(trace: ProvisionTrace, options: FormatOptions = {}, depth = 0): string {
  const max = options.maxBody ?? 4000;
  const pad = '  '.repeat(depth);
  const out: string[] = [];
  const who = trace.object.reportableIdentifier ?? trace.object.displayName ?? trace.object.id;
  const failed = trace.steps.find((s) => s.status === 'failed');
  const outcome = trace.completed
    ? `${trace.action.toUpperCase()}${trace.reason ? ` (${trace.reason})` : ''}`
    : `FAILED at ${failed ? STEP_TITLE[failed.name].toLowerCase() : 'an unknown step'}${trace.action !== 'none' ? ` (${trace.action})` : ''}`;
  out.push(`${trace.object.type} ${who}: ${outcome}${trace.dryRun ? ' [dry run: nothing was written]' : ''}`);
  for (const step of trace.steps) out.push(...stepLines(step).map((l) => `  ${l}`));
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
