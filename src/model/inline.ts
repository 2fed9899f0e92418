/**
 * The inline syntax of unit texts: `[^id]` footnote references, `*emphasis*`,
 * `**strong**`, and backslash escapes. Owns parsing that syntax into spans;
 * knows no output format. Everything that is not syntax is literal text, so
 * `<`, `&` and `{{` in the data print as written.
 */

export type InlineSpan =
  | { kind: 'text'; text: string; emphasis: boolean; strong: boolean }
  | { kind: 'footnote'; id: string; offset: number };

/** Characters that `\` may escape; any other backslash is printed as written. */
const ESCAPABLE = new Set(['*', '[', '\\', ']']);

export function parseInline(source: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  let emphasis = false;
  let strong = false;
  let buf = '';
  const flush = () => {
    if (buf) spans.push({ kind: 'text', text: buf, emphasis, strong });
    buf = '';
  };
  // Only markers that are closed later in the same text count as markup, so a
  // lone "*" (a footnote sign, a multiplication) stays literal.
  const closes = (from: number, marker: string): boolean => {
    for (let j = from; j < source.length; j++) {
      if (source[j] === '\\') j++;
      else if (source.startsWith(marker, j) && (marker === '**' || source[j + 1] !== '*')) return true;
    }
    return false;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length && ESCAPABLE.has(source[i + 1]!)) {
      buf += source[++i];
    } else if (c === '[' && source[i + 1] === '^') {
      const end = source.indexOf(']', i + 2);
      const id = end > 0 ? source.slice(i + 2, end) : '';
      if (end > 0 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
        flush();
        spans.push({ kind: 'footnote', id, offset: i });
        i = end;
      } else {
        buf += c;
      }
    } else if (c === '*' && source[i + 1] === '*' && (strong || closes(i + 2, '**'))) {
      flush();
      strong = !strong;
      i++;
    } else if (c === '*' && (emphasis || closes(i + 1, '*'))) {
      flush();
      emphasis = !emphasis;
    } else {
      buf += c;
    }
  }
  flush();
  return spans;
}

/** Footnote ids referenced by a text, in order. */
export function footnoteRefs(source: string): { id: string; offset: number }[] {
  return parseInline(source).flatMap((s) => (s.kind === 'footnote' ? [{ id: s.id, offset: s.offset }] : []));
}

/** The text without syntax: what a reader sees, for word counts and similarity. */
export function plainText(source: string): string {
  return parseInline(source)
    .map((s) => (s.kind === 'text' ? s.text : ''))
    .join('');
}
