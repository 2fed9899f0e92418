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
  return scanInline(source);
}

/** A marker that opens or closes emphasis (`*`) or strong (`**`) at `offset`. */
interface Toggle {
  marker: 'emphasis' | 'strong';
  opens: boolean;
  offset: number;
}

/** Whether a character may begin syntax: a backslash, an opening bracket, an asterisk. */
const maySyntax = (code: number) => code === 0x5c || code === 0x5b || code === 0x2a;

function scanInline(source: string, onToggle?: (t: Toggle) => void): InlineSpan[] {
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
      onToggle?.({ marker: 'strong', opens: strong, offset: i });
      i++;
    } else if (c === '*' && (emphasis || closes(i + 1, '*'))) {
      flush();
      emphasis = !emphasis;
      onToggle?.({ marker: 'emphasis', opens: emphasis, offset: i });
    } else if (maySyntax(source.charCodeAt(i))) {
      buf += c;
    } else {
      // The literal run up to the next character that may be syntax, in one
      // piece: a string grown by one character at a time was most of what
      // reading a document allocated.
      let j = i + 1;
      while (j < source.length && !maySyntax(source.charCodeAt(j))) j++;
      buf += source.slice(i, j);
      i = j - 1;
    }
  }
  flush();
  return spans;
}

/** Footnote ids referenced by a text, in order. */
export function footnoteRefs(source: string): { id: string; offset: number }[] {
  if (!source.includes('[^')) return [];
  return parseInline(source).flatMap((s) => (s.kind === 'footnote' ? [{ id: s.id, offset: s.offset }] : []));
}

/** The text without syntax: what a reader sees, for word counts and similarity. */
export function plainText(source: string): string {
  return parseInline(source)
    .map((s) => (s.kind === 'text' ? s.text : ''))
    .join('');
}

export interface InlineProblem {
  offset: number;
  message: string;
  hint: string;
}

/**
 * Emphasis that does not nest: `*a **b* c**` closes the emphasis inside the
 * strong passage (crossed), `**a *b**` leaves an emphasis open. Either reads
 * differently in every tool; the writers need passages inside one another.
 */
export function inlineProblems(source: string): InlineProblem[] {
  const problems: InlineProblem[] = [];
  const open: Toggle[] = [];
  const name = (m: Toggle['marker']) => (m === 'strong' ? 'strong (**)' : 'emphasis (*)');
  scanInline(source, (t) => {
    if (t.opens) {
      open.push(t);
      return;
    }
    const at = open.map((o) => o.marker).lastIndexOf(t.marker);
    const inner = open[open.length - 1];
    if (inner && inner.marker !== t.marker && problems.length === 0) {
      problems.push({
        offset: t.offset,
        message: `${name(t.marker)} opened at offset ${open[at]?.offset ?? 0} closes at offset ${t.offset} inside the ${name(inner.marker)} opened at offset ${inner.offset}: the two cross`,
        hint: 'close the inner passage first, e.g. *a **b** c* instead of *a **b* c**; escape a literal star as \\*',
      });
    }
    if (at >= 0) open.splice(at, 1);
  });
  if (problems.length === 0 && open.length > 0) {
    const o = open[0]!;
    problems.push({
      offset: o.offset,
      message: `${name(o.marker)} opened at offset ${o.offset} is never closed`,
      hint: 'close it, or escape a literal star as \\*',
    });
  }
  return problems;
}
