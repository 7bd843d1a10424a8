// Text the provisioning commands show: the Test Connection report for the output channel, the
// banner's category names, and the confirmation of a write (the exact action and requests).
// No `vscode` import: unit-tested in plain Node (test/unit/provisioning-format.test.ts).
import type { ProvisionTrace, TestConnectionResult } from '../../../server/src/protocol';

/** What the commands need to know about a target here. */
export interface TargetLabel {
  name: string;
}

/** The failure categories as banners name them. */
export const CATEGORY_TITLE: Record<string, string> = {
  credentials: 'Credentials',
  url: 'Tenant URL',
  network: 'Network',
  tls: 'TLS certificate',
  timeout: 'Timeout',
  protocol: 'Not a compatible SCIM endpoint',
};

/** The Test Connection result for the output channel (the server redacted it already). */
export function formatTestConnection(target: TargetLabel, r: TestConnectionResult): string {
  const lines = [
    r.ok ? `Test Connection "${target.name}": OK (${r.url})` : `Test Connection "${target.name}": FAILED, ${r.category} (${r.url})`,
    `  ${r.message}`,
  ];
  if (r.hint) lines.push(`  Fix: ${r.hint}`);
  lines.push(`  Matching attribute probed: ${r.matchingAttribute}`);
  const spc = r.serviceProviderConfig;
  if (spc) lines.push(`  ServiceProviderConfig: ${spc.offered ? `patch ${spc.patch ?? '?'}, filter ${spc.filter ?? '?'}` : (spc.note ?? 'not offered')}`);
  if (r.schemas) lines.push(`  Schemas: ${r.schemas.offered ? (r.schemas.ids ?? []).join(', ') : (r.schemas.note ?? 'not offered')}`);
  if (r.groups) lines.push(`  Groups: ${r.groups.supported ? 'supported' : (r.groups.note ?? 'not supported')}`);
  for (const w of r.warnings) lines.push(`  Warning: ${w}`);
  for (const q of r.requests) {
    lines.push(`  ${q.method} ${q.url} → ${q.status ?? `no answer (${q.error?.message ?? 'error'})`} (${q.durationMs} ms)${q.purpose ? ` [${q.purpose}]` : ''}`);
    if (q.response !== undefined && q.response !== null && (q.status === null || q.status >= 300)) lines.push(`      < ${JSON.stringify(q.response)}`);
  }
  return lines.join('\n');
}

/** The failure banner: category, message, one-line fix. */
export function testConnectionBanner(target: TargetLabel, r: TestConnectionResult): string {
  if (r.ok) return `Test Connection "${target.name}" succeeded: ${r.message}`;
  const category = CATEGORY_TITLE[r.category ?? ''] ?? r.category ?? 'Error';
  return `Test Connection "${target.name}" failed — ${category}: ${r.message}${r.hint ? ` Fix: ${r.hint}` : ''}`;
}

const VERB: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  disable: 'Disable',
  delete: 'Delete',
};

export function subjectOf(trace: ProvisionTrace): string {
  return trace.object.reportableIdentifier ?? trace.object.displayName ?? trace.object.id;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/**
 * The confirmation of a write, from a dry run's trace: the action, each write request exactly as
 * it would be sent, and the attribute changes.
 */
export function describeWrites(trace: ProvisionTrace, target: TargetLabel): { message: string; detail: string } {
  const writes = trace.requests.filter((r) => !r.sent);
  const verb = VERB[trace.action] ?? trace.action;
  const message = `${verb} the user ${subjectOf(trace)} in "${target.name}"?`;
  const lines = writes.map((r) => `${r.method} ${r.url}`);
  const action = trace.steps.find((s) => s.name === 'action');
  const changes = Array.isArray(action?.details.changes) ? (action!.details.changes as Array<{ attribute: string; old?: unknown; new: unknown }>) : [];
  if (changes.length) {
    lines.push('');
    for (const c of changes.slice(0, 12)) lines.push(`${c.attribute}: ${'old' in c ? `${show(c.old)} → ` : ''}${show(c.new)}`);
    if (changes.length > 12) lines.push(`… and ${changes.length - 12} more`);
  }
  lines.push('', 'Nothing has been written yet: only the match queries were sent.');
  return { message, detail: lines.join('\n') };
}
