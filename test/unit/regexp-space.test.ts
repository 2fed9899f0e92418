/**
 * The PDF's word measuring finds a word's leading and trailing spaces by code
 * units (src/render/pdf/engine-patches.ts, isRegExpSpace) where pdfmake used
 * /^(\s)+/ and /(\s)+$/: the two must agree on every code unit.
 */
import { describe, expect, it } from 'vitest';
import { isRegExpSpace } from '../../src/render/pdf/engine-patches.js';

describe('isRegExpSpace', () => {
  it('is what \\s matches, for every UTF-16 code unit', () => {
    const differs: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isRegExpSpace(c) !== /\s/.test(String.fromCharCode(c))) differs.push(c);
    expect(differs).toEqual([]);
  });
});
