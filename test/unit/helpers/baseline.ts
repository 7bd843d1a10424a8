// Baseline (snapshot) files for unit tests: compare generated text with a checked-in file, or
// rewrite the file when BASELINE_RECORD=true. On a mismatch the generated text is written next to
// the baseline as `<file>.actual` and the assertion shows a line diff.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export const RECORD = process.env.BASELINE_RECORD === 'true';

/** LF line endings and exactly one trailing newline. */
export function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n*$/, '\n');
}

/** A line diff (`-` baseline, `+` actual) with two lines of context around each change. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // LCS table (baselines are small).
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows: { op: ' ' | '-' | '+'; line: string; at: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      rows.push({ op: ' ', line: a[i], at: i + 1 });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      rows.push({ op: '-', line: a[i], at: i + 1 });
      i++;
    } else {
      rows.push({ op: '+', line: b[j], at: i + 1 });
      j++;
    }
  }
  const keep = rows.map((_, k) => rows.slice(Math.max(0, k - 2), k + 3).some((x) => x.op !== ' '));
  const out: string[] = [];
  let skipped = false;
  rows.forEach((r, k) => {
    if (!keep[k]) {
      if (!skipped) out.push('  ...');
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`${r.op} ${String(r.at).padStart(4)} | ${r.line}`);
  });
  return out.join('\n');
}

/**
 * Compares `actual` with the baseline file (CRLF-insensitive). With BASELINE_RECORD=true the file
 * is (re)written instead. A stale `.actual` file is removed when the baseline matches.
 */
export function assertBaseline(file: string, actual: string): void {
  const text = normalise(actual);
  const actualFile = `${file}.actual`;
  if (RECORD) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (existsSync(actualFile)) rmSync(actualFile);
    return;
  }
  const shown = relative(process.cwd(), file);
  if (!existsSync(file)) {
    writeFileSync(actualFile, text);
    assert.fail(`baseline ${shown} does not exist; wrote ${shown}.actual. Review it, then run with BASELINE_RECORD=true.`);
  }
  const expected = normalise(readFileSync(file, 'utf8'));
  if (expected === text) {
    if (existsSync(actualFile)) rmSync(actualFile);
    return;
  }
  writeFileSync(actualFile, text);
  assert.fail(
    `baseline ${shown} differs (actual output written to ${shown}.actual; BASELINE_RECORD=true rewrites the baseline):\n${lineDiff(expected, text)}`,
  );
}
