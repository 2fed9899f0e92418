/**
 * The house style of a document, resolved: page, fonts, sizes, spacing,
 * heading numbering, colours, running header and footer, letterhead and
 * signature sizes. Every writer (DOCX, PDF, HTML) reads this one object, so one
 * change of style.yaml restyles all three alike. Plain data: lengths of the
 * page in millimetres, of type and spacing in points, colours as "#RRGGBB",
 * font faces as absolute paths of files the reader has checked.
 * Knows no file format and no library; read/style.ts builds it.
 */
import type { Position } from './types.js';

export type PageSizeName = 'A4' | 'A5' | 'Letter' | 'Legal';
export const PAGE_SIZES: Record<PageSizeName, { widthMm: number; heightMm: number }> = {
  A4: { widthMm: 210, heightMm: 297 },
  A5: { widthMm: 148, heightMm: 210 },
  Letter: { widthMm: 215.9, heightMm: 279.4 },
  Legal: { widthMm: 215.9, heightMm: 355.6 },
};

export type FontRole = 'body' | 'headings' | 'notes';
export const FONT_ROLES: readonly FontRole[] = ['body', 'headings', 'notes'];

export type FontFaceName = 'normal' | 'bold' | 'italics' | 'bolditalics';
export const FONT_FACES: readonly FontFaceName[] = ['normal', 'bold', 'italics', 'bolditalics'];

/** One family in four faces; a face the user did not give is the regular file again (reported as a warning). */
export interface FontFamily {
  /** The name Word and CSS know it by ("PT Serif", "Liberation Serif"). */
  name: string;
  /** Absolute paths of the TrueType/OpenType files, per face. */
  faces: Record<FontFaceName, string>;
  /** Shipped with standpoint (PT Serif), not from the document folder. */
  bundled: boolean;
  /** Where the style names it (style.yaml, or the default style). */
  pos?: Position;
  /**
   * Characters standpoint itself puts into the text (the no-break space, the
   * non-breaking hyphen) that some face lacks: writers print a stand-in (a
   * space, a hyphen) kept on the line instead of an empty box.
   */
  printedWithStandIns?: string[];
}

export type PageNumbering = 'page-of' | 'page' | 'none';
export type Alignment = 'left' | 'center' | 'right';

export interface HouseStyle {
  page: {
    /** A named size, or 'custom' for a page a reference DOCX sets to no named size. */
    size: PageSizeName | 'custom';
    orientation: 'portrait' | 'landscape';
    /** Paper size in millimetres, orientation applied. */
    widthMm: number;
    heightMm: number;
    marginsMm: { top: number; right: number; bottom: number; left: number };
    /** Distance of the running header from the paper's top edge, and of the footer from its bottom edge. */
    headerMm: number;
    footerMm: number;
    /** Where the document's style.yaml sets the page, when it does. */
    setAt?: Position;
  };
  fonts: Record<FontRole, FontFamily>;
  /** Type sizes in points. */
  sizes: {
    body: number;
    title: number;
    subtitle: number;
    heading1: number;
    heading2: number;
    heading3: number;
    notes: number;
    table: number;
    parallel: number;
    header: number;
    footer: number;
    letterhead: number;
  };
  text: {
    /** Line height as a multiple of single spacing. */
    lineSpacing: number;
    firstLineIndentPt: number;
    spaceAfterPt: number;
    justify: boolean;
  };
  headings: { numbering: boolean };
  /** The only colours a formal document has: its text, its headings, its rules (note separator, table and column lines). */
  colours: { text: string; headings: string; rules: string };
  header: { runningTitle: boolean };
  footer: { pageNumbers: PageNumbering };
  letterhead: { logoWidthMm: number; align: Alignment };
  signature: { imageWidthMm: number };
}

/** An image the data names (a logo, a signature, a figure), read from the document folder and checked. */
export interface ImageAsset {
  /** The path as the data writes it, relative to the document folder: the key templates use. */
  src: string;
  type: 'png' | 'jpeg';
  data: Uint8Array;
  widthPx: number;
  heightPx: number;
}
