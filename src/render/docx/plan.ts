/**
 * The DOCX plan: plain objects describing the Word document (paragraphs with
 * named styles, runs, footnotes, tables, list numbering). `build.ts` makes it
 * from the block tree; `pack.ts` turns it into docx-library objects and bytes.
 * Plain data so that tests assert on structure, not on zip bytes.
 */
import type { HouseStyle, ImageAsset } from '../../model/style.js';
import type { ReferenceDocx } from './reference.js';

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

/** An image of the document folder, inline in its paragraph (DocxPlan.images holds the bytes). */
export interface PlanImageRun {
  type: 'image';
  src: string;
  /** Printed size in points. */
  widthPt: number;
  heightPt: number;
  /** What it shows (the picture's description, read aloud by screen readers). */
  alt: string;
  /** A bookmark around the picture: the unit its description is. */
  bookmark?: string;
}

export type PlanRun = PlanTextRun | PlanFootnoteRef | PlanImageRun;

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
  /** Alignment set on the paragraph itself, where the style's alignment is not the one wanted (an image, a signature). */
  align?: 'left' | 'center' | 'right';
  /** Space above, in points, set on the paragraph itself (the signature block's). */
  spaceBeforePt?: number;
}

export interface PlanTable {
  type: 'table';
  /** Column widths in twentieths of a point (dxa), summing to the text width. */
  widths: number[];
  /** cantSplit: the row never breaks across pages. */
  rows: { header: boolean; cells: PlanParagraph[][]; cantSplit?: boolean }[];
  /** Borders on (data tables) or off (parallel layouts, the signature block). */
  borders: boolean;
  /** Cells' content sits at the bottom (the signature block: position, scan and name on one line). */
  bottom?: boolean;
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
  /** Text of the page footer, with {{page}} and {{pages}} where the page number and the page count go; empty: no footer. */
  pageLabel: string;
  /** The running header on pages after the first. */
  runningTitle?: string;
  /** The bookmark on it (the short title's unit), for import. */
  runningTitleBookmark?: string;
  /** Printed at the top of every page of a draft. */
  draftMark?: string;
  /** The house style: page, fonts, sizes and spacing of the styles. */
  style: HouseStyle;
  /** The images the body prints, by their path in the data. */
  images: Record<string, ImageAsset>;
  /** A reference DOCX whose styles and numbering replace standpoint's (--reference-docx). */
  reference?: ReferenceDocx;
}
