/**
 * Block tree -> DOCX plan. Pure: no docx library, no I/O.
 * Supports: title, subtitle, headings 1–3, every paragraph style of
 * compose/layout.ts, runs (quote, ref, number, label, lead, emphasis, strong,
 * draft), footnotes (real Word footnotes, numbered in order), lists (1) 1. a)
 * bullet), tables with a repeated header row, items and sections (flattened),
 * and parallel two-language layouts as a borderless two-column table.
 */
import type { ComposedDocument, ImageNode, LayoutNode, ListMarker, ParagraphStyle, Run, RunStyle, SignatureNode, TextRun } from '../../compose/layout.js';
import type { DocxPlan, PlanBlock, PlanImageRun, PlanParagraph, PlanRun, PlanTable } from './plan.js';
import type { ReferenceDocx } from './reference.js';
import { langTag } from '../../compose/i18n.js';
import { docxTextWidth, imageWidthPt, pageGeometry } from '../page-geometry.js';
import { documentKeptWithNext } from '../typeset/keep-with-next.js';
import { bookmarkHash, bookmarkName as nameOfBookmark, LONG_BOOKMARK_PROPERTY, type BookmarkKind } from './bookmarks.js';

export const PARAGRAPH_STYLE_IDS: Record<ParagraphStyle, string> = {
  title: 'Title',
  subtitle: 'Subtitle',
  body: 'BodyText',
  intro: 'Opening',
  finding: 'Finding',
  standpoint: 'Standpoint',
  commitment: 'Commitment',
  verdict: 'Verdict',
  quotation: 'Quotation',
  closing: 'Closing',
  abbreviation: 'Abbreviation',
  'group-lead': 'GroupLead',
  letterhead: 'Letterhead',
  address: 'LetterheadAddress',
  dateline: 'Dateline',
};

export const RUN_STYLE_IDS: Partial<Record<RunStyle, string>> = {
  quote: 'FindingQuote',
  ref: 'ReportReference',
  lead: 'StandpointLead',
  number: 'ItemNumber',
  'heading-number': 'HeadingNumber',
};

const LIST_FORMATS: Record<ListMarker, { format: 'decimal' | 'lowerLetter' | 'bullet'; text: string }> = {
  '1)': { format: 'decimal', text: '%1)' },
  '1.': { format: 'decimal', text: '%1.' },
  'a)': { format: 'lowerLetter', text: '%1)' },
  bullet: { format: 'bullet', text: '•' },
};

/** About eight lines of a half-width column (some 45 characters a line at 10 pt): longer rows may break. */
const LONG_KEPT_ROW_CHARS = 360;

/** The characters of a cell's text. */
function cellChars(cell: PlanParagraph[]): number {
  return cell.reduce((n, p) => n + p.runs.reduce((m, r) => m + (r.type === 'text' ? r.text.length : 0), 0), 0);
}

