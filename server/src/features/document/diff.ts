// Minimal edits between two texts, for formatting: a line diff (Myers' O(ND) algorithm, bounded;
// one edit for the changed middle when the texts differ too much), each hunk then narrowed to
// the characters that differ, so the editor keeps cursors and folding where nothing changed.

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Lines with their line breaks. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Edit script as matched pairs (i in a, j in b), in order; undefined when D exceeds `maxD`. */
function myers(a: string[], b: string[], maxD: number): [number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds V after step d for k in [-d, d] (memory O(D²), not O(D·(N+M)))
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxD); d++) {
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
      else x = v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, n, m);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return undefined;
}

function backtrack(trace: Int32Array[], n: number, m: number): [number, number][] {
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number) => prev[k + d - 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    pairs.push([x, y]);
  }
  return pairs.reverse();
}

/** Narrows a replacement to the characters that differ. */
function narrow(oldText: string, newText: string, start: number): OffsetEdit | undefined {
  if (oldText === newText) return undefined;
  let p = 0;
  const max = Math.min(oldText.length, newText.length);
  while (p < max && oldText[p] === newText[p]) p++;
  let s = 0;
  while (s < max - p && oldText[oldText.length - 1 - s] === newText[newText.length - 1 - s]) s++;
  // keep surrogate pairs whole
  if (p > 0 && /[\ud800-\udbff]/.test(oldText[p - 1])) p--;
  if (s > 0 && /[\udc00-\udfff]/.test(oldText[oldText.length - s])) s--;
  return { start: start + p, end: start + oldText.length - s, newText: newText.slice(p, newText.length - s) };
}

/** Edits that turn `a` into `b` (offsets into `a`), in document order, non-overlapping. */
export function diffEdits(a: string, b: string, maxD = 2000): OffsetEdit[] {
  if (a === b) return [];
  const la = splitLines(a);
  const lb = splitLines(b);
  let pre = 0;
  while (pre < la.length && pre < lb.length && la[pre] === lb[pre]) pre++;
  let suf = 0;
  while (suf < la.length - pre && suf < lb.length - pre && la[la.length - 1 - suf] === lb[lb.length - 1 - suf]) suf++;
  const ma = la.slice(pre, la.length - suf);
  const mb = lb.slice(pre, lb.length - suf);
  const starts: number[] = [];
  let off = 0;
  for (let i = 0; i < pre; i++) off += la[i].length;
  for (const l of ma) {
    starts.push(off);
    off += l.length;
  }
  starts.push(off);
  const edits: OffsetEdit[] = [];
  const hunk = (i1: number, i2: number, j1: number, j2: number) => {
    if (i1 === i2 && j1 === j2) return;
    const e = narrow(ma.slice(i1, i2).join(''), mb.slice(j1, j2).join(''), starts[i1]);
    if (e) edits.push(e);
  };
  const pairs = myers(ma, mb, maxD);
  if (!pairs) {
    hunk(0, ma.length, 0, mb.length);
    return edits;
  }
  let i = 0;
  let j = 0;
  for (const [x, y] of pairs) {
    hunk(i, x, j, y);
    i = x + 1;
    j = y + 1;
  }
  hunk(i, ma.length, j, mb.length);
  return edits;
}

/** Applies non-overlapping offset edits. Linear in the text and the edits. */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  if (!edits.length) return text;
  const sorted = edits.slice().sort((x, y) => x.start - y.start || x.end - y.end);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    parts.push(text.slice(at, e.start), e.newText);
    at = Math.max(at, e.end);
  }
  parts.push(text.slice(at));
  return parts.join('');
}
