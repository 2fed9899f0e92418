/**
 * Pieces of the recogniser on plain values: transliterated ids, span slicing
 * and the inline syntax (italics of a finding, footnote marks), the language
 * of a text, label letters, and the Russian and Kazakh commitment sentences.
 */
import { describe, expect, it } from 'vitest';
import { IdPool, slugOf, transliterate } from '../../src/import/ids.js';
import { slice, toInline, trimSpans, type Span } from '../../src/import/stream.js';
import { dataLetter, detectLanguage } from '../../src/import/recognise.js';
import { loadLocales } from '../../src/compose/i18n.js';
import { defaultLocalesDir } from '../../src/paths.js';
import { parseCommitmentsKk, parseCommitmentsRu, type Instrument } from '../../src/import/commitments.js';

describe('ids', () => {
  it('transliterate Russian and Kazakh letters and stay valid', () => {
    expect(transliterate('әғқңөұүһі')).toBe('agqnouuhi');
    expect(slugOf('Средства массовой информации')).toBe('sredstva-massovoi-informatsii');
    expect(slugOf('Сайлау күні')).toBe('sailau-kuni');
    const pool = new IdPool();
    expect(pool.claim('rec-2a', 'rec-x')).toBe('rec-2a');
    expect(pool.claim('rec-2a', 'rec-x')).toBe('rec-2a-2');
    expect(pool.claim('rec-2б', 'rec-9')).toBe('rec-9');
  });
});

describe('spans', () => {
  const note: Span = { text: '', note: [{ text: 'A note.' }] };
  const spans: Span[] = [{ text: 'The law has ', italic: true }, { text: 'gaps', italic: false }, note, { text: ' (section 1, page 1).' }];

  it('a footnote mark belongs to the text before it', () => {
    expect(slice(spans, 0, 16)).toContainEqual(note);
    expect(slice(spans, 16)).not.toContainEqual(note);
    expect(trimSpans([{ text: '  x ' }, note])).toEqual([{ text: 'x' }, note]);
  });

  it('in a finding, upright words are emphasis; elsewhere italics are', () => {
    const ids: string[] = [];
    const mark = () => `n${ids.push('x')}`;
    expect(toInline(slice(spans, 0, 16), 'finding', true, mark)).toBe('The law has *gaps*[^n1]');
    expect(toInline([{ text: 'a ' }, { text: 'b', italic: true }, { text: ' c' }], 'text', true, mark)).toBe('a *b* c');
    expect(toInline([{ text: 'a *b* [^x]' }], 'text', false, mark)).toBe('a \\*b\\* \\[^x]');
  });
});

describe('language of a text', () => {
  it('tells Kazakh from Russian from English', () => {
    expect(detectLanguage('Ұсыным іске асырылу сатысында. Сыни ескерту қабылданбайды.')).toBe('kk');
    expect(detectLanguage('Рекомендация находится на стадии реализации.')).toBe('ru');
    expect(detectLanguage('The recommendation has been implemented.')).toBe('en');
  });
});

describe('label letters', () => {
  const letters = (lang: string) => [...String(loadLocales(defaultLocalesDir).t(lang)('label.letters'))];

  it('a Russian or Kazakh letter is the Latin letter of its place, which renders as it was written', () => {
    expect(['а', 'б', 'в', 'г', 'д', 'е'].map((l) => dataLetter(l, letters('ru')))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(dataLetter('Б', letters('ru'))).toBe('B');
    expect(dataLetter('в', letters('kk'))).toBe('c');
  });

  it('a letter outside the list, and a Latin letter, stay as written', () => {
    expect(dataLetter('ә', letters('kk'))).toBe('ә');
    expect(dataLetter('b', letters('ru'))).toBe('b');
    expect(dataLetter('c', letters('en'))).toBe('c');
  });
});

describe('commitment sentences', () => {
  it('Russian: references joined by "и", a dated name, the cited form of a short name', () => {
    const inst: Instrument[] = [];
    expect(parseCommitmentsRu('пунктов 6 и 7.3 Документа Копенгагенского совещания СБСЕ 1990 года (далее – Копенгагенский документ) о том, что воля народа является основой власти.', inst)).toEqual({
      commitments: [{ instrument: 'kopengagenskii', paragraphs: ['6', '7.3'] }],
      purpose: 'о том, что воля народа является основой власти',
    });
    expect(parseCommitmentsRu('пункта 31 Копенгагенского документа и пункта 2.15 Лундских рекомендаций о правах меньшинств', inst)?.commitments).toEqual([
      { instrument: 'kopengagenskii', paragraphs: ['31'] },
      { instrument: 'lundskikh', paragraphs: ['2.15'] },
    ]);
    expect(inst[0]!.cited).toBe('Копенгагенского документа');
  });

  it('Kazakh: the state, the instrument before its paragraphs, the purpose before the verb', () => {
    const inst: Instrument[] = [];
    const r = parseCommitmentsKk('Қазақстан Республикасы Копенгаген құжатының (бұдан әрі – Копенгаген құжаты) 6 және 7.3-тармақтарының сайлау процесінің ашықтығына қатысты', inst);
    expect(r).toEqual({ state: 'Қазақстан Республикасы', commitments: [{ instrument: 'kopengagen', paragraphs: ['6', '7.3'] }], purpose: 'сайлау процесінің ашықтығына қатысты' });
  });
});
