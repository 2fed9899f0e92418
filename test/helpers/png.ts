/**
 * Small PNG files made in the tests, of every colour type and bit depth the
 * format has, interlaced or not, and damaged ones: images the tests did not
 * take from a drawing program, so the reader and the writers meet all kinds.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface PngOptions {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha. */
  colourType?: 0 | 2 | 3 | 4 | 6;
  bitDepth?: 1 | 2 | 4 | 8 | 16;
  interlaced?: boolean;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Scanlines (filter byte 0, then a pattern of bytes) of a `w` × `h` image or pass. */
function scanlines(w: number, h: number, bitsPerPixel: number, seed: number): Buffer {
  if (w === 0 || h === 0) return Buffer.alloc(0);
  const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
  const out = Buffer.alloc(h * (rowBytes + 1));
  for (let y = 0; y < h; y++) for (let x = 0; x < rowBytes; x++) out[y * (rowBytes + 1) + 1 + x] = (x * 7 + y * 13 + seed) & 0xff;
  return out;
}

const PASSES = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

/** The raw (filtered, uncompressed) image data, Adam7 passes one after another when interlaced. */
export function pngRaw(o: PngOptions): Buffer {
  const type = o.colourType ?? 2;
  const bits = CHANNELS[type] * (o.bitDepth ?? 8);
  if (!o.interlaced) return scanlines(o.width, o.height, bits, 0);
  return Buffer.concat(PASSES.map(([x0, y0, dx, dy], i) => scanlines(Math.ceil(Math.max(0, o.width - x0) / dx), Math.ceil(Math.max(0, o.height - y0) / dy), bits, i)));
}

export function makePng(o: PngOptions, raw: Buffer = pngRaw(o)): Buffer {
  const type = o.colourType ?? 2;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(o.width, 0);
  ihdr.writeUInt32BE(o.height, 4);
  ihdr[8] = o.bitDepth ?? 8;
  ihdr[9] = type;
  ihdr[12] = o.interlaced ? 1 : 0;
  const chunks = [pngChunk('IHDR', ihdr)];
  if (type === 3) chunks.push(pngChunk('PLTE', Buffer.from(Array.from({ length: 256 * 3 }, (_, i) => (i * 37) & 0xff))));
  chunks.push(pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}
