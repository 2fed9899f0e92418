/**
 * Images the data names (a letterhead logo, a signature, a figure): files in
 * the document folder only — never a URL, an absolute path or a path that
 * leaves the folder, symbolic links included — PNG or JPEG by their first
 * bytes whatever their names say, within a size in bytes and in pixels.
 * Owns reading and checking them; writers get the checked bytes.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { imageSize } from 'image-size';
import type { Position } from '../model/types.js';
import type { ImageAsset } from '../model/style.js';
import type { Diagnostics } from '../diag/diagnostic.js';
import { isInside } from './document.js';

/** A logo or a scanned signature is some 10–500 KB; a figure a few MB at most. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Width × height: a larger image is a decompression bomb or a mistake (40 megapixels is a poster at 300 dpi). */
export const MAX_IMAGE_PIXELS = 40_000_000;

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

/** Reads and checks the image `src` of the document in `root`; reports at `pos` and returns nothing when it cannot be used. */
export function readImage(root: string, src: string, pos: Position | undefined, diags: Diagnostics): ImageAsset | undefined {
  const hint = 'put the image in the document folder and name it relative to document.yaml, like logo.png';
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    diags.error(pos, 'image-path', `the image ${JSON.stringify(src)} is a URL; a document prints only images from its own folder`, hint);
    return undefined;
  }
  const file = join(root, src);
  if (isAbsolute(src) || src.split(/[\\/]/).includes('..') || !isInside(root, file)) {
    diags.error(pos, 'image-path', `the image ${JSON.stringify(src)} is outside the document folder`, hint);
    return undefined;
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    diags.error(pos, 'file-not-found', `no image file ${src} in the document folder`, hint);
    return undefined;
  }
  if (size > MAX_IMAGE_BYTES) {
    diags.error(pos, 'image-too-large', `the image ${src} is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_IMAGE_BYTES / 1048576} MB`, 'save it smaller (a logo needs some 600 pixels across)');
    return undefined;
  }
  const data = new Uint8Array(readFileSync(file));
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
  return { src, type, data, widthPx, heightPx };
}
