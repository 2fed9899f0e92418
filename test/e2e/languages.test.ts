/**
 * Russian, Kazakh and the Kazakh–Russian parallel rendering of the 2011
 * response, opened with real tools.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dataDoc, docxText, pdfFonts, pdfToText, runCli, tempDir, unzipText } from '../helpers/tools.js';
import { tokens, lcsLength } from '../helpers/recall.js';
import { readDocument } from '../../src/read/document.js';
import { documentUnits } from '../../src/model/walk.js';
import { plainText } from '../../src/model/inline.js';
import { composeLang } from '../../src/render/index.js';
import { buildDocxPlan } from '../../src/render/docx/build.js';
import type { ResponseDocument } from '../../src/model/types.js';

let out: string;
let doc: ResponseDocument;
const file = (spec: string, ext: string) => join(out, `kz-2011-presidential.${spec}.${ext}`);

beforeAll(() => {
  out = tempDir();
  const r = runCli(['render', dataDoc, '--lang', 'en,ru,kk,kk+ru', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  doc = readDocument(dataDoc).doc!;
});

const tr = (lang: string, id: string) => plainText(doc.translations.get(lang)!.units.get(id)!.text);

/**
 * The translated units in the order they are printed: the flow of the body
 * (footnotes, meta and instrument names, which print elsewhere or inside other
 * sentences, are checked one by one instead).
 */
function translatedFlow(lang: string): { flow: string; apart: string[] } {
  const flow: string[] = [];
  const apart: string[] = [];
  for (const v of documentUnits(doc)) {
    if (v.role === 'meta' || v.role === 'instrument') continue;
    (v.role === 'footnote' || v.role === 'abbreviation' ? apart : flow).push(tr(lang, v.unit.id));
  }
  return { flow: flow.join('\n'), apart };
}

function translatedText(lang: string): string {
  return [...documentUnits(doc)].map((v) => tr(lang, v.unit.id)).join('\n');
}

/** Latin-script words of a text (names, URLs and codes are allowed only if the translation itself has them). */
function latinWords(text: string): Set<string> {
  // Hyphens go first: pdftotext joins a URL broken at a hyphen ("CDL-" + "AD").
  return new Set((text.replace(/-/g, '').match(/[A-Za-z]{2,}/g) ?? []).map((w) => w.toLowerCase()));
}

describe.each(['ru', 'kk'])('the %s rendering', (lang) => {
  it('is complete: the PDF and DOCX hold the whole translation, in order', () => {
    const { flow, apart } = translatedFlow(lang);
    const source = tokens(flow);
    const docxWithNotes = docxText(file(lang, 'docx'));
    for (const text of [pdfToText(file(lang, 'pdf')), docxText(file(lang, 'docx'), { inlineFootnotes: false })]) {
      const out = tokens(text);
      const found = lcsLength(source, out);
      console.log(`${lang}: ${found}/${source.length} = ${((found / source.length) * 100).toFixed(2)} % of the translation's words in order`);
      expect(found / source.length).toBeGreaterThanOrEqual(0.99);
      const squashed = ` ${out.join(' ')} ${tokens(docxWithNotes).join(' ')} `;
      const lost = apart.filter((u) => !squashed.includes(` ${tokens(u).join(' ')} `));
      expect(lost).toEqual([]);
    }
  });

  it('leaves no English but the names, codes and URLs the translation itself contains', () => {
    const allowed = latinWords(translatedText(lang));
    for (const text of [pdfToText(file(lang, 'pdf')), docxText(file(lang, 'docx'))]) {
      const stray = [...latinWords(text)].filter((w) => !allowed.has(w));
      expect(stray).toEqual([]);
    }
  });

  it('embeds only its serif fonts and names its language', () => {
    for (const f of pdfFonts(file(lang, 'pdf'))) {
      expect(f.embedded).toBe(true);
      expect(f.name).toMatch(/PTSerif/);
    }
    const tag = lang === 'ru' ? 'ru-RU' : 'kk-KZ';
    const parts = unzipText(file(lang, 'docx'));
    expect(parts.get('word/styles.xml')).toContain(`w:lang w:val="${tag}"`);
    const runs = parts.get('word/document.xml')!.match(/<w:r>[\s\S]*?<\/w:r>/g)!;
    const text = runs.filter((r) => r.includes('<w:t'));
    expect(text.every((r) => r.includes(`<w:lang w:val="${tag}"/>`))).toBe(true);
  });

  it('has every paragraph id of the source exactly once (DOCX bookmarks)', () => {
    const names = (f: string) => [...unzipText(f).get('word/document.xml')!.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]!);
    const en = names(file('en', 'docx'));
    const other = names(file(lang, 'docx'));
    expect(new Set(en).size).toBe(en.length);
    expect(new Set(other).size).toBe(other.length);
    // An abbreviation's alias (OSDP beside ANSDP) is printed only where the language writes it differently: not in ru or kk, where both are ОСДП / ЖСДП.
    expect(en).toContain('sp_abbrXansdpXalias');
    expect([...other].sort()).toEqual(en.filter((n) => n !== 'sp_abbrXansdpXalias').sort());
  });
});

