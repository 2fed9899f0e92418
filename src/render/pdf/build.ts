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
import type { ComposedDocument, LayoutNode, ListMarker, ParagraphStyle, Run, SignatureNode, TextRun } from '../../compose/layout.js';
import type { HouseStyle } from '../../model/style.js';
import { imageWidthPt, mmToPt, pageGeometry, pdfPageMargins, pdfTextWidth, type PageGeometry } from '../page-geometry.js';
import { styleFamilies } from '../font-files.js';
import { hyphenate, prepareHyphenation } from '../typeset/hyphenate.js';
import type { FootnoteAreaShape, FootnoteMark } from './footnote-area.js';
import { documentKeptWithNext } from '../typeset/keep-with-next.js';


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

/** Paragraphs set whole, never hyphenated: the title lines, the letterhead, the date line. */
const UNHYPHENATED_PARAGRAPHS = new Set<ParagraphStyle>(['title', 'subtitle', 'letterhead', 'address', 'dateline']);

/** Character styles never hyphenated: report references, item numbers, labels. */
const UNHYPHENATED = new Set(['ref', 'number', 'label', 'heading-number']);

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
  letterhead: 'letterhead',
  address: 'address',
  dateline: 'dateline',
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
      case 'signature':
        add(l, n.position.runs);
        add(l, n.name.runs);
        break;
      case 'image':
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

/** Spaces a line may break at (not the no-break, figure and narrow no-break spaces). */
const BREAKING_SPACE = /([ \t\n\r\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+)/;
const STAND_IN: Record<string, string> = { '\u00a0': ' ', '\u2011': '-' };

/**
 * Where the fonts lack the no-break space or the non-breaking hyphen that
 * typography put in (Liberation Serif has no U+2011), each word holding one
 * is printed with a plain space or hyphen instead, as one unbreakable piece
 * (pdfmake's noWrap), so "(1-бөлім, 1-бет)" still never breaks and no empty
 * box is printed. Soft hyphens inside such a word go: it is not hyphenated.
 * Walks every `text` of the definition, notes included.
 */
function printStandIns(node: unknown, chars: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) printStandIns(n, chars);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'text' && typeof value === 'string' && [...chars].some((c) => value.includes(c))) {
      o.text = value.split(BREAKING_SPACE).filter(Boolean).map((word) =>
        [...chars].some((c) => word.includes(c)) ? { text: word.replace(/\u00ad/g, '').replace(/[\u00a0\u2011]/g, (c) => (chars.has(c) ? STAND_IN[c]! : c)), noWrap: true } : word,
      );
    } else if (typeof value === 'object') printStandIns(value, chars);
  }
}

/** The note as the footnote area prints it: its number raised, then its text. */
function noteContent(n: number, runs: TextRun[], lang: string): Record<string, unknown> {
  return { text: [{ text: `${n} `, sup: true }, ...plainRuns(runs, lang)], style: 'note' };
}

/** The parallel table's columns: padding on each side, a hairline between them. */
const COLUMN_RULE = 0.5;

/** The footnote area: page-wide, or one lane under each column of a parallel text. */
/**
 * A colour property, left out when black: pdfmake draws black by default, and an
 * explicit black would add operators to every PDF whose style changes no colour.
 */
function colour(key: string, hex: string): Record<string, string> {
  return hex === '#000000' ? {} : { [key]: hex };
}

function footnoteArea(page: PageGeometry, columns: 1 | 2, rules: string): FootnoteAreaShape {
  const width = pdfTextWidth(page);
  const pad = page.columnPaddingPt;
  // pdfmake takes padding and half the middle rule from each 50 % column (columnCalculator).
  const column = width / 2 - 2 * pad - COLUMN_RULE / 2;
  const lanes = columns === 1 ? [{ x: 0, width }] : [{ x: pad, width: column }, { x: width / 2 + COLUMN_RULE / 2 + pad, width: column }];
  return { lanes, rule: { length: Math.min(width / 3, 2 * mmToPt(25)), thickness: 0.5, above: 8, below: 3, ...(rules === '#000000' ? {} : { colour: rules }) }, gap: 1.5 };
}

