/**
 * Checking a font file's bytes, and which characters it can print: the part
 * of reading a house style (style.ts) that needs a font parser. Owns the
 * fontkit checks (tables inside the file, a name, a trial subset, the
 * embedding licence) and the font's coverage (the code points its character
 * map gives a glyph), and keeping the outcome of a font that passed in the
 * typesetting cache (src/render/cache), keyed by the hash of its bytes.
 *
 * Why a cache: loading fontkit and parsing four faces cost a cold render
 * some 150 ms, most of a DOCX-only run's reading, although the same bytes
 * give the same answer every time. A section is named after fontkit's version
 * and the code of the checks here, so an entry found is one these checks, run
 * now, would give. Only fonts that pass are kept (a problem names its file,
 * and is rare); the coverage is exactly fontkit's hasGlyphForCodePoint over
 * the character map (test/unit/font-check.test.ts).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cacheSection, READ_CACHE_FILE_NAME, Reader, Writer } from '../render/cache/cache-file.js';
import { packageVersion } from '../render/cache/package-version.js';

export interface FontProblem {
  rule: string;
  message: string;
  hint?: string;
}

/** The code points a font prints with a glyph of its own. */
export interface FontCoverage {
  has(codePoint: number): boolean;
}

interface OpenedFont {
  familyName: string;
  postscriptName: string | null;
  characterSet: number[];
  'OS/2'?: { fsType?: { noEmbedding?: boolean } };
  directory?: { tables?: Record<string, { offset: number; length: number }> };
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): unknown;
  createSubset(): { includeGlyph(glyph: unknown): number; encode(): Uint8Array };
}

const require = createRequire(import.meta.url);

/** Code points as sorted ranges, for a lookup by binary search. */
class RangeCoverage implements FontCoverage {
  /** Flat pairs: first code point, last code point, … ascending. */
  constructor(readonly ranges: number[]) {}
  has(cp: number): boolean {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < r[mid * 2]!) hi = mid - 1;
      else if (cp > r[mid * 2 + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** Sorted, distinct code points as ranges. */
export function coverageOf(codePoints: Iterable<number>): RangeCoverage {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const ranges: number[] = [];
  for (const cp of sorted) {
    if (ranges.length && ranges[ranges.length - 1] === cp - 1) ranges[ranges.length - 1] = cp;
    else ranges.push(cp, cp);
  }
  return new RangeCoverage(ranges);
}

/** The ranges as varints: the first code point's distance from the end of the range before, then the range's length − 1. */
export function encodeCoverage(c: RangeCoverage): Uint8Array {
  const w = new Writer(16 + c.ranges.length * 3);
  w.varint(c.ranges.length / 2);
  let end = -1;
  for (let i = 0; i < c.ranges.length; i += 2) {
    w.varint(c.ranges[i]! - end - 1);
    w.varint(c.ranges[i + 1]! - c.ranges[i]!);
    end = c.ranges[i + 1]!;
  }
  return w.result();
}

/** The coverage written by encodeCoverage, or undefined when `bytes` are not exactly that. */
export function decodeCoverage(bytes: Uint8Array): RangeCoverage | undefined {
  const r = new Reader(bytes);
  try {
    const count = r.varint();
    const ranges: number[] = [];
    let end = -1;
    for (let i = 0; i < count; i++) {
      const first = end + 1 + r.varint();
      end = first + r.varint();
      if (end > 0x10ffff) return undefined;
      ranges.push(first, end);
    }
    return r.at === bytes.length ? new RangeCoverage(ranges) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a TrueType or OpenType file's bytes with fontkit: its tables lie
 * inside the file, it has a PostScript name, a subset of common letters can be
 * made (so a damaged file is refused here, not in the middle of a render) and
 * its licence allows embedding. `file` names it in the problem.
 */
function checkWithFontkit(bytes: Buffer, file: string): FontProblem | { coverage: FontCoverage } {
  let opened: OpenedFont;
  try {
    const fontkit = require('fontkit') as { create(data: Buffer): OpenedFont };
    opened = fontkit.create(bytes);
    if (typeof opened.familyName !== 'string' || typeof opened.hasGlyphForCodePoint !== 'function') throw new Error('no font tables');
    if (!opened.postscriptName) throw new Error('it has no PostScript name (name table)');
    for (const [tag, t] of Object.entries(opened.directory?.tables ?? {})) {
      if (t.offset + t.length > bytes.length) throw new Error(`its table ${tag} runs past the end of the file (cut short?)`);
    }
    // fontkit reads tables when asked: a trial subset of the letters every response has reads the tables
    // the PDF engine will (cmap, glyf/CFF, hmtx), so a damaged file is refused here, not in the middle of a render.
    const subset = opened.createSubset();
    for (const c of 'AZaz09.,АЯая') if (opened.hasGlyphForCodePoint(c.codePointAt(0)!)) subset.includeGlyph(opened.glyphForCodePoint(c.codePointAt(0)!));
    if (!(subset.encode().length > 0)) throw new Error('a subset of it is empty');
  } catch (err) {
    return { rule: 'font-unreadable', message: `the font ${file} cannot be read: ${(err as Error).message}`, hint: 'the file is damaged; copy it again from its source' };
  }
  // OS/2 fsType bit 1, "restricted licence embedding": the font may not be put into a document.
  if (opened['OS/2']?.fsType?.noEmbedding) {
    return {
      rule: 'font-licence',
      message: `the licence of the font ${file} forbids embedding it (OS/2 fsType: restricted), and the PDF and the DOCX embed their fonts`,
      hint: 'choose a font whose licence allows embedding, such as PT Serif or Liberation Serif',
    };
  }
  const font = opened;
  let coverage: FontCoverage;
  try {
    // The character map's code points that map to a glyph: what hasGlyphForCodePoint says yes to.
    coverage = coverageOf(font.characterSet.filter((cp) => font.hasGlyphForCodePoint(cp)));
  } catch {
    // A character map fontkit cannot list (formats 8 and 14): asked code point by code point instead.
    coverage = { has: (cp) => font.hasGlyphForCodePoint(cp) };
  }
  return { coverage };
}

let sectionName: string | undefined;

/** The cache section of checked fonts: named after fontkit's version and the code of the checks. */
function checkedFonts() {
  try {
    sectionName ??= `font-check 1 ${createHash('sha256')
      .update([packageVersion(require, 'fontkit'), String(checkWithFontkit), String(coverageOf), String(encodeCoverage)].join('\u0000'))
      .digest('hex')}`;
    return cacheSection(sectionName, { file: READ_CACHE_FILE_NAME });
  } catch {
    return undefined;
  }
}

/**
 * The problem of a font file's bytes, or its coverage when it passes: from
 * the typesetting cache when these bytes passed before, else from fontkit.
 */
export function checkFontBytes(bytes: Buffer, file: string): FontProblem | { coverage: FontCoverage } {
  const section = checkedFonts();
  const hash = section ? createHash('sha256').update(bytes).digest('hex') : '';
  const known = section?.get(hash);
  const coverage = known ? decodeCoverage(known) : undefined;
  if (coverage) return { coverage };
  const checked = checkWithFontkit(bytes, file);
  if (section && 'coverage' in checked && checked.coverage instanceof RangeCoverage) section.add(hash, encodeCoverage(checked.coverage));
  return checked;
}
