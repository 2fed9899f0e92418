/**
 * A reference DOCX applied to standpoint's styles, on structures: a template
 * as Word writes one in another language (style ids "1", "a", names "heading 1",
 * theme fonts, a numbered Heading 1, its own Quote style and a custom one),
 * read from its parts and merged into the styles.xml of the golden case.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { openDocxParts } from '../../src/import/docx-package.js';
import { applyReference, referenceFromPackage, withReferencePage } from '../../src/render/docx/reference.js';
import { readDocument } from '../../src/read/document.js';
import { composeDocument } from '../../src/compose/index.js';
import { buildDocxPlan } from '../../src/render/docx/build.js';
import { docxParts } from '../../src/render/docx/pack.js';
import { defaultStyle } from '../../src/read/style.js';
import { repoRoot } from '../helpers/tools.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A template as Russian Word saves one: localised style ids, lower-case built-in names, theme fonts. */
const TEMPLATE_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:eastAsiaTheme="minorHAnsi" w:cstheme="minorBidi"/><w:sz w:val="22"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="24"/><w:lang w:val="ru-RU"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:link w:val="10"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="3"/></w:numPr><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/><w:color w:val="2F5496"/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="character" w:customStyle="1" w:styleId="10"><w:name w:val="Заголовок 1 Знак"/><w:basedOn w:val="a0"/><w:link w:val="1"/><w:rPr><w:color w:val="2F5496"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/></w:style>
<w:style w:type="paragraph" w:styleId="21"><w:name w:val="Quote"/><w:basedOn w:val="a"/><w:pPr><w:ind w:left="864" w:right="864"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Finding"><w:name w:val="Finding"/><w:basedOn w:val="a"/><w:rPr><w:color w:val="404040"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Subtitle"><w:name w:val="Подзаголовок письма"/><w:basedOn w:val="a"/></w:style>
</w:styles>`;

const TEMPLATE_NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ${W}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="1"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`;

