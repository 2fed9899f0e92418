import { describe, expect, it } from 'vitest';
import { applyTypography } from '../../src/compose/typography.js';
import { parseMarkup } from '../../src/compose/markup.js';

const show = (s: string) => s.replace(/\u00A0/g, '~');

describe('locale typography', () => {
  it('joins numbers, percentages, № and dates with no-break spaces', () => {
    expect(show(applyTypography('13 239 или 99,6 %, № 13/206 от 3 апреля 2011 г. – да', 'ru'))).toBe('13~239 или 99,6~%, №~13/206 от 3~апреля 2011~г.~– да');
    expect(show(applyTypography('2011 жылғы 3 сәуір, 1 234 567 адам', 'kk'))).toBe('2011~жылғы 3~сәуір, 1~234~567~адам');
    expect(show(applyTypography('on 3 April 2011, 19 per cent', 'en'))).toBe('on 3~April 2011, 19~per cent');
  });

  it('never changes letters', () => {
    const text = 'Позиция ЦИК. Сыни ескерту қабылданбайды – 12 мамыр.';
    expect(applyTypography(text, 'kk').replace(/\u00A0/g, ' ')).toBe(text);
  });

  it('survives the markup parser (only markup white space collapses)', () => {
    const [p] = parseMarkup('<p>13\u00A0239   или\n 99,6\u00A0%</p>');
    expect(p).toMatchObject({ runs: [{ text: '13\u00A0239 или 99,6\u00A0%' }] });
  });
});
