/**
 * Images the data names (a letterhead logo, a signature, a figure): files in
 * the document folder only — never a URL, an absolute path or a path that
 * leaves the folder, symbolic links included — PNG or JPEG by their first
 * bytes whatever their names say, within a size in bytes and in pixels.
 * Owns reading and checking them; writers get the checked bytes.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { didYouMean } from '../diag/suggest.js';
import { crc32, inflateSync } from 'node:zlib';
import { imageSize } from 'image-size';
import type { Position } from '../model/types.js';
import type { ImageAsset } from '../model/style.js';
import type { Diagnostics } from '../diag/diagnostic.js';
import { isInside, readingFromMemory } from './document.js';
import { FILE_LIMITS, formatBytes, readUserFile, UserFileError } from './user-file.js';

/**
 * Width × height: a full A4 page scanned at 300 dpi is 8.7 megapixels; more is
 * a mistake or a decompression bomb (a PNG of a few kB can claim gigapixels).
 */
export const MAX_IMAGE_PIXELS = 16_000_000;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the first bytes say a file is. */
export function sniffImage(bytes: Uint8Array): 'png' | 'jpeg' | 'svg' | 'gif' | 'webp' | 'bmp' | 'tiff' | undefined {
  if (PNG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  if (head.startsWith('GIF8')) return 'gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  if (head.startsWith('BM')) return 'bmp';
  if (head.startsWith('II*\x00') || head.startsWith('MM\x00*')) return 'tiff';
  if (/^(\uFEFF|\xEF\xBB\xBF)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head) || /^\s*<\?xml[\s\S]*<svg/i.test(head)) return 'svg';
  return undefined;
}

/** The picture files of the folder and its subfolders (two levels), for a did-you-mean. */
function imagesIn(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.slice(0, 500)) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory() && depth < 2 && !e.name.startsWith('.')) walk(rel, depth + 1);
      else if (e.isFile() && /\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$/i.test(e.name)) out.push(rel);
    }
  };
  walk('', 0);
  return out;
}

/** Reads and checks the image `src` of the document in `root`; reports at `pos` and returns nothing when it cannot be used. */
export function readImage(root: string, src: string, pos: Position | undefined, diags: Diagnostics): ImageAsset | undefined {
  const hint = 'put the image in the document folder and name it relative to document.yaml, like logo.png';
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    diags.error(pos, 'image-path', `the image ${JSON.stringify(src)} is a URL; a document prints only images from its own folder`, hint);
    return undefined;
  }
  const file = join(root, src);
  if (readingFromMemory()) {
    diags.error(pos, 'file-not-found', `the image ${src}: a document read from memory has texts only, no pictures`, 'read the document from its folder to print its images');
    return undefined;
  }
  if (isAbsolute(src) || src.split(/[\\/]/).includes('..') || !isInside(root, file)) {
    diags.error(pos, 'image-path', `the image ${JSON.stringify(src)} is outside the document folder`, hint);
    return undefined;
  }
  let data: Uint8Array;
  try {
    // A regular file of bounded size: a FIFO, a device or a folder under an image's name is refused unread.
    data = new Uint8Array(readUserFile(file, FILE_LIMITS.image));
  } catch (err) {
    if (!(err instanceof UserFileError)) throw err;
    const { rule } = err.problem;
    if (rule === 'file-not-found') diags.error(pos, 'file-not-found', `no image file ${src} in the document folder`, didYouMean(src, imagesIn(root)) ?? hint);
    else if (rule === 'too-large') diags.error(pos, 'image-too-large', `the image ${src} is larger than ${formatBytes(FILE_LIMITS.image)}, the limit for an image`, 'save it smaller (a logo needs some 600 pixels across)');
    else diags.error(pos, rule, `the image ${src}: ${err.problem.message}`, err.problem.hint ?? hint);
    return undefined;
  }
  const type = sniffImage(data);
  if (type !== 'png' && type !== 'jpeg') {
    diags.error(
      pos,
      'image-type',
      type === 'svg'
        ? `the image ${src} is SVG, which the DOCX cannot hold without a bitmap beside it`
        : `the image ${src} is ${type ? type.toUpperCase() : 'not an image standpoint reads'} (its first bytes say so, whatever its name)`,
      'save it as PNG (or JPEG for a photograph)',
    );
    return undefined;
  }
  let dims: { width?: number; height?: number };
  try {
    dims = imageSize(data);
  } catch (err) {
    diags.error(pos, 'image-unreadable', `the image ${src} cannot be read: ${(err as Error).message}`, 'save it again as PNG');
    return undefined;
  }
  const widthPx = dims.width ?? 0;
  const heightPx = dims.height ?? 0;
  if (widthPx < 1 || heightPx < 1) {
    diags.error(pos, 'image-unreadable', `the image ${src} has no size`, 'save it again as PNG');
    return undefined;
  }
  if (widthPx * heightPx > MAX_IMAGE_PIXELS) {
    diags.error(pos, 'image-too-large', `the image ${src} is ${widthPx} × ${heightPx} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels`, 'save it smaller (a logo needs some 600 pixels across)');
    return undefined;
  }
  if (type === 'png') {
    const problem = pngProblem(data);
    if (problem) {
      diags.error(pos, 'image-unreadable', `the image ${src} is a damaged PNG: ${problem}`, 'save it again as PNG');
      return undefined;
    }
  }
  return { src, type, data, widthPx, heightPx };
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7: each pass's first column and row, and its steps. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

