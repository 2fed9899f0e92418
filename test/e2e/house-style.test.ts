/**
 * The house style, opened with real tools: the second document of data/
 * (kz-2019-presidential) has its own style.yaml (Liberation Serif from its
 * folder, numbered headings, its own margins), a logo, a date line with an
 * outgoing number, and a signature block with a scanned signature, in en, ru,
 * kk and kk+ru. pdfimages, pdfinfo, pdffonts and pdftotext read the PDFs; the
 * DOCX's parts are read from the zip; LibreOffice opens the DOCX as a reader
 * without the fonts installed would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { pdfFonts, pdfToText, repoRoot, requireTool, runCli, sofficeConvert, tempDir } from '../helpers/tools.js';
import { pdfWords } from '../helpers/typeset.js';
import { obfuscateFont } from '../../src/render/docx/fonts.js';
import { ptSerifFaces } from '../../src/paths.js';

const doc2019 = join(repoRoot, 'data', 'kz-2019-presidential');
const doc2011 = join(repoRoot, 'data', 'kz-2011-presidential');
const SPECS = ['en', 'ru', 'kk', 'kk+ru'] as const;
let out: string;
const file = (spec: string, ext: string, id = 'kz-2019-presidential') => join(out, `${id}.${spec}.${ext}`);

/** The DOCX's entries, as bytes. */
const entries = (docx: string): Record<string, Uint8Array> => unzipSync(new Uint8Array(readFileSync(docx)));
const part = (docx: string, name: string): string => strFromU8(entries(docx)[name] ?? new Uint8Array());

function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

/** pdfimages -list: page, width and height of every image. */
function pdfImages(pdf: string): { page: number; width: number; height: number }[] {
  requireTool('pdfimages');
  return execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/))
    .map((c) => ({ page: Number(c[0]), width: Number(c[3]), height: Number(c[4]) }));
}

const DATES = {
  en: 'Nur-Sultan, 16 December 2019',
  ru: 'Нур-Султан, 16 декабря 2019 г.',
  kk: 'Нұр-Сұлтан, 2019 жылғы 16 желтоқсан',
};
const SIGNERS = { en: 'B. Temirbekov', ru: 'Б. Темирбеков', kk: 'Б. Темірбеков' };
const RUNNING = {
  en: 'Comments of the CEC on the OSCE/ODIHR Final Report, 2019',
  ru: 'Комментарии ЦИК к Окончательному докладу БДИПЧ ОБСЕ, 2019',
  kk: 'ОСК-ның ЕҚЫҰ ДИАҚБ Қорытынды баяндамасына түсініктемелері, 2019',
};
const squeeze = (s: string) => s.replace(/\s+/g, ' ').replace(/\u2011/g, '-');

