/**
 * The named Word styles of a standpoint DOCX: the contract with Word users,
 * who restyle "Finding" or "Verdict" once instead of paragraph by paragraph.
 * Owns turning the house style (fonts, sizes, spacing, indents, colours) into
 * Word styles; nothing else. The same numbers set the PDF (pdf/build.ts) and
 * the HTML page (html/style.ts).
 */
import { AlignmentType, type IParagraphStyleOptions, type IStylesOptions } from 'docx';
import type { HouseStyle } from '../../model/style.js';

/** Half-points, Word's unit of type size (whole numbers only). */
const PT = (n: number) => Math.round(n * 2);
/** Twentieths of a point, Word's unit of spacing and indents. */
const SPACE = (pt: number) => Math.round(pt * 20);
const CM = (cm: number) => Math.round((cm / 2.54) * 1440);
/**
 * Line spacing as a multiple of single ("auto"), said explicitly: LibreOffice reads a w:line without
 * w:lineRule as an exact height, which clips a picture to one line of text.
 */
const AUTO = 'auto' as const;

/** A colour for Word ("1F3864"), left out when black, Word's default. */
function color(hex: string): { color?: string } {
  return hex === '#000000' ? {} : { color: hex.slice(1) };
}

export function docxStyles(langTag: string, style: HouseStyle): IStylesOptions {
  // Every style has widow control on (Word's default Normal has it; docx's document defaults cannot say it).
  // (docx writes w:widowControl for styles though its types leave it out.)
  const paragraph = (id: string, name: string, extra: { run?: Record<string, unknown>; paragraph?: Record<string, unknown> } = {}): IParagraphStyleOptions =>
    ({ id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, ...extra, paragraph: { widowControl: true, ...extra.paragraph } }) as IParagraphStyleOptions;
  const widows = { widowControl: true };
  const { sizes, text } = style;
  const fonts = { body: style.fonts.body.name, headings: style.fonts.headings.name, notes: style.fonts.notes.name };
  const line = Math.round(text.lineSpacing * 240);
  const after = SPACE(text.spaceAfterPt);
  const indent = SPACE(text.firstLineIndentPt);
  const justified = text.justify ? AlignmentType.JUSTIFIED : AlignmentType.LEFT;
  const body = { alignment: justified, spacing: { after, line, lineRule: AUTO }, indent: { firstLine: indent } };
  const heading = { font: fonts.headings, bold: true, ...color(style.colours.headings) };
  const letterheadAlign = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT }[style.letterhead.align];
  return {
    default: {
      document: {
        run: { font: fonts.body, size: PT(sizes.body), language: { value: langTag }, ...color(style.colours.text) },
        paragraph: { spacing: { after, line, lineRule: AUTO } },
      },
      heading1: { run: { ...heading, size: PT(sizes.heading1) }, paragraph: { ...widows, alignment: AlignmentType.CENTER, spacing: { before: SPACE(14), after: SPACE(8) }, keepNext: true, keepLines: true } },
      heading2: { run: { ...heading, size: PT(sizes.heading2) }, paragraph: { ...widows, alignment: AlignmentType.CENTER, spacing: { before: SPACE(10), after: SPACE(6) }, keepNext: true, keepLines: true } },
      heading3: { run: { ...heading, size: PT(sizes.heading3), italics: false }, paragraph: { ...widows, alignment: AlignmentType.LEFT, spacing: { before: SPACE(8), after: SPACE(5) }, keepNext: true, keepLines: true } },
      title: { run: { ...heading, size: PT(sizes.title) }, paragraph: { ...widows, alignment: AlignmentType.CENTER, spacing: { after: SPACE(6) }, keepNext: true, keepLines: true } },
      footnoteText: { run: { font: fonts.notes, size: PT(sizes.notes) }, paragraph: { ...widows, alignment: justified, spacing: { after: 0, line: 240, lineRule: AUTO } } },
      listParagraph: { run: { font: fonts.body }, paragraph: { ...widows, alignment: justified, spacing: { after: SPACE(2) } } },
    },
    paragraphStyles: [
      paragraph('Subtitle', 'Subtitle', { run: { font: fonts.headings, size: PT(sizes.subtitle), italics: false, ...color(style.colours.headings) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: SPACE(18) } } }),
      paragraph('BodyText', 'Body Text', { paragraph: body }),
      paragraph('Opening', 'Opening', { paragraph: body }),
      // Paragraphs that open an item keep with what follows; in a parallel table the writer turns this off where rows must break.
      paragraph('Finding', 'Finding', { paragraph: { ...body, spacing: { before: SPACE(4), after, line, lineRule: AUTO }, keepNext: true } }),
      paragraph('GroupLead', 'Group Lead', { paragraph: { ...body, keepNext: true, keepLines: true } }),
      paragraph('Standpoint', 'Standpoint', { paragraph: body }),
      paragraph('Commitment', 'Commitment', { paragraph: body }),
      paragraph('Verdict', 'Verdict', { run: { bold: true }, paragraph: { ...body, spacing: { after: 2 * after, line, lineRule: AUTO }, keepLines: true } }),
      paragraph('Quotation', 'Quotation', { paragraph: { ...body, indent: { left: indent, right: indent } } }),
      paragraph('Closing', 'Closing', { paragraph: { ...body, spacing: { before: SPACE(10), after, line, lineRule: AUTO } } }),
      paragraph('Abbreviation', 'Abbreviation', { paragraph: { spacing: { after: SPACE(2), line, lineRule: AUTO }, indent: { left: CM(2), hanging: CM(2) } } }),
      paragraph('Letterhead', 'Letterhead', { run: { ...heading, size: PT(sizes.letterhead) }, paragraph: { alignment: letterheadAlign, spacing: { after: SPACE(2) }, keepNext: true, keepLines: true } }),
      paragraph('LetterheadAddress', 'Letterhead Address', { run: { size: PT(sizes.notes) }, paragraph: { alignment: letterheadAlign, spacing: { after: SPACE(14), line: 240, lineRule: AUTO }, keepNext: true } }),
      paragraph('Dateline', 'Dateline', { paragraph: { alignment: AlignmentType.LEFT, spacing: { after: SPACE(2) }, keepNext: true } }),
      paragraph('Figure', 'Figure', { paragraph: { alignment: AlignmentType.CENTER, spacing: { after, line: 240, lineRule: AUTO } } }),
      paragraph('Signature', 'Signature', { paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 0, after: 0, line: 240, lineRule: AUTO }, keepLines: true } }),
      paragraph('TableHeading', 'Table Heading', { run: { size: PT(sizes.table), bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0, line: 240, lineRule: AUTO } } }),
      paragraph('TableText', 'Table Text', { run: { size: PT(sizes.table) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0, line: 240, lineRule: AUTO } } }),
      // Between the row tables of a parallel text: one point high.
      paragraph('ParallelGap', 'Parallel Gap', { run: { size: 2 }, paragraph: { spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' } } }),
      paragraph('ColumnLabel', 'Column Label', { run: { size: PT(sizes.table), bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: SPACE(6) }, keepNext: true } }),
      paragraph('PageHeader', 'Page Header', { run: { size: PT(sizes.header) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0, line: 240, lineRule: AUTO } } }),
      paragraph('PageFooter', 'Page Footer', { run: { size: PT(sizes.footer) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0, line: 240, lineRule: AUTO } } }),
      paragraph('DraftMark', 'Draft Mark', { run: { size: PT(sizes.header), bold: true, color: 'C00000' }, paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 0 } } }),
    ],
    characterStyles: [
      { id: 'FindingQuote', name: 'Finding Quote', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { italics: true } },
      { id: 'ReportReference', name: 'Report Reference', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { italics: false } },
      { id: 'StandpointLead', name: 'Standpoint Lead', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { bold: true } },
      { id: 'ItemNumber', name: 'Item Number', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { italics: false } },
      // The number the house style gives a heading ("1.2."): marked, so that an import keeps it out of the heading's text.
      { id: 'HeadingNumber', name: 'Heading Number', basedOn: 'DefaultParagraphFont', quickFormat: true, run: {} },
    ],
  };
}
