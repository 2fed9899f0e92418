/**
 * The style sheet of HTML pages: the house style's fonts, colours and spacing,
 * the response's typography as in the PDF (italic findings, upright
 * references, bold lead-ins and verdicts, first-line indents), two aligned
 * columns for parallel pages that become one on a narrow screen, and print
 * rules for the style's paper and margins with the running header and page
 * numbers. Owns the CSS text only; the font files come from fonts.ts.
 */
import type { HtmlPage } from './build.js';
import type { HouseStyle } from '../../model/style.js';

export interface FontFaceSource {
  /** The family name the style gives ("PT Serif"). */
  family: string;
  style: 'normal' | 'italic';
  weight: 400 | 700;
  /** A url(…) value: a data: URL when embedded, a path the preview serves otherwise. */
  url: string;
  format: 'truetype' | 'opentype';
}

/** A CSS string literal. */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\a ')}"`;
}

const BASE = `
:root { color-scheme: light; }
html { font-size: 100%; line-height: 1.5; color: #1b1b1b; background: #fff; -webkit-text-size-adjust: 100%; }
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
p.letterhead { text-indent: 0; font-weight: 700; margin: 0 0 .15rem; }
p.address { text-indent: 0; font-size: .85rem; margin: 0 0 1.5rem; }
p.dateline { text-indent: 0; text-align: left; margin: 0 0 .2rem; }
p.figure { text-indent: 0; margin: 0 0 .6rem; }
p.figure.logo { margin-bottom: .4rem; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
img { max-width: 100%; height: auto; }
div.signature { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; column-gap: 1rem; margin: 2rem 0 0; break-inside: avoid; }
div.signature p { text-indent: 0; margin: 0; }
div.signature p.name { text-align: right; }
.parallel div.signature { grid-template-columns: 1fr; }
.parallel div.signature p.scan { text-align: center; }
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

/** The family list of a role: the style's family, then a generic serif. */
function family(name: string): string {
  return `${cssString(name)}, serif`;
}

/** Style-dependent rules: fonts of each role, colours, print sizes and spacing in the style's points. */
function styleRules(style: HouseStyle): string[] {
  const { sizes, text, fonts, colours } = style;
  const align = style.letterhead.align;
  return [
    `html { font-family: ${family(fonts.body.name)}; color: ${colours.text === '#000000' ? '#1b1b1b' : colours.text}; }`,
    `h1, h2, h3, h4, p.title, .subtitle, p.letterhead { font-family: ${family(fonts.headings.name)}; }`,
    ...(colours.headings === '#000000' ? [] : [`h1, h2, h3, h4, p.title, p.letterhead { color: ${colours.headings}; }`]),
    `section.notes { font-family: ${family(fonts.notes.name)}; }`,
    `section.notes, table.data-table th, table.data-table td${colours.rules === '#000000' ? '' : ', .parallel .row > .cell + .cell'} { border-color: ${colours.rules === '#000000' ? '#555' : colours.rules}; }`,
    `p.letterhead, p.address { text-align: ${align}; }`,
    ...(text.justify ? [] : ['p, main ol:not(.items) li, main ul li { text-align: left; }']),
    '@media print {',
    `  html { font-size: ${sizes.body}pt; line-height: ${text.lineSpacing + 0.23}; }`,
    `  p { text-indent: ${text.firstLineIndentPt}pt; margin-bottom: ${text.spaceAfterPt}pt; }`,
    `  h1, p.title { font-size: ${sizes.title}pt; }`,
    `  h2 { font-size: ${sizes.heading1}pt; }`,
    `  h3 { font-size: ${sizes.heading2}pt; }`,
    `  h4 { font-size: ${sizes.heading3}pt; }`,
    `  .subtitle { font-size: ${sizes.subtitle}pt; }`,
    `  p.letterhead { font-size: ${sizes.letterhead}pt; }`,
    `  section.notes { font-size: ${sizes.notes}pt; }`,
    `  table.data-table { font-size: ${sizes.table}pt; }`,
    `  .parallel { font-size: ${sizes.parallel}pt; }`,
    '}',
  ];
}

/** A CSS content value: strings and page counters ("Page " counter(page) " of " counter(pages)). */
function contentValue(parts: HtmlPage['pageLabel']): string {
  return parts.map((p) => (typeof p === 'string' ? cssString(p) : `counter(${p.counter})`)).join(' ');
}

/** The whole style sheet of a page, with its fonts and its tables' column widths. */
export function pageCss(page: HtmlPage, fonts: FontFaceSource[]): string {
  const style = page.style;
  const faces = fonts.map(
    (f) => `@font-face { font-family: ${cssString(f.family)}; font-style: ${f.style}; font-weight: ${f.weight}; font-display: block; src: url(${f.url}) format("${f.format}"); }`,
  );
  const columns = page.tables.flatMap((t) => {
    const total = t.widths.reduce((a, b) => a + b, 0) || 1;
    return t.widths.map((w, i) => `table.${t.className} col:nth-child(${i + 1}) { width: ${((w / total) * 100).toFixed(2)}%; }`);
  });
  const m = style.page.marginsMm;
  const mm = (n: number) => `${Math.round(n * 100) / 100}mm`;
  const headerFont = `${style.sizes.header}pt ${family(style.fonts.body.name)}`;
  const pageRule = [
    '@page {',
    `  size: ${mm(style.page.widthMm)} ${mm(style.page.heightMm)};`,
    // As in the PDF and the DOCX: the style's margins (3 cm at the binding by default).
    `  margin: ${mm(m.top)} ${mm(m.right)} ${mm(m.bottom)} ${mm(m.left)};`,
    ...(page.pageLabel.length ? [`  @bottom-center { content: ${contentValue(page.pageLabel)}; font: ${style.sizes.footer}pt ${family(style.fonts.body.name)}; }`] : []),
    ...(page.runningTitle ? [`  @top-center { content: ${cssString(page.runningTitle)}; font: ${headerFont}; }`] : []),
    ...(page.draftMark ? [`  @top-right { content: ${cssString(page.draftMark)}; font: 700 ${headerFont}; color: #c00000; }`] : []),
    '}',
    // The first page carries the letterhead and the title: the running title starts on the second.
    ...(page.runningTitle ? ['@page :first {', '  @top-center { content: none; }', '}'] : []),
  ];
  return [...faces, BASE.trim(), ...styleRules(style), ...columns, ...pageRule].join('\n');
}
