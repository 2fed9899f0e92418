/**
 * The page both writers set: paper, margins, the footer's distance, the gutter
 * of parallel columns and the footnote area's proportions, in millimetres and
 * points, with the conversions each format needs (points for pdfmake,
 * twentieths of a point for Word). Owns only these numbers; a house style that
 * changes the page changes it here, and both formats follow.
 */

export interface PageGeometry {
  /** Paper size in millimetres (A4). */
  widthMm: number;
  heightMm: number;
  /** Margins in millimetres: the text block. */
  marginsMm: { top: number; right: number; bottom: number; left: number };
  /** Distance of the footer line from the paper's bottom edge, in millimetres. */
  footerMm: number;
  /** Padding on each side of a parallel column, in points (PDF) — the gutter is twice this. */
  columnPaddingPt: number;
}

/** The geometry of the 2011 response: A4, 2 cm top and bottom, 3 cm left (binding), 1.5 cm right. */
export const PAGE: PageGeometry = {
  widthMm: 210,
  heightMm: 297,
  marginsMm: { top: 20, right: 15, bottom: 20, left: 30 },
  footerMm: 10,
  columnPaddingPt: 6,
};

export const mmToPt = (mm: number): number => (mm / 25.4) * 72;
/** Twentieths of a point ("dxa"), Word's unit for page and table measures. */
export const mmToDxa = (mm: number): number => Math.round((mm / 25.4) * 1440);

/** pdfmake's page margins, [left, top, right, bottom] in points, rounded as a PDF prints them. */
export function pdfPageMargins(page: PageGeometry = PAGE): [number, number, number, number] {
  const m = page.marginsMm;
  return [Math.round(mmToPt(m.left)), Math.round(mmToPt(m.top)), Math.round(mmToPt(m.right)), Math.round(mmToPt(m.bottom))];
}

/** The width of the text block in points (PDF), from the rounded margins pdfmake is given. */
export function pdfTextWidth(page: PageGeometry = PAGE): number {
  const [left, , right] = pdfPageMargins(page);
  return mmToPt(page.widthMm) - left - right;
}

/** The width of the text block in twentieths of a point (DOCX). */
export function docxTextWidth(page: PageGeometry = PAGE): number {
  return mmToDxa(page.widthMm - page.marginsMm.left - page.marginsMm.right);
}

/** Word's section page properties: size and margins in twentieths of a point. */
export function docxPageProperties(page: PageGeometry = PAGE): { size: { width: number; height: number }; margin: { top: number; bottom: number; left: number; right: number; footer: number } } {
  const m = page.marginsMm;
  return {
    size: { width: mmToDxa(page.widthMm), height: mmToDxa(page.heightMm) },
    margin: { top: mmToDxa(m.top), bottom: mmToDxa(m.bottom), left: mmToDxa(m.left), right: mmToDxa(m.right), footer: mmToDxa(page.footerMm) },
  };
}
