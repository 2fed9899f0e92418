/**
 * DOCX plan -> bytes. Owns the docx library and the zip: builds docx objects
 * from the plan, serialises the parts, pins every varying byte (dates, random
 * relationship ids, zip times) so equal input gives equal files.
 */
import {
  AlignmentType, Bookmark, DeletedTextRun, Document, ImageRun, InsertedTextRun, Footer, FootnoteReferenceRun, Header, LevelFormat, Packer, PageNumber,
  Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, VerticalAlignTable, WidthType, BorderStyle, type ParagraphChild,
} from 'docx';
import { crc32 } from 'node:zlib';
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import type { DocxPlan, PlanBlock, PlanParagraph, PlanRun } from './plan.js';
import { docxStyles } from './styles.js';
import { docxPageProperties, pageGeometry } from '../page-geometry.js';
import { embeddedFonts, pinEmbeddedFonts } from './fonts.js';
import { applyReference, usedStyleIds, type AppliedReference } from './reference.js';
import { deflatePart } from './deflated-parts.js';
import { compileDocx } from './engine-patches.js';

const CM = (cm: number) => Math.round((cm / 2.54) * 1440);
/** Points to the docx library's image unit: pixels at 96 to the inch. */
const PX = (pt: number) => Math.round((pt * 96) / 72);
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

let changeId = 0;

function runObject(r: PlanRun, plan: DocxPlan, compact = false): ParagraphChild {
  if (r.type === 'footnote') return new FootnoteReferenceRun(r.n);
  if (r.type === 'image') {
    const asset = plan.images[r.src];
    if (!asset) throw new Error(`the DOCX plan prints the image ${r.src}, which the document does not hold`);
    if (r.bookmark) {
      const { bookmark, ...plain } = r;
      return new Bookmark({ id: bookmark, children: [runObject(plain, plan, compact)] });
    }
    return new ImageRun({
      type: asset.type === 'jpeg' ? 'jpg' : 'png',
      data: asset.data,
      transformation: { width: PX(r.widthPt), height: PX(r.heightPt) },
      ...(r.alt ? { altText: { name: r.src, description: r.alt, title: r.alt } } : { altText: { name: r.src, description: '', title: '' } }),
    });
  }
  if (r.bookmark) {
    const { bookmark, ...plain } = r;
    return new Bookmark({ id: bookmark, children: [runObject(plain, plan, compact)] });
  }
  if (r.change) {
    const options = { text: r.text, id: ++changeId, author: 'standpoint', date: plan.date, language: { value: r.lang ?? plan.langTag } };
    return r.change === 'insert' ? new InsertedTextRun(options) : new DeletedTextRun(options);
  }
  return new TextRun({
    text: r.text,
    ...(compact ? { size: Math.round(plan.style.sizes.parallel * 2) } : {}),
    ...(r.style ? { style: r.style } : {}),
    ...(r.italic !== undefined ? { italics: r.italic } : {}),
    ...(r.bold !== undefined ? { bold: r.bold } : {}),
    ...(r.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'FFF2CC' } } : {}),
    // Every run names its language, so Word spell-checks each paragraph of a parallel text correctly.
    language: { value: r.lang ?? plan.langTag },
  });
}

function paragraphObject(p: PlanParagraph, plan: DocxPlan): Paragraph {
  let children: ParagraphChild[] = p.runs.map((r) => runObject(r, plan, p.compact));
  // Innermost is the paragraph's own unit; container bookmarks wrap it.
  for (const name of [...(p.bookmarks ?? [])].reverse()) children = [new Bookmark({ id: name, children })];
  return new Paragraph({
    style: p.style,
    ...(p.compact ? { indent: { firstLine: Math.round(plan.style.text.firstLineIndentPt * 10) } } : {}),
    ...(p.align ? { alignment: ALIGN[p.align] } : {}),
    children,
    ...(p.numbering ? { numbering: { reference: p.numbering.reference, level: 0, instance: p.numbering.instance } } : {}),
    ...(p.keepNext !== undefined ? { keepNext: p.keepNext } : {}),
    ...(p.spaceBeforePt !== undefined ? { spacing: { before: Math.round(p.spaceBeforePt * 20) } } : {}),
  });
}