beforeAll(() => {
  out = tempDir('house-style-');
  const r = runCli(['render', doc2019, '--lang', SPECS.join(','), '--format', 'docx,pdf,html', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 300_000);

describe('the PDF', () => {
  it.each(SPECS)('%s: the logo on page 1 and the signature on the last page (pdfimages -list)', (spec) => {
    const pdf = file(spec, 'pdf');
    const images = pdfImages(pdf);
    const last = pageCount(pdf);
    // logo.png is 500 × 500, signature.jpg 445 × 167; each printed once.
    expect(images).toEqual([
      { page: 1, width: 500, height: 500 },
      { page: last, width: 445, height: 167 },
    ]);
  });

  it.each(SPECS)('%s: A4 in pdfinfo, the text block inside the style’s margins (30 mm left, 12 mm right)', (spec) => {
    const pdf = file(spec, 'pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const page2 = pdfWords(pdf)[1]!;
    const body = page2.words.filter((w) => w.y0 > 57 && w.y1 < page2.height - 62);
    const left = Math.min(...body.map((w) => w.x0));
    const right = Math.max(...body.map((w) => w.x1));
    // 30 mm = 85.0 pt; 595.28 − 12 mm (34.0 pt) = 561.3 pt: justified lines reach it (parallel columns: 6 pt padding inside).
    const pad = spec.includes('+') ? 6 : 0;
    expect(left).toBeGreaterThan(84 + pad);
    expect(left).toBeLessThan(87 + pad);
    expect(right).toBeGreaterThan(559 - pad);
    expect(right).toBeLessThan(562.5 - pad);
  });

  it.each(SPECS)('%s: pdffonts shows the chosen Liberation Serif embedded, and no other font', (spec) => {
    const fonts = pdfFonts(file(spec, 'pdf'));
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?$/);
      expect(f.embedded).toBe(true);
    }
  });

  it.each(['en', 'ru', 'kk'] as const)('%s: the date line in the language’s format, the outgoing number, the letterhead', (lang) => {
    const first = squeeze(pdfToText(file(lang, 'pdf'), ['-f', '1', '-l', '1']));
    expect(first).toContain(DATES[lang]);
    expect(first).toContain(lang === 'en' ? 'No. 02-18/1147' : '№ 02-18/1147');
    expect(first).toContain(lang === 'en' ? '4 Beibitshilik Street' : 'Бейбітшілік');
  });

  it.each(['en', 'ru', 'kk'] as const)('%s: the signature block on the last page, the running header on every page after the first, “Page N of M” on each', (lang) => {
    const pdf = file(lang, 'pdf');
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = (p: number) => squeeze(pdfToText(pdf, ['-f', String(p), '-l', String(p)]));
    expect(text(pages)).toContain(SIGNERS[lang]);
    expect(text(pages)).toContain(lang === 'en' ? 'Chairman of the Central Election Commission' : lang === 'ru' ? 'Председатель Центральной' : 'Төрағасы');
    for (let p = 1; p < pages; p++) expect(text(p)).not.toContain(SIGNERS[lang]);
    expect(text(1)).not.toContain(RUNNING[lang]);
    for (let p = 2; p <= pages; p++) {
      expect(text(p), `page ${p}`).toContain(RUNNING[lang]);
      const footer = { en: `Page ${p} of ${pages}`, ru: `Страница ${p} из ${pages}`, kk: `${pages} беттің ${p}-беті` }[lang];
      expect(text(p), `page ${p}`).toContain(footer);
    }
    // The running header sits above the text block, the footer below it.
    const words = pdfWords(pdf)[1]!.words;
    const title = RUNNING[lang].split(' ')[0]!;
    expect(words.find((w) => w.text === title)!.y1).toBeLessThan(57);
  });

  it('kk+ru: the date lines, signatures, running headers and page numbers of both languages', () => {
    const pdf = file('kk+ru', 'pdf');
    const pages = pageCount(pdf);
    const all = squeeze(pdfToText(pdf, ['-raw']));
    expect(all).toContain(DATES.kk);
    expect(all).toContain(DATES.ru);
    const last = squeeze(pdfToText(pdf, ['-f', String(pages), '-l', String(pages)]));
    expect(last).toContain(SIGNERS.kk);
    expect(last).toContain(SIGNERS.ru);
    const second = squeeze(pdfToText(pdf, ['-f', '2', '-l', '2']));
    expect(second).toContain(`${RUNNING.kk} / ${RUNNING.ru}`);
    expect(second).toContain(`${pages} беттің 2-беті / Страница 2 из ${pages}`);
  });

  it('headings are numbered as the style asks (headings: numbering: true)', () => {
    const text = squeeze(pdfToText(file('en', 'pdf')));
    for (const h of ['1. Positive assessments', '2. Critical observations', '3. Recommendations', '4. Abbreviations']) expect(text).toContain(h);
  });
});

describe('the DOCX', () => {
  it.each(SPECS)('%s: holds the logo and the signature in word/media, byte for byte, with their descriptions', (spec) => {
    const e = entries(file(spec, 'docx'));
    const media = Object.keys(e).filter((k) => k.startsWith('word/media/')).sort();
    expect(media).toEqual(['word/media/image1.jpg', 'word/media/image1.png']);
    expect(Buffer.from(e['word/media/image1.png']!).equals(readFileSync(join(doc2019, 'logo.png')))).toBe(true);
    expect(Buffer.from(e['word/media/image1.jpg']!).equals(readFileSync(join(doc2019, 'signature.jpg')))).toBe(true);
    const xml = strFromU8(e['word/document.xml']!);
    // The logo is described by the issuer's name, read aloud by screen readers.
    expect(xml).toMatch(/<wp:docPr [^>]*descr="[^"]*(Central Election Commission|Центральная избирательная|Орталық сайлау)/);
  });

  it.each(SPECS)('%s: page size and margins in the section properties, a different first page, the running header and Page N of M', (spec) => {
    const docx = file(spec, 'docx');
    const xml = part(docx, 'word/document.xml');
    const sect = /<w:sectPr>.*<\/w:sectPr>/.exec(xml)![0];
    expect(sect).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    // 20, 12, 22 and 30 mm; the header 9 mm from the top, the footer 11 mm from the bottom.
    expect(sect).toMatch(/<w:pgMar w:top="1134" w:right="680" w:bottom="1247" w:left="1701" w:header="510" w:footer="624" w:gutter="0"\/>/);
    expect(sect).toContain('<w:titlePg/>');
    const rels = part(docx, 'word/_rels/document.xml.rels');
    const target = (type: 'headerReference' | 'footerReference', which: string) => {
      const id = new RegExp(`<w:${type} w:type="${which}" r:id="([^"]+)"`).exec(sect)![1];
      return part(docx, `word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`);
    };
    const headerText = (x: string) => [...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    const running = spec === 'kk+ru' ? `${RUNNING.kk} / ${RUNNING.ru}` : RUNNING[spec];
    expect(headerText(target('headerReference', 'default'))).toBe(running);
    expect(headerText(target('headerReference', 'first'))).toBe('');
    for (const which of ['default', 'first']) {
      const footer = target('footerReference', which);
      expect(footer).toContain('PAGE');
      expect(footer).toContain('NUMPAGES');
    }
  });

  it.each(['en', 'ru', 'kk'] as const)('%s: the date line, the signature at the end', (lang) => {
    const xml = part(file(lang, 'docx'), 'word/document.xml');
    const text = squeeze([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<\/w:p>/g)].map((m) => m[1] ?? '\n').join(''));
    expect(text).toContain(DATES[lang]);
    const signer = text.lastIndexOf(SIGNERS[lang]);
    expect(signer).toBeGreaterThan(text.length * 0.9);
  });

  it.each(SPECS)('%s: declares Liberation Serif and embeds its four faces in word/fonts, obfuscated as Word does', (spec) => {
    const docx = file(spec, 'docx');
    const e = entries(docx);
    const styles = part(docx, 'word/styles.xml');
    expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif"/);
    expect(part(docx, 'word/settings.xml')).toContain('<w:embedTrueTypeFonts/>');
    const table = part(docx, 'word/fontTable.xml');
    const font = /<w:font w:name="Liberation Serif">(.*?)<\/w:font>/.exec(table)![1]!;
    const rels = part(docx, 'word/_rels/fontTable.xml.rels');
    const faces = { embedRegular: 'Regular', embedBold: 'Bold', embedItalic: 'Italic', embedBoldItalic: 'BoldItalic' };
    for (const [tag, face] of Object.entries(faces)) {
      const m = new RegExp(`<w:${tag} r:id="([^"]+)" w:fontKey="\\{([0-9A-F-]{36})\\}"/>`).exec(font);
      expect(m, tag).not.toBeNull();
      const target = new RegExp(`Id="${m![1]}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
      const embedded = e[`word/${target}`]!;
      // Undoing the obfuscation (a XOR of the first 32 bytes with the key) gives the font file back.
      const plain = obfuscateFont(embedded, m![2]!);
      expect(Buffer.from(plain).equals(readFileSync(join(doc2019, 'fonts', `LiberationSerif-${face}.ttf`))), face).toBe(true);
    }
    expect(Object.keys(e).filter((k) => k.startsWith('word/fonts/'))).toHaveLength(4);
  });
});

describe('LibreOffice reads what a reader without the fonts installed reads', () => {
  it('the 2011 response’s DOCX: PT Serif (not installed here) comes from the DOCX, as in the PDF', () => {
    requireTool('fc-list');
    // The check is only worth something while PT Serif is not installed on this machine.
    expect(execFileSync('fc-list', [':family=PT Serif'], { encoding: 'utf8' }).trim()).toBe('');
    const dir = tempDir('lo-2011-');
    const r = runCli(['render', doc2011, '--lang', 'en', '--format', 'docx', '--out', dir]);
    expect(r.status).toBe(0);
    const lo = sofficeConvert(join(dir, 'kz-2011-presidential.en.docx'), 'pdf', dir);
    const names = pdfFonts(lo).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names.every((n) => n.startsWith('PTSerif'))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['PTSerif-Regular', 'PTSerif-Bold', 'PTSerif-Italic']));
    // And the DOCX carries the same faces the PDF embeds.
    const e = entries(join(dir, 'kz-2011-presidential.en.docx'));
    const embedded = Object.keys(e).filter((k) => k.startsWith('word/fonts/')).map((k) => e[k]!.length).sort();
    expect(embedded).toEqual(Object.values(ptSerifFaces()).map((f) => readFileSync(f).length).sort());
  }, 240_000);

  it('kz-2019 en: LibreOffice pages the DOCX like the PDF: the logo on page 1, the signature on its last page, A4', () => {
    const dir = tempDir('lo-2019-');
    const lo = sofficeConvert(file('en', 'docx'), 'pdf', dir);
    const pages = pageCount(lo);
    expect(Math.abs(pages - pageCount(file('en', 'pdf')))).toBeLessThanOrEqual(1);
    expect(execFileSync('pdfinfo', [lo], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts/);
    // LibreOffice resamples the logo to 300 dpi: the images are known by their pages and shapes (square logo, wide signature).
    const images = pdfImages(lo);
    expect(images).toHaveLength(2);
    expect(images[0]!.page).toBe(1);
    expect(images[0]!.width).toBe(images[0]!.height);
    expect(images[1]!.page).toBe(pages);
    expect(images[1]!.width / images[1]!.height).toBeCloseTo(445 / 167, 1);
    expect(squeeze(pdfToText(lo, ['-f', String(pages), '-l', String(pages)]))).toContain(SIGNERS.en);
  }, 240_000);
});

describe('the HTML page', () => {
  it('shows the logo and the signature inline (data: URLs), the logo described', () => {
    const html = readFileSync(file('en', 'html'), 'utf8');
    expect(html).toMatch(/<img [^>]*src="data:image\/png;base64,[^"]+"[^>]*alt="Central Election Commission of the Republic of Kazakhstan"/);
    expect(html).toMatch(/<img [^>]*src="data:image\/jpeg;base64,/);
    expect(html).toContain(DATES.en);
  });
});
