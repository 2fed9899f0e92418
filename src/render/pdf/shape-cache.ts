/**
 * Shaped words kept across runs: the engine patch `persistentShapes` (listed
 * in engine-patches.ts). pdfkit shapes each word once per process with
 * fontkit (EmbeddedFont.layoutCached: OpenType substitution and positioning),
 * about a third of a cold PDF's time; here a word shaped once is kept in the
 * typesetting cache file (src/render/cache) for the next process, in a section
 * per font file (by the hash of its bytes) and fontkit and pdfkit versions.
 * Owns turning a layout run into bytes and back, and which runs may be kept.
 *
 * A run is the glyphs of a word (id, advance width, code points) and their
 * positions (x and y advance and offset, and the advance width pdfkit adds),
 * stored as the exact numbers pdfkit computed, so a run read back draws and
 * measures exactly as the run shaped now. Only words whose glyphs are
 * unambiguous are kept: each glyph the font's character map gives for its
 * one character and for no other, or a ligature of several characters that
 * no character maps to. fontkit hands out one glyph object per glyph id and
 * font, carrying the code points it was first made for, and pdfkit writes
 * those into the PDF's ToUnicode map; a glyph that two characters share
 * (µ and μ in PT Serif) would carry whichever came first in this process, so
 * words with such glyphs are shaped in every process, as before.
 */
import { createHash } from 'node:crypto';
import { cacheSection, Writer, type CacheSection } from '../cache/cache-file.js';
import { packageVersion } from '../cache/package-version.js';

export interface ShapedGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
export interface ShapedPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
export interface ShapedRun {
  glyphs: ShapedGlyph[];
  positions: ShapedPosition[];
  readonly advanceWidth: number;
}

/** A run read back from the cache: what pdfkit reads of fontkit's GlyphRun, the total advance summed as fontkit sums it. */
class CachedRun implements ShapedRun {
  constructor(
    readonly glyphs: ShapedGlyph[],
    readonly positions: ShapedPosition[],
  ) {}
  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

/** fontkit's font, as far as deciding which glyphs are unambiguous needs it (no glyph objects are made). */
interface FontkitFont {
  characterSet: number[];
  _cmapProcessor: { lookup(codePoint: number): number };
}

// ---- numbers: integers as zig-zag varints, anything else as a float64 ----

function writeNumber(w: Writer, x: number): void {
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 30 && !Object.is(x, -0)) w.varint((x < 0 ? -2 * x - 1 : 2 * x) * 2);
  else {
    w.varint(1);
    w.float64(x);
  }
}

/** DataViews of the buffers runs are read from (the cache file, read once): one each. */
const views = new WeakMap<ArrayBufferLike, DataView>();

export function encodeRun(run: ShapedRun): Uint8Array {
  const w = new Writer(16 + run.glyphs.length * 24);
  w.varint(run.glyphs.length);
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i]!;
    w.varint(g.id);
    writeNumber(w, g.advanceWidth);
    w.varint(g.codePoints.length);
    for (const c of g.codePoints) w.varint(c);
    writeNumber(w, p.xAdvance);
    writeNumber(w, p.yAdvance);
    writeNumber(w, p.xOffset);
    writeNumber(w, p.yOffset);
    writeNumber(w, p.advanceWidth);
  });
  return Uint8Array.from(w.result());
}

/**
 * The run of `bytes`, or undefined when they are not a whole run. Read with
 * plain loops over the bytes: a cold render reads some 5 000 runs.
 */
export function decodeRun(bytes: Uint8Array): ShapedRun | undefined {
  let view = views.get(bytes.buffer);
  if (!view) views.set(bytes.buffer, (view = new DataView(bytes.buffer)));
  const end = bytes.length;
  const base = bytes.byteOffset;
  let at = 0;
  let bad = false;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8 && at < end; i++) {
      const b = bytes[at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    bad = true;
    return 0;
  };
  const number = (): number => {
    const v = varint();
    if (v === 1) {
      if (at + 8 > end) {
        bad = true;
        return 0;
      }
      const x = view!.getFloat64(base + at, true);
      at += 8;
      return x;
    }
    if (v % 2 !== 0) bad = true;
    const z = v / 2;
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  };
  const n = varint();
  if (n > end) return undefined;
  const glyphs: ShapedGlyph[] = new Array(n);
  const positions: ShapedPosition[] = new Array(n);
  for (let i = 0; i < n && !bad; i++) {
    const id = varint();
    const advanceWidth = number();
    const count = varint();
    if (count > end) return undefined;
    const codePoints: number[] = [];
    for (let k = 0; k < count; k++) codePoints.push(varint());
    glyphs[i] = { id, advanceWidth, codePoints };
    // In fontkit's order (GlyphPosition), then pdfkit's advanceWidth.
    const xAdvance = number();
    const yAdvance = number();
    const xOffset = number();
    const yOffset = number();
    positions[i] = { xAdvance, yAdvance, xOffset, yOffset, advanceWidth: number() };
  }
  return !bad && at === end ? new CachedRun(glyphs, positions) : undefined;
}

let versions: string | undefined;

/** The shapes learned and found for one font file. */
export class ShapeStore {
  private ambiguous?: Set<number>;
  private constructor(
    private readonly section: CacheSection,
    private readonly font: FontkitFont,
  ) {}

  /** The store of the font file `bytes` (fontkit's font of it: `font`), or undefined when the cache is off. */
  static open(require: NodeRequire, bytes: Uint8Array, font: unknown): ShapeStore | undefined {
    const f = font as Partial<FontkitFont>;
    if (!f || typeof f._cmapProcessor?.lookup !== 'function') return undefined;
    versions ??= `fontkit ${packageVersion(require, 'fontkit')} pdfkit ${packageVersion(require, 'pdfkit')}`;
    const hash = createHash('sha256').update(bytes).digest('hex');
    const section = cacheSection(`shapes 1 ${hash} ${versions}`);
    return section ? new ShapeStore(section, f as FontkitFont) : undefined;
  }

  /** The run of `word` shaped in an earlier process, if known. */
  find(word: string): ShapedRun | undefined {
    const bytes = this.section.get(word);
    return bytes ? decodeRun(bytes) : undefined;
  }

  /** Keeps the run pdfkit just shaped for `word` when its glyphs are unambiguous. */
  learn(word: string, run: ShapedRun): void {
    if (this.unambiguous(run)) this.section.add(word, encodeRun(run));
  }

  private unambiguous(run: ShapedRun): boolean {
    const cmap = this.font._cmapProcessor;
    if (!this.ambiguous) {
      // Glyph ids the character map gives more than one character.
      const seen = new Map<number, number>();
      for (const cp of this.font.characterSet) {
        const gid = cmap.lookup(cp);
        seen.set(gid, (seen.get(gid) ?? 0) + 1);
      }
      this.ambiguous = new Set([...seen].filter(([, n]) => n > 1).map(([gid]) => gid));
      this.mapped = new Set(seen.keys());
    }
    for (const g of run.glyphs) {
      if (this.ambiguous.has(g.id)) return false;
      if (g.codePoints.length === 1) {
        if (cmap.lookup(g.codePoints[0]!) !== g.id) return false;
      } else if (g.codePoints.length === 0 || this.mapped!.has(g.id)) return false;
    }
    return true;
  }

  private mapped?: Set<number>;
}
