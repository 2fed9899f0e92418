/**
 * The speed techniques that must change no output byte (src/render/techniques.ts
 * and the typesetting cache, src/render/cache): every DOCX and PDF of the 2011
 * response in en, ru, kk and kk+ru is byte-identical with all of them off (as
 * the build before them rendered), with all on — the typesetting cache empty,
 * then filled — and with each one off in turn. The cache is safe: a damaged,
 * truncated, foreign, oversized or concurrently written cache file is ignored
 * without changing a byte, and replaced by a good one; a deflated face in it
 * is used only when it inflates to the face; `--no-cache` and
 * STANDPOINT_NO_CACHE neither read nor write it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { cliPath, damagedCopies, dataDoc, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { CACHE_FILE_NAME, DOCX_FACES_FILE_NAME, READ_CACHE_FILE_NAME, MAX_FILE_BYTES, cacheSection, encodeCacheFile, parseCacheFile, resetCacheState } from '../../src/render/cache/cache-file.js';
import { decodeRun, encodeRun } from '../../src/render/pdf/shape-cache.js';
import { SPEED_TECHNIQUES } from '../../src/render/techniques.js';

const ALL_LANGS = 'en,ru,kk,kk+ru';
const TECHNIQUES = Object.keys(SPEED_TECHNIQUES);
/** Everything off: the typesetting cache and every technique. */
const NONE = { STANDPOINT_NO_CACHE: '1', STANDPOINT_SPEED_OFF: TECHNIQUES.join(',') };

/** A small document, for the many renders of the damaged-cache cases. */
const mini = join(repoRoot, 'test', 'fixtures', 'mini', 'input');

