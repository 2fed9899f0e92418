/**
 * "Did you mean" suggestions: the nearest candidate by edit distance, when it
 * is near enough to be a plausible typo. Owns no knowledge of what is suggested.
 */

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Nearest candidate, or undefined when none is within a third of the word's length (at least 2 edits). */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(w.length / 3));
  return bestDistance <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const n = nearest(word, candidates);
  return n === undefined ? undefined : `did you mean ‘${n}’?`;
}

/** True when `a` becomes `b` by swapping two neighbouring letters ("pfd" and "pdf"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/**
 * "Did you mean" for a short closed list of codes (formats, annexes, note
 * places): only a one-letter slip or two letters swapped. In words of three or
 * four letters two edits reach anything — ‘odt’ is not a typo of ‘pdf’.
 */
export function didYouMeanChoice(word: string, choices: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  for (const c of choices) {
    const l = c.toLowerCase();
    if (editDistance(w, l) <= 1 || swapped(w, l)) return `did you mean ‘${c}’?`;
  }
  return undefined;
}
