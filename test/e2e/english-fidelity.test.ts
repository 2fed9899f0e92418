/**
 * The English rendering of data/kz-2011-presidential against the seed text,
 * opened with real tools: pdftotext, pdffonts, pdftohtml, qpdf, LibreOffice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDoc, docxFootnotes, docxText, pdfFonts, pdfTextChunks, pdfToText, requireTool, runCli, sofficeConvert, tempDir, unzipText, repoRoot } from '../helpers/tools.js';
import { tokens, wordRecall } from '../helpers/recall.js';
import { readDocument } from '../../src/read/document.js';
import { documentFootnotes, sectionItems } from '../../src/model/walk.js';
import type { ResponseDocument } from '../../src/model/types.js';

const seed = readFileSync(join(repoRoot, 'test', 'fixtures', 'kz-2011-seed.txt'), 'utf8');
let out: string;
let docx: string;
let pdf: string;
let doc: ResponseDocument;

beforeAll(() => {
  out = tempDir();
  const r = runCli(['render', dataDoc, '--lang', 'en', '--format', 'docx,pdf', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  docx = join(out, 'kz-2011-presidential.en.docx');
  pdf = join(out, 'kz-2011-presidential.en.pdf');
  doc = readDocument(dataDoc).doc!;
});

/** In order, each expected string is found after the previous one. */
function inOrder(haystack: string, needles: string[]): string[] {
  const missing: string[] = [];
  let at = 0;
  for (const n of needles) {
    const i = haystack.indexOf(n, at);
    if (i < 0) missing.push(n);
    else at = i + n.length;
  }
  return missing;
}

const squash = (s: string) => tokens(s).join(' ');

