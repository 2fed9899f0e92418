/**
 * The house style reader: style.yaml over styles/default.yaml, resolved to the
 * numbers every writer uses, with positioned problems; and what the writers
 * make of it (the DOCX's Word styles, the PDF's styles) from one object.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Diagnostics } from '../../src/diag/diagnostic.js';
import { defaultStyle, DEFAULT_STYLE_FILE, lengthMm, missingGlyphs, readStyle } from '../../src/read/style.js';
import { docxPageProperties, pageGeometry, pdfPageMargins } from '../../src/render/page-geometry.js';
import { docxStyles } from '../../src/render/docx/styles.js';
import { repoRoot, tempDir } from '../helpers/tools.js';

function styleIn(text?: string, files: Record<string, Buffer> = {}): { dir: string; read: ReturnType<typeof readStyle>; diags: Diagnostics } {
  const dir = tempDir('style-');
  if (text !== undefined) writeFileSync(join(dir, 'style.yaml'), text);
  for (const [f, b] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), b);
  }
  const diags = new Diagnostics();
  return { dir, read: readStyle(dir, diags), diags };
}

describe('the default style', () => {
  it('sets every key the schema has, so no lookup falls through', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'style.schema.json'), 'utf8')) as { properties: Record<string, { properties?: Record<string, unknown> }> };
    const def = parse(readFileSync(DEFAULT_STYLE_FILE, 'utf8')) as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const [section, s] of Object.entries(schema.properties)) {
      for (const key of Object.keys(s.properties ?? {})) if (!(key in (def[section] ?? {}))) missing.push(`${section}.${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('is A4 with 20/15/20/30 mm margins in PT Serif, the page the DOCX and PDF had before the style file', () => {
    const s = defaultStyle();
    expect(s.page).toMatchObject({ size: 'A4', orientation: 'portrait', widthMm: 210, heightMm: 297, marginsMm: { top: 20, right: 15, bottom: 20, left: 30 } });
    expect(pdfPageMargins(pageGeometry(s))).toEqual([85, 57, 43, 57]);
    expect(docxPageProperties(pageGeometry(s)).margin).toMatchObject({ top: 1134, right: 850, bottom: 1134, left: 1701 });
    expect(Object.values(s.fonts).map((f) => f.name)).toEqual(['PT Serif', 'PT Serif', 'PT Serif']);
  });
});

describe('a document’s style.yaml', () => {
  it('changes only the keys it sets; lengths in mm, cm, in and pt', () => {
    const { read, diags } = styleIn('page:\n  size: Letter\n  orientation: landscape\n  margins: {top: 1in, left: 2.5cm}\ntext:\n  firstLineIndent: 14pt\n');
    expect(diags.items).toEqual([]);
    const s = read.style!;
    // Landscape: the paper lies on its side.
    expect(s.page).toMatchObject({ size: 'Letter', orientation: 'landscape', widthMm: 279.4, heightMm: 215.9 });
    expect(s.page.marginsMm).toEqual({ top: 25.4, right: 15, bottom: 20, left: 25 });
    expect(s.text.firstLineIndentPt).toBe(14);
    expect(s.sizes.body).toBe(defaultStyle().sizes.body);
    expect(docxPageProperties(pageGeometry(s)).size).toEqual({ width: 12240, height: 15840, orientation: 'landscape' });
    expect(lengthMm('0.5 in')).toBeCloseTo(12.7);
  });

  it('names where the page is set, for a reference DOCX that replaces it', () => {
    const { read } = styleIn('sizes: {body: 12}\npage:\n  size: A5\n');
    expect(read.style!.page.setAt).toMatchObject({ line: 2, column: 1 });
    expect(styleIn('sizes: {body: 12}\n').read.style!.page.setAt).toBeUndefined();
  });

  it('the DOCX’s Word styles and the PDF take their numbers from it', () => {
    const { read } = styleIn('sizes: {body: 12.5, heading1: 16}\ntext:\n  lineSpacing: 1.5\n  justify: false\ncolours:\n  headings: "#1f3864"\n');
    const word = docxStyles('en-GB', read.style!);
    expect(word.default!.document!.run).toMatchObject({ font: 'PT Serif', size: 25 });
    expect(word.default!.heading1!.run).toMatchObject({ size: 32, color: '1F3864' });
    const body = word.paragraphStyles!.find((p) => p.id === 'BodyText')!;
    expect(body.paragraph).toMatchObject({ alignment: 'left', spacing: { line: 360, lineRule: 'auto' } });
  });

  it('reports a missing face once per role and prints it in the regular face', () => {
    const ttf = readFileSync(join(repoRoot, 'data', 'kz-2019-presidential', 'fonts', 'LiberationSerif-Regular.ttf'));
    const { read, diags } = styleIn('fonts:\n  body: {family: Liberation Serif, regular: f/r.ttf}\n', { 'f/r.ttf': ttf });
    expect(diags.items.map((d) => `${d.pos.line}:${d.pos.column} ${d.severity} ${d.rule}`)).toEqual(['2:9 warning font-face-missing', '2:9 warning font-face-missing', '2:9 warning font-face-missing']);
    const faces = read.style!.fonts.body.faces;
    expect(new Set(Object.values(faces)).size).toBe(1);
    // Liberation Serif has no non-breaking hyphen: the PDF prints a hyphen held on the line instead.
    expect(read.style!.fonts.body.printedWithStandIns).toEqual(['\u2011']);
    expect(missingGlyphs(read.style!.fonts.body, 'ӘәҒғҚқҢңӨөҰұҮүҺһІі — “”№')).toEqual([]);
    expect(missingGlyphs(defaultStyle().fonts.body, 'a\u2009b\u202fc\u2011d\u00a0')).toEqual(['\u2009', '\u202f']);
  });

  it('refuses a font whose licence forbids embedding (OS/2 fsType 2)', () => {
    const ttf = Buffer.from(readFileSync(join(repoRoot, 'data', 'kz-2019-presidential', 'fonts', 'LiberationSerif-Regular.ttf')));
    // The OS/2 table: its fsType is the uint16 at offset 8. The table checksum is not checked by readers (nor here).
    const tables = ttf.readUInt16BE(4);
    for (let i = 0; i < tables; i++) {
      const rec = 12 + i * 16;
      if (ttf.toString('latin1', rec, rec + 4) === 'OS/2') ttf.writeUInt16BE(2, ttf.readUInt32BE(rec + 8) + 8);
    }
    const { read, diags } = styleIn('fonts:\n  body: {family: Restricted, regular: r.ttf, bold: r.ttf, italic: r.ttf, boldItalic: r.ttf}\n', { 'r.ttf': ttf });
    expect(read.style).toBeUndefined();
    // Reported once, where the file is first named, though it stands for four faces.
    expect(diags.items).toEqual([expect.objectContaining({ rule: 'font-licence', pos: expect.objectContaining({ line: 2, column: 39 }) })]);
  });
});

describe('a document held in memory', () => {
  const mini = readFileSync(join(repoRoot, 'test', 'fixtures', 'mini', 'input', 'document.yaml'), 'utf8');

  it('takes its style.yaml from memory, never from the disk of the current folder', async () => {
    const { readDocumentFromMemory } = await import('../../src/read/document.js');
    const read = readDocumentFromMemory({ 'document.yaml': mini, 'style.yaml': 'headings: {numbering: true}\npage: {size: Letter}\n' });
    expect(read.diagnostics.items).toEqual([]);
    expect(read.doc!.style!.headings.numbering).toBe(true);
    expect(read.doc!.style!.page.size).toBe('Letter');
    expect(readDocumentFromMemory({ 'document.yaml': mini }).doc!.style!.page.size).toBe('A4');
  });

  it('names no pictures or font files: they are refused where the data names them', async () => {
    const { readDocumentFromMemory } = await import('../../src/read/document.js');
    const withLogo = mini.replace('instruments:\n', 'letterhead:\n  logo: logo.png\ninstruments:\n');
    const read = readDocumentFromMemory({ 'document.yaml': withLogo, 'style.yaml': 'fonts:\n  body: {family: X, regular: x.ttf, bold: x.ttf, italic: x.ttf, boldItalic: x.ttf}\n' });
    expect(read.diagnostics.items.filter((d) => d.severity === 'error').map((d) => `${d.pos.file}:${d.pos.line} ${d.rule}`)).toEqual(['style.yaml:2 file-not-found', 'document.yaml:14 file-not-found']);
  });
});