/** Renders `langs` of `doc` as DOCX and PDF with `env`; the hash of each output file by name. */
function render(langs: string, env: NodeJS.ProcessEnv, args: string[] = [], doc = dataDoc): Map<string, string> {
  const out = tempDir('standpoint-speed-');
  const r = runCli(['render', doc, '--lang', langs, '--format', 'docx,pdf', '--out', out, ...args], { env: { STANDPOINT_SPEED_OFF: '', STANDPOINT_NO_CACHE: '', ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return hashes(out);
}

function hashes(folder: string, only: (name: string) => boolean = () => true): Map<string, string> {
  return new Map(readdirSync(folder).sort().filter(only).map((f) => [f, createHash('sha256').update(readFileSync(join(folder, f))).digest('hex')]));
}

/** The cache files of a cache folder (not Node's compile cache beside them, on Node 22 and later). */
const cacheFiles = (dir: string) => hashes(dir, (f) => f.endsWith('.bin'));

function cacheFolder(): string {
  return tempDir('standpoint-cache-');
}

/** The cache file of `dir` is a whole one of this format, with shapes and hyphenations in it. */
function expectGoodCache(dir: string): void {
  const file = join(dir, CACHE_FILE_NAME);
  expect(statSync(file).isFile()).toBe(true);
  const sections = parseCacheFile(readFileSync(file));
  expect(sections).toBeDefined();
  const names = [...sections!.keys()];
  expect(names.some((n) => /^shapes \d+ /.test(n))).toBe(true);
  expect(names.some((n) => /^hyphenation \d+ en /.test(n))).toBe(true);
  expect(statSync(file).size).toBeLessThanOrEqual(MAX_FILE_BYTES);
}

describe('speed techniques', () => {
  let reference: Map<string, string>;
  beforeAll(() => {
    reference = render(ALL_LANGS, NONE);
  });

  it('renders eight files, the reference for every other run', () => {
    expect([...reference.keys()]).toEqual([
      'kz-2011-presidential.en.docx',
      'kz-2011-presidential.en.pdf',
      'kz-2011-presidential.kk+ru.docx',
      'kz-2011-presidential.kk+ru.pdf',
      'kz-2011-presidential.kk.docx',
      'kz-2011-presidential.kk.pdf',
      'kz-2011-presidential.ru.docx',
      'kz-2011-presidential.ru.pdf',
    ]);
  });

  it('gives the same bytes with every technique on, the cache empty and then filled', () => {
    const dir = cacheFolder();
    expect(render(ALL_LANGS, { STANDPOINT_CACHE_DIR: dir })).toEqual(reference);
    expectGoodCache(dir);
    const learned = cacheFiles(dir);
    // The YAML files parsed and the fonts checked, in the file every command reads.
    const read = [...parseCacheFile(readFileSync(join(dir, READ_CACHE_FILE_NAME)))!.keys()];
    expect(read.some((n) => /^yaml \d+ /.test(n)) && read.some((n) => /^font-check \d+ /.test(n))).toBe(true);
    expect(render(ALL_LANGS, { STANDPOINT_CACHE_DIR: dir })).toEqual(reference);
    // Nothing new was learned: no file was written again.
    expect(cacheFiles(dir)).toEqual(learned);
    expect(learned.size).toBe(3);
  });

  // Each technique off, in the renders it changes: one PDF goes to the main thread only when it is the only one.
  const scope: Record<string, string> = { pdfOnMainThread: 'en' };
  for (const technique of TECHNIQUES) {
    it(`gives the same bytes without ${technique}`, () => {
      const dir = cacheFolder();
      render('en', { STANDPOINT_CACHE_DIR: dir });
      const langs = scope[technique] ?? ALL_LANGS;
      const expected = langs === 'en' ? onlyEn(reference) : reference;
      expect(render(langs, { STANDPOINT_CACHE_DIR: dir, STANDPOINT_SPEED_OFF: technique })).toEqual(expected);
    });
  }

  it('gives the same bytes without the typesetting cache, and --no-cache and STANDPOINT_NO_CACHE write none', () => {
    const dir = cacheFolder();
    expect(render(ALL_LANGS, { STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '1' })).toEqual(reference);
    expect(render('en', { STANDPOINT_CACHE_DIR: dir }, ['--no-cache'])).toEqual(onlyEn(reference));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('renders one PDF on the main thread to the bytes of the worker', () => {
    expect(render('en', { STANDPOINT_CACHE_DIR: cacheFolder() })).toEqual(onlyEn(reference));
  });
});

/** The entries of section `name` of the cache file `bytes`, read as the renderer reads them. */
function sectionEntries(name: string, bytes: Buffer, fileName = CACHE_FILE_NAME): { keys: string[]; values: Uint8Array[] } {
  const dir = tempDir('standpoint-cache-');
  writeFileSync(join(dir, fileName), bytes);
  const before = process.env.STANDPOINT_CACHE_DIR;
  process.env.STANDPOINT_CACHE_DIR = dir;
  resetCacheState();
  try {
    const entries = [...cacheSection(name, { file: fileName })!.entries()];
    return { keys: entries.map(([k]) => k), values: entries.map(([, v]) => v) };
  } finally {
    process.env.STANDPOINT_CACHE_DIR = before;
    resetCacheState();
  }
}

function onlyEn(all: Map<string, string>): Map<string, string> {
  return new Map([...all].filter(([f]) => f.includes('.en.')));
}

describe('a cache file that is not what it should be', () => {
  let reference: Map<string, string>;
  let good: Buffer;
  let goodFaces: Buffer;
  beforeAll(() => {
    reference = render('en', NONE, [], mini);
    const filled = cacheFolder();
    render('en', { STANDPOINT_CACHE_DIR: filled }, [], mini);
    good = readFileSync(join(filled, CACHE_FILE_NAME));
    goodFaces = readFileSync(join(filled, DOCX_FACES_FILE_NAME));
  });

  const damaged: Record<string, () => Buffer> = {
    ...damagedCopies(() => good, 16),
    'one byte changed in the middle': () => {
      const b = Buffer.from(good);
      b[b.length >> 1] ^= 0x01;
      return b;
    },
    'random bytes with the right header': () => {
      const b = Buffer.from(good);
      for (let i = 16; i < b.length; i += 7) b[i] = (i * 31) & 0xff;
      return b;
    },
    'larger than the bound': () => Buffer.concat([good, Buffer.alloc(MAX_FILE_BYTES)]),
  };

  for (const [what, make] of Object.entries(damaged)) {
    it(`is ignored and replaced when ${what}`, () => {
      const dir = cacheFolder();
      writeFileSync(join(dir, CACHE_FILE_NAME), make());
      expect(render('en', { STANDPOINT_CACHE_DIR: dir }, [], mini)).toEqual(reference);
      expectGoodCache(dir);
      expect(render('en', { STANDPOINT_CACHE_DIR: dir }, [], mini)).toEqual(reference);
    });
  }

  it('is read: a well-formed entry that lies changes the PDF (so the renders above used the cache)', () => {
    const dir = cacheFolder();
    const lying = [...parseCacheFile(good)!.keys()].map((name): [string, Map<string, Uint8Array>] => {
      const { keys, values } = sectionEntries(name, good);
      // Every shaped word twice as wide; hyphenations as they were.
      const lie = (v: Uint8Array) => {
        const run = decodeRun(v)!;
        return encodeRun({ glyphs: run.glyphs, positions: run.positions.map((p) => ({ ...p, xAdvance: p.xAdvance * 2 })), advanceWidth: 0 });
      };
      return [name, new Map(keys.map((k, i) => [k, name.startsWith('shapes ') ? lie(values[i]!) : values[i]!]))];
    });
    writeFileSync(join(dir, CACHE_FILE_NAME), encodeCacheFile(lying));
    const changed = render('en', { STANDPOINT_CACHE_DIR: dir }, [], mini);
    const pdf = [...changed.keys()].find((f) => f.endsWith('.pdf'))!;
    expect(changed.get(pdf)).not.toBe(reference.get(pdf));
  });

  /** The good faces' file with each deflated face replaced by `change(face deflated)`; the section's name. */
  function withDeflatedFaces(change: (deflated: Uint8Array) => Uint8Array): { bytes: Uint8Array; name: string } {
    const names = [...parseCacheFile(goodFaces)!.keys()];
    const name = names.find((n) => n.startsWith('deflated '));
    expect(name, 'the DOCX rendered above left its deflated faces in the cache').toBeDefined();
    const sections = names.map((n): [string, Map<string, Uint8Array>] => {
      const { keys, values } = sectionEntries(n, goodFaces, DOCX_FACES_FILE_NAME);
      return [n, new Map(keys.map((k, i) => [k, n === name ? change(values[i]!) : values[i]!]))];
    });
    return { bytes: encodeCacheFile(sections), name: name! };
  }

  /** The DOCX of `mini` in English, rendered with the cache folder `dir`. */
  function miniDocx(dir: string): Buffer {
    const out = tempDir('standpoint-speed-');
    const r = runCli(['render', mini, '--lang', 'en', '--format', 'docx', '--out', out], { env: { STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '' } });
    expect(r.status).toBe(0);
    return readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.docx'))!));
  }

  it('is not trusted for a deflated face that does not inflate to the face: the DOCX is as without the cache', () => {
    const docx = [...reference.keys()].find((f) => f.endsWith('.docx'))!;
    const wrong: Record<string, (d: Uint8Array) => Uint8Array> = {
      'another text deflated': () => new Uint8Array(deflateRawSync(Buffer.from('not a font'))),
      'cut short': (d) => d.subarray(0, d.length >> 1),
      'one byte changed': (d) => {
        const b = new Uint8Array(d);
        b[b.length >> 1] ^= 0x20;
        return b;
      },
    };
    for (const [what, change] of Object.entries(wrong)) {
      const dir = cacheFolder();
      writeFileSync(join(dir, DOCX_FACES_FILE_NAME), withDeflatedFaces(change).bytes);
      expect(render('en', { STANDPOINT_CACHE_DIR: dir }, [], mini).get(docx), what).toBe(reference.get(docx));
    }
    // The faces' file itself cut short: ignored, and replaced by a whole one.
    const dir = cacheFolder();
    writeFileSync(join(dir, DOCX_FACES_FILE_NAME), goodFaces.subarray(0, goodFaces.length >> 1));
    expect(render('en', { STANDPOINT_CACHE_DIR: dir }, [], mini).get(docx)).toBe(reference.get(docx));
    expect(parseCacheFile(readFileSync(join(dir, DOCX_FACES_FILE_NAME)))).toBeDefined();
  });

  it('is read for the deflated faces: faces deflated otherwise (at level 1) are written as they are, and unzip to the same parts', () => {
    const dir = cacheFolder();
    const plain = miniDocx(dir);
    writeFileSync(join(dir, DOCX_FACES_FILE_NAME), withDeflatedFaces((d) => new Uint8Array(deflateRawSync(inflateRawSync(d), { level: 1 }))).bytes);
    const other = miniDocx(dir);
    expect(other.equals(plain)).toBe(false);
    const [a, b] = [unzipSync(new Uint8Array(plain)), unzipSync(new Uint8Array(other))];
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(Object.keys(a).filter((p) => p.startsWith('word/fonts/')).length).toBeGreaterThan(0);
    for (const p of Object.keys(a)) expect(Buffer.from(b[p]!).equals(Buffer.from(a[p]!)), p).toBe(true);
  });

  it('is ignored when it is a folder', () => {
    const dir = cacheFolder();
    mkdirSync(join(dir, CACHE_FILE_NAME));
    expect(render('en', { STANDPOINT_CACHE_DIR: dir }, [], mini)).toEqual(reference);
  });

  it('is shared by renders running at once, each output the same and the file whole afterwards', async () => {
    const dir = cacheFolder();
    const outs = [0, 1, 2].map(() => tempDir('standpoint-speed-'));
    const run = (out: string) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [cliPath, 'render', dataDoc, '--lang', 'en', '--out', out], { env: { ...process.env, STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '' }, stdio: 'ignore' });
        child.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all(outs.map(run))).toEqual([0, 0, 0]);
    const en = render('en', NONE);
    for (const out of outs) expect(hashes(out)).toEqual(en);
    expectGoodCache(dir);
    // No temporary file of a writer is left behind.
    expect(readdirSync(dir).filter((f) => f !== 'compile').sort()).toEqual([DOCX_FACES_FILE_NAME, CACHE_FILE_NAME, READ_CACHE_FILE_NAME].sort());
    expect(existsSync(join(dir, CACHE_FILE_NAME))).toBe(true);
  });
});
