/**
 * Speed patches that compute a thing once where pdfkit and fontkit compute it
 * again for every PDF, each keyed by everything its result depends on. Owns
 * two memos:
 * - deflated streams (pdfkit's PDFReference.finalize deflates every page's
 *   content and every font file), across the PDFs of one process: by the
 *   SHA-256 of the bytes before deflating. After a one-paragraph edit in
 *   watch, most pages and the fonts are the same bytes.
 * - font subsets (fontkit's TTFSubset.encode, called by pdfkit's
 *   EmbeddedFont.embed), across PDFs: by the font file and the list of glyphs
 *   kept, in their order, which is all the subset's bytes depend on.
 * Each gives exactly the bytes computing it gives, and both are bounded;
 * they change no output byte (test/e2e/pdf-engine-patches.test.ts renders
 * edited documents in one process and compares them with fresh renders).
 * Nothing here is written to disk: the typesetting cache file is
 * shape-cache.ts's.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { flushPending, onReferencePrototype, type PdfReference } from './pdf-reference.js';

type Dict = Record<string, unknown>;

/**
 * A map bounded by the bytes of its values: the least recently used go first.
 * Map keeps insertion order; a hit moves its entry to the end.
 */
export class BoundedMemo<V extends { byteLength: number }> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    if (value.byteLength > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += value.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Deflated bytes kept: the 30-page response deflates to under 1 MB per
 * language, so this keeps every stream of several documents in four languages.
 */
const DEFLATED_MAX_BYTES = 24 << 20;
const deflated = new BoundedMemo<Buffer>(DEFLATED_MAX_BYTES);
/** Streams and subsets taken from the memos in this thread, for tests that must see them used. */
const reused = { streams: 0, subsets: 0 };

/**
 * pdfkit's PDFReference.finalize with the deflating looked up first: the
 * stream's bytes are joined and hashed; a stream deflated before (in this
 * process) is taken as it was, and the library's finalize then only writes
 * it. pdfkit deflates with zlib's defaults, as here; the stream's filter was
 * set when its first bytes were written.
 */
function deflateEachStreamOnce(require: NodeRequire): void {
  onReferencePrototype(require, '__standpointDeflate', (proto) => {
    const finalize = proto.finalize as (this: PdfReference) => void;
    proto.finalize = function (this: PdfReference) {
      // Whichever of the two patches wraps the other, the strings held back are in the buffer before it is hashed.
      flushPending(this);
      if (!this.compress || !Array.isArray(this.buffer) || this.buffer.length === 0) {
        finalize.call(this);
        return;
      }
      const raw = Buffer.concat(this.buffer);
      const key = `${raw.length}:${createHash('sha256').update(raw).digest('base64')}`;
      let z = deflated.get(key);
      if (z) reused.streams++;
      else deflated.set(key, (z = deflateSync(raw)));
      this.buffer = [z];
      this.compress = false;
      try {
        finalize.call(this);
      } finally {
        this.compress = true;
      }
    };
  });
}

/** Font subsets kept: four faces of a few hundred glyphs are about 200 KB. */
const SUBSETS_MAX_BYTES = 8 << 20;
interface KnownSubset {
  bytes: Buffer;
  /** The subset's glyphs after encoding (it adds the parts of composite glyphs), restored with the bytes. */
  glyphs: number[];
  byteLength: number;
}
const subsets = new WeakMap<object, BoundedMemo<KnownSubset>>();

interface FontSubset {
  glyphs: number[];
  mapping: Record<number, number>;
  encode(): Buffer;
  __standpointFile?: object;
}
interface EmbeddedFont {
  subset?: FontSubset;
  font?: unknown;
}
type PdfDocumentFonts = Dict & { fonts: Record<string, Record<string, unknown>>; virtualfs?: unknown };

/**
 * The font file pdfmake's virtual file system holds for a font (its Buffer is
 * the file's identity in this process), if it holds one. Shared with the
 * layout caches of engine-patches.ts.
 */
export function fontFileOf(doc: PdfDocumentFonts, family: string, bold: boolean, italics: boolean): object | undefined {
  const def = doc.fonts[family]?.[(doc.getFontType as (b: boolean, i: boolean) => string)(bold, italics)];
  const name: unknown = Array.isArray(def) ? def[0] : def;
  const vfs = doc.virtualfs as { existsSync(n: string): boolean; readFileSync(n: string): Buffer } | undefined;
  const file = typeof name === 'string' && vfs?.existsSync(name) ? vfs.readFileSync(name) : name;
  return file && typeof file === 'object' ? file : undefined;
}

/**
 * fontkit's TTFSubset.encode, looked up by the font file and the glyphs
 * kept: each document has its own fontkit font and subset (pdfkit's
 * EmbeddedFont), made from the same file, so the same glyphs give the same
 * bytes. The subset is patched per font when pdfmake provides it; a subset
 * of unknown file (a font given as a path pdfmake reads itself) is encoded.
 */
function encodeEachSubsetOnce(require: NodeRequire): void {
  const Doc = (require('pdfmake/js/PDFDocument.js') as { default: { prototype: Dict } }).default.prototype;
  if (Doc.__standpointSubsets) return;
  const provideFont = Doc.provideFont as (this: PdfDocumentFonts, family: string, bold: boolean, italics: boolean) => EmbeddedFont;
  if (typeof provideFont !== 'function') throw new Error('pdfmake: PDFDocument.provideFont is missing; the engine patches need checking for this pdfmake');
  Doc.provideFont = function (this: PdfDocumentFonts, family: string, bold: boolean, italics: boolean) {
    const embedded = provideFont.call(this, family, bold, italics);
    const subset = embedded.subset;
    if (!subset || subset.__standpointFile || typeof subset.encode !== 'function' || !Array.isArray(subset.glyphs)) return embedded;
    const file = fontFileOf(this, family, bold, italics);
    if (!file) return embedded;
    subset.__standpointFile = file;
    const encode = subset.encode;
    subset.encode = function (this: FontSubset) {
      let memo = subsets.get(file);
      if (!memo) subsets.set(file, (memo = new BoundedMemo<KnownSubset>(SUBSETS_MAX_BYTES)));
      const key = this.glyphs.join(',');
      const known = memo.get(key);
      if (known) {
        reused.subsets++;
        for (const g of known.glyphs.slice(this.glyphs.length)) {
          this.mapping[g] = this.glyphs.length;
          this.glyphs.push(g);
        }
        return Buffer.from(known.bytes);
      }
      const bytes = encode.call(this);
      memo.set(key, { bytes: Buffer.from(bytes), glyphs: [...this.glyphs], byteLength: bytes.length });
      return bytes;
    };
    return embedded;
  };
  Doc.__standpointSubsets = true;
}

export const COMPUTED_ONCE_PATCHES = { deflateEachStreamOnce, encodeEachSubsetOnce } as const;

/** What was taken from the memos in this thread so far. */
export function reusedAcrossRenders(): { streams: number; subsets: number; streamsKept: number } {
  return { ...reused, streamsKept: deflated.size };
}
