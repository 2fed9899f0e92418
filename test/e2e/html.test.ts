/**
 * The HTML pages of the 2011 response (en, ru, kk, kk+ru), opened as a reader
 * opens them: html-validate with its recommended rules, and Debian's headless
 * Chromium (axe-core's accessibility checks, the text as the browser shows it,
 * footnote links followed both ways, the two columns on a wide and a narrow
 * screen, fonts loaded from the page itself and nothing from anywhere else).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { HtmlValidate } from 'html-validate';
import { dataDoc, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { copyDocument, edit } from '../helpers/copy.js';
import { lcsLength, tokens, wordRecall } from '../helpers/recall.js';
import { launchChromium, runAxe } from '../helpers/browser.js';
import { readDocument } from '../../src/read/document.js';
import { documentFootnotes, documentUnits } from '../../src/model/walk.js';
import { plainText } from '../../src/model/inline.js';
import type { ResponseDocument } from '../../src/model/types.js';

const SPECS = ['en', 'ru', 'kk', 'kk+ru'];
const seed = readFileSync(join(repoRoot, 'test', 'fixtures', 'kz-2011-seed.txt'), 'utf8');
let out: string;
let again: string;
let draft: string;
let doc: ResponseDocument;
let browser: Browser;
let page: Page;
const file = (spec: string, dir = out) => join(dir, `kz-2011-presidential.${spec}.html`);
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

beforeAll(async () => {
  out = tempDir('html-');
  again = tempDir('html-again-');
  for (const dir of [out, again]) {
    const r = runCli(['render', dataDoc, '--lang', SPECS.join(','), '--format', 'html', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }
  // A draft: one source paragraph edited, so its translations are stale and shown marked.
  const copy = copyDocument();
  edit(copy, 'critical.yaml', 'There are sufficient guarantees for ensuring substantial', 'There are ample guarantees for ensuring substantial');
  const draftDir = tempDir('html-draft-');
  const d = runCli(['render', copy, '--lang', 'kk', '--format', 'html', '--draft', '--out', draftDir]);
  expect(d.status).toBe(0);
  draft = join(draftDir, 'kz-2011-presidential.kk.html');
  doc = readDocument(dataDoc).doc!;
  browser = await launchChromium();
  // The pages forbid scripts (their content security policy); the test's own checks are let in.
  page = await browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
});

async function open(spec: string, width = 1280): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`file://${spec === 'kk draft' ? draft : file(spec)}`);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

describe('HTML pages', () => {
  it('are the same bytes when rendered again', () => {
    for (const spec of SPECS) expect(sha(file(spec, again)), spec).toBe(sha(file(spec)));
  });

  it('pass html-validate with its recommended rules', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    for (const spec of [...SPECS, 'kk draft']) {
      const path = spec === 'kk draft' ? draft : file(spec);
      const report = await validator.validateString(readFileSync(path, 'utf8'), path);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${spec}:${m.line}:${m.column} ${m.message} (${m.ruleId})`));
      expect(messages).toEqual([]);
      expect(report.valid).toBe(true);
    }
  });

  it('have no serious or critical accessibility violations (axe-core in Chromium)', async () => {
    for (const spec of [...SPECS, 'kk draft']) {
      await open(spec);
      const { violations, passes } = await runAxe(page);
      expect(passes, 'axe ran its rules').toBeGreaterThan(10);
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${spec}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes[0]?.target.join(' ')}`);
      expect(bad).toEqual([]);
    }
    // The draft page is one: its stale paragraph is marked, in English, with its id.
    expect(await page.evaluate(() => [...document.querySelectorAll('mark.draft[data-label]')].map((m) => `${m.getAttribute('data-label')} ${m.getAttribute('lang')}`))).toEqual(['co-11.s1 · stale en-GB']);
  });

  it('show ≥ 99 % of the seed’s words in order, as the browser renders the English page', async () => {
    await open('en');
    const text = await page.evaluate(() => document.body.innerText);
    const r = wordRecall(seed, text);
    console.log(`HTML (innerText) word recall: ${r.found}/${r.total} = ${(r.ratio * 100).toFixed(2)} %`);
    expect(r.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('show the whole translation in ru and kk, in order', async () => {
    for (const lang of ['ru', 'kk']) {
      await open(lang);
      const text = tokens(await page.evaluate(() => document.body.innerText));
      const flow: string[] = [];
      for (const v of documentUnits(doc)) if (v.role !== 'meta' && v.role !== 'instrument' && v.role !== 'footnote' && v.role !== 'abbreviation') flow.push(plainText(doc.translations.get(lang)!.units.get(v.unit.id)!.text));
      const source = tokens(flow.join('\n'));
      const found = lcsLength(source, text);
      console.log(`${lang} HTML: ${found}/${source.length} = ${((found / source.length) * 100).toFixed(2)} % of the translation's words in order`);
      expect(found / source.length).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('have a semantic outline: one h1, sections with headings, items as an ordered list with their ids, findings quoted with their references cited', async () => {
    await open('en');
    const shape = await page.evaluate(() => {
      const item = document.getElementById('co-11')!;
      const finding = item.querySelector('p.finding')!;
      return {
        lang: document.documentElement.lang,
        h1: document.querySelectorAll('h1').length,
        h2: [...document.querySelectorAll('section > h2')].map((h) => h.textContent),
        itemTag: `${item.parentElement!.tagName}.${item.parentElement!.className} > ${item.tagName}`,
        number: finding.querySelector('.number')?.textContent,
        quotes: finding.querySelectorAll('q').length,
        cites: [...finding.querySelectorAll('cite')].map((c) => c.textContent),
        quoteStyle: getComputedStyle(finding.querySelector('q')!).fontStyle,
        citeStyle: getComputedStyle(finding.querySelector('cite')!).fontStyle,
        lead: item.querySelector('strong.lead')?.textContent,
        verdict: item.querySelector('p.verdict')?.textContent,
        items: document.querySelectorAll('ol.items > li.item').length,
        th: [...document.querySelectorAll('table th')].map((t) => t.getAttribute('scope')),
        quotations: document.querySelectorAll('blockquote.quotation').length,
        fontsLoaded: [...document.fonts].filter((f) => f.status === 'loaded' && f.family.includes('PT Serif')).length,
      };
    });
    expect(shape.lang).toBe('en-GB');
    expect(shape.h1).toBe(1);
    expect(shape.h2).toEqual(expect.arrayContaining(['Positive assessments', 'Critical observations', 'Recommendations', 'Abbreviations', 'Notes']));
    expect(shape.itemTag).toBe('OL.items > LI');
    expect(shape.number).toBe('11.');
    expect(shape.quotes).toBeGreaterThanOrEqual(1);
    // References are printed unbreakable: no-break spaces and hyphens.
    expect(shape.cites[0]!.replace(/\u00A0/g, ' ').replace(/\u2011/g, '-')).toMatch(/^\(section \d+, pages? [\d-]+\)/);
    expect(shape.quoteStyle).toBe('italic');
    expect(shape.citeStyle).toBe('normal');
    expect(shape.lead).toBe('The CEC standpoint.');
    expect(shape.verdict).toMatch(/^The critical observation is (not )?accepted/);
    // 10 + 24 items and the recommendations with their sub-items.
    expect(shape.items).toBeGreaterThanOrEqual(10 + 24 + 21);
    expect(shape.th).toEqual(['col', 'col', 'col', 'col']);
    expect(shape.fontsLoaded).toBeGreaterThanOrEqual(3);
  });

  it('link every footnote mark to its note and back, in order, with the note’s text', async () => {
    await open('en');
    const notes = await page.evaluate(() =>
      [...document.querySelectorAll('a[role="doc-noteref"]')].map((a) => {
        const target = document.getElementById(a.getAttribute('href')!.slice(1));
        const back = target?.querySelector('a[role="doc-backlink"]');
        return { n: a.textContent, ref: a.id, note: target?.tagName, inNotes: !!target?.closest('section.notes'), back: back?.getAttribute('href'), text: target?.textContent ?? '' };
      }),
    );
    const expected = documentFootnotes(doc).map((f) => plainText(f.text));
    expect(notes).toHaveLength(expected.length);
    notes.forEach((n, i) => {
      expect(n.n).toBe(String(i + 1));
      expect(n.note).toBe('LI');
      expect(n.inNotes).toBe(true);
      expect(n.back).toBe(`#${n.ref}`);
      expect(tokens(n.text).join(' ')).toContain(tokens(expected[i]!).join(' '));
    });
    // Following a mark scrolls to the note, and its back-link returns to the mark.
    await page.click('#co-4 a[role="doc-noteref"]');
    const at = await page.evaluate(() => location.hash);
    expect(at).toMatch(/^#co-4_fn1$/);
    await page.click(`${at} a[role="doc-backlink"]`);
    expect(await page.evaluate(() => location.hash)).toBe('#co-4_fn1-ref');
  });

  it('set kk+ru as two aligned columns, one column on a phone, each cell in its language', async () => {
    await open('kk+ru', 1280);
    const wide = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.parallel > .row')];
      const verdict = rows.find((r) => r.textContent!.includes('Сыни ескерту қабылданбайды'))!;
      const [kk, ru] = [...verdict.children] as HTMLElement[];
      return {
        rows: rows.length,
        cells: rows.every((r) => r.children.length === 2),
        langs: [kk!.lang, ru!.lang],
        sideBySide: Math.abs(kk!.getBoundingClientRect().top - ru!.getBoundingClientRect().top) < 1 && ru!.getBoundingClientRect().left > kk!.getBoundingClientRect().right - 1,
        ruText: ru!.textContent,
        columns: getComputedStyle(rows[0]!).gridTemplateColumns.split(' ').length,
        item: document.getElementById('co-11')?.className,
        notes: [...document.querySelectorAll('section.notes')].map((s) => `${s.closest('[lang]')!.getAttribute('lang')}:${s.querySelectorAll('li').length}`),
      };
    });
    expect(wide.rows).toBeGreaterThan(300);
    expect(wide.cells).toBe(true);
    expect(wide.langs).toEqual(['kk-KZ', 'ru-RU']);
    expect(wide.sideBySide).toBe(true);
    expect(wide.ruText).toContain('Критическое замечание не принимается');
    expect(wide.columns).toBe(2);
    expect(wide.item).toBe('row');
    expect(wide.notes).toEqual(['kk-KZ:18', 'ru-RU:18']);
    await open('kk+ru', 390);
    const narrow = await page.evaluate(() => {
      const row = [...document.querySelectorAll('.parallel > .row')].find((r) => r.textContent!.includes('Сыни ескерту қабылданбайды'))!;
      const [kk, ru] = [...row.children] as HTMLElement[];
      return { columns: getComputedStyle(row).gridTemplateColumns.split(' ').length, below: ru!.getBoundingClientRect().top >= kk!.getBoundingClientRect().bottom - 1, overflow: document.documentElement.scrollWidth <= 390 };
    });
    expect(narrow).toEqual({ columns: 1, below: true, overflow: true });
  });

  it('embed PT Serif subsets that cover every character shown, and fetch nothing', async () => {
    const fontkit = await import('fontkit');
    for (const spec of SPECS) {
      const html = readFileSync(file(spec), 'utf8');
      const faces = [...html.matchAll(/url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\)/g)].map((m) => fontkit.create(Buffer.from(m[1]!, 'base64')) as unknown as { familyName: string; numGlyphs: number; hasGlyphForCodePoint(cp: number): boolean });
      expect(faces).toHaveLength(4);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await open(spec);
      page.removeAllListeners('request');
      expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
      const shown = new Set(await page.evaluate(() => document.body.innerText));
      for (const face of faces) {
        expect(face.familyName).toBe('PT Serif');
        // A subset: the full fonts have some 700 glyphs.
        expect(face.numGlyphs).toBeLessThan(300);
        const missing = [...shown].filter((c) => /\S/.test(c) && !face.hasGlyphForCodePoint(c.codePointAt(0)!));
        expect(missing, `${spec} ${face.familyName}`).toEqual([]);
      }
      if (spec === 'kk') for (const c of 'әғқңөұүі') expect(shown.has(c), c).toBe(true);
      expect(readFileSync(file(spec)).length).toBeLessThan(spec === 'kk+ru' ? 900_000 : 500_000);
    }
  });

  it('look right: screenshots of the English and the Kazakh–Russian pages', async () => {
    const dir = tempDir('html-shots-');
    for (const [spec, width] of [['en', 1280], ['kk+ru', 1280], ['kk+ru', 390]] as const) {
      await open(spec, width);
      await page.evaluate(() => document.getElementById('co-4')!.scrollIntoView());
      const shot = join(dir, `${spec}-${width}.png`);
      await page.screenshot({ path: shot });
      console.log(`screenshot: ${shot}`);
      expect(readFileSync(shot).length).toBeGreaterThan(20_000);
    }
  });
});
