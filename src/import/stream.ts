/**
 * The paragraph stream every reader produces and the recogniser consumes:
 * paragraphs of spans (italic, bold, footnote bodies at their marks), outline
 * levels, table cells and source positions (a line of a text file, a paragraph
 * number of a DOCX). Span arithmetic by plain-text offsets lives here, so the
 * recogniser can match patterns on plain text and keep the formatting.
 * Knows no input format.
 */
import { escapeInline } from '../l10n/inline-codes.js';

export interface Span {
  text: string;
  italic?: boolean;
  bold?: boolean;
  /** A footnote mark: its body (the span's own text is empty). */
  note?: Span[];
}

export interface StreamParagraph {
  spans: Span[];
  /** Line (text) or paragraph number (DOCX), 1-based. */
  at: number;
  /** Outline level of a heading: 0 title, 1–9 headings. */
  heading?: number;
  cell?: { table: number; row: number; col: number };
}

export interface ParagraphStream {
  paragraphs: StreamParagraph[];
  /** What `at` counts. */
  unit: 'line' | 'paragraph';
  /** The source carries italics (a DOCX); text extractions lost them. */
  italics: boolean;
  /** The document's own title, when the source has one (DOCX properties). */
  title?: string;
}

export function plain(spans: Span[]): string {
  let s = '';
  for (const x of spans) s += x.text;
  return s;
}

/**
 * Spans between two plain-text offsets. A footnote mark belongs to the text
 * before it: a mark at `to` is kept, a mark at `from` only when `from` is 0.
 */
export function slice(spans: Span[], from: number, to = Infinity): Span[] {
  const out: Span[] = [];
  let off = 0;
  const end = Math.min(to, plain(spans).length);
  for (const s of spans) {
    const len = s.text.length;
    if (s.note) {
      if ((off > from || from === 0) && off <= end) out.push(s);
    } else {
      const a = Math.max(from, off);
      const b = Math.min(end, off + len);
      if (b > a) out.push({ ...s, text: s.text.slice(a - off, b - off) });
    }
    off += len;
  }
  return out;
}

export function replaceRange(spans: Span[], from: number, to: number, insert: Span[]): Span[] {
  // Marks standing exactly at `to` would belong to the replaced text: they are kept after the insert.
  const atEnd = slice(spans, to, to).filter((s) => s.note);
  return [...slice(spans, 0, from), ...insert, ...atEnd, ...slice(spans, to).filter((s) => !atEnd.includes(s))];
}

/** Leading and trailing spaces removed; footnote marks stay where they are. */
export function trimSpans(spans: Span[]): Span[] {
  const out = spans.map((s) => ({ ...s }));
  for (const s of out) {
    if (s.note) continue;
    s.text = s.text.replace(/^\s+/, '');
    if (s.text) break;
  }
  for (let i = out.length - 1; i >= 0; i--) {
    const s = out[i]!;
    if (s.note) continue;
    s.text = s.text.replace(/\s+$/, '');
    if (s.text) break;
  }
  return out.filter((s) => s.note || s.text);
}

/** Share of the letters set in italics. */
export function italicShare(spans: Span[]): number {
  let all = 0;
  let it = 0;
  for (const s of spans) {
    const n = (s.text.match(/\p{L}/gu) ?? []).length;
    all += n;
    if (s.italic) it += n;
  }
  return all ? it / all : 0;
}

/**
 * Spans -> the model's inline syntax. In a finding the italics are the norm
 * and upright words are emphasis; elsewhere italics are emphasis. Footnote
 * marks become [^id] through `noteId`.
 */
export function toInline(spans: Span[], mode: 'finding' | 'text', italicsKnown: boolean, noteId: (body: Span[]) => string): string {
  let out = '';
  let em = false;
  let st = false;
  const emphasis = (s: Span) => (mode === 'finding' ? italicsKnown && !s.italic : !!s.italic);
  // A marker closes before the spaces that precede it.
  const close = (marker: string) => {
    const ws = /\s*$/.exec(out)![0];
    out = out.slice(0, out.length - ws.length) + marker + ws;
  };
  for (const s of spans) {
    if (s.note) {
      if (em) close('*'), (em = false);
      if (st) close('**'), (st = false);
      out = out.replace(/\s+$/, '');
      out += `[^${noteId(s.note)}]`;
      continue;
    }
    const text = s.text.replace(/\s+/g, ' ');
    if (!/[\p{L}\p{N}]/u.test(text)) {
      // Spaces and punctuation keep the formatting around them.
      out += escapeInline(text);
      continue;
    }
    const lead = /^\s*/.exec(text)![0];
    const trail = /\s*$/.exec(text)![0];
    const core = text.slice(lead.length, text.length - trail.length);
    const wantEm = emphasis(s);
    const wantSt = !!s.bold && mode === 'text';
    if (em && !wantEm) close('*'), (em = false);
    if (st && !wantSt) close('**'), (st = false);
    out += lead;
    if (wantSt && !st) (out += '**'), (st = true);
    if (wantEm && !em) (out += '*'), (em = true);
    out += escapeInline(core) + trail;
  }
  if (em) close('*');
  if (st) close('**');
  return out.replace(/\s+/g, ' ').trim();
}
