/**
 * Plain-text responses (a text extraction of a PDF, Word's "Save as text",
 * a file typed by hand) -> the paragraph stream. Hard-wrapped lines are joined
 * into paragraphs: a line that starts with a structural marker (an item
 * number, a lead-in, a verdict, a heading) starts a new one, and a short line
 * that ends a sentence ends one; in a file with one paragraph per line, every
 * line is a paragraph. Lines holding only a page number are dropped and
 * reported. Knows nothing of the document's structure beyond where
 * paragraphs begin; the recogniser does the rest.
 */
import type { Locales } from '../compose/i18n.js';
import { loadLexicons } from './lexicon.js';
import { recognise, type ImportWarning, type ImportedDocument } from './recognise.js';
import type { ParagraphStream, StreamParagraph } from './stream.js';
import { VerdictClassifier } from './verdict.js';

export type { ImportCounts, ImportWarning, ImportedDocument, PrintedText } from './recognise.js';
export { instrumentsData, parseCommitments, type Instrument } from './commitments.js';

const SENTENCE_END = /[.:;!?”»")]$/;

/** Does a line start a paragraph of its own, whatever came before? */
export type BoundaryTest = (line: string) => 'alone' | 'verdict' | 'start' | undefined;

function openParens(s: string): number {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')') d--;
  }
  return d;
}

export function textStream(text: string, boundary: BoundaryTest, warnings: ImportWarning[]): ParagraphStream {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const nonEmpty = raw.map((l) => l.trim()).filter(Boolean);
  const lengths = nonEmpty.map((l) => l.length).filter((n) => n > 40).sort((a, b) => a - b);
  const width = lengths[Math.floor(lengths.length * 0.6)] ?? 90;
  // Word's "Save as text" and typed files: one paragraph per line, lines far longer than any page.
  // Hard-wrapped text breaks lines inside sentences; typed text ends nearly every line with one.
  const longLines = nonEmpty.filter((l) => l.length > 60);
  const ended = longLines.filter((l) => SENTENCE_END.test(l)).length;
  const onePerLine = nonEmpty.length > 0 && (nonEmpty.filter((l) => l.length > 160).length / nonEmpty.length > 0.15 || (longLines.length >= 3 && ended / longLines.length >= 0.85));
  const out: StreamParagraph[] = [];
  let cur: { text: string; at: number } | undefined;
  let prevLen = 0;
  const debris: number[] = [];
  const flush = () => {
    if (cur && cur.text.trim()) out.push({ spans: [{ text: cur.text.trim() }], at: cur.at });
    cur = undefined;
  };
  raw.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t === '') {
      if (cur && (!/\((?:further in the footnote|далее в сноске|сілтемеде)/iu.test(cur.text) || openParens(cur.text) <= 0)) flush();
      return;
    }
    // A page number alone on a line is debris of the PDF.
    if (/^\d{1,3}$/.test(t)) {
      debris.push(n);
      return;
    }
    const kind = boundary(t);
    const startsNew = onePerLine || kind !== undefined || !cur || (SENTENCE_END.test(cur.text.trimEnd()) && prevLen < width * 0.8 && openParens(cur.text) <= 0);
    if (startsNew) {
      flush();
      cur = { text: t, at: n };
    } else if (cur) {
      // A word split at a line end keeps its hyphen; otherwise lines join with a space.
      cur.text = /[A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]-$/.test(cur.text) ? cur.text + t : `${cur.text} ${t}`;
    }
    prevLen = t.length;
    // A verdict line ends its paragraph unless its note runs on to the next line.
    if (kind === 'alone' || (kind === 'verdict' && SENTENCE_END.test(t))) {
      flush();
      prevLen = 0;
    }
  });
  flush();
  if (debris.length) warnings.push({ line: debris[0]!, message: `${debris.length} line(s) holding only a number were dropped as page numbers (lines ${debris.join(', ')})` });
  return { paragraphs: out, unit: 'line', italics: false };
}

export interface TextImportOptions {
  id: string;
  /** Detected from the text when absent. */
  lang?: string;
  locales: Locales;
  localesDir: string;
  /** The file name without extension (the title when the text has none). */
  name?: string;
}

/** The structural markers a line can start with, for joining hard-wrapped lines. */
export function textBoundaries(localesDir: string, locales: Locales): BoundaryTest {
  const lexicons = loadLexicons(localesDir);
  const classifier = new VerdictClassifier(lexicons);
  const leads = lexicons.flatMap((l) => l.lead);
  const closing = lexicons.map((l) => l.closing);
  const headings = lexicons.flatMap((l) => [l.sections.positive, l.sections.critical, l.sections.recommendations]);
  void locales;
  return (t) => {
    if (/^\d{1,3}\.$/.test(t)) return 'alone';
    if (t.length < 60 && headings.some((h) => h.test(t.replace(/[.:]$/, '')))) return 'alone';
    if (/^[АAБBВCЕE]\.\s+\S/u.test(t) && t.length < 60 && !/[.:;]$/.test(t)) return 'alone';
    if (t.length < 200) {
      const r = classifier.classify(t);
      if (r.code && r.confidence === 'high' && /^\p{Lu}/u.test(t)) return 'verdict';
    }
    if (leads.some((re) => re.test(t))) return 'start';
    if (closing.some((re) => re.test(t))) return 'start';
    if (/^\d{1,3}\s*(?:\([a-zа-яәғқңөұүһі]\)\s*\.?|\.)\s+\S/u.test(t)) return 'start';
    if (/^\([a-zа-яәғқңөұүһі]\)\s+\S/u.test(t)) return 'start';
    if (/^\d{1,2}\)\s+\S/.test(t)) return 'start';
    return undefined;
  };
}

export function importText(source: string, o: TextImportOptions): ImportedDocument {
  const warnings: ImportWarning[] = [];
  const stream = textStream(source, textBoundaries(o.localesDir, o.locales), warnings);
  const result = recognise(stream, { id: o.id, ...(o.lang ? { lang: o.lang } : {}), locales: o.locales, localesDir: o.localesDir, name: o.name ?? o.id });
  result.warnings.unshift(...warnings);
  return result;
}
