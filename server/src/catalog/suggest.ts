// "Did you mean" helpers shared by the catalogue lookups and the scoping checks.

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), compared
 * case-insensitively: a casing difference alone costs nothing, since callers report casing
 * separately.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  if (!s.length) return t.length;
  if (!t.length) return s.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}

/** The largest distance still worth suggesting for a word of this length. */
export function suggestionThreshold(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}

/**
 * Up to `max` candidates close to `word`, best first (ties keep candidate order). Candidates
 * that merely contain or are contained in the word (`dept` / `department`) are not suggested
 * unless they are within the edit threshold.
 */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  if (!word) return [];
  const limit = suggestionThreshold(word);
  const scored: Array<{ name: string; d: number; i: number }> = [];
  let i = 0;
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    const d = editDistance(word, name);
    if (d <= limit && name !== word) scored.push({ name, d, i: i++ });
  }
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  return scored.slice(0, max).map((s) => s.name);
}

/** "a", "a or b", "a, b or c" — for messages. */
export function orList(items: string[], quote = '"'): string {
  const q = items.map((x) => `${quote}${x}${quote}`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
