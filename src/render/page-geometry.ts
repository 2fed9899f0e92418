/**
 * The page every writer sets: paper, margins, the header's and footer's
 * distances and the gutter of parallel columns, in millimetres and points,
 * with the conversions each format needs (points for pdfmake, twentieths of a
 * point for Word). The numbers come from the house style (style.yaml); this
 * module owns only their arithmetic, so the formats cannot drift apart.
 */
import type { HouseStyle } from '../model/style.js';

export interface PageGeometry {
  /** Paper size in millimetres (A4). */
  widthMm: number;
  heightMm: number;
  /** Margins in millimetres: the text block. */
  marginsMm: { top: number; right: number; bottom: number; left: number };
  /** Distance of the running header from the paper's top edge, in millimetres. */
  headerMm: number;
  /** Distance of the footer line from the paper's bottom edge, in millimetres. */
  footerMm: number;
  /** Padding on each side of a parallel column, in points (PDF) — the gutter is twice this. */
  columnPaddingPt: number;
}

/** The page of a house style (the gutter of parallel columns is fixed: 6 pt on each side of the rule). */
export function pageGeometry(style: HouseStyle): PageGeometry {
  const p = style.page;
  return { widthMm: p.widthMm, heightMm: p.heightMm, marginsMm: { ...p.marginsMm }, headerMm: p.headerMm, footerMm: p.footerMm, columnPaddingPt: 6 };
}

export const mmToPt = (mm: number): number => (mm / 25.4) * 72;
/** Twentieths of a point ("dxa"), Word's unit for page and table measures. */
export const mmToDxa = (mm: number): number => Math.round((mm / 25.4) * 1440);

/** pdfmake's page margins, [left, top, right, bottom] in points, rounded as a PDF prints them. */
export function pdfPageMargins(page: PageGeometry): [number, number, number, number] {
  const m = page.marginsMm;
  return [Math.round(mmToPt(m.left)), Math.round(mmToPt(m.top)), Math.round(mmToPt(m.right)), Math.round(mmToPt(m.bottom))];
}

/** The width of the text block in points (PDF), from the rounded margins pdfmake is given. */
export function pdfTextWidth(page: PageGeometry): number {
  const [left, , right] = pdfPageMargins(page);
  return mmToPt(page.widthMm) - left - right;
}

/** The width of the text block in twentieths of a point (DOCX). */
export function docxTextWidth(page: PageGeometry): number {
  return mmToDxa(page.widthMm - page.marginsMm.left - page.marginsMm.right);
}

/** Word's section page properties: size and margins in twentieths of a point. */
export function docxPageProperties(page: PageGeometry): {
  size: { width: number; height: number; orientation: 'portrait' | 'landscape' };
  margin: { top: number; bottom: number; left: number; right: number; header: number; footer: number };
} {
  const m = page.marginsMm;
  return {
    // Word's w:w and w:h are the paper as it lies (landscape: wider than high), with w:orient; the docx
    // library takes the upright sheet and the orientation, and swaps them itself.
    size: {
      width: mmToDxa(Math.min(page.widthMm, page.heightMm)),
      height: mmToDxa(Math.max(page.widthMm, page.heightMm)),
      orientation: page.widthMm > page.heightMm ? 'landscape' : 'portrait',
    },
    margin: { top: mmToDxa(m.top), bottom: mmToDxa(m.bottom), left: mmToDxa(m.left), right: mmToDxa(m.right), header: mmToDxa(page.headerMm), footer: mmToDxa(page.footerMm) },
  };
}

/** The printed width of an image in points: its own, or its role's from the style (logo, signature), never wider than `availablePt`. */
export function imageWidthPt(n: { role: 'logo' | 'signature' | 'figure'; widthMm?: number }, style: HouseStyle, availablePt: number): number {
  const mm = n.widthMm ?? (n.role === 'logo' ? style.letterhead.logoWidthMm : n.role === 'signature' ? style.signature.imageWidthMm : undefined);
  return Math.min(mm === undefined ? availablePt : mmToPt(mm), availablePt);
}
