/**
 * The HTML writer's structure (render/html/build.ts), asserted on the hast
 * tree: ids, units, footnote links, draft marks, quotations, parallel rows;
 * and the preview's map from units to the lines they were read from.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Element, ElementContent } from 'hast';
import { buildHtmlPage, elementId } from '../../src/render/html/build.js';
import { shortTitle } from '../../src/render/html/pack.js';
import { composeLang } from '../../src/render/index.js';
import { readDocument } from '../../src/read/document.js';
import { documentFootnotes, documentUnits, sectionItems } from '../../src/model/walk.js';
import { unitSources } from '../../src/preview/page.js';
import type { ComposedDocument } from '../../src/compose/layout.js';
import { defaultStyle } from '../../src/read/style.js';
import type { ResponseDocument } from '../../src/model/types.js';
import { dataDoc } from '../helpers/tools.js';
import { lineOf } from '../helpers/copy.js';

const options = { langs: [], formats: [], outDir: '' };
let doc: ResponseDocument;

beforeAll(() => {
  doc = readDocument(dataDoc).doc!;
});

function elements(n: ElementContent | Element, out: Element[] = []): Element[] {
  if (n.type !== 'element') return out;
  out.push(n);
  for (const c of n.children) elements(c, out);
  return out;
}
const textOf = (n: ElementContent): string => (n.type === 'text' ? n.value : n.type === 'element' ? n.children.map(textOf).join('') : '');
const classes = (e: Element) => (e.properties.className as string[] | undefined) ?? [];

describe('element ids', () => {
  it('spell unit ids with the characters html-validate allows, reversibly', () => {
    expect(elementId('co-11')).toBe('co-11');
    expect(elementId('co-4.fn1')).toBe('co-4_fn1');
    expect(elementId('co-11.t1.r9.c2')).toBe('co-11_t1_r9_c2');
    expect(elementId('1-intro')).toBe('u-1-intro');
    for (const v of documentUnits(doc)) {
      const id = elementId(v.unit.id);
      expect(id, v.unit.id).toMatch(/^\p{L}[\p{L}\p{N}_-]*$/u);
      expect(id.replace(/_/g, '.')).toBe(v.unit.id);
    }
  });

  it('shorten long window titles at a word', () => {
    expect(shortTitle('Short')).toBe('Short');
    const long = shortTitle('Comments of the Central Election Commission of the Republic of Kazakhstan on the Final Report');
    expect(long.length).toBeLessThanOrEqual(70);
    expect(long).toBe('Comments of the Central Election Commission of the Republic of…');
  });
});

describe('the English page of the 2011 response', () => {
  let all: Element[];
  beforeAll(() => {
    all = elements(buildHtmlPage(composeLang(doc, 'en', options)).main);
  });

  it('gives every element a different id, and every item its own id on an entry of an ordered list', () => {
    const ids = all.map((e) => e.properties.id).filter((id): id is string => typeof id === 'string');
    expect(new Set(ids).size).toBe(ids.length);
    const items = doc.sections.flatMap((s) => [...sectionItems(s)]);
    for (const item of items) {
      const li = all.find((e) => e.properties.id === item.id);
      expect(li?.tagName, item.id).toBe('li');
      expect(classes(li!)).toContain('item');
    }
    const lists = all.filter((e) => e.tagName === 'ol' && classes(e).includes('items'));
    expect(lists.every((ol) => ol.children.every((c) => c.type === 'element' && c.tagName === 'li'))).toBe(true);
  });

  it('marks every printed unit with its id (data-unit)', () => {
    const marked = new Set(all.map((e) => e.properties.dataUnit).filter(Boolean));
    // Metadata and instrument names are printed inside sentences (the commitment sentence), not as units of their own.
    const printed = [...documentUnits(doc)].filter((v) => !['meta', 'instrument'].includes(v.role) || ['meta.title', 'meta.election'].includes(v.unit.id));
    const missing = printed.map((v) => v.unit.id).filter((id) => !marked.has(id));
    expect(missing).toEqual([]);
  });

  it('numbers the footnotes in order, each mark linked to its note and each note back to its mark', () => {
    const refs = all.filter((e) => e.properties.role === 'doc-noteref');
    const notes = documentFootnotes(doc);
    expect(refs.map((r) => textOf(r))).toEqual(notes.map((_, i) => String(i + 1)));
    refs.forEach((ref, i) => {
      const target = String(ref.properties.href).slice(1);
      const note = all.find((e) => e.properties.id === target)!;
      expect(note.tagName).toBe('li');
      expect(note.properties.dataUnit).toBe(notes[i]!.id);
      const back = elements(note).find((e) => e.properties.role === 'doc-backlink')!;
      expect(back.properties.href).toBe(`#${ref.properties.id}`);
      expect(back.properties.ariaLabel).toBe(`Back to the text (${i + 1})`);
      const described = (ref.properties.ariaDescribedBy as string[])[0];
      expect(all.find((e) => e.properties.id === described)?.tagName).toBe('h2');
    });
  });

  it('sets findings as quotations with their references cited, column headers with their scope', () => {
    const co11 = all.find((e) => e.properties.id === 'co-11')!;
    const finding = elements(co11).find((e) => classes(e).includes('finding'))!;
    const parts = finding.children.filter((c): c is Element => c.type === 'element').map((c) => c.tagName);
    expect(parts).toEqual(['span', 'q', 'cite', 'q', 'cite']);
    expect(all.filter((e) => e.tagName === 'th').every((th) => th.properties.scope === 'col')).toBe(true);
    expect(all.filter((e) => e.tagName === 'h1')).toHaveLength(1);
  });
});

describe('quotations', () => {
  it('keep emphasis and footnote marks inside the quoted passage, and start a new <q> at each passage', () => {
    const composed: ComposedDocument = {
      id: 'x', langTag: 'en-GB', langs: ['en'], untranslated: 0,
      meta: { title: 'T', author: 'A', subject: 'S', keywords: [], date: '2020-01-01T00:00:00Z' },
      labels: { page: 'Page {{page}}', notes: 'Notes', backToText: 'Back' },
      style: defaultStyle(),
      images: {},
      body: [{
        kind: 'paragraph', style: 'finding', id: 'f.q1',
        runs: [
          { kind: 'text', text: '1.', italic: false, bold: false, style: 'number' },
          { kind: 'text', text: ' ', italic: false, bold: false },
          { kind: 'text', text: 'Needed ', italic: true, bold: false, style: 'quote', anchor: 'f.q1' },
          { kind: 'text', text: 'reforms', italic: false, bold: false, style: 'emphasis', inQuote: true },
          { kind: 'footnote', id: 'f.fn1', runs: [{ kind: 'text', text: 'A note', italic: false, bold: false }] },
          { kind: 'text', text: ' now', italic: true, bold: false, style: 'quote' },
          { kind: 'text', text: ' ', italic: false, bold: false },
          { kind: 'text', text: '(section 1).', italic: false, bold: false, style: 'ref' },
          { kind: 'text', text: ' ', italic: false, bold: false },
          { kind: 'text', text: 'Second', italic: true, bold: false, style: 'quote', anchor: 'f.q2' },
        ],
      }],
    };
    const page = buildHtmlPage(composed);
    const p = page.main.children[0] as Element;
    const tags = p.children.map((c) => (c.type === 'element' ? c.tagName : JSON.stringify((c as { value: string }).value)));
    expect(tags).toEqual(['span', '" "', 'q', '" "', 'cite', '" "', 'q']);
    const [first, second] = p.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'q');
    expect(first!.children.map((c) => (c.type === 'element' ? c.tagName : 'text'))).toEqual(['text', 'em', 'sup', 'text']);
    expect(textOf(first!)).toBe('Needed reforms1 now');
    expect(second!.properties).toMatchObject({ id: 'f_q2', dataUnit: 'f.q2' });
    // The first passage's id is the paragraph's: the element id goes to the paragraph, the unit to both.
    expect(p.properties).toMatchObject({ id: 'f_q1', dataUnit: 'f.q1' });
    expect(first!.properties).toEqual({ dataUnit: 'f.q1' });
  });
});

describe('draft pages', () => {
  it('mark stale and missing translations with their unit id once, in the source language', () => {
    const copy = readDocument(dataDoc).doc!;
    const co11 = copy.sections.flatMap((s) => [...sectionItems(s)]).find((i) => i.id === 'co-11')!;
    const s1 = co11.standpoint[0]!;
    if (s1.kind !== 'paragraph') throw new Error('co-11.s1 is a paragraph');
    s1.unit.text = `${s1.unit.text} An added sentence with *emphasis* in it.`;
    copy.translations.get('kk')!.units.delete('co-11.s2');
    const page = buildHtmlPage(composeLang(copy, 'kk', { ...options, draft: true }));
    const marks = elements(page.main).filter((e) => e.tagName === 'mark');
    const byUnit = new Map<string, Element[]>();
    for (const m of marks) byUnit.set(String(m.properties.dataUnit), [...(byUnit.get(String(m.properties.dataUnit)) ?? []), m]);
    expect([...byUnit.keys()].sort()).toEqual(['co-11.s1', 'co-11.s2']);
    const s1Marks = byUnit.get('co-11.s1')!;
    expect(s1Marks.length).toBeGreaterThan(1);
    expect(s1Marks.filter((m) => m.properties.dataLabel).map((m) => m.properties.dataLabel)).toEqual(['co-11.s1 · stale']);
    expect(s1Marks.every((m) => classes(m).includes('stale') && m.properties.lang === 'en-GB')).toBe(true);
    expect(byUnit.get('co-11.s2')!.map((m) => m.properties.dataLabel)).toEqual(['co-11.s2 · missing']);
    expect(page.untranslated).toBe(2);
    expect(page.draftMark).toContain('2');
    expect(textOf(page.main.children[0]!)).toBe(page.draftMark);
  });
});

describe('the kk+ru page', () => {
  it('pairs each unit in a row of two cells, keeps the item ids on their first rows, and numbers each language’s notes apart', () => {
    const page = buildHtmlPage(composeLang(doc, 'kk+ru', options));
    expect(page.parallel).toBe(true);
    expect(page.langTag).toBe('kk-KZ');
    const all = elements(page.main);
    const ids = all.map((e) => e.properties.id).filter((id): id is string => typeof id === 'string');
    expect(new Set(ids).size).toBe(ids.length);
    const rows = all.filter((e) => classes(e).includes('row'));
    expect(rows.every((r) => r.children.length === 2)).toBe(true);
    const co11 = all.find((e) => e.properties.id === 'co-11')!;
    expect(classes(co11)).toContain('row');
    expect(textOf(co11)).toMatch(/^11\. /);
    for (const item of doc.sections.flatMap((s) => [...sectionItems(s)])) expect(ids, item.id).toContain(item.id);
    const notes = all.filter((e) => classes(e).includes('notes'));
    expect(notes).toHaveLength(2);
    const headings = notes.map((n) => elements(n).find((e) => e.tagName === 'h2')!);
    expect(headings.map((h) => textOf(h))).toEqual(['Ескертпелер', 'Примечания']);
    for (const [i, n] of notes.entries()) {
      const items = elements(n).filter((e) => e.tagName === 'li');
      expect(items).toHaveLength(18);
      const back = elements(items[0]!).find((e) => e.properties.role === 'doc-backlink')!;
      expect(back.properties.ariaLabel).toBe(`${['Мәтінге оралу', 'Вернуться к тексту'][i]} (1)`);
    }
  });
});

describe('where the preview links each paragraph', () => {
  it('is the line of the source in its language, the translation’s line in another, and the verdict’s line for the verdict', () => {
    const source = unitSources(doc);
    const s1 = lineOf(dataDoc, 'critical.yaml', '{id: co-11.s1,');
    expect(source('co-11.s1', 'en')).toMatch(new RegExp(`^critical\\.yaml:${s1.line}:\\d+$`));
    const kk = lineOf(dataDoc, join('translations', 'kk.yaml'), '  co-11.s1:');
    expect(source('co-11.s1', 'kk')).toMatch(new RegExp(`^translations/kk\\.yaml:${kk.line + 1}:\\d+$`));
    // co-11's verdict is the line after its last standpoint paragraph.
    const last = lineOf(dataDoc, 'critical.yaml', '{id: co-11.s11,');
    expect(source('co-11.verdict', 'en')).toMatch(new RegExp(`^critical\\.yaml:${last.line + 1}:\\d+$`));
    expect(source('no-such-unit', 'en')).toBeUndefined();
  });
});
