/**
 * The characters the font-coverage rule asks the fonts for
 * (src/validate/rules/font-coverage.ts): read by code units for speed, they
 * must be exactly the characters iterating each string gives — surrogate
 * pairs whole, lone halves alone, none lost, none twice.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distinctCharacters } from '../../src/validate/rules/font-coverage.js';

const byIteration = (texts: string[]) => new Set(texts.flatMap((t) => [...t]));

describe('font-coverage: the characters of the texts', () => {
  it('are those iterating each text gives, for any text (pairs, lone halves, every plane)', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      // Lone and paired surrogates, in any order, and Kazakh letters.
      fc.array(fc.constantFrom('\uD83D', '\uDE00', '\uD83D\uDE00', 'Ә', 'ғ', 'a', ' ', '\uFFFF'), { maxLength: 12 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (texts) => {
        expect([...distinctCharacters(texts)].sort()).toEqual([...byIteration(texts)].sort());
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a pair split across two texts as two lone halves, as each text alone has them', () => {
    expect([...distinctCharacters(['x\uD83D', '\uDE00y'])].sort()).toEqual(['\uD83D', '\uDE00', 'x', 'y'].sort());
    expect([...distinctCharacters(['Қазақ 😀', 'Қ'])]).toEqual(['Қ', 'а', 'з', 'қ', ' ', '😀']);
  });
});
