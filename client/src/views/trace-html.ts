// The trace view's HTML: the provisioning trace (import, scope, match, compute, action; every
// request with its response) or a scope check, as one self-contained page. Strict CSP: no
// remote or local resources at all, one inline style and one inline script, both carrying the
// page's nonce; colours come from VS Code's theme variables. Every value is HTML-escaped. The
// trace is already redacted by the engine (and the server scrubs the token), so bodies are shown
// as they come, pretty-printed.
//
// No `vscode` import: unit-tested in plain Node (test/unit/trace-html.test.ts).
import type { CheckScopeResult, GroupVerdict, ProvisionTrace, TraceStep } from '../../../server/src/protocol';
// the wording of the text trace (type imports only: it adds a few KB to this lazily loaded page)
import { conditionValue } from '../../../server/src/provisioning/trace';

export type TraceViewModel =
  | { kind: 'provision'; trace: ProvisionTrace; target?: string }
  | { kind: 'scope'; result: CheckScopeResult; mapping?: string };

export interface PageOptions {
  /** A fresh random nonce per render. */
  nonce: string;
}

const STEP_TITLE: Record<string, string> = {
  import: 'Import user',
  scope: 'Determine if user is in scope',
  match: 'Match user between source and target system',
  compute: 'Compute attributes',
  action: 'Perform action',
};