export function buildPdfDefinition(doc: ComposedDocument, options: PdfOptions = {}): Record<string, unknown> {
  const style = doc.style;
  const page = pageGeometry(style);
  const placement = options.notes ?? 'page-foot';
  const images: Record<string, string> = {};
  const imageKey = (src: string) => {
    const key = `image:${src}`;
    const asset = doc.images[src];
    if (asset && !images[key]) images[key] = `data:image/${asset.type};base64,${Buffer.from(asset.data).toString('base64')}`;
    return key;
  };
  const imageHeight = (src: string, width: number) => {
    const asset = doc.images[src];
    return asset ? (width * asset.heightPx) / asset.widthPx : width;
  };
  // One sequence of note numbers in document order, as Word numbers the DOCX's notes (a parallel text's two columns included).
  const notes: Notes = { n: 0, pending: [] };
  let lang = doc.langs[0] ?? '';
  let currentH1: string | undefined;
  let area = footnoteArea(page, 1, style.colours.rules);
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
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.5, ...colour('lineColor', style.colours.rules) }], margin: [0, 2, 0, 3] },
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
          const p: Record<string, unknown> = { text: textRuns(n.runs, !UNHYPHENATED_PARAGRAPHS.has(n.style)), style: PARAGRAPH_STYLES[n.style] };
          // Half-width columns of a parallel text: a smaller first-line indent.
          if (compact) p.leadingIndent = style.text.firstLineIndentPt / 2;
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
            layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, ...(style.colours.rules === '#000000' ? {} : { hLineColor: () => style.colours.rules, vLineColor: () => style.colours.rules }), paddingLeft: () => 4, paddingRight: () => 4, paddingTop: () => 2, paddingBottom: () => 2 },
            margin: [0, 4, 0, 10],
          });
          break;
        }
        case 'image': {
          const available = compact ? pdfTextWidth(page) / 2 - 2 * page.columnPaddingPt : pdfTextWidth(page);
          const width = imageWidthPt(n, style, available);
          out.push({ image: imageKey(n.src), width, height: imageHeight(n.src, width), alignment: n.align ?? 'center', margin: [0, 0, 0, n.role === 'logo' ? 6 : style.text.spaceAfterPt] });
          break;
        }
        case 'signature':
          out.push(signatureContent(n));
          break;
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
          area = footnoteArea(page, 2, style.colours.rules);
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
            layout: { hLineWidth: () => 0, vLineWidth: (i: number) => (i === 1 ? COLUMN_RULE : 0), ...(style.colours.rules === '#000000' ? {} : { vLineColor: () => style.colours.rules }), paddingLeft: () => page.columnPaddingPt, paddingRight: () => page.columnPaddingPt, paddingTop: () => 0, paddingBottom: () => 0 },
          });
          break;
        }
      }
    }
  };

  /**
   * The signer's position at the left, the name at the right on the last line, the scan between them; in a
   * half-width column the three are stacked. Kept on one page (unbreakable).
   */
  const signatureContent = (n: SignatureNode): PdfContent => {
    const scanWidth = n.image ? imageWidthPt({ role: 'signature' }, style, compact ? pdfTextWidth(page) / 2 - 2 * page.columnPaddingPt : pdfTextWidth(page) / 3) : 0;
    const scan = n.image ? { image: imageKey(n.image), width: scanWidth, height: imageHeight(n.image, scanWidth), alignment: 'center' } : undefined;
    const position = { text: textRuns(n.position.runs, false), style: 'signature', alignment: 'left' };
    const name = { text: textRuns(n.name.runs, false), style: 'signature', alignment: 'right' };
    if (compact) return { stack: [position, ...(scan ? [scan] : []), name], unbreakable: true, margin: [0, 18, 0, 0] };
    // Three equal columns sharing the bottom line, as the DOCX's signature table: a signature is signed on the
    // line that holds the last line of the position and the name.
    const bottom = (cell: Record<string, unknown>) => ({ ...cell, verticalAlignment: 'bottom' });
    return {
      table: { widths: ['*', '*', '*'], body: [[bottom(position), scan ? bottom(scan) : { text: '' }, bottom(name)]], dontBreakRows: true },
      layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 0, paddingBottom: () => 0 },
      unbreakable: true,
      margin: [0, 24, 0, 0],
    };
  };

  const content: PdfContent[] = [];
  nodes(doc.body, content, false);
  flushNotes(content);
  const standIns = new Set(Object.values(style.fonts).flatMap((f) => f.printedWithStandIns ?? []));
  if (standIns.size) printStandIns(content, standIns);

  const pageLabel = doc.labels.page;
  const draftMark = doc.labels.draftMark;
  const runningTitle = doc.labels.runningTitle;
  const margins = pdfPageMargins(page);
  const bottomMargin = margins[3];
  const sizes = style.sizes;
  const headings = { font: style.fonts.headings.name, ...colour('color', style.colours.headings) };
  const indent = style.text.firstLineIndentPt;
  const after = style.text.spaceAfterPt;
  const letterheadAlign = style.letterhead.align;
  return {
    pageSize: { width: Math.round(mmToPt(page.widthMm) * 100) / 100, height: Math.round(mmToPt(page.heightMm) * 100) / 100 },
    pageMargins: margins,
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
    // Read by pack.ts: the font files each family name stands for.
    fontFiles: Object.fromEntries(styleFamilies(style).map((f) => [f.name, f.faces])),
    ...(Object.keys(images).length ? { images } : {}),
    content,
    // Turned into functions by pack.ts: the footer's text sits with its foot at the style's distance from the paper's edge.
    ...(pageLabel ? { footer: { pageLabel, marginTop: Math.round((bottomMargin - mmToPt(page.footerMm) - sizes.footer) * 100) / 100 } } : {}),
    ...(draftMark || runningTitle
      ? { header: { ...(draftMark ? { draftMark } : {}), ...(runningTitle ? { runningTitle } : {}), margin: [margins[0], Math.round(mmToPt(page.headerMm) * 100) / 100, margins[2], 0] } }
      : {}),
    defaultStyle: { font: style.fonts.body.name, fontSize: sizes.body, lineHeight: style.text.lineSpacing, alignment: style.text.justify ? 'justify' : 'left', ...colour('color', style.colours.text) },
    styles: {
      title: { ...headings, fontSize: sizes.title, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
      subtitle: { ...headings, fontSize: sizes.subtitle, alignment: 'center', margin: [0, 0, 0, 18] },
      heading1: { ...headings, fontSize: sizes.heading1, bold: true, alignment: 'center', margin: [0, 14, 0, 8] },
      heading2: { ...headings, fontSize: sizes.heading2, bold: true, alignment: 'center', margin: [0, 10, 0, 6] },
      heading3: { ...headings, fontSize: sizes.heading3, bold: true, alignment: 'left', margin: [0, 8, 0, 5] },
      body: { leadingIndent: indent, margin: [0, 0, 0, after] },
      finding: { leadingIndent: indent, margin: [0, 4, 0, after] },
      verdict: { bold: true, leadingIndent: indent, margin: [0, 0, 0, 2 * after] },
      quotation: { margin: [indent, 0, indent, after] },
      closing: { leadingIndent: indent, margin: [0, 10, 0, after] },
      abbreviation: { alignment: 'left', margin: [0, 0, 0, 2] },
      letterhead: { ...headings, fontSize: sizes.letterhead, bold: true, alignment: letterheadAlign, margin: [0, 0, 0, 2] },
      address: { fontSize: sizes.notes, alignment: letterheadAlign, margin: [0, 0, 0, 14] },
      dateline: { alignment: 'left', margin: [0, 0, 0, 2] },
      signature: { alignment: 'left' },
      list: { margin: [indent, 0, 0, after] },
      listItem: { margin: [0, 0, 0, 2] },
      tableHeader: { bold: true, fontSize: sizes.table, alignment: 'center', lineHeight: 1 },
      tableCell: { fontSize: sizes.table, alignment: 'left', lineHeight: 1 },
      note: { font: style.fonts.notes.name, fontSize: sizes.notes, lineHeight: 1, margin: [0, 0, 0, 0] },
      columnLabel: { fontSize: sizes.table, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      pageFooter: { fontSize: sizes.footer, alignment: 'center' },
      pageHeader: { fontSize: sizes.header, alignment: 'center' },
      parallel: { fontSize: sizes.parallel },
      draftMark: { fontSize: sizes.header, bold: true, color: '#C00000', alignment: 'right' },
    },
  };
}
