/**
 * Reading a PDF's typesetting back with pdftotext (-bbox and -bbox-layout):
 * word gaps of justified lines, body lines per page and column, footnote
 * marks and notes, and which paragraph each line belongs to. For the
 * end-to-end typesetting tests; nothing here knows how the PDF was made
 * besides the font sizes of body text, notes and marks.
 */
import { execFileSync } from 'node:child_process';
import { requireTool } from './tools.js';
import type { ComposedDocument, LayoutNode, Run } from '../../src/compose/layout.js';

export interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface TextLine {
  words: Word[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Words joined by single spaces. */
  text: string;
}

export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

const num = Number;

/** Every word of every page, with its box (pdftotext -bbox). */
export function pdfWords(pdf: string): PageWords[] {
  requireTool('pdftotext');
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return xml
    .split('<page ')
    .slice(1)
    .map((page) => {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        x0: num(m[1]),
        y0: num(m[2]),
        x1: num(m[3]),
        y1: num(m[4]),
        text: decode(m[5]!),
      }));
      return { width: num(size[1]), height: num(size[2]), words };
    });
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export interface GapStats {
  /** Word gaps of justified lines over their line's height: median and 95th percentile. */
  p50: number;
  p95: number;
  gaps: number;
  /** Lines flush at both edges (not a block's last line), and lines that are neither flush nor last. */
  justified: number;
  ragged: number;
  inner: number;
}

/**
 * The gap figure of the typesetting issue: over lines that reach their
 * block's right edge and are not its last line (pdftotext -bbox-layout
 * blocks), each gap between words over the line's height.
 */
export function justifiedGaps(pdf: string): GapStats {
  requireTool('pdftotext');
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const gaps: number[] = [];
  let justified = 0;
  let ragged = 0;
  let inner = 0;
  for (const page of xml.split('<page ').slice(1)) {
    for (const block of page.split('<block ').slice(1)) {
      const right = num(/xMax="([\d.]+)"/.exec(block)![1]);
      const lines = block
        .split('<line ')
        .slice(1)
        .map((l) => {
          const m = /yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/.exec(l)!;
          const words = [...l.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((w) => [num(w[1]), num(w[2])] as const);
          return { y0: num(m[1]), x1: num(m[2]), y1: num(m[3]), words };
        });
      lines.forEach((l, i) => {
        if (i === lines.length - 1 || l.words.length < 2) return;
        inner++;
        if (l.x1 < right - 1) {
          ragged++;
          return;
        }
        justified++;
        const h = l.y1 - l.y0;
        for (let k = 1; k < l.words.length; k++) gaps.push((l.words[k]![0] - l.words[k - 1]![1]) / h);
      });
    }
  }
  gaps.sort((a, b) => a - b);
  const q = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] ?? 0;
  return { p50: q(0.5), p95: q(0.95), gaps: gaps.length, justified, ragged, inner };
}

/** Font sizes the PDF is set in (src/render/pdf/build.ts) times PT Serif's height (ascender + descender = 1.325 em). */
const EM = 1.325;
const NOTE_TEXT = 8.5 * EM;
/** Raised note numbers at the head of a note (8.5 pt × 0.58) are smaller than marks in the text (10 or 11 pt × 0.58). */
const NOTE_NUMBER_MAX = 7.1;
const MARK_MAX = 9.5;

export interface NotesPage {
  /** Marks in the body text, and note numbers in the footnote area, with their position. */
  marks: { n: number; x: number; y: number }[];
  notes: { n: number; x: number; y: number; firstWords: string }[];
  /** Lowest body word and highest footnote-area word on the page (undefined without). */
  bodyBottom?: number;
  notesTop?: number;
}

/** The text block's bottom: below it only the page number. */
const bottomMargin = (page: PageWords) => page.height - 57;
/** The text block's top (20 mm, styles/default.yaml): above it only the running header. */
const TOP_MARGIN = 57;
const inTextBlock = (page: PageWords, w: Word) => w.y1 <= bottomMargin(page) + 1 && w.y0 >= TOP_MARGIN - 1;