const MARK: Record<string, string> = { success: '✓', failed: '✗', skipped: '–' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function json(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

function pretty(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function mark(ok: boolean): string {
  return ok ? '<span class="ok">✓</span>' : '<span class="bad">✗</span>';
}

function table(head: string[], rows: string[][]): string {
  if (!rows.length) return '';
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function code(value: unknown): string {
  return `<code>${escapeHtml(json(value))}</code>`;
}

function groups(title: string, list: GroupVerdict[] | undefined): string {
  if (!list?.length) return '';
  return list
    .map(
      (g) =>
        `<div class="filter">${mark(g.result)} ${escapeHtml(title)} <strong>${escapeHtml(g.name)}</strong>${table(
          ['', 'Attribute', 'Operator', 'Values', 'User\'s value', 'Note'],
          g.clauses.map((c) => [mark(c.result), escapeHtml(c.attribute), escapeHtml(c.operator), escapeHtml(c.values.map((v) => JSON.stringify(v)).join(', ')), code(c.actual), escapeHtml(c.note ?? '')]),
        )}</div>`,
    )
    .join('');
}

function stepBody(step: TraceStep): string {
  const d = step.details ?? {};
  const parts: string[] = [];
  switch (step.name) {
    case 'import': {
      const attrs = d.attributes && typeof d.attributes === 'object' ? Object.entries(d.attributes as Record<string, unknown>) : [];
      if (d.mapping) parts.push(`<p>Object mapping: <strong>${escapeHtml(d.mapping)}</strong></p>`);
      parts.push(table(['Source attribute', 'Value'], attrs.map(([k, v]) => [escapeHtml(k), code(v)])));
      break;
    }
    case 'scope': {
      const conditions = Array.isArray(d.conditions) ? (d.conditions as Array<{ name: string; value: unknown; result: boolean }>) : [];
      parts.push(table(['', 'Condition', 'Value'], conditions.map((c) => [mark(c.result), escapeHtml(c.name), escapeHtml(conditionValue(c))])));
      parts.push(groups('Scoping filter', d.filters as GroupVerdict[] | undefined));
      parts.push(groups('Input filter', d.inputFilterGroups as GroupVerdict[] | undefined));
      parts.push(groups('Category filter', d.categoryFilterGroups as GroupVerdict[] | undefined));
      if (Array.isArray(d.filters) && !d.filters.length) parts.push('<p class="muted">No scoping filters: every assigned user is in scope.</p>');
      break;
    }
    case 'match': {
      const attempts = Array.isArray(d.attempts) ? (d.attempts as Array<Record<string, unknown>>) : [];
      parts.push(
        table(
          ['Priority', 'Target attribute', 'Value', 'Result'],
          attempts.map((a) => {
            const found = a.found === undefined ? escapeHtml(a.note ?? 'not queried') : a.found === 0 ? 'no match' : a.found === 1 ? `matched <code>${escapeHtml((a.ids as string[])?.[0])}</code>` : `${escapeHtml(a.found)} matches`;
            return [escapeHtml(a.priority ?? ''), escapeHtml(a.targetAttribute), code(a.value), found];
          }),
        ),
      );
      const matched = d.matched as { id?: string; resource?: unknown } | null | undefined;
      if (matched?.resource !== undefined) parts.push(`<details><summary>Matched target object</summary><pre>${escapeHtml(pretty(matched.resource))}</pre></details>`);
      break;
    }
    case 'compute': {
      const mappings = Array.isArray(d.mappings) ? (d.mappings as Array<Record<string, unknown>>) : [];
      parts.push(
        table(
          ['Target attribute', 'Expression', 'Inputs', 'Value', 'Flow'],
          mappings.map((m) => {
            const inputs = m.inputs && typeof m.inputs === 'object' ? Object.entries(m.inputs as Record<string, unknown>) : [];
            const flow = `${m.flows ? '<span class="ok">→ flows</span>' : '<span class="muted">· does not flow</span>'}${m.reason ? `<div class="muted">${escapeHtml(m.reason)}</div>` : ''}${
              m.flowType && m.flowType !== 'Always' ? `<div class="muted">${escapeHtml(m.flowType)}</div>` : ''
            }`;
            return [
              `<code>${escapeHtml(m.target)}</code>${m.matching ? ` <span class="tag">match ${escapeHtml(m.matching)}</span>` : ''}`,
              m.expression === null || m.expression === undefined ? '<span class="muted">(none)</span>' : `<code>${escapeHtml(m.expression)}</code>`,
              inputs.map(([k, v]) => `<div><code>[${escapeHtml(k)}]</code> = ${code(v)}</div>`).join(''),
              code(m.value),
              flow,
            ];
          }),
        ),
      );
      break;
    }
    case 'action': {
      const changes = Array.isArray(d.changes) ? (d.changes as Array<{ attribute: string; old?: unknown; new: unknown }>) : [];
      parts.push(table(['Attribute', 'Before', 'After'], changes.map((c) => [`<code>${escapeHtml(c.attribute)}</code>`, 'old' in c ? code(c.old) : '', code(c.new)])));
      break;
    }
  }
  if (step.error) {
    parts.push(`<div class="error"><strong>${escapeHtml(step.error.category)}</strong>: ${escapeHtml(step.error.message)}${step.error.hint ? `<div class="hint">Fix: ${escapeHtml(step.error.hint)}</div>` : ''}</div>`);
  }
  return parts.join('');
}

function stepHtml(step: TraceStep): string {
  return `<details class="step ${escapeHtml(step.status)}" data-step="${escapeHtml(step.name)}" open><summary><span class="mark ${escapeHtml(step.status)}">${MARK[step.status] ?? '?'}</span> <strong>${escapeHtml(
    STEP_TITLE[step.name] ?? step.name,
  )}</strong> — ${escapeHtml(step.summary)}</summary><div class="body">${stepBody(step)}</div></details>`;
}

function requestsHtml(trace: ProvisionTrace): string {
  if (!trace.requests.length) return '';
  const items = trace.requests.map((r) => {
    const outcome = !r.sent
      ? '<span class="tag dry">NOT SENT (dry run)</span>'
      : r.status !== null
        ? `<span class="${r.status < 400 ? 'ok' : 'bad'}">${escapeHtml(r.status)}</span>`
        : `<span class="bad">no answer: ${escapeHtml(r.error?.message ?? 'error')}</span>`;
    const body = r.body !== null ? `<div class="label">Request body</div><pre>${escapeHtml(pretty(r.body))}</pre>` : '';
    const response = r.sent && r.response !== null ? `<div class="label">Response</div><pre>${escapeHtml(pretty(r.response))}</pre>` : '';
    const meta = [r.purpose, `${r.durationMs} ms`, r.attempt > 1 ? `attempt ${r.attempt}` : undefined, r.note].filter(Boolean).map((x) => escapeHtml(x)).join(' · ');
    return `<details class="request${r.sent ? '' : ' unsent'}"><summary><strong>${escapeHtml(r.method)}</strong> <code>${escapeHtml(r.url)}</code> → ${outcome} <span class="muted">${meta}</span></summary><div class="body">${body}${response}${
      !body && !response ? '<p class="muted">No body.</p>' : ''
    }</div></details>`;
  });
  return `<h2>Requests (${trace.requests.length})</h2>${items.join('')}`;
}

function outcomeOf(trace: ProvisionTrace): { text: string; ok: boolean } {
  if (trace.completed) return { text: `${trace.action.toUpperCase()}${trace.reason ? ` (${trace.reason})` : ''}`, ok: true };
  const failed = trace.steps.find((s) => s.status === 'failed');
  return { text: `FAILED at ${failed ? (STEP_TITLE[failed.name] ?? failed.name).toLowerCase() : 'an unknown step'}`, ok: false };
}

function provisionBody(trace: ProvisionTrace, target?: string): { title: string; html: string } {
  const who = trace.object.reportableIdentifier ?? trace.object.displayName ?? trace.object.id;
  const outcome = outcomeOf(trace);
  const html = [
    `<h1>Provision on Demand: ${escapeHtml(who)}${target ? ` <span class="muted">→ ${escapeHtml(target)}</span>` : ''}</h1>`,
    `<p class="outcome ${outcome.ok ? 'ok' : 'bad'}" data-action="${escapeHtml(trace.action)}">${escapeHtml(outcome.text)}</p>`,
    trace.dryRun ? '<p class="banner dry" data-dry-run="true">Dry run: nothing was written. Requests marked NOT SENT were only built.</p>' : '',
    `<p class="muted">${escapeHtml(trace.object.type)} ${escapeHtml(trace.object.id)}${trace.targetId ? ` · target id ${escapeHtml(trace.targetId)}` : ''} · ${escapeHtml(trace.startedAt)} · ${escapeHtml(trace.durationMs)} ms</p>`,
    trace.steps.map(stepHtml).join(''),
    trace.warnings.length ? `<h2>Warnings</h2><ul>${trace.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '',
    requestsHtml(trace),
  ].join('\n');
  return { title: `Provision on Demand: ${who}`, html };
}

function scopeBody(result: CheckScopeResult, mapping?: string): { title: string; html: string } {
  const who = result.object?.reportableIdentifier ?? result.object?.displayName ?? result.object?.id ?? 'user';
  const verdict = result.error ? `No verdict: ${result.error.message}` : result.inScope ? 'IN SCOPE' : `OUT OF SCOPE (${result.reason})`;
  const html = [
    `<h1>Scope check: ${escapeHtml(who)}${mapping ? ` <span class="muted">in ${escapeHtml(mapping)}</span>` : ''}</h1>`,
    `<p class="outcome ${result.inScope ? 'ok' : 'bad'}">${escapeHtml(verdict)}</p>`,
    '<p class="muted">Computed locally: no request was sent.</p>',
    result.steps.map(stepHtml).join(''),
    result.error && !result.steps.length ? `<div class="error">${escapeHtml(result.error.message)}${result.error.hint ? `<div class="hint">${escapeHtml(result.error.hint)}</div>` : ''}</div>` : '',
  ].join('\n');
  return { title: `Scope check: ${who}`, html };
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; line-height: 1.45; }
h1 { font-size: 1.3em; margin: 16px 0 4px; } h2 { font-size: 1.1em; margin: 20px 0 6px; }
.toolbar { position: sticky; top: 0; padding: 8px 0; background: var(--vscode-editor-background); display: flex; gap: 8px; border-bottom: 1px solid var(--vscode-panel-border); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.ok, .mark.success { color: var(--vscode-testing-iconPassed); }
.bad, .mark.failed { color: var(--vscode-testing-iconFailed); }
.mark.skipped, .muted { color: var(--vscode-descriptionForeground); }
.outcome { font-weight: bold; font-size: 1.1em; margin: 4px 0; }
.banner { padding: 6px 10px; border-left: 4px solid var(--vscode-editorWarning-foreground); background: var(--vscode-textBlockQuote-background); }
.tag { font-size: 0.85em; padding: 0 6px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.tag.dry { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
details { margin: 6px 0; border: 1px solid var(--vscode-panel-border); border-radius: 3px; }
details > summary { padding: 4px 8px; cursor: pointer; }
details .body { padding: 4px 12px 8px; overflow-x: auto; }
details.request.unsent { border-style: dashed; }
table { border-collapse: collapse; margin: 6px 0; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-all; }
.label { color: var(--vscode-descriptionForeground); margin-top: 6px; }
.error { margin: 6px 0; padding: 6px 10px; border-left: 4px solid var(--vscode-testing-iconFailed); background: var(--vscode-inputValidation-errorBackground); }
.hint { margin-top: 4px; white-space: pre-wrap; }
.filter { margin: 8px 0; }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
for (const button of document.querySelectorAll('button[data-command]')) {
  button.addEventListener('click', () => vscode.postMessage({ type: button.dataset.command }));
}
`;

/** The page for a trace or a scope check. */
export function renderTracePage(model: TraceViewModel, options: PageOptions): { title: string; html: string } {
  const body = model.kind === 'provision' ? provisionBody(model.trace, model.target) : scopeBody(model.result, model.mapping);
  const nonce = escapeHtml(options.nonce);
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(body.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div class="toolbar"><button data-command="copy" id="copy">Copy as JSON</button><button data-command="showLog" id="show-log" class="secondary">Show Log</button></div>
${body.html}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
  return { title: body.title, html };
}