function blockObject(b: PlanBlock, plan: DocxPlan): Paragraph | Table {
  if (b.type === 'paragraph') return paragraphObject(b, plan);
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const border = b.borders ? line : none;
  return new Table({
    width: { size: b.widths.reduce((a, w) => a + w, 0), type: WidthType.DXA },
    columnWidths: b.widths,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: b.rows.map(
      (row) =>
        new TableRow({
          tableHeader: row.header,
          cantSplit: row.cantSplit ?? false,
          children: row.cells.map(
            (cell, i) =>
              new TableCell({
                width: { size: b.widths[i] ?? 0, type: WidthType.DXA },
                margins: { top: 40, bottom: 40, left: 80, right: 80 },
                ...(b.bottom ? { verticalAlign: VerticalAlignTable.BOTTOM } : {}),
                children: cell.length ? cell.map((p) => paragraphObject(p, plan)) : [new Paragraph({})],
              }),
          ),
        }),
    ),
  });
}

/** "Page {{page}} of {{pages}}" -> text runs with Word's PAGE and NUMPAGES fields in place. */
function labelRuns(label: string): TextRun[] {
  return label
    .split(/(\{\{pages?\}\})/)
    .filter(Boolean)
    .map((part) => (part === '{{page}}' ? new TextRun({ children: [PageNumber.CURRENT] }) : part === '{{pages}}' ? new TextRun({ children: [PageNumber.TOTAL_PAGES] }) : new TextRun(part)));
}

export function docxDocument(plan: DocxPlan): Document {
  // Revision ids count from 1 in every document, so equal plans give equal bytes.
  changeId = 0;
  const makeFooter = () => new Footer({ children: [new Paragraph({ style: 'PageFooter', alignment: AlignmentType.CENTER, children: labelRuns(plan.pageLabel) })] });
  const draft = () => (plan.draftMark ? [new Paragraph({ style: 'DraftMark', children: [new TextRun(plan.draftMark)] })] : []);
  // The running title starts on the second page: the first has a header of its own (Word's "different first page").
  const title = (text: string) => (plan.runningTitleBookmark ? [new Bookmark({ id: plan.runningTitleBookmark, children: [new TextRun(text)] })] : [new TextRun(text)]);
  const header = plan.runningTitle || plan.draftMark ? new Header({ children: [...(plan.runningTitle ? [new Paragraph({ style: 'PageHeader', children: title(plan.runningTitle) })] : []), ...draft()] }) : undefined;
  const firstHeader = plan.runningTitle ? new Header({ children: draft().length ? draft() : [new Paragraph({ style: 'PageHeader', children: [] })] }) : undefined;
  const fonts = embeddedFonts(plan.style);
  return new Document({
    title: plan.meta.title,
    creator: plan.meta.creator,
    lastModifiedBy: plan.meta.creator,
    subject: plan.meta.subject,
    keywords: plan.meta.keywords,
    description: plan.meta.description,
    revision: 1,
    ...(plan.documentId
      ? {
          customProperties: [
            { name: 'standpoint-document', value: plan.documentId },
            { name: 'standpoint-language', value: plan.langTag },
            ...Object.entries(plan.custom ?? {}).map(([name, value]) => ({ name, value })),
          ],
        }
      : {}),
    // The faces the styles name, embedded as Word embeds them, so a reader without them sees the same pages.
    fonts,
    styles: docxStyles(plan.langTag, plan.style),
    numbering: {
      config: plan.lists.map((l) => ({
        reference: l.reference,
        levels: [
          {
            level: 0,
            format: l.format === 'decimal' ? LevelFormat.DECIMAL : l.format === 'lowerLetter' ? LevelFormat.LOWER_LETTER : LevelFormat.BULLET,
            text: l.text,
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: { left: CM(1.6), hanging: CM(0.6) } } },
          },
        ],
      })),
    },
    footnotes: Object.fromEntries(plan.footnotes.map((f) => [String(f.n), { children: f.paragraphs.map((p) => paragraphObject(p, plan)) }])),
    sections: [
      {
        properties: {
          page: docxPageProperties(pageGeometry(plan.style)),
          ...(firstHeader ? { titlePage: true } : {}),
        },
        ...(plan.pageLabel ? { footers: { default: makeFooter(), ...(firstHeader ? { first: makeFooter() } : {}) } } : {}),
        ...(header ? { headers: { default: header, ...(firstHeader ? { first: firstHeader } : {}) } } : {}),
        children: plan.body.map((b) => blockObject(b, plan)),
      },
    ],
  });
}

/** Zip times are stored in local DOS time; a fixed date keeps bytes equal on every machine. */
const ZIP_DATE = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Serialises the document and pins what docx would vary: dcterms dates, random
 * relationship ids (renamed in order of appearance) and zip entry times.
 */
export function packDocx(plan: DocxPlan, report?: (applied: AppliedReference) => void): Uint8Array {
  return zipParts([...docxParts(plan, report)]);
}

/**
 * The parts of the package, by name, before zipping (what `packDocx` zips).
 * With a reference DOCX in the plan, its styles and numbering replace
 * standpoint's (reference.ts), and `report` hears what it did.
 */