const isNoteText = (w: Word) => Math.abs(w.y1 - w.y0 - NOTE_TEXT) < 0.3;
const isDigits = (w: Word) => /^\d+$/.test(w.text);

/** Marks, notes and the boundary between body and notes, page by page. */
export function footnotePages(pages: PageWords[]): NotesPage[] {
  return pages.map((page) => {
    const inBlock = page.words.filter((w) => inTextBlock(page, w));
    const noteNumbers = inBlock.filter((w) => isDigits(w) && w.y1 - w.y0 < NOTE_NUMBER_MAX);
    const noteWords = inBlock.filter((w) => isNoteText(w));
    const marks = inBlock.filter((w) => isDigits(w) && w.y1 - w.y0 >= NOTE_NUMBER_MAX && w.y1 - w.y0 < MARK_MAX);
    const body = inBlock.filter((w) => !noteWords.includes(w) && !noteNumbers.includes(w));
    const area = [...noteWords, ...noteNumbers];
    const notes = noteNumbers.map((w) => {
      // The note's first words: note text on the number's line, to its right.
      const line = noteWords.filter((t) => t.x0 >= w.x0 && t.y0 < w.y1 && t.y1 > w.y0 && t.x0 - w.x1 < 250).sort((a, b) => a.x0 - b.x0);
      return { n: Number(w.text), x: w.x0, y: w.y0, firstWords: line.slice(0, 3).map((t) => t.text).join(' ') };
    });
    return {
      marks: marks.map((w) => ({ n: Number(w.text), x: w.x0, y: w.y0 })),
      notes,
      ...(body.length ? { bodyBottom: Math.max(...body.map((w) => w.y1)) } : {}),
      ...(area.length ? { notesTop: Math.min(...area.map((w) => w.y0)) } : {}),
    };
  });
}

/** The middle of the text block, between the columns of a parallel text (85 pt left and 43 pt right margins, src/render/page-geometry.ts). */
const columnSplit = (page: PageWords) => 85 + (page.width - 85 - 43) / 2;

/** Body lines of a page by column (one, or two split at the text block's middle), top to bottom; notes and the page number left out. */
export function bodyLines(page: PageWords, columns: 1 | 2): TextLine[][] {
  const words = page.words.filter((w) => inTextBlock(page, w) && !isNoteText(w) && !(isDigits(w) && w.y1 - w.y0 < NOTE_NUMBER_MAX));
  const mid = columnSplit(page);
  const cols = columns === 1 ? [words] : [words.filter((w) => (w.x0 + w.x1) / 2 < mid), words.filter((w) => (w.x0 + w.x1) / 2 >= mid)];
  return cols.map((ws) => {
    const lines: TextLine[] = [];
    // Words whose vertical extents overlap by more than half the smaller one share a line (raised marks included).
    for (const w of [...ws].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
      const line = lines.find((l) => Math.min(l.y1, w.y1) - Math.max(l.y0, w.y0) > 0.5 * Math.min(l.y1 - l.y0, w.y1 - w.y0));
      if (line) {
        line.words.push(w);
        line.x0 = Math.min(line.x0, w.x0);
        line.x1 = Math.max(line.x1, w.x1);
        line.y0 = Math.min(line.y0, w.y0);
        line.y1 = Math.max(line.y1, w.y1);
      } else lines.push({ words: [w], x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1, text: '' });
    }
    for (const l of lines) {
      l.words.sort((a, b) => a.x0 - b.x0);
      l.text = l.words.map((w) => w.text).join(' ');
    }
    return lines.sort((a, b) => a.y0 - b.y0);
  });
}

/** The kinds of paragraph a page must not end with. */
export type BlockKind = 'heading' | 'finding' | 'lead' | 'text';

export interface SourceBlock {
  kind: BlockKind;
  /** The text without white space, no-break hyphens as hyphens, footnote marks as their numbers. */
  text: string;
}

