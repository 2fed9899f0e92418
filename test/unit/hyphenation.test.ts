/**
 * Hyphenation points (src/render/typeset): Kazakh syllable rules on a word
 * list checked by hand and on every Kazakh word of the 2011 response; TeX
 * patterns for English and Russian; what is never hyphenated.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hyphenate, SOFT_HYPHEN } from '../../src/render/typeset/hyphenate.js';
import { kazakhBreaks } from '../../src/render/typeset/kazakh-syllables.js';
import { repoRoot } from '../helpers/tools.js';

const show = (s: string) => s.replaceAll(SOFT_HYPHEN, '-');

// Kazakh words carried over by syllables, as Kazakh orthography divides them.
const KAZAKH: Record<string, string> = {
  сайлау: 'сай-лау',
  комиссиясы: 'ко-мис-сия-сы',
  өкілдері: 'өкіл-де-рі',
  халықаралық: 'ха-лы-қа-ра-лық',
  мемлекеттік: 'мем-ле-кет-тік',
  ұйымдастыру: 'ұйым-дас-ты-ру',
  айтты: 'айт-ты',
  жұрттың: 'жұрт-тың',
  білуге: 'бі-лу-ге',
  құқық: 'құ-қық',
  тұратын: 'тұ-ра-тын',
  жүйесі: 'жү-йе-сі',
  ауыл: 'ауыл',
  облыстық: 'об-лыс-тық',
  бақылаушылар: 'ба-қы-лау-шы-лар',
  азаматтардың: 'аза-мат-тар-дың',
  ұсынымдар: 'ұсы-ным-дар',
  тіркеу: 'тір-кеу',
  кандидаттар: 'кан-ди-дат-тар',
  жұмыс: 'жұ-мыс',
  орындалды: 'орын-дал-ды',
  заңнамасы: 'заң-на-ма-сы',
  өзгерістер: 'өз-ге-ріс-тер',
  бұқаралық: 'бұ-қа-ра-лық',
  ақпарат: 'ақ-па-рат',
  құралдары: 'құ-рал-да-ры',
  шешімдер: 'ше-шім-дер',
  нәтижелері: 'нә-ти-же-ле-рі',
  хаттамалар: 'хат-та-ма-лар',
  дауыс: 'да-уыс',
  учаскелік: 'учас-ке-лік',
  аумақтық: 'ау-мақ-тық',
  қабылданбайды: 'қа-был-дан-бай-ды',
  ескерту: 'ес-кер-ту',
  ұстанымы: 'ұс-та-ны-мы',
  қазақстандық: 'қа-зақ-стан-дық',
  тәуелсіз: 'тә-уел-сіз',
  партиялар: 'пар-тия-лар',
  бюллетень: 'бюл-ле-тень',
  жылғы: 'жыл-ғы',
};

describe('Kazakh syllable rules', () => {
  it('divide a word list as Kazakh orthography does', () => {
    const got = Object.fromEntries(Object.keys(KAZAKH).map((w) => [w, show(hyphenate(w, 'kk'))]));
    expect(got).toEqual(KAZAKH);
  });

  it('on every Kazakh word of the response: two letters at least on each side, a vowel in every part, ь and ъ kept with their consonant, no vowel pair split', () => {
    const text = readFileSync(join(repoRoot, 'data', 'kz-2011-presidential', 'translations', 'kk.yaml'), 'utf8');
    const words = [...new Set(text.toLowerCase().match(/[а-яәғқңөұүһіё]{5,}/gu) ?? [])];
    expect(words.length).toBeGreaterThan(1500);
    const vowels = /[аәеёиоөұүыіэюяу]/u;
    let points = 0;
    const wrong: string[] = [];
    for (const w of words) {
      for (const b of kazakhBreaks(w)) {
        points++;
        const [head, tail] = [w.slice(0, b), w.slice(b)];
        const ok =
          head.length >= 2 && tail.length >= 2 && vowels.test(head) && vowels.test(tail) && !/^[ьъ]/.test(tail) &&
          !(/[аәеёоөұүыіэюя]$/.test(head) && /^[аәеёоөұүыіэюя]/.test(tail));
        if (!ok) wrong.push(`${head}-${tail}`);
      }
    }
    expect(wrong).toEqual([]);
    // Most long words get at least one point.
    expect(points).toBeGreaterThan(words.length);
  });
});

describe('hyphenation', () => {
  it('English (TeX en-GB patterns) and Russian (TeX patterns)', () => {
    expect(show(hyphenate('the election observation mission', 'en'))).toBe('the elec-tion ob-ser-va-tion mis-sion');
    expect(show(hyphenate('избирательной комиссии законодательства', 'ru'))).toBe('из-би-ра-тель-ной ко-мис-сии за-ко-но-да-тель-ства');
  });

  it('keeps three letters at an English word’s end and two at its start', () => {
    for (const w of show(hyphenate('administration recommendations commissions prosecutors', 'en')).split(' ')) {
      const parts = w.split('-');
      expect(parts[0]!.length, w).toBeGreaterThanOrEqual(2);
      expect(parts.at(-1)!.length, w).toBeGreaterThanOrEqual(3);
    }
  });

  it('never hyphenates names, abbreviations, numbers, URLs or e-mail addresses', () => {
    const untouched = 'Kazakhstan Nazarbayev OSCE/ODIHR ODIHR 13/206 2011-2012 https://www.osce.org/administration www.example.org/commissions someone@commission.kz Қазақстан ЦИК Республика';
    expect(hyphenate(untouched, 'en')).toBe(untouched);
    expect(hyphenate(untouched, 'kk')).toBe(untouched);
    expect(hyphenate(untouched, 'ru')).toBe(untouched);
  });

  it('keeps the writer’s own soft hyphens and adds none to those words', () => {
    expect(show(hyphenate(`super${SOFT_HYPHEN}calibration administration`, 'en'))).toBe('super-calibration ad-min-is-tra-tion');
  });

  it('leaves languages it does not know alone', () => {
    expect(hyphenate('administration', 'de')).toBe('administration');
  });
});
