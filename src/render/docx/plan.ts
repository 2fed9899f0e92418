/**
 * The DOCX plan: plain objects describing the Word document (paragraphs with
 * named styles, runs, footnotes, tables, list numbering). `build.ts` makes it
 * from the block tree; `pack.ts` turns it into docx-library objects and bytes.
 * Plain data so that tests assert on structure, not on zip bytes.
 */

export interface PlanTextRun {
  type: 'text';
  text: string;
  /** Character style id (FindingQuote, ReportReference, StandpointLead, ItemNumber). */
  style?: string;
  /** Direct formatting, only where the style does not decide it. */
  italic?: boolean;
  bold?: boolean;
  /** Untranslated source text in a draft: shaded. */
  shade?: boolean;
  lang?: string;
  /** A Word tracked change: text inserted or deleted (change reports). */
  change?: 'insert' | 'delete';
  /** Bookmark for a unit that starts inside the paragraph (a passage, a purpose clause). */
  bookmark?: string;
}

export interface PlanFootnoteRef {
  type: 'footnote';
  /** 1-based footnote number (Word's own numbering follows the order). */
  n: number;
}

export type PlanRun = PlanTextRun | PlanFootnoteRef;

export interface PlanParagraph {
  type: 'paragraph';
  /** Paragraph style id (Finding, Standpoint, Verdict, Heading1 …). */
  style: string;
  runs: PlanRun[];
  /**
   * Word bookmarks carrying ids: ss_<section>, si_<item> for the containers the
   * paragraph opens, then sp_<unit> for its own unit (see bookmarkName).
   */
  bookmarks?: string[];
  numbering?: { reference: string; instance: number };
  /** Keep with the next paragraph (true), or explicitly not, overriding the style (false). */
  keepNext?: boolean;
  lang?: string;
  /** In a half-width column of a parallel text: smaller type and indent. */
  compact?: boolean;
}

export interface PlanTable {
  type: 'table';
  /** Column widths in twentieths of a point (dxa), summing to the text width. */
  widths: number[];
  /** cantSplit: the row never breaks across pages. */
  rows: { header: boolean; cells: PlanParagraph[][]; cantSplit?: boolean }[];
  /** Borders on (data tables) or off (parallel layouts). */
  borders: boolean;
}

export type PlanBlock = PlanParagraph | PlanTable;

export interface DocxPlan {
  /** The document id, kept as a custom property so an edited DOCX can be matched to its data. */
  documentId?: string;
  /** Further custom properties (the data's dates). */
  custom?: Record<string, string>;
  langTag: string;
  meta: { title: string; creator: string; subject: string; keywords: string; description: string };
  /** ISO date-time stamped as created and modified. */
  date: string;
  body: PlanBlock[];
  footnotes: { n: number; paragraphs: PlanParagraph[] }[];
  /** List numbering definitions used by the body, by reference. */
  lists: { reference: string; format: 'decimal' | 'lowerLetter' | 'bullet'; text: string }[];
  /** Text of the page footer, with {{page}} where the page number goes. */
  pageLabel: string;
  /** Printed at the top of every page of a draft. */
  draftMark?: string;
}
