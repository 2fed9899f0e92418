/**
 * The style sheet of HTML pages: PT Serif, the response's typography as in
 * the PDF (italic findings, upright references, bold lead-ins and verdicts,
 * first-line indents), two aligned columns for parallel pages that become one
 * on a narrow screen, and print rules for a clean A4 page with page numbers.
 * Owns the CSS text only; the font files come from fonts.ts.
 */
import type { HtmlPage } from './build.js';

export const FONT_FAMILY = 'PT Serif';

export interface FontFaceSource {
  style: 'normal' | 'italic';
  weight: 400 | 700;
  /** A url(…) value: a data: URL when embedded, a path the preview serves otherwise. */
  url: string;
  format: 'truetype';
}

/** A CSS string literal. */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\a ')}"`;
}

const BASE = `
:root { color-scheme: light; }
html { font-family: "${FONT_FAMILY}", serif; font-size: 100%; line-height: 1.5; color: #1b1b1b; background: #fff; -webkit-text-size-adjust: 100%; }
body { margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
.parallel-page main { max-width: 76rem; }
h1, h2, h3, h4 { line-height: 1.25; font-weight: 700; }
h1 { font-size: 1.4rem; text-align: center; margin: 0 0 .5rem; }
p.title { font-size: 1.4rem; font-weight: 700; text-align: center; line-height: 1.25; margin: 0 0 .5rem; }
.subtitle { text-align: center; font-size: 1.05rem; margin: 0 0 2rem; }
h2 { font-size: 1.2rem; text-align: center; margin: 2.25rem 0 1rem; }
h3 { font-size: 1.1rem; text-align: center; margin: 1.75rem 0 .75rem; }
h4 { font-size: 1.05rem; margin: 1.5rem 0 .6rem; }
p { margin: 0 0 .45rem; text-align: justify; text-indent: 2em; hyphens: auto; overflow-wrap: break-word; }
p.finding { margin-top: .6rem; }
p.verdict { font-weight: 700; margin-bottom: 1.1rem; }
p.closing { margin-top: 1.2rem; }
p.abbreviation { text-indent: 0; text-align: left; margin-bottom: .2rem; }
q { font-style: italic; quotes: none; }
q::before, q::after { content: none; }
q em { font-style: normal; }
cite { font-style: normal; }
blockquote.quotation { margin: 0 2em .45rem; }
blockquote.quotation p { text-indent: 0; }
ol.items { list-style: none; margin: 0; padding: 0; }
li.item { margin: 0; }
main ol:not(.items), main ul { margin: 0 0 .45rem; padding-left: 4em; }
main ol:not(.items) li, main ul li { margin-bottom: .15rem; text-align: justify; }
ol.paren { list-style-type: paren-decimal; }
ol.paren.alpha { list-style-type: paren-alpha; }
@counter-style paren-decimal { system: extends decimal; suffix: ") "; }
@counter-style paren-alpha { system: extends lower-alpha; suffix: ") "; }
table.data-table { border-collapse: collapse; table-layout: fixed; width: 100%; margin: .4rem 0 1rem; font-size: .88rem; line-height: 1.3; overflow-wrap: anywhere; hyphens: auto; }
table.data-table th, table.data-table td { border: 1px solid #555; padding: .2rem .4rem; vertical-align: top; text-align: left; }
table.data-table th { text-align: center; }
sup.fnref { line-height: 0; font-size: .75em; }
sup.fnref a { text-decoration: none; padding: 0 .1em; }
a { color: #0b4f8a; }
:target { background: #fff6d5; }
section.notes { margin-top: 2.5rem; border-top: 1px solid #888; font-size: .9rem; }
section.notes h2 { text-align: left; font-size: 1rem; margin: .75rem 0 .5rem; }
section.notes ol { padding-left: 2em; }
section.notes p { text-indent: 0; margin: 0 0 .3rem; }
mark.draft { background: #fff2cc; color: inherit; }
mark.draft.stale { background: #ffe0cc; }
mark.draft[data-label]::before { content: attr(data-label); font: 700 .7rem/1 sans-serif; color: #6b3a00; background: #fff; border: 1px solid #c08a00; border-radius: 3px; padding: .05rem .25rem; margin-right: .3rem; vertical-align: .15em; font-style: normal; text-indent: 0; }
.draft-banner { text-indent: 0; text-align: center; font-weight: 700; color: #a00000; border: 1px solid #a00000; padding: .3rem; margin-bottom: 1.5rem; }
.parallel .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); column-gap: 2.5rem; }
.parallel .row > .cell + .cell { border-left: 1px solid #bbb; padding-left: 1.25rem; margin-left: -1.25rem; }
.parallel p { text-indent: 1.5em; }
@media (max-width: 40rem) {
  main { padding: 1.25rem 1rem 3rem; }
  p { text-align: left; text-indent: 1.25em; }
  .parallel .row { grid-template-columns: minmax(0, 1fr); }
  table.data-table { font-size: .8rem; }
  table.data-table th, table.data-table td { padding: .15rem .2rem; }
  .parallel .row > .cell + .cell { border-left: 3px solid #d0d7de; margin: 0 0 .75rem; padding-left: .75rem; color: #333; }
}
@media print {
  html { font-size: 11pt; line-height: 1.35; }
  main, .parallel-page main { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a.backlink { display: none; }
  :target { background: none; }
  h1, h2, h3, h4, p.finding, p.group-lead { break-after: avoid; }
  p, li { orphans: 2; widows: 2; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .parallel { font-size: 10pt; }
  .parallel .row { column-gap: 1.5rem; }
  /* Half-width columns without hyphenation dictionaries: ragged right reads better than wide gaps. */
  .parallel p, .parallel li { text-align: left; }
}
`;

/** The whole style sheet of a page, with its fonts and its tables' column widths. */
export function pageCss(page: HtmlPage, fonts: FontFaceSource[]): string {
  const faces = fonts.map(
    (f) => `@font-face { font-family: "${FONT_FAMILY}"; font-style: ${f.style}; font-weight: ${f.weight}; font-display: block; src: url(${f.url}) format("${f.format}"); }`,
  );
  const columns = page.tables.flatMap((t) => {
    const total = t.widths.reduce((a, b) => a + b, 0) || 1;
    return t.widths.map((w, i) => `table.${t.className} col:nth-child(${i + 1}) { width: ${((w / total) * 100).toFixed(2)}%; }`);
  });
  const [before, after] = page.pageLabel;
  const pageNumber = [before && cssString(before), 'counter(page)', after && cssString(after)].filter(Boolean).join(' ');
  const pageRule = [
    '@page {',
    '  size: A4;',
    // As in the PDF: 3 cm at the binding, 1.5 cm outside, 2 cm above and below.
    '  margin: 20mm 15mm 20mm 30mm;',
    `  @bottom-center { content: ${pageNumber}; font: 9pt "${FONT_FAMILY}", serif; }`,
    ...(page.draftMark ? [`  @top-right { content: ${cssString(page.draftMark)}; font: 700 9pt "${FONT_FAMILY}", serif; color: #c00000; }`] : []),
    '}',
  ];
  return [...faces, BASE.trim(), ...columns, ...pageRule].join('\n');
}
