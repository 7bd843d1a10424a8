import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODES, codeHref, CodeInfo } from '../../server/src/diagnostics/codes';

const SEVERITY = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' } as const;

describe('docs/diagnostics.md and the codes table', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'diagnostics.md'), 'utf8').replace(/\r\n/g, '\n');
  const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  const all = CODES as Record<string, CodeInfo>;
  // The expression families (EPX0xx syntax, EPX1xx semantics) must be complete; other families
  // are documented by their owners and checked here once they have sections.
  const documentedFamilies = new Set(['EPX', ...headings.map((h) => h.slice(0, 3))]);
  const table = Object.fromEntries(Object.entries(all).filter(([code]) => documentedFamilies.has(code.slice(0, 3))));

  it('documents every code of each documented family, once, in table order', () => {
    assert.deepEqual(headings, Object.keys(table));
  });

  it('documents no code that is not in the table', () => {
    for (const h of headings) assert.ok(all[h], `## ${h} is not a code in diagnostics/codes.ts`);
  });

  it('states each code\'s title and severity as the table does', () => {
    for (const [code, info] of Object.entries(table)) {
      const section = doc.slice(doc.indexOf(`## ${code}\n`));
      const firstLine = section.split('\n').slice(1).find((l) => l.trim() !== '');
      assert.equal(firstLine, `**${info.title}** · ${SEVERITY[info.severity]}`, code);
    }
  });

  it('each section says what triggers the code and how to fix it', () => {
    for (const code of Object.keys(table)) {
      const start = doc.indexOf(`## ${code}\n`);
      const next = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, next < 0 ? undefined : next);
      assert.match(section, /\nFix: /, `${code} has no "Fix:" paragraph`);
    }
  });

  it('links resolve to the heading anchors', () => {
    assert.equal(codeHref('EPX101'), 'https://github.com/entramap/entramap/blob/main/docs/diagnostics.md#epx101');
  });
});
