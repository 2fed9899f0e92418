/**
 * Block tree -> pdfmake document definition. Pure: plain objects, no pdfmake,
 * no I/O, so tests assert on structure.
 * Supports: title, subtitle, headings 1–3 (with PDF outline entries), every
 * paragraph style of compose/layout.ts, runs (italic quotes, upright
 * references, bold lead-ins, emphasis, strong, shaded draft text), lists,
 * tables with a repeated header row, parallel two-language tables (one row per
 * unit pair, rows may break across pages), page numbers, a draft mark.
 * Footnotes: each mark carries its note for the footnote area
 * (footnote-area.ts), which prints it at the foot of the mark's page;
 * `notes: 'item-end'` prints each item's notes after it instead. Notes are
 * numbered as in the DOCX: one sequence in document order.
 * Typesetting: text is hyphenated (src/render/typeset) except references,
 * numbers and labels; headings, lead-ins, findings and item numbers are kept
 * with what follows (`keepWithNext`, rows of a parallel text in
 * `keepRowsWithNext`), which the page-break patch (page-breaks.ts) honours.
 */
import type { ComposedDocument, LayoutNode, ListMarker, ParagraphStyle, Run, TextRun } from '../../compose/layout.js';
import { PAGE, mmToPt, pdfPageMargins, pdfTextWidth } from '../page-geometry.js';
import { hyphenate, prepareHyphenation } from '../typeset/hyphenate.js';
import type { FootnoteAreaShape, FootnoteMark } from './footnote-area.js';
import { documentKeptWithNext } from '../typeset/keep-with-next.js';

export const PDF_FONT = 'PTSerif';

export type PdfContent = Record<string, unknown> | string;

/** Where notes are printed: at the foot of the page that cites them (as Word does), or gathered after each item. */
export type NotePlacement = 'page-foot' | 'item-end';
export const NOTE_PLACEMENTS: readonly NotePlacement[] = ['page-foot', 'item-end'];

export interface PdfOptions {
  notes?: NotePlacement;
}

interface Notes {
  n: number;
  pending: { n: number; runs: TextRun[]; lang: string }[];
}

/** Character styles never hyphenated: report references, item numbers, labels. */
const UNHYPHENATED = new Set(['ref', 'number', 'label']);

const PARAGRAPH_STYLES: Record<ParagraphStyle, string> = {
  title: 'title',
  subtitle: 'subtitle',
  body: 'body',
  intro: 'body',
  finding: 'finding',
  standpoint: 'body',
  commitment: 'body',
  verdict: 'verdict',
  quotation: 'quotation',
  closing: 'closing',
  abbreviation: 'abbreviation',
  'group-lead': 'finding',
};

/** The texts of the tree, by language: hyphenated together before the build (one call per language). */
function collectTexts(nodes: LayoutNode[], lang: string, out: Map<string, string[]>): void {
  const add = (l: string, runs: Run[]) => {
    let list = out.get(l);
    if (!list) out.set(l, (list = []));
    for (const r of runs) {
      if (r.kind === 'footnote') for (const f of r.runs) list.push(f.text);
      else if (!r.style || !UNHYPHENATED.has(r.style)) list.push(r.text);
    }
  };
  for (const n of nodes) {
    const l = ('lang' in n && n.lang) || lang;
    switch (n.kind) {
      case 'paragraph':
      case 'heading':
        add(l, n.runs);
        break;
      case 'list':
        for (const i of n.items) add(l, i.runs);
        break;
      case 'table':
        for (const c of [...n.header, ...n.rows.flat()]) add(l, c.runs);
        break;
      case 'item':
      case 'section':
        collectTexts(n.children, l, out);
        break;
      case 'parallel':
        for (const row of n.rows) row.cells.forEach((cell, side) => collectTexts(cell, n.langs[side]!, out));
        break;
    }
  }
}

function plainRuns(runs: TextRun[], lang: string): PdfContent[] {
  return runs.map((r) => ({ text: hyphenate(r.text, lang), ...(r.italic ? { italics: true } : {}), ...(r.bold ? { bold: true } : {}), ...(r.draft ? { background: '#FFF2CC' } : {}) }));
}

function runsText(runs: Run[]): string {
  return runs.map((r) => (r.kind === 'text' ? r.text : '')).join('');
}

const OL_TYPES: Record<Exclude<ListMarker, 'bullet'>, { type: string; separator: [string, string] }> = {
  '1)': { type: 'decimal', separator: ['', ')'] },
  '1.': { type: 'decimal', separator: ['', '.'] },
  'a)': { type: 'lower-alpha', separator: ['', ')'] },
};

/** The note as the footnote area prints it: its number raised, then its text. */
function noteContent(n: number, runs: TextRun[], lang: string): Record<string, unknown> {
  return { text: [{ text: `${n} `, sup: true }, ...plainRuns(runs, lang)], style: 'note' };
}