const THEME = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Cambria"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface="Arial"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>`;

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${W}><w:body><w:p/><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`;

function template(extra: Record<string, string> = {}) {
  const parts = new Map<string, Uint8Array>(
    Object.entries({ 'word/document.xml': DOCUMENT, 'word/styles.xml': TEMPLATE_STYLES, 'word/numbering.xml': TEMPLATE_NUMBERING, 'word/theme/theme1.xml': THEME, ...extra }).map(([k, v]) => [k, strToU8(v)]),
  );
  return referenceFromPackage(openDocxParts('template.docx', parts));
}

/** styles.xml and numbering.xml of the golden case, as standpoint writes them. */
function ours(): { styles: string; numbering: string } {
  const doc = readDocument(join(repoRoot, 'test', 'fixtures', 'mini', 'input')).doc!;
  const { composed } = composeDocument(doc, { lang: 'ru', templatesDir: join(repoRoot, 'templates'), localesDir: join(repoRoot, 'locales'), draft: true });
  const parts = docxParts(buildDocxPlan(composed));
  const text = (n: string) => new TextDecoder().decode(parts.get(n)!);
  return { styles: text('word/styles.xml'), numbering: text('word/numbering.xml') };
}

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['w:style', 'w:abstractNum', 'w:num'].includes(name) });
const styleById = (xml: string, id: string) => ((parser.parse(xml)['w:styles'] as Node)['w:style'] as Node[]).find((s) => s['w:styleId'] === id);

describe('a template in another language applied to standpoint’s styles', () => {
  const { reference, warnings } = template();
  const { styles, numbering } = ours();
  const applied = applyReference(styles, numbering, reference, 'ru-RU', new Set(['Normal', 'Heading1', 'Finding', 'Verdict', 'Quotation', 'Subtitle']));

  it('reads the template: styles, theme fonts, numbering, page; nothing to warn about', () => {
    expect(warnings).toEqual([]);
    expect(reference.styles.map((s) => s.id)).toEqual(['a', '1', '10', 'a0', '21', 'Finding', 'Subtitle']);
    expect(reference.themeFonts.get('minorHAnsi')).toBe('Calibri');
    expect(reference.themeFonts.get('majorHAnsi')).toBe('Cambria');
    expect(reference.themeFonts.has('majorEastAsia')).toBe(false);
    expect(reference.page).toEqual({ widthDxa: 11906, heightDxa: 16838, margins: { top: 1134, right: 850, bottom: 1134, left: 1701, header: 708, footer: 708 } });
  });

  it('maps the template’s styles onto standpoint’s by name (Normal, heading 1, Quote) and by id (Finding), under standpoint’s ids', () => {
    const normal = styleById(applied.styles, 'Normal')!;
    expect(normal['w:default']).toBe('1');
    expect((normal['w:rPr'] as Node)['w:sz']).toEqual({ 'w:val': '24' });
    const h1 = styleById(applied.styles, 'Heading1')!;
    // Its parent and its linked character style follow the renaming; its name stays standpoint's.
    expect(h1['w:basedOn']).toEqual({ 'w:val': 'Normal' });
    expect(h1['w:link']).toEqual({ 'w:val': '10' });
    expect(h1['w:name']).toEqual({ 'w:val': 'Heading 1' });
    expect((h1['w:rPr'] as Node)['w:color']).toEqual({ 'w:val': '2F5496' });
    // Theme fonts become the theme's names: the output keeps its own theme.
    expect((h1['w:rPr'] as Node)['w:rFonts']).toEqual({ 'w:ascii': 'Cambria', 'w:hAnsi': 'Cambria' });
    expect(((styleById(applied.styles, 'Quotation')!['w:pPr'] as Node)['w:ind'] as Node)['w:left']).toBe('864');
    expect((styleById(applied.styles, 'Finding')!['w:rPr'] as Node)['w:color']).toEqual({ 'w:val': '404040' });
  });

  it('keeps standpoint’s own for a style the template lacks, and lists it when the document uses it', () => {
    expect(applied.missing).toEqual(['Verdict']);
    const verdict = styleById(applied.styles, 'Verdict')!;
    expect(verdict['w:basedOn']).toEqual({ 'w:val': 'Normal' });
    // "Подзаголовок письма" is not Subtitle by name, but is by id.
    expect(styleById(applied.styles, 'Subtitle')!['w:name']).toEqual({ 'w:val': 'Subtitle' });
  });

  it('brings the template’s other styles along, under ids of their own, none of them a second default', () => {
    expect(styleById(applied.styles, '10')!['w:name']).toEqual({ 'w:val': 'Заголовок 1 Знак' });
    expect(styleById(applied.styles, '10')!['w:link']).toEqual({ 'w:val': 'Heading1' });
    expect(styleById(applied.styles, 'a0')!['w:default']).toBeUndefined();
  });

  it('the language stays the render’s: no w:lang from the template, the defaults in ru-RU', () => {
    expect(applied.styles).not.toMatch(/<w:style\b[^]*?<w:lang [^]*?<\/w:style>/);
    expect(applied.styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Arial"\/><w:sz w:val="22"\/><w:lang w:val="ru-RU"\/><\/w:rPr><\/w:rPrDefault>/);
  });

  it('copies the numbering Heading 1 carries, with fresh ids, abstract definitions before the numbers, and says the headings are numbered', () => {
    expect(applied.numberedHeadings).toBe(true);
    const n = parser.parse(applied.numbering!)['w:numbering'] as Node;
    const abstracts = n['w:abstractNum'] as Node[];
    const nums = n['w:num'] as Node[];
    const ourAbstracts = (parser.parse(numbering)['w:numbering'] as Node)['w:abstractNum'] as Node[] | undefined;
    expect(abstracts.length).toBe((ourAbstracts?.length ?? 0) + 1);
    const copied = abstracts[abstracts.length - 1]!;
    expect((copied['w:lvl'] as Node)['w:pStyle']).toEqual({ 'w:val': 'Heading1' });
    const num = nums[nums.length - 1]!;
    expect((num['w:abstractNumId'] as Node)['w:val']).toBe(copied['w:abstractNumId']);
    const numPr = ((styleById(applied.styles, 'Heading1')!['w:pPr'] as Node)['w:numPr'] as Node)['w:numId'] as Node;
    expect(numPr['w:val']).toBe(num['w:numId']);
    expect(applied.numbering!.indexOf('<w:abstractNum ', applied.numbering!.lastIndexOf('</w:abstractNum>'))).toBe(-1);
    expect(applied.numbering!.lastIndexOf('<w:abstractNum ')).toBeLessThan(applied.numbering!.indexOf('<w:num '));
  });

  it('the fonts it sets for Normal and Heading 1, for the warning that the PDF keeps the house style’s', () => {
    expect(applied.fonts).toEqual({ body: 'Calibri', headings: 'Cambria' });
  });
});

describe('the template’s page', () => {
  it('replaces the house style’s: paper, margins, and a gutter at the binding', () => {
    const doc = DOCUMENT.replace('<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>').replace('w:gutter="0"', 'w:gutter="567"');
    const { reference } = template({ 'word/document.xml': doc });
    const s = withReferencePage(defaultStyle(), reference.page!);
    expect(s.page).toMatchObject({ size: 'A4', orientation: 'landscape' });
    expect(s.page.marginsMm.left).toBeCloseTo(40, 1);
    expect(s.page.headerMm).toBeCloseTo(12.49, 1);
  });

  it('refuses a page that leaves no text block, and says what it does not copy', () => {
    expect(() => template({ 'word/document.xml': DOCUMENT.replace('w:left="1701"', 'w:left="11000"') })).toThrow(/margins leave a text block of -?\d+ × \d+ mm; at least 60 mm/);
    const withHeader = template({ 'word/header1.xml': `<w:hdr ${W}><w:p><w:r><w:t>Central Election Commission</w:t></w:r></w:p></w:hdr>` });
    expect(withHeader.warnings.map((w) => w.rule)).toEqual(['reference-header']);
    expect(template({ 'word/header1.xml': `<w:hdr ${W}><w:p/></w:hdr>` }).warnings).toEqual([]);
  });
});