describe('English DOCX and PDF reproduce the 2011 response', () => {
  it('the PDF text holds ≥ 99 % of the seed’s words in order', () => {
    const r = wordRecall(seed, pdfToText(pdf));
    console.log(`PDF word recall: ${r.found}/${r.total} = ${(r.ratio * 100).toFixed(2)} %`);
    expect(r.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('the DOCX text (footnotes where referenced) holds ≥ 99 % of the seed’s words in order', () => {
    const r = wordRecall(seed, docxText(docx));
    console.log(`DOCX word recall: ${r.found}/${r.total} = ${(r.ratio * 100).toFixed(2)} %`);
    expect(r.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('every item, footnote and table cell arrives, in order, in both formats', () => {
    const labels: string[] = [];
    for (const s of doc.sections) for (const item of sectionItems(s)) if (item.findings[0]) labels.push(squash(item.findings[0].text.replace(/\[\^[^\]]+\]/g, ' ')).split(' ').slice(0, 8).join(' '));
    // 10 positive assessments, 24 critical observations, 34 recommendation texts
    // (1, 2 and its (a)–(e), 3 and (a)–(b), 4(a)–(b), 5, 6(a)–(b), 7(a)–(b), 8–11; 12, 13, 14(a)–(b), 15, 16(a)–(b), 17, 18(a)–(b), 19–21).
    expect(labels.length).toBe(10 + 24 + 34);
    const footnotes = documentFootnotes(doc).map((f) => squash(f.text));
    expect(footnotes.length).toBe(18);
    const table = doc.sections.flatMap((s) => [...sectionItems(s)]).flatMap((i) => i.standpoint).find((b) => b.kind === 'table');
    expect(table?.kind).toBe('table');
    const cells = table!.kind === 'table' ? [...table!.columns.map((c) => c.text), ...table!.rows.flatMap((r) => r.cells.map((c) => c.text))] : [];
    expect(cells.length).toBe(4 + 9 * 4);
    for (const text of [squash(pdfToText(pdf)), squash(docxText(docx, { inlineFootnotes: false }))]) {
      expect(inOrder(text, labels)).toEqual([]);
      for (const c of cells) expect(text).toContain(squash(c));
    }
    const pdfText = squash(pdfToText(pdf));
    for (const f of footnotes) expect(pdfText).toContain(f.split(' ').slice(0, 12).join(' '));
    const notes = [...docxFootnotes(unzipText(docx)).entries()].filter(([id]) => Number(id) > 0).map(([, t]) => squash(t));
    expect(notes).toEqual(footnotes);
  });

  it('findings are italic and references upright in the PDF', () => {
    const chunks = pdfTextChunks(pdf);
    const italic = squash(chunks.filter((c) => /Italic/.test(c.font)).map((c) => c.text).join(' '));
    const upright = squash(chunks.filter((c) => !/Italic/.test(c.font)).map((c) => c.text).join(' '));
    expect(italic).toContain(squash('Efforts by the authorities to improve the election related legislation'));
    expect(italic).toContain(squash('Needed reforms for holding genuine democratic elections'));
    expect(italic).not.toContain(squash('section 1, page 1'));
    expect(upright).toContain(squash('(section 1, page 1)'));
    expect(upright).toContain(squash('The CEC standpoint'));
    expect(upright).toContain(squash('The critical observation is not accepted'));
    expect(chunks.some((c) => /Bold/.test(c.font) && c.text.includes('The CEC standpoint.'))).toBe(true);
  });

  it('the PDF embeds only its serif fonts, passes qpdf --check, and has an outline and metadata', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const f of fonts) {
      expect(f.embedded).toBe(true);
      expect(f.name).toMatch(/PTSerif/);
    }
    requireTool('qpdf');
    const check = execFileSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
    expect(check).toMatch(/No syntax or stream encoding errors/);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Comments of the Central Election Commission/);
    expect(info).toMatch(/Page size:\s+595.\d+ x 841.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(25);
    const outline = execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' });
    for (const h of ['Positive assessments', 'Critical observations', 'Recommendations', 'A. Priority recommendations', 'Legal framework', 'Abbreviations']) {
      expect(outline).toContain(`"title": "${h}"`);
    }
  });

  it('DOCX runs: findings in the Finding Quote style (italic), references and lead-ins not italic', () => {
    const parts = unzipText(docx);
    const styles = parts.get('word/styles.xml')!;
    const styleBlock = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? '';
    expect(styleBlock('FindingQuote')).toMatch(/<w:i\/>|<w:i w:val="true"\/>/);
    expect(styleBlock('ReportReference')).toMatch(/<w:i w:val="false"\/>/);
    expect(styleBlock('StandpointLead')).toMatch(/<w:b\/>|<w:b w:val="true"\/>/);
    for (const id of ['Finding', 'Standpoint', 'Verdict', 'Commitment']) expect(styleBlock(id)).toContain(`w:styleId="${id}"`);
    const xml = parts.get('word/document.xml')!;
    const runs = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1]!);
    const styleOf = (r: string) => /<w:rStyle w:val="([^"]+)"\/>/.exec(r)?.[1];
    const textOf = (r: string) => [...r.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    const quote = runs.find((r) => textOf(r).startsWith('Efforts by the authorities'));
    expect(quote && styleOf(quote)).toBe('FindingQuote');
    // References are printed with no-break spaces (they never break across lines).
    const ref = runs.find((r) => textOf(r).includes('(section\u00A01,\u00A0page\u00A01)'));
    expect(ref && styleOf(ref)).toBe('ReportReference');
    const lead = runs.find((r) => textOf(r) === 'The CEC standpoint.');
    expect(lead && styleOf(lead)).toBe('StandpointLead');
    expect(xml).toContain('<w:tbl>');
    expect((xml.match(/<w:tr>|<w:tr /g) ?? []).length).toBe(10);
    expect(styles).toContain('w:lang w:val="en-GB"');
    expect((xml.match(/<w:footnoteReference /g) ?? []).length).toBe(18);
  });

  it('LibreOffice opens the DOCX and converts it without loss', () => {
    const dir = tempDir('lo-');
    const converted = sofficeConvert(docx, 'txt:Text (encoded):UTF8', dir);
    const text = readFileSync(converted, 'utf8');
    const r = wordRecall(seed, text);
    console.log(`LibreOffice text word recall: ${(r.ratio * 100).toFixed(2)} %`);
    expect(r.ratio).toBeGreaterThanOrEqual(0.97);
    expect(text).toContain('The critical observation is not accepted.');
  });
});
