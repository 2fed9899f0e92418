/**
 * The deflated form of a DOCX's large parts, made once: in this process
 * (watch and render-all pack many DOCX files with the same faces and
 * pictures), and, for the embedded faces, across processes in the
 * typesetting cache (src/render/cache, a file of its own, docx-faces.bin,
 * so that a DOCX-only run does not read the shapes): PT Serif's four faces are 0.8 MB
 * that zlib deflates in 20–30 ms of every cold run, always to the same
 * 0.44 MB. Owns the deflating of zip entries' data; the zip itself is
 * pack.ts's.
 *
 * A cached entry is named by the SHA-256 of the data it deflates, in a
 * section named after zlib's version, the machine's architecture and the
 * deflate settings (what zlib's output depends on). It is used only when it
 * inflates back to exactly that data, so an entry that lies cannot make a
 * corrupt DOCX; it costs a deflate instead. That check (an inflate, some
 * 10 ms for the four faces) is a third of what the cache saves, and kept:
 * the file's checksum already catches damage, but a DOCX that Word refuses
 * is worse than a slower run. Only the faces are kept across
 * processes: they recur in every DOCX of a house style, while a document's
 * own parts change with each edit and would only fill the cache.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DOCX_FACES_FILE_NAME, cacheSection, type CacheSection } from '../cache/cache-file.js';
import { techniqueOn } from '../techniques.js';

/** zlib's level for every part: its default, as Word's own packages are deflated. */
const LEVEL = 6;
/** Faces kept at most (the last used): eight styles' four faces, some 4 MB. */
const MAX_FACES = 32;
/** Parts smaller than this are deflated each time: looking them up would cost more. */
const LARGE = 64 * 1024;

/** Large parts deflated in this process, by the array they came in (the faces and pictures are each one array, kept where they are made). */
const deflatedOnce = new WeakMap<Uint8Array, Uint8Array<ArrayBuffer>>();

let section: CacheSection | null | undefined;

/** The typesetting cache's section of deflated faces, or undefined when the cache or this technique is off. */
function persistentSection(): CacheSection | undefined {
  if (section === undefined) {
    try {
      section = (techniqueOn('deflatedFontCache') ? cacheSection(`deflated 1 zlib ${process.versions.zlib} ${process.arch} raw level ${LEVEL}`, { file: DOCX_FACES_FILE_NAME, maxEntries: MAX_FACES }) : undefined) ?? null;
    } catch {
      section = null;
    }
  }
  return section ?? undefined;
}

function deflate(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = deflateRawSync(data, { level: LEVEL });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Whether `deflated` is `data` deflated: it inflates to exactly `data`. */
function inflatesTo(deflated: Uint8Array, data: Uint8Array): boolean {
  try {
    // One output chunk of the expected size: zlib's default 16 KB chunks, joined after, made this 1.5× slower.
    const back = inflateRawSync(deflated, { maxOutputLength: data.length + 1, chunkSize: Math.max(64, data.length + 1) });
    return back.length === data.length && Buffer.compare(back, data) === 0;
  } catch {
    return false;
  }
}

/**
 * `data` deflated raw (a zip entry's data) at zlib's level 6; `recurring`
 * says the part is one that recurs from DOCX to DOCX unchanged (an embedded
 * face), worth keeping in the typesetting cache.
 */
export function deflatePart(data: Uint8Array, recurring: boolean): Uint8Array<ArrayBuffer> {
  if (data.length <= LARGE) return deflate(data);
  const once = deflatedOnce.get(data);
  if (once) return once;
  const cache = recurring ? persistentSection() : undefined;
  const key = cache ? createHash('sha256').update(data).digest('base64') : undefined;
  const known = key ? cache!.get(key) : undefined;
  let out: Uint8Array<ArrayBuffer>;
  // The cache's values are views of the file read into a Buffer (an ArrayBuffer, never shared).
  if (known && inflatesTo(known, data)) out = known as Uint8Array<ArrayBuffer>;
  else {
    out = deflate(data);
    if (key && !known) cache!.add(key, out);
  }
  deflatedOnce.set(data, out);
  return out;
}