export function buildDocxPlan(doc: ComposedDocument, reference?: ReferenceDocx): DocxPlan {
  const style = doc.style;
  const TEXT_WIDTH_DXA = docxTextWidth(pageGeometry(style));
  const footnotes: DocxPlan['footnotes'] = [];
  const lists = new Map<string, DocxPlan['lists'][number]>();
  let listInstance = 0;

  // Containers (sections, items) have no paragraph of their own: their ids go on the next paragraph.
  let pending: string[] = [];
  // Bookmark names must be unique; in a parallel text the second language's ids are not bookmarked again.
  const used = new Set<string>();
  const claim = (name: string | undefined) => (name && !used.has(name) ? (used.add(name), name) : undefined);
  // Ids too long for a bookmark name: hash -> id, written as custom properties.
  const longIds = new Map<string, string>();
  const bookmarkName = (id: string, kind: BookmarkKind = 'unit'): string => {
    const b = nameOfBookmark(id, kind);
    if (b.long) {
      const hash = bookmarkHash(id);
      const known = longIds.get(hash);
      if (known !== undefined && known !== id) throw new Error(`two ids share the bookmark hash ${hash}: ${known}, ${id}`);
      longIds.set(hash, id);
    }
    return b.name;
  };

  const runs = (rs: Run[], lang?: string, paragraphId?: string): PlanRun[] => {
    const out: PlanRun[] = [];
    for (const r of rs) {
      if (r.kind === 'footnote') {
        const n = footnotes.length + 1;
        const fp: PlanParagraph = { type: 'paragraph', style: 'FootnoteText', runs: runs(r.runs, lang), ...(lang ? { lang } : {}) };
        const bm = claim(bookmarkName(r.id));
        if (bm) fp.bookmarks = [bm];
        footnotes.push({ n, paragraphs: [fp] });
        out.push({ type: 'footnote', n });
      } else {
        const run = textRun(r, lang);
        if (r.anchor && r.anchor !== paragraphId && run.type === 'text') {
          const bm = claim(bookmarkName(r.anchor));
          if (bm) run.bookmark = bm;
        }
        out.push(run);
      }
    }
    return out;
  };

  const para = (style: string, rs: Run[], id?: string, lang?: string): PlanParagraph => {
    const p: PlanParagraph = { type: 'paragraph', style, runs: runs(rs, lang, id) };
    const marks = [...pending.map(claim), claim(id ? bookmarkName(id) : undefined)].filter((b): b is string => !!b);
    pending = [];
    if (marks.length) p.bookmarks = marks;
    if (lang) p.lang = lang;
    return p;
  };

  const kept = documentKeptWithNext(doc.body);
  // Inside a parallel row, paragraphs keep with the next only in rows kept whole (headings, lead-ins):
  // Word and LibreOffice keep a row with the next when its paragraphs do, and a chain of such rows cannot break.
  let inRow = false;
  let rowKept = false;
  const blocks = (nodes: LayoutNode[], lang: string | undefined, out: PlanBlock[]): void => {
    for (const n of nodes) {
      const nodeLang = 'lang' in n && n.lang ? langTag(n.lang) : lang;
      switch (n.kind) {
        case 'paragraph': {
          const p = para(PARAGRAPH_STYLE_IDS[n.style], n.runs, n.id, nodeLang);
          // A finding, a lead-in or a title is not left alone at the foot of a page, away from what follows.
          if (inRow ? rowKept : kept.has(n)) p.keepNext = true;
          else if (inRow) p.keepNext = false;
          out.push(p);
          break;
        }
        case 'heading': {
          const p = para(`Heading${n.level}`, n.runs, n.id, nodeLang);
          // Headings keep with the next paragraph by their style; in a parallel row only kept rows do.
          if (inRow) p.keepNext = rowKept;
          out.push(p);
          break;
        }
        case 'list': {
          const f = LIST_FORMATS[n.marker];
          const reference = `list-${f.format}-${f.text}`;
          if (!lists.has(reference)) lists.set(reference, { reference, ...f });
          const instance = ++listInstance;
          for (const item of n.items) {
            const p = para('ListParagraph', item.runs, item.id, nodeLang);
            p.numbering = { reference, instance };
            out.push(p);
          }
          break;
        }
        case 'table': {
          const total = n.widths.reduce((a, b) => a + b, 0);
          const widths = n.widths.map((w) => Math.floor((w / total) * TEXT_WIDTH_DXA));
          const t: PlanTable = { type: 'table', widths, borders: true, rows: [] };
          if (n.header.length) t.rows.push({ header: true, cells: n.header.map((c) => [para('TableHeading', c.runs, c.id, nodeLang)]) });
          for (const row of n.rows) t.rows.push({ header: false, cells: row.map((c) => [para('TableText', c.runs, c.id, nodeLang)]) });
          out.push(t);
          break;
        }
        case 'image': {
          const p = para('Figure', [], n.id, nodeLang);
          const picture = imageRun(n, inRow ? TEXT_WIDTH_DXA / 2 - 160 : TEXT_WIDTH_DXA);
          // The alt text is a unit of its own (an image block's alt): marked around the picture, for import.
          const altMark = n.altId ? claim(bookmarkName(n.altId)) : undefined;
          if (altMark) picture.bookmark = altMark;
          p.runs = [picture];
          p.align = n.align;
          if (n.role === 'logo') p.keepNext = true;
          out.push(p);
          break;
        }
        case 'signature':
          out.push(...signature(n, nodeLang));
          break;
        case 'item':
        case 'section': {
          if (n.id) pending.push(bookmarkName(n.id, n.kind));
          blocks(n.children, lang, out);
          break;
        }
        case 'parallel': {
          // One two-column table per row pair, each followed by a one-point gap paragraph: LibreOffice lays out a
          // long table holding footnotes a third of a page at a time (115 pages for the PDF's 72), a table per row
          // paginates as Word does. Adjacent tables would merge; the gap paragraph keeps them apart.
          const half = Math.floor(TEXT_WIDTH_DXA / 2);
          const pushRow = (cells: PlanParagraph[][], keep: boolean) => {
            out.push({ type: 'table', widths: [half, half], borders: false, rows: [{ header: false, cells, ...(keep ? { cantSplit: true } : {}) }] });
            out.push({ type: 'paragraph', style: 'ParallelGap', runs: [], ...(keep ? { keepNext: true } : {}) });
          };
          if (n.columnLabels) {
            // Each column's language, named in that language, above the columns on the first page.
            pushRow(n.columnLabels.map((label, i) => [{ type: 'paragraph', style: 'ColumnLabel', runs: [{ type: 'text', text: label, lang: langTag(n.langs[i]!) }], lang: langTag(n.langs[i]!), keepNext: true }]), true);
          }
          for (const row of n.rows) {
            inRow = true;
            rowKept = !!row.cells[0][0] && kept.has(row.cells[0][0]);
            const cells = row.cells.map((cell, i) => {
              const cellBlocks: PlanBlock[] = [];
              blocks(cell, langTag(n.langs[i]!), cellBlocks);
              // Word tables cannot nest here without losing row alignment: flatten to paragraphs.
              const paragraphs = cellBlocks.flatMap((b) => (b.type === 'paragraph' ? [b] : b.rows.flatMap((r) => r.cells.flat())));
              for (const p of paragraphs) p.compact = true;
              return paragraphs;
            });
            inRow = false;
            // A kept row (a heading, a lead-in, an item's opening finding) never breaks and keeps with the next row,
            // when it is short. A long one (a finding of twenty lines) may break like any row: unbreakable, it would
            // move whole to the next page and leave most of this one empty (LibreOffice does).
            const keep = rowKept && Math.max(...cells.map(cellChars)) <= LONG_KEPT_ROW_CHARS;
            // Its paragraphs' keep-with-next would tie the whole table to the next one all the same.
            if (rowKept && !keep) for (const p of cells.flat()) p.keepNext = false;
            pushRow(cells, keep);
          }
          break;
        }
      }
    }
  };

  const imageRun = (n: { src: string; role: ImageNode['role']; widthMm?: number; alt: string }, availableDxa: number): PlanImageRun => {
    const widthPt = imageWidthPt(n, style, availableDxa / 20);
    const asset = doc.images[n.src];
    return { type: 'image', src: n.src, widthPt, heightPt: asset ? (widthPt * asset.heightPx) / asset.widthPx : widthPt, alt: n.alt };
  };

  /**
   * The signature block: a borderless table of one row, position | scan | name, sitting on one line at the
   * bottom of the row, never split; in a half-width column the three are stacked.
   */
  const signature = (n: SignatureNode, lang: string | undefined): PlanBlock[] => {
    const position = para('Signature', n.position.runs, n.position.id, lang);
    const name = para('Signature', n.name.runs, n.name.id, lang);
    name.align = 'right';
    const scan: PlanParagraph | undefined = n.image ? { type: 'paragraph', style: 'Signature', align: 'center', runs: [imageRun({ src: n.image, role: 'signature', alt: '' }, inRow ? TEXT_WIDTH_DXA / 2 - 160 : TEXT_WIDTH_DXA / 3)] } : undefined;
    // The space above the block the PDF leaves (pdf/build.ts): on the first paragraph of each cell, which sit at the bottom.
    for (const p of inRow ? [position] : [position, name, ...(scan ? [scan] : [])]) p.spaceBeforePt = inRow ? 18 : 24;
    if (inRow) {
      position.keepNext = true;
      if (scan) (scan as PlanParagraph).keepNext = true;
      return [position, ...(scan ? [scan] : []), name];
    }
    const third = Math.floor(TEXT_WIDTH_DXA / 3);
    return [{ type: 'table', widths: [third, third, TEXT_WIDTH_DXA - 2 * third], borders: false, bottom: true, rows: [{ header: false, cantSplit: true, cells: [[position], scan ? [scan] : [], [name]] }] }];
  };

  const body: PlanBlock[] = [];
  blocks(doc.body, undefined, body);
  return {
    documentId: doc.id,
    custom: {
      ...Object.fromEntries(Object.entries(doc.meta.dataDates ?? {}).map(([k, v]) => [`standpoint-${k === 'date' ? 'date' : 'election-date'}`, v])),
      ...(doc.langs.length > 1 ? { 'standpoint-languages': doc.langs.join('+') } : {}),
      ...Object.fromEntries([...longIds].map(([hash, id]) => [`${LONG_BOOKMARK_PROPERTY}${hash}`, id])),
    },
    langTag: doc.langTag,
    meta: {
      title: doc.meta.title,
      creator: doc.meta.author,
      subject: doc.meta.subject,
      keywords: doc.meta.keywords.join(', '),
      description: doc.meta.subject,
    },
    date: doc.meta.date,
    body,
    footnotes,
    lists: [...lists.values()],
    pageLabel: doc.labels.page,
    ...(doc.labels.runningTitle ? { runningTitle: doc.labels.runningTitle } : {}),
    ...(doc.labels.runningTitleId && claim(bookmarkName(doc.labels.runningTitleId)) ? { runningTitleBookmark: bookmarkName(doc.labels.runningTitleId) } : {}),
    ...(doc.labels.draftMark ? { draftMark: doc.labels.draftMark } : {}),
    style,
    images: doc.images,
    ...(reference ? { reference } : {}),
  };
}

function textRun(r: TextRun, lang?: string): PlanRun {
  const run: PlanRun = { type: 'text', text: r.text };
  const style = r.style ? RUN_STYLE_IDS[r.style] : undefined;
  if (style) run.style = style;
  // Styles decide italics for quotes (italic) and references and numbers (upright);
  // anything else that differs from upright roman is direct formatting.
  const styleItalic = r.style === 'quote';
  const styleBold = r.style === 'lead';
  if (style ? r.italic !== styleItalic : r.italic) run.italic = r.italic;
  if (style ? r.bold !== styleBold : r.bold) run.bold = r.bold;
  if (r.draft) run.shade = true;
  if (lang) run.lang = lang;
  return run;
}
