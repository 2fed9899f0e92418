/**
 * The named Word styles of a standpoint DOCX: the contract with Word users,
 * who restyle "Finding" or "Verdict" once instead of paragraph by paragraph.
 * Owns fonts, sizes, spacing and indents of the DOCX; nothing else.
 */
import { AlignmentType, type IParagraphStyleOptions, type IStylesOptions } from 'docx';

export const DOCX_FONT = 'Times New Roman';
const PT = (n: number) => n * 2; // docx sizes are half-points
const SPACE = (pt: number) => pt * 20; // spacing in twentieths of a point
const CM = (cm: number) => Math.round((cm / 2.54) * 1440);

export function docxStyles(langTag: string): IStylesOptions {
  // Every style has widow control on (Word's default Normal has it; docx's document defaults cannot say it).
  // (docx writes w:widowControl for styles though its types leave it out.)
  const paragraph = (id: string, name: string, extra: { run?: Record<string, unknown>; paragraph?: Record<string, unknown> } = {}): IParagraphStyleOptions =>
    ({ id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, ...extra, paragraph: { widowControl: true, ...extra.paragraph } }) as IParagraphStyleOptions;
  const widows = { widowControl: true };
  const body = { alignment: AlignmentType.JUSTIFIED, spacing: { after: SPACE(6), line: 264 }, indent: { firstLine: CM(1) } };
  return {
    default: {
      document: {
        run: { font: DOCX_FONT, size: PT(12), language: { value: langTag } },
        paragraph: { spacing: { after: SPACE(6), line: 264 } },
      },
      heading1: { run: { font: DOCX_FONT, size: PT(13), bold: true }, paragraph: { ...widows, alignment: AlignmentType.CENTER, spacing: { before: SPACE(18), after: SPACE(9) }, keepNext: true, keepLines: true } },
      heading2: { run: { font: DOCX_FONT, size: PT(12), bold: true }, paragraph: { ...widows, alignment: AlignmentType.CENTER, spacing: { before: SPACE(12), after: SPACE(6) }, keepNext: true, keepLines: true } },
      heading3: { run: { font: DOCX_FONT, size: PT(12), bold: true, italics: false }, paragraph: { ...widows, alignment: AlignmentType.LEFT, spacing: { before: SPACE(9), after: SPACE(6) }, keepNext: true, keepLines: true } },
      title: { run: { font: DOCX_FONT, size: PT(15), bold: true }, paragraph: { ...widows, alignment: AlignmentType.CENTER, spacing: { after: SPACE(6) }, keepNext: true, keepLines: true } },
      footnoteText: { run: { font: DOCX_FONT, size: PT(10) }, paragraph: { ...widows, alignment: AlignmentType.JUSTIFIED, spacing: { after: 0, line: 240 } } },
      listParagraph: { run: { font: DOCX_FONT }, paragraph: { ...widows, alignment: AlignmentType.JUSTIFIED, spacing: { after: SPACE(3) } } },
    },
    paragraphStyles: [
      paragraph('Subtitle', 'Subtitle', { run: { size: PT(12), italics: false }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: SPACE(18) } } }),
      paragraph('BodyText', 'Body Text', { paragraph: body }),
      paragraph('Opening', 'Opening', { paragraph: body }),
      // Paragraphs that open an item keep with what follows; in a parallel table the writer turns this off where rows must break.
      paragraph('Finding', 'Finding', { paragraph: { ...body, keepNext: true } }),
      paragraph('GroupLead', 'Group Lead', { paragraph: { ...body, keepNext: true, keepLines: true } }),
      paragraph('Standpoint', 'Standpoint', { paragraph: body }),
      paragraph('Commitment', 'Commitment', { paragraph: body }),
      paragraph('Verdict', 'Verdict', { run: { bold: true }, paragraph: { ...body, spacing: { after: SPACE(12) }, keepLines: true } }),
      paragraph('Quotation', 'Quotation', { paragraph: { ...body, indent: { left: CM(1), right: CM(1) } } }),
      paragraph('Closing', 'Closing', { paragraph: { ...body, spacing: { before: SPACE(12), after: SPACE(6) } } }),
      paragraph('Abbreviation', 'Abbreviation', { paragraph: { spacing: { after: SPACE(2) }, indent: { left: CM(2), hanging: CM(2) } } }),
      paragraph('TableHeading', 'Table Heading', { run: { size: PT(10), bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0 } } }),
      paragraph('TableText', 'Table Text', { run: { size: PT(10) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0 } } }),
      // Between the row tables of a parallel text: one point high.
      paragraph('ParallelGap', 'Parallel Gap', { run: { size: 2 }, paragraph: { spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' } } }),
      paragraph('ColumnLabel', 'Column Label', { run: { size: PT(10), bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: SPACE(6) }, keepNext: true } }),
      paragraph('PageFooter', 'Page Footer', { run: { size: PT(10) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0 } } }),
      paragraph('DraftMark', 'Draft Mark', { run: { size: PT(10), bold: true, color: 'C00000' }, paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 0 } } }),
    ],
    characterStyles: [
      { id: 'FindingQuote', name: 'Finding Quote', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { italics: true } },
      { id: 'ReportReference', name: 'Report Reference', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { italics: false } },
      { id: 'StandpointLead', name: 'Standpoint Lead', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { bold: true } },
      { id: 'ItemNumber', name: 'Item Number', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { italics: false } },
    ],
  };
}
