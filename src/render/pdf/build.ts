/**
 * Block tree -> pdfmake document definition. Pure: plain objects, no pdfmake,
 * no I/O, so tests assert on structure.
 * Supports: title, subtitle, headings 1–3 (with PDF outline entries), every
 * paragraph style of compose/layout.ts, runs (italic quotes, upright
 * references, bold lead-ins, emphasis, strong, shaded draft text), lists,
 * tables with a repeated header row, parallel two-language tables (one row per
 * unit pair, rows may break across pages), page numbers, a draft mark.
 * Footnotes: pdfmake cannot place notes at the foot of the page where they are
 * referenced (it lays out pages in one pass and has no footnote area), so each
 * item's notes are printed at the end of that item, numbered as in the DOCX.
 */
import type { ComposedDocument, LayoutNode, ListMarker, ParagraphStyle, Run, TextRun } from '../../compose/layout.js';
import { PAGE, mmToPt, pdfPageMargins } from '../page-geometry.js';

export const PDF_FONT = 'PTSerif';

export type PdfContent = Record<string, unknown> | string;

interface Notes {
  n: number;
  pending: { n: number; runs: TextRun[] }[];
}

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

function textRuns(runs: Run[], notes: Notes): PdfContent[] {
  const out: PdfContent[] = [];
  for (const r of runs) {
    if (r.kind === 'footnote') {
      const n = ++notes.n;
      notes.pending.push({ n, runs: r.runs });
      out.push({ text: String(n), sup: true, italics: false, bold: false });
      continue;
    }
    const t: Record<string, unknown> = { text: r.text };
    if (r.italic) t.italics = true;
    if (r.bold) t.bold = true;
    if (r.draft) t.background = '#FFF2CC';
    out.push(t);
  }
  return out;
}

function plainRuns(runs: TextRun[]): PdfContent[] {
  return runs.map((r) => ({ text: r.text, ...(r.italic ? { italics: true } : {}), ...(r.bold ? { bold: true } : {}), ...(r.draft ? { background: '#FFF2CC' } : {}) }));
}

function runsText(runs: Run[]): string {
  return runs.map((r) => (r.kind === 'text' ? r.text : '')).join('');
}

const OL_TYPES: Record<Exclude<ListMarker, 'bullet'>, { type: string; separator: [string, string] }> = {
  '1)': { type: 'decimal', separator: ['', ')'] },
  '1.': { type: 'decimal', separator: ['', '.'] },
  'a)': { type: 'lower-alpha', separator: ['', ')'] },
};

export function buildPdfDefinition(doc: ComposedDocument): Record<string, unknown> {
  // Notes are numbered per language: a parallel document keeps one sequence per column.
  const notesByLang = new Map<string, Notes>();
  const notesFor = (lang: string) => {
    let n = notesByLang.get(lang);
    if (!n) notesByLang.set(lang, (n = { n: 0, pending: [] }));
    return n;
  };
  let notes: Notes = notesFor(doc.langs[0] ?? '');
  let currentH1: string | undefined;

  const flushNotes = (out: PdfContent[]) => {
    if (notes.pending.length === 0) return;
    out.push({
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.5 }], margin: [0, 2, 0, 3] },
        ...notes.pending.map((p) => ({ text: [{ text: `${p.n} `, sup: true }, ...plainRuns(p.runs)], style: 'note' })),
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
          const p: Record<string, unknown> = { text: textRuns(n.runs, notes), style: PARAGRAPH_STYLES[n.style] };
          // Half-width columns of a parallel text: a smaller first-line indent.
          if (compact) p.leadingIndent = 14;
          if (n.id) p.id = `u:${n.lang ?? ''}:${n.id}`;
          out.push(p);
          break;
        }
        case 'heading': {
          const text = runsText(n.runs);
          const h: Record<string, unknown> = { text: textRuns(n.runs, notes), style: `heading${n.level}`, outline: true, outlineText: text, headlineLevel: n.level };
          const id = `h:${n.lang ?? ''}:${n.id ?? text}`;
          h.id = id;
          if (n.level === 1) currentH1 = id;
          else if (currentH1) h.outlineParentId = currentH1;
          out.push(h);
          break;
        }
        case 'list': {
          const items = n.items.map((i) => ({ text: textRuns(i.runs, notes), style: 'listItem' }));
          if (n.marker === 'bullet') out.push({ ul: items, style: 'list' });
          else out.push({ ol: items, ...OL_TYPES[n.marker], style: 'list' });
          break;
        }
        case 'table': {
          const total = n.widths.reduce((a, b) => a + b, 0);
          const body: PdfContent[][] = [];
          if (n.header.length) body.push(n.header.map((c) => ({ text: textRuns(c.runs, notes), style: 'tableHeader' })));
          for (const row of n.rows) body.push(row.map((c) => ({ text: textRuns(c.runs, notes), style: 'tableCell' })));
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
          const outer = notes;
          compact = true;
          const body = n.rows.map((row) =>
            row.cells.map((cell, side) => {
              notes = notesFor(n.langs[side]!);
              const stack: PdfContent[] = [];
              nodes(cell, stack, true);
              flushNotes(stack);
              return { stack };
            }),
          );
          notes = outer;
          compact = false;
          // One table row per unit pair keeps the two languages aligned; rows may
          // break across pages (no dontBreakRows), so long paragraphs never vanish.
          out.push({
            table: { widths: ['50%', '50%'], body, headerRows: 0 },
            style: 'parallel',
            layout: { hLineWidth: () => 0, vLineWidth: (i: number) => (i === 1 ? 0.5 : 0), paddingLeft: () => 6, paddingRight: () => 6, paddingTop: () => 0, paddingBottom: () => 0 },
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
      note: { fontSize: 8.5, lineHeight: 1, margin: [0, 0, 0, 1.5] },
      pageFooter: { fontSize: 9, alignment: 'center' },
      parallel: { fontSize: 10 },
      draftMark: { fontSize: 9, bold: true, color: '#C00000', alignment: 'right' },
    },
  };
}
