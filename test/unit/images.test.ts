/**
 * Images the data names: what the reader accepts (PNG of every colour type,
 * bit depth and interlacing, JPEG) the PDF engine embeds and the DOCX holds;
 * what it refuses is reported at the data's line. PNGs made in the test
 * (test/helpers/png.ts), not taken from one drawing program.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { Diagnostics } from '../../src/diag/diagnostic.js';
import { pngProblem, readImage, sniffImage } from '../../src/read/images.js';
import { packPdf } from '../../src/render/pdf/pack.js';
import { ptSerifFaces } from '../../src/paths.js';
import { makePng, pngChunk, pngRaw, type PngOptions } from '../helpers/png.js';
import { repoRoot, requireTool, tempDir } from '../helpers/tools.js';

const KINDS: PngOptions[] = [
  { width: 13, height: 7, colourType: 0, bitDepth: 1 },
  { width: 13, height: 7, colourType: 0, bitDepth: 2 },
  { width: 13, height: 7, colourType: 0, bitDepth: 4 },
  { width: 13, height: 7, colourType: 0, bitDepth: 8 },
  { width: 13, height: 7, colourType: 0, bitDepth: 16 },
  { width: 13, height: 7, colourType: 2, bitDepth: 8 },
  { width: 13, height: 7, colourType: 2, bitDepth: 16 },
  { width: 13, height: 7, colourType: 3, bitDepth: 1 },
  { width: 13, height: 7, colourType: 3, bitDepth: 4 },
  { width: 13, height: 7, colourType: 3, bitDepth: 8 },
  { width: 13, height: 7, colourType: 4, bitDepth: 8 },
  { width: 13, height: 7, colourType: 4, bitDepth: 16 },
  { width: 13, height: 7, colourType: 6, bitDepth: 8 },
  { width: 13, height: 7, colourType: 6, bitDepth: 16 },
  { width: 13, height: 7, colourType: 2, bitDepth: 8, interlaced: true },
  { width: 1, height: 1, colourType: 6, bitDepth: 8, interlaced: true },
  { width: 13, height: 7, colourType: 6, bitDepth: 16, interlaced: true },
];
const label = (o: PngOptions) => `type ${o.colourType} × ${o.bitDepth} bits${o.interlaced ? ', interlaced' : ''}`;

describe('PNG checks', () => {
  it.each(KINDS.map((k) => [label(k), k] as const))('a whole PNG passes: %s', (_l, k) => {
    const png = makePng(k);
    expect(sniffImage(png)).toBe('png');
    expect(pngProblem(png)).toBeUndefined();
  });

  it('finds what is wrong with a damaged one', () => {
    const good = makePng({ width: 20, height: 10 });
    expect(pngProblem(good.subarray(0, good.length - 20))).toMatch(/cut short|runs past the end/);
    const flipped = Buffer.from(good);
    flipped[40] ^= 0xff;
    expect(pngProblem(flipped)).toMatch(/fails its CRC check/);
    expect(pngProblem(makePng({ width: 20, height: 10 }, pngRaw({ width: 20, height: 5 })))).toBe('its image data has 305 bytes where its header promises 610');
    expect(pngProblem(makePng({ width: 20, height: 10 }, Buffer.concat([pngRaw({ width: 20, height: 10 }), Buffer.alloc(100)])))).toBe('its image data is larger than its header says');
    const badFilter = pngRaw({ width: 20, height: 10 });
    badFilter[61] = 9;
    expect(pngProblem(makePng({ width: 20, height: 10 }, badFilter))).toBe('row 2 has an unknown filter (9)');
    // A palette image without its palette.
    const noPalette = makePng({ width: 4, height: 4, colourType: 3 });
    const plte = noPalette.indexOf('PLTE');
    const without = Buffer.concat([noPalette.subarray(0, plte - 4), noPalette.subarray(plte + 4 + 256 * 3 + 4)]);
    expect(pngProblem(without)).toBe('it has palette colours but no palette (PLTE)');
    // Colour type 2 with 4 bits does not exist.
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(4, 0);
    ihdr.writeUInt32BE(4, 4);
    ihdr[8] = 4;
    ihdr[9] = 2;
    const odd = Buffer.concat([good.subarray(0, 8), pngChunk('IHDR', ihdr), good.subarray(33)]);
    expect(pngProblem(odd)).toBe('colour type 2 with 4 bits is not a PNG the format allows');
  });

  it('knows other formats by their first bytes, whatever the name', () => {
    expect(sniffImage(Buffer.from('GIF89a....'))).toBe('gif');
    expect(sniffImage(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImage(Buffer.from('%PDF-1.7'))).toBeUndefined();
  });
});

describe('the reader', () => {
  it('reports at the data’s position, and suggests a file of the folder for a misspelt name', () => {
    const dir = tempDir('images-');
    mkdirSync(join(dir, 'img'));
    writeFileSync(join(dir, 'img', 'seal.png'), makePng({ width: 4, height: 4 }));
    const pos = { file: join(dir, 'document.yaml'), line: 7, column: 9 };
    const d = new Diagnostics();
    expect(readImage(dir, 'img/seel.png', pos, d)).toBeUndefined();
    expect(d.items).toEqual([expect.objectContaining({ pos, rule: 'file-not-found', hint: 'did you mean ‘img/seal.png’?' })]);
    const ok = new Diagnostics();
    const image = readImage(dir, 'img/seal.png', pos, ok);
    expect(ok.items).toEqual([]);
    expect(image).toMatchObject({ src: 'img/seal.png', type: 'png', widthPx: 4, heightPx: 4 });
  });
});

describe('every image the reader accepts, the writers print', () => {
  it('the PDF engine embeds each kind of PNG and a JPEG (pdfimages lists them all)', async () => {
    requireTool('pdfimages');
    const jpeg = readFileSync(join(repoRoot, 'data', 'kz-2019-presidential', 'signature.jpg'));
    const images = [...KINDS.map((k) => makePng(k)), jpeg];
    const definition = {
      defaultStyle: { font: 'PT Serif' },
      fontFiles: { 'PT Serif': ptSerifFaces() },
      images: Object.fromEntries(images.map((b, i) => [`i${i}`, `data:image/${sniffImage(b)};base64,${Buffer.from(b).toString('base64')}`])),
      content: images.map((_b, i) => ({ image: `i${i}`, width: 40 })),
    };
    const pdf = join(tempDir('images-pdf-'), 'all.pdf');
    writeFileSync(pdf, await packPdf(definition));
    const listed = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    // Images with alpha have their alpha as a second image (an soft mask): at least one per picture.
    expect(listed.filter((l) => / image /.test(l)).length).toBeGreaterThanOrEqual(images.length);
  });

  it('the DOCX holds each picture byte for byte', async () => {
    const { ImageRun, Document, Packer, Paragraph } = await import('docx');
    const pngs = KINDS.map((k) => makePng(k));
    const doc = new Document({ sections: [{ children: pngs.map((data) => new Paragraph({ children: [new ImageRun({ type: 'png', data, transformation: { width: 20, height: 10 } })] })) }] });
    const parts = unzipSync(new Uint8Array(await Packer.toBuffer(doc)));
    const media = Object.keys(parts).filter((k) => k.startsWith('word/media/'));
    expect(media.map((m) => Buffer.from(parts[m]!).toString('base64')).sort()).toEqual(pngs.map((p) => p.toString('base64')).sort());
  });
});
