/**
 * The font check of a house style (src/read/font-check.ts): the coverage it
 * keeps is exactly what fontkit's hasGlyphForCodePoint says, for the shipped
 * faces and the fonts of the second document; a font that passed is kept in
 * the typesetting cache by the hash of its bytes and found there (a lying
 * entry shows it is read), a damaged entry is checked again, and a font that
 * fails is never kept.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheSection, flushCache, parseCacheFile, resetCacheState, READ_CACHE_FILE_NAME } from '../../src/render/cache/cache-file.js';
import { NO_CACHE_VARIABLE } from '../../src/render/cache/location.js';
import { checkFontBytes, coverageOf, decodeCoverage, encodeCoverage, type FontCoverage } from '../../src/read/font-check.js';
import { ptSerifFaces } from '../../src/paths.js';
import { useTemporaryCacheFolder } from '../helpers/cache-folder.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(b: Buffer): { hasGlyphForCodePoint(cp: number): boolean } };

const secondDocumentFonts = join(import.meta.dirname, '..', '..', 'data', 'kz-2019-presidential', 'fonts');
const fontFiles = [...Object.values(ptSerifFaces()), ...readdirSync(secondDocumentFonts).filter((f) => f.endsWith('.ttf')).map((f) => join(secondDocumentFonts, f))];

const cacheFolder = useTemporaryCacheFolder('standpoint-font-check-');

function coverageFor(file: string): FontCoverage {
  const r = checkFontBytes(readFileSync(file), file);
  if (!('coverage' in r)) throw new Error(`${file}: ${r.message}`);
  return r.coverage;
}

/** The section the check keeps its fonts in (its name depends on fontkit's version and the code). */
function checkSectionName(): string {
  const sections = parseCacheFile(readFileSync(join(cacheFolder(), READ_CACHE_FILE_NAME)))!;
  const names = [...sections.keys()].filter((n) => n.startsWith('font-check '));
  expect(names).toHaveLength(1);
  return names[0]!;
}

describe('font coverage', () => {
  it.each(fontFiles)('is what fontkit says for every code point below U+30000: %s', (file) => {
    process.env[NO_CACHE_VARIABLE] = '1';
    const coverage = coverageFor(file);
    const font = fontkit.create(readFileSync(file));
    const differ: number[] = [];
    for (let cp = 0; cp < 0x30000; cp++) if (coverage.has(cp) !== font.hasGlyphForCodePoint(cp)) differ.push(cp);
    expect(differ).toEqual([]);
    // Not a coverage that says yes (or no) to everything.
    expect(coverage.has(0x0410) && coverage.has(0x41) && !coverage.has(0x2fffe)).toBe(true);
  });

  it('reads back exactly as written, and refuses damaged bytes', () => {
    const c = coverageOf([0, 1, 2, 5, 0x41, 0x42, 0x4d9, 0x10ffff]);
    const encoded = encodeCoverage(c);
    expect(decodeCoverage(encoded)!.ranges).toEqual([0, 2, 5, 5, 0x41, 0x42, 0x4d9, 0x4d9, 0x10ffff, 0x10ffff]);
    for (let n = 0; n < encoded.length; n++) expect(decodeCoverage(encoded.subarray(0, n)), `truncated to ${n}`).toBeUndefined();
    expect(decodeCoverage(Uint8Array.from([...encoded, 0]))).toBeUndefined();
    expect(decodeCoverage(Uint8Array.from([1, 0x80, 0x80, 0x80, 0x80, 0x01, 0]))).toBeUndefined();
  });
});

describe('the cache of checked fonts', () => {
  const file = ptSerifFaces().normal;
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex');

  it('keeps a font that passed, and finds it in the next process', () => {
    coverageFor(file);
    flushCache();
    const name = checkSectionName();
    resetCacheState();
    // A lying entry (only "A") is believed: the coverage comes from the cache, not from fontkit.
    const section = cacheSection(name, { file: READ_CACHE_FILE_NAME })!;
    expect(section.get(hash)).toBeDefined();
    resetCacheState();
    rmSync(join(cacheFolder(), READ_CACHE_FILE_NAME));
    cacheSection(name, { file: READ_CACHE_FILE_NAME })!.add(hash, encodeCoverage(coverageOf([0x41])));
    const lied = coverageFor(file);
    expect(lied.has(0x41)).toBe(true);
    expect(lied.has(0x42)).toBe(false);
  });

  it('checks a font again when its entry is damaged', () => {
    coverageFor(file);
    flushCache();
    const name = checkSectionName();
    resetCacheState();
    rmSync(join(cacheFolder(), READ_CACHE_FILE_NAME));
    cacheSection(name, { file: READ_CACHE_FILE_NAME })!.add(hash, Uint8Array.from([5, 1]));
    const again = coverageFor(file);
    expect(again.has(0x42) && again.has(0x4d9)).toBe(true);
  });

  it('keeps nothing of a font that fails, and says its problem every time', () => {
    const cut = readFileSync(file).subarray(0, 40_000);
    for (let i = 0; i < 2; i++) {
      const r = checkFontBytes(cut, 'fonts/cut.ttf');
      expect('rule' in r && r.rule).toBe('font-unreadable');
    }
    flushCache();
    expect(readdirSync(cacheFolder())).toEqual([]);
  });

  it('reads and writes nothing when the cache is off', () => {
    process.env[NO_CACHE_VARIABLE] = '1';
    coverageFor(file);
    flushCache();
    expect(readdirSync(cacheFolder())).toEqual([]);
  });
});
