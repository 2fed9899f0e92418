/**
 * Word recall of a rendered text against the seed extraction: the share of the
 * seed's words found in order. The seed is a text extraction of a PDF, so its
 * debris does not count: "(further in the footnote: …)" markers (the footnote
 * text itself counts, wherever the output puts it), lines holding only a page
 * number, and the party table, which the extraction wrote column by column
 * (its words count, in any order).
 */

export function tokens(text: string): string[] {
  const folded = text
    .toLowerCase()
    // Line-end hyphens were lost in the extraction ("largescale"): compare words without hyphens.
    .replace(/[-\u2010\u2011]/g, '');
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface SeedParts {
  main: string[];
  footnotes: string[][];
  table: string[];
}

const FOOTNOTE_MARK = '(further in the footnote:';

export function splitSeed(seed: string): SeedParts {
  const lines = seed.split(/\r?\n/);
  const tableStart = lines.findIndex((l) => l.trim() === 'No.');
  const tableEnd = lines.findIndex((l, i) => i > tableStart && l.trim() === '603 or 79.2 %');
  const tableText = tableStart >= 0 && tableEnd > tableStart ? lines.slice(tableStart, tableEnd + 1).join('\n') : '';
  const rest = (tableStart >= 0 && tableEnd > tableStart ? [...lines.slice(0, tableStart), ...lines.slice(tableEnd + 1)] : lines)
    .filter((l) => !/^\s*\d+\s*$/.test(l))
    .join('\n');
  const footnotes: string[][] = [];
  let main = '';
  let i = 0;
  for (;;) {
    const at = rest.indexOf(FOOTNOTE_MARK, i);
    if (at < 0) {
      main += rest.slice(i);
      break;
    }
    main += rest.slice(i, at);
    let depth = 1;
    let j = at + FOOTNOTE_MARK.length;
    for (; j < rest.length && depth > 0; j++) {
      if (rest[j] === '(') depth++;
      else if (rest[j] === ')') depth--;
    }
    // A stray footnote number of the original report sometimes leads the text ("35 This was …").
    footnotes.push(tokens(rest.slice(at + FOOTNOTE_MARK.length, j - 1).replace(/^\s*\d+\s+(?=[A-Z])/, '')));
    i = j;
  }
  return { main: tokens(main), footnotes, table: tokens(tableText) };
}

/** Length of the longest common subsequence, in O(n·m) time and O(m) memory. */
export function lcsLength(a: string[], b: string[]): number {
  const ids = new Map<string, number>();
  const id = (w: string) => {
    let v = ids.get(w);
    if (v === undefined) ids.set(w, (v = ids.size));
    return v;
  };
  const A = Int32Array.from(a, id);
  const B = Int32Array.from(b, id);
  let prev = new Int32Array(B.length + 1);
  let cur = new Int32Array(B.length + 1);
  for (let i = 1; i <= A.length; i++) {
    const ai = A[i - 1]!;
    for (let j = 1; j <= B.length; j++) {
      cur[j] = ai === B[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[B.length]!;
}

function bagMatch(words: string[], pool: string[]): number {
  const counts = new Map<string, number>();
  for (const w of pool) counts.set(w, (counts.get(w) ?? 0) + 1);
  let found = 0;
  for (const w of words) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      found++;
      counts.set(w, c - 1);
    }
  }
  return found;
}

export interface Recall {
  found: number;
  total: number;
  ratio: number;
}

export function wordRecall(seed: string, output: string): Recall {
  const parts = splitSeed(seed);
  const out = tokens(output);
  let found = lcsLength(parts.main, out);
  let total = parts.main.length;
  for (const fn of parts.footnotes) {
    found += lcsLength(fn, out);
    total += fn.length;
  }
  found += bagMatch(parts.table, out);
  total += parts.table.length;
  return { found, total, ratio: found / total };
}