describe('labels and punctuation', () => {
  it('sub-item labels and lettered report sections use each language’s letters; no space before punctuation', () => {
    // References are printed unbreakable (no-break spaces and hyphens): read as plain spaces and hyphens here; a page break starts a line too.
    const pdfPlain = (f: string) => pdfToText(f).replace(/\u00A0/g, ' ').replace(/\u2011/g, '-').replace(/\f/g, '\n');
    const en = pdfPlain(file('en', 'pdf'));
    expect(en).toContain('(section 9-b, page 20)');
    expect(en).toMatch(/^4\(a\)\. /m);
    for (const lang of ['ru', 'kk']) {
      const text = pdfPlain(file(lang, 'pdf'));
      expect(text, lang).toMatch(/^4\(а\)\. /m);
      expect(text, lang).toMatch(/^\(б\) /m);
      expect(text.match(/\d\([a-e]\)\.|^\([a-e]\) |\d-[a-e][ -]/gm), lang).toBeNull();
      expect(text.match(/ [,.;:)]/g), lang).toBeNull();
    }
    expect(pdfPlain(file('ru', 'pdf'))).toContain('(раздел 9-б, стр. 20)');
    expect(pdfPlain(file('kk', 'pdf'))).toContain('(9-б бөлім, 20-бет)');
  });
});

describe('Kazakh letters', () => {
  it('are all covered by the embedded fonts, in every style', async () => {
    const fontkit = await import('fontkit');
    const { ptSerifFonts } = await import('../../src/render/pdf/fonts.js');
    for (const [style, data] of Object.entries(ptSerifFonts())) {
      const font = fontkit.create(data) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
      for (const c of 'ӘҒҚҢӨҰҮҺІәғқңөұүһі') expect(font.hasGlyphForCodePoint(c.codePointAt(0)!), `${style} ${c}`).toBe(true);
    }
  });

  it('arrive in the kk PDF in the embedded font, with no missing glyphs', () => {
    const text = pdfToText(file('kk', 'pdf'));
    const translation = translatedText('kk');
    const used = [...'ӘҒҚҢӨҰҮҺІәғқңөұүһі'].filter((c) => translation.includes(c));
    // һ is rare in Kazakh and this text has none; every other lower-case letter must appear.
    for (const c of 'әғқңөұүі') expect(used, c).toContain(c);
    for (const c of used) expect(text.includes(c), c).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('ОСК ұстанымы.');
    expect(text).toContain('Сыни ескерту қабылданбайды.');
  });
});

describe('Russian wording of the template', () => {
  it('uses the official forms and plural agreement', () => {
    const text = pdfToText(file('ru', 'pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Позиция ЦИК.');
    expect(text).toContain('Критическое замечание не принимается.');
    expect(text).toContain('Республика Казахстан выполнила положения пунктов 6, 7.1 и 7.3 Копенгагенского документа');
    expect(text).toContain('положения пункта 8 Копенгагенского документа');
    expect(text).toMatch(/\(раздел 1, стр\. 1\)/);
  });
});

describe('the kk+ru parallel rendering', () => {
  it('is a two-column table row per paired unit (one table each, a one-point gap paragraph between)', () => {
    const composed = composeLang(doc, 'kk+ru', { langs: ['kk+ru'], formats: ['docx'], outDir: out });
    const parallel = composed.body[0]!;
    expect(parallel.kind).toBe('parallel');
    const rows = parallel.kind === 'parallel' ? parallel.rows.length + (parallel.columnLabels ? 1 : 0) : 0;
    const xml = unzipText(file('kk+ru', 'docx')).get('word/document.xml')!;
    const outer = xml.slice(xml.indexOf('<w:tbl>'));
    expect((outer.match(/<w:gridCol /g) ?? []).length).toBeGreaterThanOrEqual(2);
    // Every <w:tr> of the document is a pair's row (the party table's rows are flattened into its cell).
    const allRows = (xml.match(/<w:tr>|<w:tr /g) ?? []).length;
    expect(allRows).toBe(rows);
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(rows);
    const plan = buildDocxPlan(composed);
    expect(plan.body).toHaveLength(2 * rows);
    expect(plan.body.filter((b) => b.type === 'table')).toHaveLength(rows);
    expect(plan.body.filter((b) => b.type === 'paragraph' && b.style === 'ParallelGap')).toHaveLength(rows);
  });

  it('sets each Kazakh paragraph beside its Russian twin, each cell in its own language', () => {
    const xml = unzipText(file('kk+ru', 'docx')).get('word/document.xml')!;
    const rows = xml.match(/<w:tr>[\s\S]*?<\/w:tr>/g)!;
    const verdictRow = rows.find((r) => r.includes('Сыни ескерту қабылданбайды'))!;
    expect(verdictRow).toContain('Критическое замечание не принимается');
    const cells = verdictRow.match(/<w:tc>[\s\S]*?<\/w:tc>/g)!;
    expect(cells).toHaveLength(2);
    expect(cells[0]).toContain('w:val="kk-KZ"');
    expect(cells[1]).toContain('w:val="ru-RU"');
    const pdf = pdfToText(file('kk+ru', 'pdf'), ['-layout']);
    const line = pdf.split('\n').find((l) => l.includes('ұстанымы.') && l.includes('Позиция ЦИК.'));
    expect(line, 'a PDF line with both lead-ins side by side').toBeDefined();
  });

  it('keeps the footnotes of both languages', () => {
    const notes = [...unzipText(file('kk+ru', 'docx')).get('word/footnotes.xml')!.matchAll(/<w:footnote [^>]*w:id="(\d+)"/g)].filter((m) => Number(m[1]) > 0);
    expect(notes).toHaveLength(36);
    const text = pdfToText(file('kk+ru', 'pdf'));
    expect(text).toContain(plainText(doc.translations.get('kk')!.units.get('co-4.fn2')!.text).split(' ').slice(0, 3).join(' '));
    expect(text).toContain(plainText(doc.translations.get('ru')!.units.get('co-4.fn2')!.text).split(' ').slice(0, 3).join(' '));
  });
});
