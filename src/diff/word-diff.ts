/**
 * Word-level differences between two texts (Myers' algorithm via an LCS table
 * on words, fine for paragraphs). Owns only the diff; printing is elsewhere.
 */

export type WordOp = { op: 'same' | 'insert' | 'delete'; text: string };

/** Words with the white space that follows them, so joining the parts restores the text. */
function split(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function wordDiff(oldText: string, newText: string): WordOp[] {
  const a = split(oldText);
  const b = split(newText);
  const key = (w: string) => w.trimEnd();
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = key(a[i]!) === key(b[j]!) ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const ops: WordOp[] = [];
  const push = (op: WordOp['op'], text: string) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (key(a[i]!) === key(b[j]!)) {
      push('same', b[j]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) push('delete', a[i++]!);
    else push('insert', b[j++]!);
  }
  while (i < n) push('delete', a[i++]!);
  while (j < m) push('insert', b[j++]!);
  return ops;
}

/** "[-old-]{+new+}" inline notation, as `git diff --word-diff` prints it. */
export function formatWordDiff(ops: WordOp[]): string {
  return ops.map((o) => (o.op === 'same' ? o.text : o.op === 'delete' ? `[-${o.text.trimEnd()}-]${o.text.slice(o.text.trimEnd().length)}` : `{+${o.text.trimEnd()}+}${o.text.slice(o.text.trimEnd().length)}`)).join('');
}