/** Letters as compared: no white space (spaces, no-break spaces), no soft hyphens, U+2011 as a hyphen. */
export const squeeze = (s: string) => s.replace(/[\s\u00A0\u00AD]+/g, '').replace(/\u2011/g, '-');

/**
 * The blocks of a composed document in reading order, one list per column
 * (two for a parallel text), footnote marks numbered in document order as the
 * PDF and the DOCX number them.
 */
export function sourceBlocks(doc: ComposedDocument): SourceBlock[][] {
  let n = 0;
  const text = (runs: Run[]) => squeeze(runs.map((r) => (r.kind === 'footnote' ? String(++n) : r.text)).join(''));
  const block = (node: LayoutNode): SourceBlock[] => {
    switch (node.kind) {
      case 'heading':
        return [{ kind: 'heading', text: text(node.runs) }];
      case 'paragraph': {
        const lead = node.runs.length > 0 && node.runs.every((r) => r.kind === 'text' && r.style === 'lead');
        const kind: BlockKind = lead ? 'lead' : node.style === 'finding' || node.style === 'group-lead' ? 'finding' : node.style === 'title' || node.style === 'subtitle' ? 'heading' : 'text';
        return [{ kind, text: text(node.runs) }];
      }
      case 'list':
        return node.items.map((i) => ({ kind: 'text' as const, text: text(i.runs) }));
      case 'table':
        // pdftotext reads a table row across its cells: its lines are not traced (their marks still count).
        for (const c of [...node.header, ...node.rows.flat()]) text(c.runs);
        return [];
      default:
        return [];
    }
  };
  const flat: LayoutNode[] = [];
  const walk = (nodes: LayoutNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'item' || node.kind === 'section') walk(node.children);
      else flat.push(node);
    }
  };
  walk(doc.body);
  const parallel = flat.find((f) => f.kind === 'parallel');
  if (parallel?.kind === 'parallel') {
    const cols: SourceBlock[][] = [[], []];
    if (parallel.columnLabels) parallel.columnLabels.forEach((l, i) => cols[i]!.push({ kind: 'heading', text: squeeze(l) }));
    for (const row of parallel.rows) row.cells.forEach((cell, i) => cell.forEach((c) => cols[i]!.push(...block(c))));
    return cols;
  }
  return [flat.flatMap(block)];
}

export interface PlacedLine {
  page: number;
  line: TextLine;
  /** Index of the source block the line belongs to, or -1 when not found (a table row, a list marker). */
  block: number;
  /** The line ends the block. */
  last: boolean;
}

/**
 * Assigns each body line of one column, in reading order, to the source block
 * it belongs to, by consuming the blocks' letters: a line ending in a hyphen
 * the source does not have was hyphenated there.
 */
export function placeLines(lines: { page: number; line: TextLine }[], blocks: SourceBlock[]): PlacedLine[] {
  let b = 0;
  let at = 0;
  const out: PlacedLine[] = [];
  for (const { page, line } of lines) {
    const t = squeeze(line.text);
    const candidates = [t];
    if (t.endsWith('-')) candidates.push(t.slice(0, -1));
    // A list's marker is printed by the PDF, not part of the item's text.
    const marker = /^(?:\d+\)|\d+\.|[a-z]\)|•)/.exec(t);
    if (marker) candidates.push(...candidates.map((c) => c.slice(marker[0].length)));
    let found = -1;
    let end = 0;
    search: for (let k = b; k < Math.min(blocks.length, b + 12); k++) {
      const from = k === b ? at : 0;
      for (const c of candidates) {
        if (c && blocks[k]!.text.startsWith(c, from)) {
          found = k;
          end = from + c.length;
          break search;
        }
      }
    }
    if (found < 0) {
      out.push({ page, line, block: -1, last: false });
      continue;
    }
    b = found;
    at = end;
    const last = at >= blocks[b]!.text.length;
    out.push({ page, line, block: b, last });
    if (last) {
      b++;
      at = 0;
    }
  }
  return out;
}
