/**
 * The term and month matchers of `i18n check` against their definitions.
 * Terms are defined by one regular expression each (termPattern), month names
 * by look-around expressions; the matchers give the same matches with
 * expressions that compile in microseconds (a cold check compiled about 20 ms
 * of Unicode classes per term). Random text from an alphabet full of the
 * cases that matter — letters of both cases, marks, digits, hyphens, no-break
 * and other spaces, a letter outside the BMP — must find the same matches.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findConcepts, findTerm, termPattern } from '../../src/l10n/term-match.js';
import { months } from '../../src/l10n/check.js';
import type { Termbase } from '../../src/model/terms.js';

/** What the regular expression of the definition finds. */
function byDefinition(text: string, term: string): { start: number; end: number }[] {
  const re = new RegExp(termPattern(term).source, termPattern(term).flags);
  const out: { start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

const TERMS = ['ОСК', 'Орталық сайлау комиссия|сы', 'Центральн|ая избирательн|ая комисси|я', 'long-term observer|', 'CEC', 'Central Election Commission', 'сыни ескерту|', 'ОкСК', 'e|', 'ab|c d'];
// Pieces of the terms in other cases, word characters and boundaries of every kind.
const PIECES = [
  'ОСК', 'оск', 'Орталық', 'орталық', 'сайлау', 'САЙЛАУ', 'комиссия', 'комиссиясы', 'комиссиясының', 'Центральн', 'центральная', 'ая', 'избирательн',
  'комисси', 'я', 'long', 'LONG-TERM', 'term', 'observer', 'observers', 'CEC', 'cec', 'Central', 'election', 'Commission', 'сыни', 'ескерту', 'ескертулер',
  'ОкСК', 'ab', 'abc', 'c', 'd', 'e', 'E', 'é', '\u0301', '-', '‐', ' ', '  ', '\u00A0', '\t', '\n', '1', '٣', '(', ')', '«', '»', '.', ',', '/', '𝐀', 'ё',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join(''));

describe('term matching', () => {
  it('finds what each term’s regular expression finds, on random text', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...TERMS), (t, term) => {
        expect(findTerm(t, term, { has: () => true } as unknown as Set<string>)).toEqual(byDefinition(t, term));
      }),
      { numRuns: 3000, seed: 19 },
    );
  });

  it('finds the terms of the termbase text by text, the same on a second look', () => {
    const concept = (id: string, terms: string[]) => ({ id, langs: new Map([['kk', { approved: terms, forbidden: [] }]]) });
    const termbase: Termbase = { file: 'terms.yaml', concepts: [concept('cec', ['ОСК', 'Орталық сайлау комиссия|сы']), concept('obs', ['сыни ескерту|']), concept('e', ['e|'])] };
    const t = 'Орталық сайлау комиссиясы (ОСК-ның) сыни ескертулерді ОСК қарады';
    const first = findConcepts(t, 'kk', termbase);
    expect(first.map((h) => [h.concept.id, t.slice(h.start, h.end)])).toEqual([
      ['cec', 'Орталық сайлау комиссиясы'],
      ['cec', 'ОСК'],
      ['obs', 'сыни ескертулерді'],
      ['cec', 'ОСК'],
    ]);
    expect(findConcepts(t, 'kk', termbase)).toEqual(first);
  });
});

/** The months' former expressions, with look-arounds, and what they found. */
const DEFINED: Record<string, RegExp[]> = {
  ru: ['январ[ьяе]', 'феврал[ьяе]', 'март[аеу]?', 'апрел[ьяе]', 'ма[йяе]', 'июн[ьяе]', 'июл[ьяе]', 'август[аеу]?', 'сентябр[ьяе]', 'октябр[ьяе]', 'ноябр[ьяе]', 'декабр[ьяе]'].map((m) => new RegExp(`(?<![\\p{L}])${m}(?![\\p{L}])`, 'giu')),
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'].map((m) => new RegExp(`(?<![\\p{L}])${m}[\\p{L}]*`, 'giu')),
};

function monthsByDefinition(t: string, lang: string): number[] {
  const found: { at: number; month: number }[] = [];
  DEFINED[lang]!.forEach((re, i) => {
    re.lastIndex = 0;
    for (let m = re.exec(t); m; m = re.exec(t)) found.push({ at: m.index, month: i + 1 });
  });
  return found.sort((a, b) => a.at - b.at).map((f) => f.month);
}

describe('month names', () => {
  const MONTH_PIECES = ['март', 'марта', 'Марту', 'мартовский', 'май', 'мая', 'МАЕ', 'январь', 'января', 'сентябре', 'қаңтар', 'Қаңтардағы', 'сәуір', 'сәуірде', 'мамыр', 'қазан', 'ақпан', 'ы', 'а', 'х', 'е', ' ', '\u00A0', '3', '-', '.', '𝐀', '\u0301'];
  for (const lang of ['ru', 'kk']) {
    it(`${lang}: finds the months its look-around expressions found, on random text`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...MONTH_PIECES), { maxLength: 20 }).map((p) => p.join('')), (t) => {
          expect(months(t, lang)).toEqual(monthsByDefinition(t, lang));
        }),
        { numRuns: 3000, seed: 19 },
      );
    });
  }
});
