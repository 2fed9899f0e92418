/**
 * The typesetting cache file (src/render/cache/cache-file.ts) and the shaped
 * runs kept in it (src/render/pdf/shape-cache.ts): a file is used only when
 * it is exactly what this code writes — a damaged, truncated, foreign or
 * oversized file is an empty cache — writes merge with what another process
 * wrote meanwhile, the file stays under its bound, and a run reads back with
 * exactly the numbers it was written with.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { CACHE_FILE_NAME, MAX_FILE_BYTES, cacheSection, encodeCacheFile, flushCache, parseCacheFile, resetCacheState } from '../../src/render/cache/cache-file.js';
import { NO_CACHE_VARIABLE, typesetCacheFolder } from '../../src/render/cache/location.js';
import { decodeRun, encodeRun, type ShapedRun } from '../../src/render/pdf/shape-cache.js';
import { useTemporaryCacheFolder } from '../helpers/cache-folder.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

function sample(): Uint8Array {
  return encodeCacheFile([
    ['shapes A', new Map([['word ', bytes('run of word')], ['Слово', bytes('run of Слово')]])],
    ['hyphenation en', new Map([['election', bytes('elec-tion')]])],
  ]);
}

const cacheFolder = useTemporaryCacheFolder('standpoint-cache-unit-');

describe('the cache file', () => {
  it('reads back what it wrote', () => {
    const sections = parseCacheFile(sample())!;
    expect([...sections.keys()]).toEqual(['shapes A', 'hyphenation en']);
    writeFileSync(join(cacheFolder(), CACHE_FILE_NAME), sample());
    expect(text(cacheSection('shapes A')!.get('Слово'))).toBe('run of Слово');
    expect(text(cacheSection('hyphenation en')!.get('election'))).toBe('elec-tion');
    expect(cacheSection('shapes B')!.get('word ')).toBeUndefined();
  });

  it('refuses every truncation, every flipped byte and foreign files', () => {
    const good = sample();
    for (let n = 0; n < good.length; n++) expect(parseCacheFile(good.subarray(0, n)), `truncated to ${n} bytes`).toBeUndefined();
    for (let i = 0; i < good.length; i++) {
      const bad = Uint8Array.from(good);
      bad[i] ^= 0x5a;
      expect(parseCacheFile(bad), `byte ${i} changed`).toBeUndefined();
    }
    expect(parseCacheFile(Buffer.concat([good, Buffer.from([0])]))).toBeUndefined();
    expect(parseCacheFile(Buffer.from('%PDF-1.7 not a cache file at all, but long enough'))).toBeUndefined();
    // Another format version of this file, checksum and all.
    const other = Buffer.from(good);
    other.writeUInt16LE(2, 4);
    expect(parseCacheFile(other)).toBeUndefined();
  });

  it('is an empty cache when the file is damaged, and the next write replaces it', () => {
    const file = join(cacheFolder(), CACHE_FILE_NAME);
    writeFileSync(file, sample().subarray(0, 40));
    const section = cacheSection('shapes A')!;
    expect(section.get('word ')).toBeUndefined();
    section.add('new ', bytes('new run'));
    flushCache();
    const now = parseCacheFile(readFileSync(file))!;
    expect([...now.keys()]).toEqual(['shapes A']);
    resetCacheState();
    expect(text(cacheSection('shapes A')!.get('new '))).toBe('new run');
  });

  it('is an empty cache when the file is too large, a folder or a pipe, and never blocks on a pipe', () => {
    const file = join(cacheFolder(), CACHE_FILE_NAME);
    writeFileSync(file, Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(cacheSection('shapes A')!.get('word ')).toBeUndefined();
    rmSync(file);
    resetCacheState();
    mkdirSync(file);
    expect(cacheSection('shapes A')!.get('word ')).toBeUndefined();
    rmSync(file, { recursive: true });
    resetCacheState();
    execFileSync('mkfifo', [file]);
    expect(cacheSection('shapes A')!.get('word ')).toBeUndefined();
    cacheSection('shapes A')!.add('w ', bytes('r'));
    // The pipe is replaced by a file (renamed over it), never opened.
    flushCache();
    expect(statSync(file).isFile()).toBe(true);
  });

  it('merges with what another process wrote since it was read', () => {
    const file = join(cacheFolder(), CACHE_FILE_NAME);
    writeFileSync(file, sample());
    const mine = cacheSection('shapes A')!;
    mine.add('mine ', bytes('my run'));
    // Meanwhile another process wrote its own words.
    writeFileSync(file, encodeCacheFile([['shapes A', new Map([['theirs ', bytes('their run')]])], ['shapes C', new Map([['c', bytes('c run')]])]]));
    flushCache();
    const merged = parseCacheFile(readFileSync(file))!;
    resetCacheState();
    const after = cacheSection('shapes A')!;
    expect(text(after.get('mine '))).toBe('my run');
    expect(text(after.get('theirs '))).toBe('their run');
    // What this process had read is kept too.
    expect(text(after.get('word '))).toBe('run of word');
    expect(merged.has('shapes C')).toBe(true);
    expect(readdirSync(cacheFolder())).toEqual([CACHE_FILE_NAME]);
  });

  it('writes nothing when nothing was learned, and nothing at all when turned off', () => {
    cacheSection('shapes A');
    flushCache();
    expect(readdirSync(cacheFolder())).toEqual([]);
    process.env[NO_CACHE_VARIABLE] = '1';
    resetCacheState();
    expect(typesetCacheFolder()).toBeUndefined();
    expect(cacheSection('shapes A')).toBeUndefined();
    flushCache();
    expect(readdirSync(cacheFolder())).toEqual([]);
  });

  it('stays under its bound, keeping the sections learned in last', () => {
    const big = (n: number, tag: string) => new Map(Array.from({ length: n }, (_, i) => [`${tag}${i} `, Buffer.alloc(100, i)] as [string, Uint8Array]));
    const file = encodeCacheFile([['recent', big(50, 'r')], ['older', big(50, 'o')], ['oldest', big(50, 'x')]], 12_000);
    expect(file.length).toBeLessThanOrEqual(12_000);
    expect([...parseCacheFile(file)!.keys()]).toEqual(['recent', 'older']);
    // A section alone over the bound keeps its first entries.
    const one = encodeCacheFile([['huge', big(500, 'h')]], 12_000);
    expect(one.length).toBeLessThanOrEqual(12_000);
    expect(parseCacheFile(one)!.get('huge')).toBeDefined();
  });
});

describe('shaped runs', () => {
  it('read back with exactly the numbers they were written with', () => {
    const run = {
      glyphs: [
        { id: 36, advanceWidth: 613, codePoints: [0x410] },
        { id: 1501, advanceWidth: 0.1 + 0.2, codePoints: [0x66, 0x69] },
      ],
      positions: [
        { xAdvance: 613, yAdvance: 0, xOffset: -0, yOffset: 0, advanceWidth: 613 },
        { xAdvance: 551.3333333333334, yAdvance: -12, xOffset: 2 ** 40, yOffset: -1e-9, advanceWidth: 0.30000000000000004 },
      ],
      get advanceWidth() {
        return 613 + 551.3333333333334;
      },
    } as ShapedRun;
    const back = decodeRun(encodeRun(run))!;
    expect(back.glyphs).toEqual(run.glyphs);
    expect(back.positions).toEqual(run.positions);
    expect(Object.is(back.positions[0]!.xOffset, -0)).toBe(true);
    expect(back.advanceWidth).toBe(run.advanceWidth);
    // Position keys in fontkit's order, then pdfkit's.
    expect(Object.keys(back.positions[1]!)).toEqual(['xAdvance', 'yAdvance', 'xOffset', 'yOffset', 'advanceWidth']);
  });

  it('refuses bytes that are not a whole run', () => {
    const good = encodeRun({ glyphs: [{ id: 5, advanceWidth: 500, codePoints: [0x61] }], positions: [{ xAdvance: 500, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 500 }], advanceWidth: 500 });
    for (let n = 0; n < good.length; n++) expect(decodeRun(good.subarray(0, n))).toBeUndefined();
    expect(decodeRun(Buffer.concat([good, Buffer.from([0])]))).toBeUndefined();
  });
});