/** The parallel table's columns: padding on each side, a hairline between them. */
const COLUMN_RULE = 0.5;

/** The footnote area: page-wide, or one lane under each column of a parallel text. */
function footnoteArea(columns: 1 | 2): FootnoteAreaShape {
  const width = pdfTextWidth();
  const pad = PAGE.columnPaddingPt;
  // pdfmake takes padding and half the middle rule from each 50 % column (columnCalculator).
  const column = width / 2 - 2 * pad - COLUMN_RULE / 2;
  const lanes = columns === 1 ? [{ x: 0, width }] : [{ x: pad, width: column }, { x: width / 2 + COLUMN_RULE / 2 + pad, width: column }];
  return { lanes, rule: { length: Math.min(width / 3, 2 * mmToPt(25)), thickness: 0.5, above: 8, below: 3 }, gap: 1.5 };
}

export function buildPdfDefinition(doc: ComposedDocument, options: PdfOptions = {}): Record<string, unknown> {
  const placement = options.notes ?? 'page-foot';
  // One sequence of note numbers in document order, as Word numbers the DOCX's notes (a parallel text's two columns included).
  const notes: Notes = { n: 0, pending: [] };
  let lang = doc.langs[0] ?? '';
  let currentH1: string | undefined;
  let area = footnoteArea(1);
  let lane = 0;

  const kept = documentKeptWithNext(doc.body);

  const texts = new Map<string, string[]>();
  collectTexts(doc.body, lang, texts);
  for (const [l, list] of texts) prepareHyphenation(list, l);

  // Headings and the title are set whole, never hyphenated.
  const textRuns = (runs: Run[], hyphenated = true): PdfContent[] => {
    const out: PdfContent[] = [];
    for (const r of runs) {
      if (r.kind === 'footnote') {
        const n = ++notes.n;
        const mark: Record<string, unknown> = { text: String(n), sup: true, italics: false, bold: false };
        if (placement === 'page-foot') mark.footnote = { content: noteContent(n, r.runs, lang), lane, area } satisfies FootnoteMark;
        else notes.pending.push({ n, runs: r.runs, lang });
        out.push(mark);
        continue;
      }
      const t: Record<string, unknown> = { text: !hyphenated || (r.style && UNHYPHENATED.has(r.style)) ? r.text : hyphenate(r.text, lang) };
      if (r.italic) t.italics = true;
      if (r.bold) t.bold = true;
      if (r.draft) t.background = '#FFF2CC';
      out.push(t);
    }
    return out;
  };

  const flushNotes = (out: PdfContent[]) => {
    if (notes.pending.length === 0) return;
    out.push({
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.5 }], margin: [0, 2, 0, 3] },
        ...notes.pending.map((p) => noteContent(p.n, p.runs, p.lang)),
      ],
      margin: [0, 0, 0, 8],
    });
    notes.pending = [];
  };

  let compact = false;
  const nodes = (list: LayoutNode[], out: PdfContent[], inItem: boolean): void => {
    for (const n of list) {
      switch (n.kind) {
        case 'paragraph': {
          const p: Record<string, unknown> = { text: textRuns(n.runs, n.style !== 'title' && n.style !== 'subtitle'), style: PARAGRAPH_STYLES[n.style] };
          // Half-width columns of a parallel text: a smaller first-line indent.
          if (compact) p.leadingIndent = 14;
          if (n.id) p.id = `u:${n.lang ?? ''}:${n.id}`;
          // Inside a parallel row the row is kept instead (keepRowsWithNext).
          if (kept.has(n) && !compact) p.keepWithNext = true;
          out.push(p);
          break;
        }
        case 'heading': {
          const text = runsText(n.runs);
          const h: Record<string, unknown> = { text: textRuns(n.runs, false), style: `heading${n.level}`, outline: true, outlineText: text, headlineLevel: n.level };
          const id = `h:${n.lang ?? ''}:${n.id ?? text}`;
          h.id = id;
          if (n.level === 1) currentH1 = id;
          else if (currentH1) h.outlineParentId = currentH1;
          if (kept.has(n) && !compact) h.keepWithNext = true;
          out.push(h);
          break;
        }
        case 'list': {
          const items = n.items.map((i) => ({ text: textRuns(i.runs), style: 'listItem' }));
          if (n.marker === 'bullet') out.push({ ul: items, style: 'list' });
          else out.push({ ol: items, ...OL_TYPES[n.marker], style: 'list' });
          break;
        }
        case 'table': {
          const total = n.widths.reduce((a, b) => a + b, 0);
          const body: PdfContent[][] = [];
          if (n.header.length) body.push(n.header.map((c) => ({ text: textRuns(c.runs), style: 'tableHeader' })));
          for (const row of n.rows) body.push(row.map((c) => ({ text: textRuns(c.runs), style: 'tableCell' })));
          out.push({
            table: { headerRows: n.header.length ? 1 : 0, widths: n.widths.map((w) => `${((w / total) * 100).toFixed(2)}%`), body },
            layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingLeft: () => 4, paddingRight: () => 4, paddingTop: () => 2, paddingBottom: () => 2 },
            margin: [0, 4, 0, 10],
          });
          break;
        }
        case 'item': {
          const inner: PdfContent[] = [];
          nodes(n.children, inner, true);
          out.push(...inner);
          flushNotes(out);
          break;
        }
        case 'section':
          nodes(n.children, out, inItem);
          if (!inItem) flushNotes(out);
          break;
        case 'parallel': {
          const outer = { lang, area, lane };
          compact = true;
          area = footnoteArea(2);
          const body: PdfContent[][] = [];
          const keepRows: boolean[] = [];
          if (n.columnLabels) {
            // Each column's language, named in that language, above the columns on the first page.
            body.push(n.columnLabels.map((label) => ({ text: label, style: 'columnLabel' })));
            keepRows.push(true);
          }
          n.rows.forEach((row) => {
            body.push(
              row.cells.map((cell, side) => {
                lang = n.langs[side]!;
                lane = side;
                const stack: PdfContent[] = [];
                nodes(cell, stack, true);
                flushNotes(stack);
                return { stack };
              }),
            );
            keepRows.push(!!row.cells[0][0] && kept.has(row.cells[0][0]));
          });
          ({ lang, area, lane } = outer);
          compact = false;
          // One table row per unit pair keeps the two languages aligned; rows may
          // break across pages (no dontBreakRows), so long paragraphs never vanish.
          out.push({
            table: { widths: ['50%', '50%'], body, headerRows: 0 },
            keepRowsWithNext: keepRows,
            style: 'parallel',
            layout: { hLineWidth: () => 0, vLineWidth: (i: number) => (i === 1 ? COLUMN_RULE : 0), paddingLeft: () => PAGE.columnPaddingPt, paddingRight: () => PAGE.columnPaddingPt, paddingTop: () => 0, paddingBottom: () => 0 },
          });
          break;
        }
      }
    }
  };

  const content: PdfContent[] = [];
  nodes(doc.body, content, false);
  flushNotes(content);

  const pageLabel = doc.labels.page;
  const draftMark = doc.labels.draftMark;
  return {
    pageSize: { width: Math.round(mmToPt(PAGE.widthMm) * 100) / 100, height: Math.round(mmToPt(PAGE.heightMm) * 100) / 100 },
    pageMargins: pdfPageMargins(),
    language: doc.langTag,
    info: {
      title: doc.meta.title,
      author: doc.meta.author,
      subject: doc.meta.subject,
      keywords: doc.meta.keywords.join(', '),
      creator: 'standpoint',
      producer: 'standpoint',
      creationDate: new Date(doc.meta.date),
      modDate: new Date(doc.meta.date),
    },
    displayTitle: true,
    // Read by pack.ts: the notes need the footnote area patch.
    ...(placement === 'page-foot' && notes.n > 0 ? { pageFootNotes: true } : {}),
    content,
    footer: { pageLabel },
    ...(draftMark ? { header: { draftMark } } : {}),
    defaultStyle: { font: PDF_FONT, fontSize: 11, lineHeight: 1.12, alignment: 'justify' },
    styles: {
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
      subtitle: { fontSize: 11.5, alignment: 'center', margin: [0, 0, 0, 18] },
      heading1: { fontSize: 13, bold: true, alignment: 'center', margin: [0, 14, 0, 8] },
      heading2: { fontSize: 12, bold: true, alignment: 'center', margin: [0, 10, 0, 6] },
      heading3: { fontSize: 11.5, bold: true, alignment: 'left', margin: [0, 8, 0, 5] },
      body: { leadingIndent: 28, margin: [0, 0, 0, 5] },
      finding: { leadingIndent: 28, margin: [0, 4, 0, 5] },
      verdict: { bold: true, leadingIndent: 28, margin: [0, 0, 0, 10] },
      quotation: { margin: [28, 0, 28, 5] },
      closing: { leadingIndent: 28, margin: [0, 10, 0, 5] },
      abbreviation: { alignment: 'left', margin: [0, 0, 0, 2] },
      list: { margin: [28, 0, 0, 5] },
      listItem: { margin: [0, 0, 0, 2] },
      tableHeader: { bold: true, fontSize: 9.5, alignment: 'center', lineHeight: 1 },
      tableCell: { fontSize: 9.5, alignment: 'left', lineHeight: 1 },
      note: { fontSize: 8.5, lineHeight: 1, margin: [0, 0, 0, 0] },
      columnLabel: { fontSize: 9.5, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      pageFooter: { fontSize: 9, alignment: 'center' },
      parallel: { fontSize: 10 },
      draftMark: { fontSize: 9, bold: true, color: '#C00000', alignment: 'right' },
    },
  };
}