/**
 * What is wrong with a PNG, or nothing: every chunk whole and its CRC right,
 * a header the format allows, a palette where one is needed, and image data
 * that inflates to exactly the rows the header promises. The PDF engine
 * decodes PNGs itself (asynchronously, where a failure cannot be reported as
 * the user's) and the DOCX and HTML page pass them on to readers: both get
 * only files checked here. Inflating is bounded by the size the header
 * promises, which MAX_IMAGE_PIXELS bounds.
 * Hand-written: image-size reads only the header, and a full decoder (pngjs)
 * would be a dependency for these forty lines.
 */
export function pngProblem(bytes: Uint8Array): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  let palette = false;
  const idat: Buffer[] = [];
  let ended = false;
  while (o < buf.length) {
    if (o + 12 > buf.length) return 'it is cut short';
    const length = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    if (length > buf.length - o - 12) return `the chunk ${JSON.stringify(type)} runs past the end of the file`;
    const body = buf.subarray(o + 8, o + 8 + length);
    if ((crc32(buf.subarray(o + 4, o + 8 + length)) >>> 0) !== buf.readUInt32BE(o + 8 + length)) return `the chunk ${JSON.stringify(type)} fails its CRC check`;
    o += 12 + length;
    if (!header && type !== 'IHDR') return 'it does not start with a header (IHDR)';
    if (type === 'IHDR') {
      if (header || length !== 13) return 'its header (IHDR) is malformed';
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, colour: body[9]!, interlace: body[12]! };
      if (!PNG_DEPTHS[header.colour]?.includes(header.depth)) return `colour type ${header.colour} with ${header.depth} bits is not a PNG the format allows`;
      if (body[10] !== 0 || body[11] !== 0 || header.interlace > 1) return 'its header names an unknown compression, filter or interlace method';
    } else if (type === 'PLTE') palette = true;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!header) return 'it has no header (IHDR)';
  if (!ended) return 'it is cut short (no IEND chunk)';
  if (header.colour === 3 && !palette) return 'it has palette colours but no palette (PLTE)';
  if (idat.length === 0) return 'it has no image data (IDAT)';
  const bits = PNG_CHANNELS[header.colour]! * header.depth;
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bits) / 8)));
  const expected = header.interlace
    ? ADAM7.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil(Math.max(0, header!.width - x0) / dx), Math.ceil(Math.max(0, header!.height - y0) / dy)), 0)
    : rows(header.width, header.height);
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (err) {
    const tooMuch = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
    return tooMuch ? 'its image data is larger than its header says' : 'its image data cannot be inflated';
  }
  if (raw.length !== expected) return `its image data has ${raw.length} bytes where its header promises ${expected}`;
  if (!header.interlace) {
    const stride = 1 + Math.ceil((header.width * bits) / 8);
    for (let r = 0; r < raw.length; r += stride) if (raw[r]! > 4) return `row ${r / stride + 1} has an unknown filter (${raw[r]})`;
  }
  return undefined;
}