export function docxParts(plan: DocxPlan, report?: (applied: AppliedReference) => void): Map<string, Uint8Array> {
  const parts = pinEmbeddedFonts(compileDocx(docxDocument(plan)), plan.style);
  if (plan.reference) {
    const styles = parts.get('word/styles.xml');
    const numbering = parts.get('word/numbering.xml');
    if (typeof styles !== 'string') throw new Error('the docx library wrote no word/styles.xml');
    // Normal is every paragraph's style without a w:pStyle; the others as the parts name them.
    const used = new Set(['Normal']);
    for (const [name, xml] of parts) if (typeof xml === 'string' && /^word\/(document|footnotes|header\d*|footer\d*)\.xml$/.test(name)) for (const id of usedStyleIds(xml)) used.add(id);
    const applied = applyReference(styles, typeof numbering === 'string' ? numbering : undefined, plan.reference, plan.langTag, used);
    parts.set('word/styles.xml', applied.styles);
    if (applied.numbering) parts.set('word/numbering.xml', applied.numbering);
    report?.(applied);
  }
  const texts = new Map<string, string>();
  const binaries = new Map<string, Uint8Array>();
  for (const [path, data] of parts) {
    if (typeof data === 'string') texts.set(path, data);
    else binaries.set(path, data);
  }
  const renames = new Map<string, string>();
  let next = 1000;
  for (const path of [...texts.keys()].sort()) {
    if (!path.endsWith('.rels')) continue;
    for (const m of texts.get(path)!.matchAll(/Id="([^"]+)"/g)) {
      const id = m[1]!;
      if (!/^rId\d+$/.test(id) && !renames.has(id)) renames.set(id, `rId${next++}`);
    }
  }
  const idPattern = renames.size ? new RegExp(`"(${[...renames.keys()].map(escapeRegExp).join('|')})"`, 'g') : undefined;
  const files: [string, Uint8Array][] = [];
  const bookmarks = new Map<string, number>();
  let pictures = 0;
  for (const [path, data] of parts) {
    let bytes: Uint8Array;
    if (typeof data === 'string') {
      let text = data;
      if (idPattern) text = text.replace(idPattern, (_m, id: string) => `"${renames.get(id)}"`);
      // docx numbers bookmarks from a counter that lives as long as the process: renumber from 1.
      text = text.replace(/(<w:bookmark(?:Start|End)\b[^>]*?w:id=")(\d+)"/g, (_m, head: string, id: string) => {
        if (!bookmarks.has(id)) bookmarks.set(id, bookmarks.size + 1);
        return `${head}${bookmarks.get(id)}"`;
      });
      // Drawing ids too count on across documents: from 1 in each.
      text = text.replace(/(<wp:docPr id=")(\d+)"/g, (_m, head: string) => `${head}${++pictures}"`);
      if (path === 'docProps/core.xml') {
        text = text.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${plan.date}$3`);
      }
      bytes = strToU8(text);
    } else bytes = data;
    files.push([path, bytes]);
  }
  return new Map(files);
}

/**
 * A zip entry compressed by Node's zlib instead of fflate's JavaScript
 * deflate, which costs a cold process 60–80 ms more (it is not yet optimised
 * on first use) for a 1 MB document. fflate still writes the zip: its
 * ZipPassThrough is made to be subclassed for another compressor; the
 * entries carry data descriptors.
 * zlib's output is fixed for a given zlib, as pdfkit's PDF streams already rely on.
 */
class NativeDeflateEntry extends ZipPassThrough {
  constructor(filename: string) {
    super(filename);
    this.compression = 8;
    this.mtime = ZIP_DATE;
  }

  private crcSoFar = 0;

  /**
   * ZipPassThrough's own push, with the CRC-32 from Node's zlib: fflate's is
   * a JavaScript loop over every byte, 12–27 ms of a cold run for the 0.8 MB
   * of embedded faces (the same number either way: the CRC of the data).
   */
  override push(chunk: Uint8Array, final = false): void {
    this.crcSoFar = crc32(chunk, this.crcSoFar);
    this.size += chunk.length;
    if (final) this.crc = this.crcSoFar;
    this.process(chunk, final);
  }

  override process(chunk: Uint8Array, final: boolean): void {
    // The embedded faces recur in every DOCX of a house style: deflated once, kept in the typesetting cache.
    this.ondata!(null, deflatePart(chunk, this.filename.startsWith('word/fonts/')), final);
  }
}

function zipParts(files: [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  for (const [path, bytes] of files) {
    const entry = new NativeDeflateEntry(path);
    zip.add(entry);
    entry.push(bytes, true);
  }
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(chunks);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
