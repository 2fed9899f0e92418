/**
 * Inline markup of unit texts as translators' tools see it. In XLIFF 2.0 a
 * footnote reference is a placeholder <ph/> whose original text lives in
 * <originalData>, and emphasis is a paired code <pc>; CAT tools protect both.
 * In PO the inline syntax itself is the placeholder. Owns the conversion both
 * ways and the check that a returned translation kept every code.
 */
import { parseInline } from '../model/inline.js';

export interface CodeSet {
  /** Footnote ids, in order, as they must reappear. */
  footnotes: string[];
  emphasis: number;
  strong: number;
}

export function codesOf(text: string): CodeSet {
  const spans = parseInline(text);
  const footnotes = spans.flatMap((s) => (s.kind === 'footnote' ? [s.id] : []));
  let emphasis = 0;
  let strong = 0;
  let em = false;
  let st = false;
  for (const s of spans) {
    if (s.kind !== 'text') continue;
    if (s.emphasis && !em) emphasis++;
    if (s.strong && !st) strong++;
    em = s.emphasis;
    st = s.strong;
  }
  return { footnotes, emphasis, strong };
}

/** Differences between the codes of a source and of its translation, as sentences; empty when they agree. */
export function compareCodes(source: string, target: string): string[] {
  const a = codesOf(source);
  const b = codesOf(target);
  const problems: string[] = [];
  const sortedA = [...a.footnotes].sort().join(' ');
  const sortedB = [...b.footnotes].sort().join(' ');
  if (sortedA !== sortedB) {
    const missing = a.footnotes.filter((f) => !b.footnotes.includes(f));
    const extra = b.footnotes.filter((f) => !a.footnotes.includes(f));
    if (missing.length) problems.push(`footnote reference${missing.length > 1 ? 's' : ''} ${missing.map((f) => `[^${f}]`).join(', ')} missing`);
    if (extra.length) problems.push(`footnote reference${extra.length > 1 ? 's' : ''} ${extra.map((f) => `[^${f}]`).join(', ')} not in the source`);
    if (!missing.length && !extra.length) problems.push('a footnote reference appears more than once');
  }
  if (a.emphasis !== b.emphasis) problems.push(`${a.emphasis} emphasised passage(s) in the source, ${b.emphasis} in the translation`);
  if (a.strong !== b.strong) problems.push(`${a.strong} strong passage(s) in the source, ${b.strong} in the translation`);
  return problems;
}

/** Text of a span as the inline syntax writes it, escaping only what would be read as syntax. */
export function escapeInline(text: string): string {
  return text.replace(/\\(?=[*[\]\\])|\\$|\*|\[(?=\^)/g, (c) => `\\${c}`);
}

/** True when two texts read the same (same words, footnotes and emphasis), however they are escaped. */
export function sameInline(a: string, b: string): boolean {
  const canon = (t: string) => {
    const out: string[] = [];
    for (const s of parseInline(t)) {
      const key = s.kind === 'footnote' ? `\u0000fn:${s.id}\u0000` : `${s.emphasis ? 'e' : ''}${s.strong ? 's' : ''}|`;
      if (s.kind === 'text' && out.length && out[out.length - 1]!.startsWith(key)) out[out.length - 1] += s.text;
      else out.push(s.kind === 'text' ? key + s.text : key);
    }
    return out.join('\u0001');
  };
  return a === b || canon(a) === canon(b);
}
