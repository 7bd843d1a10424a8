// Check Scope for User: the scoping verdict of one user — the portal's "Determine if user is in
// scope" step, each condition, each scoping filter and each clause with the user's value —
// computed without contacting any endpoint, so it works in untrusted workspaces and offline.
//
// It runs the provisioning engine itself up to its scope step, so the verdict is exactly the one
// Provision on Demand traces. The engine's SCIM client is given undici's MockAgent with network
// connections disabled and no interceptors: the first request it would send (the match query,
// after the scope step) fails inside this process, and nothing ever reaches a socket.
import { MockAgent } from 'undici';
import type { MappingModel } from '../../model/types';
import type { CheckScopeResult, ScopeCondition } from '../../protocol';
import type { SourceObject } from '../../provisioning/compute';
import { provisionUser } from '../../provisioning/engine';
import { conditionValue } from '../../provisioning/trace';
import type { TraceError, TraceStep } from '../../provisioning/trace';
import type { GroupVerdict } from '../../scoping/model';

/** Never contacted (the `.invalid` TLD cannot resolve, and the dispatcher has no network anyway). */
const OFFLINE_URL = 'https://scope-check.invalid/scim';

export interface ScopeCheckInput {
  model: MappingModel;
  users: SourceObject[];
  user: string;
  syncAll?: boolean;
}

export async function checkScopeOffline(input: ScopeCheckInput): Promise<Omit<CheckScopeResult, 'problems'>> {
  const agent = new MockAgent();
  agent.disableNetConnect();
  let steps: TraceStep[];
  let object: CheckScopeResult['object'];
  try {
    const trace = await provisionUser({
      model: input.model,
      users: input.users,
      user: input.user,
      url: OFFLINE_URL,
      // A random value: the engine redacts its token everywhere, so it must not collide with data.
      token: `offline-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`,
      dispatcher: agent,
      dryRun: true,
      syncAll: input.syncAll ?? false,
      retry: { maxConnectionRetries: 0, maxServerErrorRetries: 0, maxThrottleRetries: 0 },
    });
    steps = trace.steps.filter((s) => s.name === 'import' || s.name === 'scope');
    object = trace.object;
  } finally {
    await agent.close().catch(() => undefined);
  }
  const imported = steps.find((s) => s.name === 'import');
  const scope = steps.find((s) => s.name === 'scope');
  const failed = steps.find((s) => s.status === 'failed');
  if (failed || !scope) {
    const error: TraceError = failed?.error ?? { category: 'internal', message: 'The scope could not be determined.' };
    return { inScope: false, reason: error.message, object: imported?.status === 'success' ? object : undefined, conditions: [], filters: [], steps, error, text: `✗ ${error.message}${error.hint ? `\n  Fix: ${error.hint}` : ''}\n` };
  }
  const d = scope.details as {
    inScope: boolean;
    reason: string;
    conditions: ScopeCondition[];
    filters: GroupVerdict[];
    inputFilterGroups?: GroupVerdict[];
    categoryFilterGroups?: GroupVerdict[];
  };
  const result: Omit<CheckScopeResult, 'problems'> = {
    inScope: d.inScope,
    reason: d.reason,
    object,
    mapping: typeof imported?.details.mapping === 'string' ? imported.details.mapping : undefined,
    conditions: d.conditions,
    filters: d.filters,
    steps,
    text: '',
  };
  if (d.inputFilterGroups) result.inputFilterGroups = d.inputFilterGroups;
  if (d.categoryFilterGroups) result.categoryFilterGroups = d.categoryFilterGroups;
  result.text = formatScope(result);
  return result;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

function groupLines(title: string, groups: GroupVerdict[]): string[] {
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(`  ${g.result ? '✓' : '✗'} ${title} "${g.name}"`);
    for (const c of g.clauses) {
      const values = c.values.length ? ` ${c.values.map((v) => JSON.stringify(v)).join(', ')}` : '';
      lines.push(`      ${c.result ? '✓' : '✗'} ${c.attribute} ${c.operator}${values} (value: ${show(c.actual)})${c.note ? ` — ${c.note}` : ''}`);
    }
  }
  return lines;
}

/** The verdict as text: conditions, then each filter with its clauses. */
export function formatScope(r: Omit<CheckScopeResult, 'problems'>): string {
  const who = r.object?.reportableIdentifier ?? r.object?.displayName ?? r.object?.id ?? 'the user';
  const lines = [`User ${who}: ${r.inScope ? 'IN SCOPE' : `OUT OF SCOPE (${r.reason})`}${r.mapping ? ` of "${r.mapping}"` : ''}`];
  for (const c of r.conditions) lines.push(`  ${c.result ? '✓' : '✗'} ${c.name}: ${conditionValue(c)}`);
  lines.push(...groupLines('filter', r.filters));
  if (r.inputFilterGroups) lines.push(...groupLines('input filter', r.inputFilterGroups));
  if (r.categoryFilterGroups) lines.push(...groupLines('category filter', r.categoryFilterGroups));
  if (!r.filters.length) lines.push('  (no scoping filters: every assigned user is in scope)');
  lines.push('  No request was sent: the verdict was computed locally.');
  return lines.join('\n') + '\n';
}
